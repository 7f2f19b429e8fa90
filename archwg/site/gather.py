"""Reading what the status report needs from a spec repository: the I/O edge of the report.

``gather_report(config, now)`` reads the specs, the Gerrit snapshot (when
there is one) and the group's meeting series, and hands them to the pure
``build_report``. A spec that cannot be read or whose metadata is broken is
kept with its problems (a warning badge), never a stopped build.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from archwg.errors import ArchwgError
from archwg.meetings.description import MeetingDescription
from archwg.site.model import STALE_DAYS, SpecSource, StatusReport, build_report
from archwg.site.reviews import ReviewInput, read_reviews
from archwg.status_model import MeetingsStatus, meetings_status

Warn = Callable[[str], None]


@dataclass(frozen=True)
class MeetingSeries:
    """The group's series as read from the repository: what the report and the site link to."""

    description: MeetingDescription | None
    meetings: tuple  # Meeting values, oldest first, sources relative to the repository
    folder: Path | None  # where the logs are


def spec_source(root: Path, path: Path, text: str | None, parser=None) -> SpecSource:
    """One spec file as the report reads it; unreadable files become a spec with a problem."""
    from archwg.specs.history import read_history
    from archwg.specs.lint import _metadata_problems
    from archwg.specs.parse import parse_spec

    relative = path.relative_to(root).as_posix()
    if text is None:
        return SpecSource(path.stem, relative, path.stem, (), (), ("cannot be read as UTF-8 text",))
    try:
        spec = parse_spec(text, path, parser)
    except ArchwgError as error:
        return SpecSource(path.stem, relative, path.stem, (), (), (str(error),))
    problems = tuple(problem.message for problem in _metadata_problems(spec, relative))
    return SpecSource(
        slug=spec.slug,
        path=relative,
        title=spec.title or spec.slug,
        fields=tuple((item.name, item.value) for item in spec.fields),
        history=tuple(read_history(text)),
        problems=problems,
    )


def read_spec_sources(root: Path) -> list[SpecSource]:
    from archwg.specs.parse import SpecParser
    from archwg.specs.store import spec_paths

    sources = []
    parser = SpecParser()  # docutils' settings once for the repository
    for path in spec_paths(root):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            text = None
        sources.append(spec_source(root, path, text, parser))
    return sources


def read_series(config, warn: Warn | None = None) -> MeetingSeries:
    """The group's meeting series (``[group] meeting`` or the repository's only one), every item kept.

    The site shows what each meeting said about a spec (topics, notes, the
    chair's read-out), so the meetings are read whole, not only their actions.
    """
    from archwg.errors import UsageError
    from archwg.meetings.load import read_meetings
    from archwg.meetings.series import default_meeting_id, description_for

    root = config.root
    try:
        meeting_id = default_meeting_id(config)
    except UsageError:  # no series, or several and none named in archwg.toml: a site without meetings
        return MeetingSeries(None, (), None)
    description = description_for(config, meeting_id)
    folder = root / "meetings" / "logs" / meeting_id
    if not folder.is_dir():
        return MeetingSeries(description, (), None)
    names = {meeting_id.lower(), *(name.lower() for name in (description.names if description else ()))}
    meetings = [meeting for meeting in read_meetings([str(folder)], warn=warn) if meeting.name.lower() in names]
    meetings.sort(key=lambda meeting: meeting.start)
    relative = tuple(replace(meeting, source=_relative(root, meeting.source)) for meeting in meetings)
    return MeetingSeries(description, relative, folder)


def _relative(root: Path, source: str) -> str:
    try:
        return Path(source).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return source


def next_meeting_of(description: MeetingDescription | None, now: datetime) -> datetime | None:
    from archwg.meetings.schedule import next_occurrence, occurrence_after

    if description is None:
        return None
    naive = now.astimezone(timezone.utc).replace(tzinfo=None)
    found = next_occurrence(description, naive.date())
    if found is not None and found.start < naive:
        found = occurrence_after(description, found)
    return found.start if found else None


def carry_series(series: MeetingSeries):
    """Carry the series' action items as carry-actions does (the description's aliases and nicks)."""
    from archwg.meetings.series import carry_described, slim

    return carry_described([slim(meeting) for meeting in series.meetings], series.description)


def read_meetings_status(config, now: datetime, slugs: list[str], warn: Warn | None = None,
                         series: MeetingSeries | None = None) -> MeetingsStatus | None:
    from archwg.specs.links import spec_titles

    series = series if series is not None else read_series(config, warn)
    if not series.meetings:
        return None
    return meetings_status(series.meetings, carry_series(series), slugs, next_meeting_of(series.description, now),
                           spec_titles(config.root))


def group_name(config, series: MeetingSeries | None) -> str:
    """``[group] name`` of archwg.toml, else the meeting description's project, else the folder's name."""
    if config.group.name:
        return config.group.name
    if series is not None and series.description is not None and series.description.project:
        return series.description.project
    return config.root.name


def gather_report(config, now: datetime, warn: Warn | None = None,
                  reviews: ReviewInput | None | bool = True,
                  stale_days: int = STALE_DAYS) -> tuple[StatusReport, MeetingSeries]:
    """The report of *config*'s repository (archwg's Config), and the meeting series it was built from.

    *reviews*: True reads the repository's Gerrit configuration and snapshot;
    a ReviewInput stands in for them; None means no review data.
    """
    specs = read_spec_sources(config.root)
    series = read_series(config, warn)
    meetings = read_meetings_status(config, now, [spec.slug for spec in specs], warn, series)
    data = read_reviews(config, now) if reviews is True else reviews
    report = build_report(specs, data or None, meetings, now, group=group_name(config, series),
                          stale_days=stale_days)
    return report, series


def status_document(config, now: datetime, stale_days: int = STALE_DAYS) -> tuple[dict, tuple[str, ...]]:
    """``archwg status --format json``: the site's status.json document, and the notices about the review data."""
    from archwg.site.model import report_json

    reviews = read_reviews(config, now)
    report, _ = gather_report(config, now, reviews=reviews, stale_days=stale_days)
    return report_json(report), reviews.notices
