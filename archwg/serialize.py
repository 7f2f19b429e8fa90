"""The one place that turns core values into JSON-able data, so every ``--format json`` agrees.

Plain dicts, lists, strings, numbers, booleans and None, in a stable key
order; dates as ISO 8601. Imports nothing heavy: the site and the bot build
JSON without click or docutils.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from archwg.meetings.agenda import Agenda
    from archwg.meetings.carry import CarryReport
    from archwg.meetings.minutes import Minutes
    from archwg.meetings.model import ActionItem, Item
    from archwg.meetings.queries import OpenActions
    from archwg.meetings.series import CarryRun
    from archwg.specs.lint import Problem
    from archwg.specs.model import Spec
    from archwg.specs.store import SpecDetails


# --- Specs -------------------------------------------------------------------------------


def spec_json(spec: Spec, root: Path | None = None) -> dict:
    """A spec as ``list`` and ``show`` give it; *path* relative to *root* when given."""
    path = spec.path.relative_to(root) if root and spec.path.is_absolute() else spec.path
    return {
        "slug": spec.slug,
        "kind": spec.kind,
        "status": spec.status,
        "champion": list(spec.champions),
        "created": spec.created.isoformat() if spec.created else None,
        "title": spec.title,
        "path": str(path),
        "reviews": list(spec.reviews),
        "topic": spec.topic,
    }


def spec_details(details: SpecDetails, root: Path | None = None) -> dict:
    """``spec_json`` plus the spec's sections and History rows: ``show``."""
    data = spec_json(details.spec, root)
    data["sections"] = [
        {"title": section.title, "level": section.level, "line": section.line} for section in details.spec.sections
    ]
    data["history"] = [{"date": row.date, "status": row.status, "note": row.note} for row in details.history]
    return data


def problem_json(problem: Problem) -> dict:
    """One lint problem, as ``check --format json`` gives it."""
    return {"path": problem.path, "line": problem.line, "message": problem.message}


# --- Meetings -----------------------------------------------------------------------------


def item_json(item: ActionItem) -> dict:
    """A carried action item."""
    data = {
        "owners": list(item.owners),
        "text": item.text,
        "since": item.since.iso() if item.since else None,
        "recorded": [day.isoformat() for day in item.recorded],
        "reviewed": item.reviewed,
    }
    if item.closed is not None:
        data["closed"] = item.closed.isoformat()
    return data


def meeting_json(report: CarryReport) -> dict:
    """The newest meeting a carry report is as of."""
    return {
        "id": report.series,
        "date": report.date.isoformat() if report.date else None,
        "source": report.source,
    }


def with_reviews(data: dict, run: CarryRun, item: ActionItem) -> dict:
    """The item's JSON with ``reviews: [{number, state, url}]`` when review states were asked for."""
    if run.reviews is not None:
        data["reviews"] = [note.as_dict() for note in run.reviews.for_item(item)]
    return data


def carry_json(run: CarryRun) -> dict:
    report = run.report
    return {
        "meeting": meeting_json(report),
        "open": [with_reviews(item_json(item), run, item) for item in report.open],
        "closed": [item_json(item) for item in report.closed],
        "warnings": list(run.warnings),
    }


def actions_json(actions: OpenActions) -> dict:
    """The open items of ``actions``, each with the specs it names, and by person."""
    from archwg.meetings.owners import by_person

    specs = dict(actions.specs)

    def with_links(item: ActionItem) -> dict:
        data = item_json(item)
        data["links"] = [{"slug": slug, "path": specs[slug]} for slug in item.links]
        return with_reviews(data, actions.run, item)

    return {
        "meeting": meeting_json(actions.run.report),
        "open": [with_links(item) for item in actions.items],
        "by_person": [
            # An empty UNASSIGNED group is left out, as the text and the site leave it out.
            {"nick": nick, "items": [with_links(item) for item in group]}
            for nick, group in by_person(actions.items) if group
        ],
        "warnings": list(actions.run.warnings),
    }


def agenda_json(agenda: Agenda, warnings: Iterable[str] = ()) -> dict:
    """A meeting's agenda: when and where, who to ping, the items to review, the specs in play;
    "warnings" are what the run printed (a stale log, a file skipped), for a reader of the JSON alone."""

    def specs(entries) -> list[dict]:
        return [{"slug": spec.slug, "champions": list(spec.champions), "status": spec.status,
                 "reviews": list(spec.reviews)} for spec in entries]

    return {
        "meeting": agenda.meeting_id,
        "project": agenda.project,
        "date": agenda.day.isoformat(),
        "start": f"{agenda.start:%Y-%m-%dT%H:%M}Z" if agenda.start else None,  # UTC
        "irc": agenda.irc,
        "ping": list(agenda.ping),
        "action_items": [{"text": item.text, "carried_since": item.carried_since.iso() if item.carried_since else None}
                         for item in agenda.items],
        "checkin": [{"label": entry.label, "number": entry.number, "url": entry.url, "summary": entry.summary,
                     "subject": entry.subject} for entry in agenda.checkin],
        "reviews": specs(agenda.reviews),
        "proposals": specs(agenda.proposals),
        "workstreams": specs(agenda.workstreams),
        "next_start": f"{agenda.next_start:%Y-%m-%dT%H:%M}Z" if agenda.next_start else None,
        "warnings": list(warnings),
    }


def minute_item_json(item: Item) -> dict:
    """One line of the minutes' summary (a topic, an action, an info, a link...)."""
    return {"kind": item.kind, "text": item.text, "nick": item.nick, "time": item.time, "line": item.line}


def minutes_json(minutes: Minutes, read_warnings: Iterable[str] = ()) -> dict:
    """The minutes as data; "warnings" are *read_warnings* (what reading said, as printed) and the meeting's own."""
    meeting = minutes.meeting
    warnings = list(dict.fromkeys([*read_warnings, *meeting.warnings]))
    return {
        "meeting": {
            "id": meeting.name,
            "date": meeting.date.isoformat(),
            "start": meeting.start.isoformat(),
            "source": meeting.source,
            "chairs": list(meeting.chairs),
            "ended": meeting.ended,
        },
        "summary": [
            {"topic": minute_item_json(block.topic) if block.topic else None,
             "items": [minute_item_json(item) for item in block.items]}
            for block in minutes.summary
        ],
        "actions": list(minutes.actions),
        "actions_by_person": [{"nick": nick, "actions": list(texts)} for nick, texts in minutes.by_person],
        "people": [{"nick": nick, "lines": count} for nick, count in minutes.people],
        "warnings": warnings,
    }


# --- Shapes that live with their front end's package --------------------------------------
#
# Gerrit, the status report and the site keep their JSON next to their model;
# they are found here too, imported on first use so that this module stays light.

_ELSEWHERE = {
    "change_json": "archwg.gerrit.json",  # one Gerrit change: `reviews --format json`, the status report
    "status_json": "archwg.report",  # the status report: `archwg status --format json`
    "change_status_json": "archwg.report",
    "meetings_json": "archwg.status_model",  # the meetings part of the status report
    "report_json": "archwg.site.model",  # the status site's status.json
}


def __getattr__(name: str):
    if name in _ELSEWHERE:
        import importlib

        return getattr(importlib.import_module(_ELSEWHERE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
