"""``archwg carry-actions``: what the next meeting reviews, ready to paste.

Reads a meeting series (files, folders, ``-``; by default the group's own
logs under ``meetings/logs/<id>/``), carries the ``#action`` items over it
(``archwg.meetings.series.carry_series``) and prints the open ones as the
chair reads them out, the ``#action`` lines to record them again, and the
items the meetings closed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from archwg.commands.common import (
    echo_notices,
    echo_warnings,
    format_option,
    json_text,
    output_option,
    utc_now,
    write_output,
)
from archwg.commands.meeting_options import meeting_log_options
from archwg.markup import markdown_escape
from archwg.meetings.suffix import carried_suffix, read_out_line

if TYPE_CHECKING:
    from archwg.meetings.model import ActionItem, CarryReport
    from archwg.meetings.series import CarryRun


def action_line(item: ActionItem) -> str:
    """The line that records the item again at the next meeting."""
    # Every open item has a since (its first recording); without one there is nothing to claim.
    return f"#action {item.text} {carried_suffix(item.since)}" if item.since else f"#action {item.text}"


def heading(report: CarryReport) -> str:
    count = len(report.open)
    day = report.date.isoformat() if report.date else "?"
    return f"{report.series} {day}: {count} open action item{'' if count == 1 else 's'}"


def closed_by(report: CarryReport, item: ActionItem) -> str:
    return f"closed at {report.series} {item.closed.isoformat() if item.closed else '?'}"


def with_notes(line: str, run: CarryRun, item: ActionItem) -> str:
    """The read-out line with the review states of what it names: '... [435555: ready, no +A for 21 days]'.

    Only the read-out lines get them: the #action lines are recorded again in the minutes.
    """
    notes = run.reviews.for_item(item) if run.reviews is not None else ()
    return " ".join([line, *(note.text for note in notes)])


def chair_marks(report: CarryReport, item: ActionItem) -> list[str]:
    """What the chair should know before reading the item out: not reviewed last time, stuck."""
    marks = []
    if not item.reviewed and report.date is not None:
        marks.append(f"[not reviewed at the meeting of {report.date.isoformat()}]")
    if item.stuck:
        marks.append(f"[stuck: carried through {item.carried_through} meetings]")
    return marks


def text_lines(run: CarryRun) -> list[str]:
    report = run.report
    lines = [heading(report)]
    if report.open:
        lines.append("To read out under #topic previous meeting action items:")
        lines.extend(" ".join([with_notes(read_out_line(item), run, item), *chair_marks(report, item)])
                     for item in report.open)
        lines += ["", "To carry items again, paste their lines:"]
        lines.extend(action_line(item) for item in report.open)
    if report.closed:
        lines += ["", "Closed:"]
        lines.extend(f"* {item.text} ({closed_by(report, item)})" for item in report.closed)
    return lines


def markdown_lines(run: CarryRun) -> list[str]:
    report = run.report
    lines = [f"## {markdown_escape(heading(report))}", ""]
    if report.open:
        lines += ["To read out under `#topic previous meeting action items`:", ""]
        for item in report.open:
            line = f"- {markdown_escape(with_notes(read_out_line(item), run, item)[2:])}"
            if not item.reviewed:
                line += f" *(not reviewed at the meeting of {report.date.isoformat()})*"
            if item.stuck:
                line += f" **(stuck: carried through {item.carried_through} meetings)**"
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
@output_option
def carry_actions(config, reading, output_format, output) -> None:
    """Carry the #action items over a meeting series: what the next meeting reviews.

    LOG may be files, folders (read recursively) or - for standard input;
    inside a spec repository it defaults to meetings/logs/<ID>/.
    """
    from archwg.meetings.series import carry_series

    run = carry_series(config, reading, now=utc_now())
    echo_warnings(run.warnings)
    echo_notices(run.reviews.notices if run.reviews is not None else ())
    if output_format == "json":
        from archwg.serialize import carry_json

        write_output(json_text(carry_json(run)), output)
    elif output_format == "markdown":
        write_output("\n".join(markdown_lines(run)) + "\n", output)
    else:
        write_output("\n".join(text_lines(run)) + "\n", output)
