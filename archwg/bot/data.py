"""Everything the bot asks the rest of archwg, in one adapter module.

The bot reads the series, carries its action items, reads specs and review
states through the same core functions as the CLI. Those functions are
moving (the series API to ``archwg/meetings/series.py``, review states to
``archwg/gerrit``); every call into them is here, so rewiring is one file.
"""

from __future__ import annotations

import difflib
import logging
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from archwg.errors import ArchwgError
from archwg.meetings.carry import CarryReport
from archwg.meetings.description import MeetingDescription, canonical_nick
from archwg.meetings.model import ActionItem

log = logging.getLogger("archwg.bot")

SNAPSHOT = Path(".archwg") / "gerrit.json"
# A change as an item names it: a review URL or a bare change number.
_CHANGE = re.compile(r"(?:review\.[\w.-]+/(?:#/c/)?(?:[\w/-]+/\+/)?)?\b(\d{5,7})\b")


def description_names(description: MeetingDescription) -> tuple[str, ...]:
    """The meeting's id and the other names it was started under (``names:``, when the description has it)."""
    return (description.meeting_id, *getattr(description, "names", ()))


def chairs_of(description: MeetingDescription) -> tuple[str, ...]:
    """``chair`` and ``chairs`` of the description."""
    found = [description.chair] if description.chair else []
    found += [chair for chair in getattr(description, "chairs", ()) if chair not in found]
    return tuple(found)


def carry_logs(logs: Path, description: MeetingDescription, exclude: Path | None = None) -> CarryReport | None:
    """Carry the series of *description* over the logs folder, as ``carry-actions`` does; None without meetings.

    *exclude*: the log of the meeting in progress, which has reviewed nothing yet.
    """
    from archwg.meetings.carry import carry
    from archwg.meetings.load import log_files, read_log_files
    from archwg.meetings.series import select_series

    if not Path(logs).is_dir():
        return None
    warnings: list[str] = []
    files = [(path, named) for path, named in log_files([str(logs)])
             if exclude is None or Path(path).resolve() != Path(exclude).resolve()]
    try:
        meetings = read_log_files(files, warn=warnings.append, detail="actions")
        series = select_series(meetings, description.meeting_id, warn=warnings.append)
    except ArchwgError as error:
        log.warning("reading the series in %s: %s", logs, error)
        return None
    for message in warnings:
        log.info("reading the series: %s", message)
    # As carry-actions' carry_described: every nick the description names is a person.
    aliases = description.aliases
    known = [*description.courtesy_ping, *(nick for pair in aliases for nick in pair), *chairs_of(description)]
    return carry(series, aliases=aliases, known_nicks=known)


def owned_by(item: ActionItem, owner: str, aliases) -> bool:
    """As ``archwg actions --owner``: aliases folded, case-insensitive."""
    wanted = canonical_nick(owner, aliases).lower()
    return any(canonical_nick(nick, aliases).lower() == wanted for nick in item.owners)


def summary_counts(report: CarryReport, day: date) -> tuple[int, int, int]:
    """(items recorded at the meeting of *day*, of them carried from before, items it closed)."""
    from archwg.meetings.suffix import was_carried

    recorded = [item for item in report.open if day in item.recorded]
    carried = [item for item in recorded if was_carried(item)]
    closed = [item for item in report.closed if item.closed == day]
    return len(recorded), len(carried), len(closed)


# --- Specs and review states ------------------------------------------------------


def load_snapshot(root: Path | None):
    """The Gerrit snapshot, or None: none written yet, or archwg without its Gerrit part."""
    if root is None:
        return None
    try:
        from archwg.gerrit.snapshot import load_snapshot as load
    except ImportError:
        return None
    try:
        return load(Path(root) / SNAPSHOT)
    except Exception as error:  # another part's file: a bad one costs the annotations, not the answer
        log.warning("review states unavailable: %s", error)
        return None


def review_state(change) -> str:
    """The change's state by the Gerrit part's one rule (labels as the server names them by default)."""
    from archwg.gerrit.model import review_state as state_of

    try:
        return state_of(change, None)
    except TypeError:
        return state_of(change)


def change_notes(numbers, snapshot) -> list[str]:
    """``435555: ready`` for each change the snapshot knows; ``435555`` alone otherwise."""
    known = {change.number: change for change in snapshot.changes} if snapshot is not None else {}
    notes = []
    for number in numbers:
        change = known.get(number)
        note = str(number)
        if change is not None:
            try:
                note = f"{number}: {review_state(change)}"
            except Exception as error:  # see load_snapshot
                log.warning("review state of %s unavailable: %s", number, error)
        notes.append(note)
    return notes


def item_annotation(item: ActionItem, specs, snapshot) -> str:
    """`` [435555: ready]`` when the item names a change or a spec with reviews and the snapshot knows them."""
    if snapshot is None:
        return ""
    try:
        numbers = [int(found) for found in _CHANGE.findall(item.text)]
        for spec in specs:
            if re.search(r"(?<![\w-])" + re.escape(spec.slug) + r"(?![\w-])", item.text, re.IGNORECASE):
                numbers += [number for number in spec.reviews if number not in numbers]
        known = {change.number for change in snapshot.changes}
        notes = change_notes([number for number in numbers if number in known], snapshot)
    except Exception as error:  # see load_snapshot
        log.warning("review annotation failed: %s", error)
        return ""
    return f" [{'; '.join(notes)}]" if notes else ""


def load_specs(root: Path | None) -> list:
    if root is None:
        return []
    from archwg.specs.store import load_specs as load

    return load(Path(root), warn=lambda message: log.info("specs: %s", message))


def spec_answer(root: Path | None, slug: str) -> str:
    """One line on a spec: kind, status, champion, reviews and their states, a pending move."""
    if root is None:
        return "no spec repository here"
    specs = {spec.slug: spec for spec in load_specs(root)}
    spec = specs.get(slug)
    if spec is None:
        close = difflib.get_close_matches(slug, list(specs), n=3, cutoff=0.6)
        if close:
            return f"no spec {slug}; did you mean {', '.join(close)}?"
        return f"no spec {slug} (see !help)"
    parts = [f"{spec.slug}: {spec.kind or '?'}, {spec.status or '?'}"]
    parts.append(f"champion {', '.join(spec.champions) or 'none'}")
    snapshot = load_snapshot(root)
    if spec.reviews:
        parts.append("reviews " + ", ".join(change_notes(spec.reviews, snapshot)))
    moving = _pending_move(spec, snapshot)
    if moving:
        parts.append(moving)
    return "; ".join(parts)


def _pending_move(spec, snapshot) -> str:
    """A spec's open change that puts it under workstreams/: the move waits on that change."""
    if snapshot is None:
        return ""
    target = f"workstreams/{spec.slug}.rst"
    if spec.path.parent.name == "workstreams":
        return ""
    for change in snapshot.changes:
        if change.number in spec.reviews and target in getattr(change, "files", ()) and change.status == "NEW":
            return f"move to workstreams pending in {change.number}"
    return ""
