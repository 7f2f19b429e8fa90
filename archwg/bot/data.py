"""Everything the bot asks the rest of archwg, in one adapter module.

The bot reads the series, carries its action items, reads specs and review
states through the same core functions as the CLI: the series API
(``archwg/meetings/series.py``), the Gerrit snapshot and its notes
(``archwg/gerrit``), the status report (``archwg/report.py``). Every call
into them is here, so a change of those APIs is one file to follow.
"""

from __future__ import annotations

import difflib
import logging
import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Mapping

from archwg.errors import ArchwgError
from archwg.meetings.carry import CarryReport
from archwg.meetings.description import MeetingDescription, canonical_nick
from archwg.meetings.model import ActionItem

log = logging.getLogger("archwg.bot")


def description_names(description: MeetingDescription) -> tuple[str, ...]:
    """The meeting's id and the other names it was started under (the description's ``names:``)."""
    return (description.meeting_id, *getattr(description, "names", ()))


def chairs_of(description: MeetingDescription) -> tuple[str, ...]:
    """``chair`` and ``chairs`` of the description."""
    found = [description.chair] if description.chair else []
    found += [chair for chair in getattr(description, "chairs", ()) if chair not in found]
    return tuple(found)


def carry_logs(logs: Path, description: MeetingDescription, exclude: Path | None = None,
               told: set[str] | None = None) -> CarryReport | None:
    """Carry the described series over the logs folder, as ``carry-actions`` does; None without meetings.

    *exclude*: the log of the meeting in progress, which has reviewed nothing yet. *told*: what
    reading said before (the caller's, kept for the bot's life), not logged again: the bot reads
    the series at every read-out and ``!actions``, and a cache folder it cannot use would be said each time.
    """
    from archwg.config import Config
    from archwg.meetings.load import log_files
    from archwg.meetings.series import Reading, carry_described, described_series

    if not Path(logs).is_dir():
        return None
    # As found in the folder, not named one by one: a file that cannot be read is skipped with a
    # warning, and does not make the whole series unreadable.
    files = [(path, False) for path, _ in log_files([str(logs)])
             if exclude is None or Path(path).resolve() != Path(exclude).resolve()]
    if not files:
        return None
    try:
        # Through the meetings cache: the bot reads the series again at every read-out, !actions and
        # #endmeeting, in its event loop; after the first time, only a new log is read.
        series = described_series(Config(root=None), description, Reading(cache=True), listed=files)
    except ArchwgError as error:
        log.warning("reading the series in %s: %s", logs, error)
        return None
    for message in series.warnings:
        if told is None or message not in told:
            log.info("reading the series: %s", message)
    if told is not None:
        told.update(series.warnings)
    if not series.meetings:
        return None
    return carry_described(series.meetings, description)


def meeting_in_progress(logs: Path, meeting_id: str, now: datetime, within: timedelta, idle: timedelta):
    """(the log, the meeting) of the newest log of *meeting_id* in *logs* when its meeting has no #endmeeting,
    started less than *within* before *now* and has a line less than *idle* old: the meeting a restarted bot
    was recording. None otherwise (a meeting that ended while the bot was down is left alone)."""
    from archwg.bot.recorder import log_names
    from archwg.meetings.readers.fastlog import LogReader
    from archwg.meetings.readers.textio import ByteSource

    named = sorted(Path(logs).glob(log_names(meeting_id)))
    if not named:
        return None
    newest = named[-1]
    try:
        # Read as the recorder wrote it, a MeetBot log: not through read_meetings, which skips a log
        # holding only its #startmeeting line as the stub MeetBot leaves after #meetingname. Here it
        # is a meeting the bot stopped recording right after it began.
        with open(newest, "rb") as stream:
            meetings = list(LogReader().meetings(ByteSource(stream, str(newest))))
    except (ArchwgError, OSError) as error:
        log.warning("reading %s: %s", newest, error)
        return None
    meeting = meetings[-1] if meetings else None
    if meeting is None or meeting.ended or not timedelta(0) <= now - meeting.start <= within:
        return None
    last = _last_line_time(newest, meeting.start)
    if last is None or now - last > idle:
        return None
    return newest, meeting


def _last_line_time(path: Path, start: datetime) -> datetime | None:
    """When the last line of the log *path* of the meeting begun at *start* was said (the day after, past midnight)."""
    from archwg.meetings.meeting import parse_clock
    from archwg.meetings.readers.irclog import parse_irc_line

    try:
        with open(path, "rb") as log_file:
            log_file.seek(max(0, log_file.seek(0, 2) - 4096))
            tail = log_file.read().decode("utf-8", "replace").splitlines()
    except OSError:
        return None
    for text in reversed(tail):
        line = parse_irc_line(text, 0, None)
        clock = parse_clock(line.time) if line is not None else None
        if clock is not None:
            said = datetime.combine(start.date(), clock)
            return said if said >= start.replace(microsecond=0) - timedelta(minutes=1) else said + timedelta(days=1)
    return None


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


def load_specs(root: Path | None) -> list:
    if root is None:
        return []
    from archwg.specs.store import load_specs as load

    return load(Path(root), warn=lambda message: log.info("specs: %s", message))


def aware(now: datetime) -> datetime:
    """The bot counts naive UTC (as the schedule does); the Gerrit part counts aware UTC."""
    return now.replace(tzinfo=timezone.utc) if now.tzinfo is None else now


def review_data(root: Path | None, now: datetime, environ: Mapping[str, str] = os.environ):
    """(the [gerrit] configuration, the snapshot): (None, None) without review data."""
    from archwg.config import load_config
    from archwg.gerrit.session import read_review_data

    data = read_review_data(load_config(Path(root)) if root is not None else None, aware(now), environ)
    for notice in data.notices:
        log.info("review data: %s", notice)
    return data.config, data.snapshot


class Reviews:
    """The review notes of the items one posting names: the snapshot and specs read once for all of them."""

    def __init__(self, root: Path | None, now: datetime):
        self.now = aware(now)
        self.config, self.snapshot = review_data(root, now)
        self.specs = load_specs(root) if self.snapshot is not None else []

    def annotation(self, item: ActionItem) -> str:
        """`` [435555: ready, no +A for 21 days]`` for each change the item names; '' without a snapshot."""
        from archwg.gerrit.annotate import annotations

        notes = annotations(item.text, self.specs, self.snapshot, self.now, self.config)
        return "".join(f" {note.text}" for note in notes)


def spec_answer(root: Path | None, slug: str, now: datetime) -> str:
    """One line on a spec: kind, status, champion, its changes' states, a pending move; close matches for a typo."""
    if root is None:
        return "no spec repository here"
    specs = {spec.slug: spec for spec in load_specs(root)}
    spec = specs.get(slug)
    if spec is None:
        close = difflib.get_close_matches(slug, list(specs), n=3, cutoff=0.6)
        if close:
            return f"no spec {slug}; did you mean {', '.join(close)}?"
        return f"no spec {slug} (see !help)"
    from archwg.report import build_status

    config, snapshot = review_data(root, now)
    status, = build_status([spec], snapshot, config, aware(now)).specs
    parts = [f"{spec.slug}: {spec.kind or '?'}, {spec.status or '?'}", f"champion {', '.join(spec.champions) or 'none'}"]
    if status.changes:
        parts.append("reviews " + ", ".join(f"{change.number} {change.summary}" for change in status.changes))
    elif spec.reviews:
        parts.append("reviews " + ", ".join(str(number) for number in spec.reviews))
    for move in status.pending:
        parts.append(f"{move.current} → {move.target} pending in {move.change.number}")
    return "; ".join(parts)
