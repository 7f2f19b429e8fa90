"""``archwg minutes``: MeetBot-compatible minutes of a meeting log.

With several meetings in the input (a file holding more than one, a folder),
the minutes are those of the newest meeting of the series ``--meeting``
names (in any case), or of the series of the newest meeting, chosen as
carry-actions chooses; a warning says which was chosen.
"""

from __future__ import annotations

import sys

import click

from archwg.commands.common import echo_json, echo_warning, format_option
from archwg.commands.meeting_options import description_for, meeting_log_options, resolve_inputs


@click.command("minutes")
@meeting_log_options
@format_option("text", "html", "rst", "json")
@click.pass_context
def minutes(ctx, logs, meeting_id, meeting_file, input_format, log_date, repo, output_format):
    """Write MeetBot-compatible minutes of the meeting in LOG."""
    from archwg.meetings.series import newest_of_series
    from archwg.meetings.cache import open_cache
    from archwg.meetings.load import read_meetings
    from archwg.meetings.minutes import RENDERERS, build_minutes, minutes_json

    inputs = resolve_inputs(ctx, logs, meeting_id, meeting_file, input_format, log_date, repo)
    warnings: list[str] = []

    def warn(message: str) -> None:
        if message not in warnings:
            warnings.append(message)
            echo_warning(message)

    meetings = read_meetings(
        inputs.sources,
        input_format=inputs.input_format,
        log_date=inputs.log_date,
        warn=warn,
        progress=sys.stderr.isatty(),
        require_meeting=True,
        cache=open_cache(inputs.use_cache, warn),
    )
    # The series is chosen as carry-actions chooses it (--meeting in any case).
    newest, count = newest_of_series(meetings, inputs.meeting_id, warn=warn)
    for message in newest.warnings:  # only the chosen meeting's (no #endmeeting), not every file's
        warn(message)
    if count > 1:
        warn(f"{count} meetings of {newest.name} read; minutes of the newest, of {newest.date.isoformat()}")

    description = description_for(inputs, newest.name)
    aliases = description.aliases if description is not None else ()
    result = build_minutes(newest, aliases=aliases)
    if output_format == "json":
        echo_json(minutes_json(result, read_warnings=warnings))  # the warnings printed, as carry-actions
    else:
        text = RENDERERS[output_format](result)
        # In pieces: the minutes of a 200 MB meeting are 8 MB, not to be encoded in one more copy.
        for start in range(0, len(text), 1 << 16):
            click.echo(text[start : start + (1 << 16)], nl=False)
