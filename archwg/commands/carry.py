"""``archwg carry-actions``: what the next meeting reviews, ready to paste.

Reads a meeting series (files, folders, ``-``; by default the group's own
logs under ``meetings/logs/<id>/``), carries the ``#action`` items over it
and prints the open ones as the chair reads them out, the ``#action`` lines
to record them again, and the items the meetings closed.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

import click

from archwg.commands.common import echo_json, echo_warning, format_option
from archwg.commands.meeting_options import (
    MeetingInputs,
    description_for,
    meeting_log_options,
    resolve_inputs,
)
from archwg.errors import ArchwgError
from archwg.markup import markdown_escape
from archwg.meetings.carry import CarryReport, item_json
from archwg.meetings.suffix import carried_suffix, was_carried
from archwg.meetings.description import MeetingDescription
from archwg.meetings.model import ActionItem, Meeting


@dataclass(frozen=True)
class CarryRun:
    """A carried series and what the command needs around it."""

    report: CarryReport
    description: MeetingDescription | None  # None: no description file found
    inputs: MeetingInputs
    warnings: tuple[str, ...]


# A file this small is read whatever series its name gives: cheap, and it may
# be the stub MeetBot leaves under a meeting's first name after #meetingname
# (one #startmeeting line), which the full read skips with a warning rather
# than counting it as a meeting of that series.
STUB_MAX_BYTES = 1024


def run_carry(ctx: click.Context, logs, meeting_id, meeting_file, input_format, log_date, repo) -> CarryRun:
    """Read the logs, pick the series, find its description and carry: shared by carry-actions and actions."""
    inputs = resolve_inputs(ctx, logs, meeting_id, meeting_file, input_format, log_date, repo)
    warnings: list[str] = []

    def warn(message: str) -> None:
        if message not in warnings:
            warnings.append(message)

    series = read_series(inputs, warn)
    description = description_for(inputs, inputs.meeting_id or series[-1].name)
    report = carry_described(series, description)
    for message in report.warnings:
        warn(message)
    return CarryRun(report, description, inputs, tuple(warnings))


def read_series(inputs: MeetingInputs, warn) -> list[Meeting]:
    """The meetings of the series to carry, oldest first (``select_series``), reading as few files as it can.

    When MeetBot's file names tell each file's series, only the chosen series'
    files are read (an archive of many series, read for one). Names are only
    trusted when the meetings read bear them out; otherwise, or when any file
    has another name, everything is read and the series picked by the names
    inside the meetings: a renamed file must not hide meetings, and that read
    gives the errors and warnings of record.
    """
    from archwg.meetings.series import select_named_series, select_series, series_by_file_names
    from archwg.meetings.load import log_files, read_log_files, read_meetings

    reading = dict(
        input_format=inputs.input_format,
        log_date=inputs.log_date,
        progress=sys.stderr.isatty(),
        detail="actions",  # carrying reads only action items and the review of them
    )
    files = log_files(inputs.sources)
    # The other names the description says the meeting was started under: any
    # file may hold a meeting recorded under one of them, so every file is read.
    described = description_for(inputs, inputs.meeting_id) if inputs.meeting_id else None
    names = described.names if described is not None else ()
    choice = None if names else series_by_file_names([path for path, _ in files], inputs.meeting_id)
    if choice is not None:
        # A file named on the command line is always read: its errors are the user's to see.
        wanted = [(path, explicit) for path, explicit in files
                  if explicit or choice.holds(path) or _small(path)]
        read = {path for path, _ in wanted}
        # The attempt's warnings wait: if the names mislead, the full read says its own.
        told: list[str] = []
        try:
            series = select_named_series(
                read_log_files(wanted, warn=told.append, **reading),
                choice,
                unread=[path for path, _ in files if path not in read],
                warn=told.append,
            )
        except ArchwgError:
            series = None  # the full read below raises the error of record, or finds the meetings elsewhere
        if series is not None:
            for message in told:
                warn(message)
            return series
    meetings = read_meetings(
        inputs.sources,
        warn=warn,
        require_meeting=True,  # no meeting at all: an error naming what was read
        **reading,
    )
    return select_series(meetings, inputs.meeting_id, warn=warn, names=names)


def _small(path: str) -> bool:
    try:
        return os.stat(path).st_size < STUB_MAX_BYTES
    except OSError:
        return True  # reading it gives the error


def carry_described(series, description: MeetingDescription | None) -> CarryReport:
    """Carry a series with its description's aliases; every nick the description names is a person.

    carry-actions, actions and agenda all carry through here, so they agree on owners.
    """
    from archwg.meetings.carry import carry

    if description is None:
        return carry(series)
    aliases = description.aliases
    known = [*description.courtesy_ping, *(nick for pair in aliases for nick in pair)]
    if description.chair:
        known.append(description.chair)
    return carry(series, aliases=aliases, known_nicks=known)


def meeting_json(report: CarryReport) -> dict:
    return {
        "id": report.series,
        "date": report.date.isoformat() if report.date else None,
        "source": report.source,
    }


def carry_json(run: CarryRun) -> dict:
    report = run.report
    return {
        "meeting": meeting_json(report),
        "open": [item_json(item) for item in report.open],
        "closed": [item_json(item) for item in report.closed],
        "warnings": list(run.warnings),
    }


def read_out_line(item: ActionItem) -> str:
    """``* text``, with the carried suffix only when the item was carried before."""
    if was_carried(item) and item.since is not None:
        return f"* {item.text} {carried_suffix(item.since)}"
    return f"* {item.text}"


def action_line(item: ActionItem) -> str:
    """The line that records the item again at the next meeting."""
    since = item.since.human() if item.since else "?"
    return f"#action {item.text} (Carried since {since})"


def heading(report: CarryReport) -> str:
    count = len(report.open)
    day = report.date.isoformat() if report.date else "?"
    return f"{report.series} {day}: {count} open action item{'' if count == 1 else 's'}"


def closed_by(report: CarryReport, item: ActionItem) -> str:
    return f"closed at {report.series} {item.closed.isoformat() if item.closed else '?'}"


def text_lines(report: CarryReport) -> list[str]:
    lines = [heading(report)]
    if report.open:
        lines.append("To read out under #topic previous meeting action items:")
        lines.extend(read_out_line(item) for item in report.open)
        lines += ["", "To carry items again, paste their lines:"]
        lines.extend(action_line(item) for item in report.open)
    if report.closed:
        lines += ["", "Closed:"]
        lines.extend(f"* {item.text} ({closed_by(report, item)})" for item in report.closed)
    return lines


def markdown_lines(report: CarryReport) -> list[str]:
    lines = [f"## {markdown_escape(heading(report))}", ""]
    if report.open:
        lines += ["To read out under `#topic previous meeting action items`:", ""]
        for item in report.open:
            line = f"- {markdown_escape(read_out_line(item)[2:])}"
            if not item.reviewed:
                line += f" *(not reviewed at the meeting of {report.date.isoformat()})*"
            lines.append(line)
        lines += ["", "### Carry again", "", "```"]
        lines.extend(action_line(item) for item in report.open)
        lines += ["```"]
    if report.closed:
        lines += ["", "### Closed", ""]
        lines.extend(f"- {markdown_escape(item.text)} ({markdown_escape(closed_by(report, item))})" for item in report.closed)
    return lines


@click.command("carry-actions")
@meeting_log_options
@format_option("text", "markdown", "json")
@click.pass_context
def carry_actions(ctx, logs, meeting_id, meeting_file, input_format, log_date, repo, output_format) -> None:
    """Carry the #action items over a meeting series: what the next meeting reviews.

    LOG may be files, folders (read recursively) or - for standard input;
    inside a spec repository it defaults to meetings/logs/<ID>/.
    """
    run = run_carry(ctx, logs, meeting_id, meeting_file, input_format, log_date, repo)
    for message in run.warnings:
        echo_warning(message)
    if output_format == "json":
        echo_json(carry_json(run))
    elif output_format == "markdown":
        click.echo("\n".join(markdown_lines(run.report)))
    else:
        click.echo("\n".join(text_lines(run.report)))
