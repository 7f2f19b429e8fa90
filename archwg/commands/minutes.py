"""``archwg minutes``: MeetBot-compatible minutes of a meeting log.

With several meetings in the input (a file holding more than one, a folder),
the minutes are those of the newest meeting of the series ``--meeting``
names (in any case), or of the series of the newest meeting, chosen as
carry-actions chooses; a warning says which was chosen.
"""

from __future__ import annotations

import click

from archwg.commands.common import echo_warnings, format_option, json_pieces, output_option, write_output
from archwg.commands.meeting_options import meeting_log_options


@click.command("minutes")
@meeting_log_options
@format_option("text", "html", "rst", "json")
@output_option
def minutes(config, reading, output_format, output):
    """Write MeetBot-compatible minutes of the meeting in LOG."""
    from archwg.meetings.queries import meeting_minutes

    run = meeting_minutes(config, reading)
    echo_warnings(run.warnings)
    if output_format == "json":
        from archwg.serialize import minutes_json

        # the warnings printed, as carry-actions
        write_output(json_pieces(minutes_json(run.minutes, read_warnings=run.warnings)), output)
    elif output_format == "text":
        from archwg.meetings.minutes import text_pieces

        write_output(text_pieces(run.minutes), output)  # a line at a time: a long meeting's minutes are long
    else:
        from archwg.meetings.minutes import RENDERERS

        write_output(RENDERERS[output_format](run.minutes), output)
