"""``archwg bot``: the meeting bot (courtesy pings, carried items, answers, the meeting's log)."""

from __future__ import annotations

import click

from archwg.commands.common import repo_option, command_config


@click.command("bot")
@click.option("--meeting", "meeting_id", default=None, metavar="ID",
              help="The meeting (meetings/<ID>.yaml; default: the repository's only one).")
@click.option("--server", default=None, metavar="HOST[:PORT]", help="IRC server (default: archwg.toml [bot]).")
@click.option("--tls/--no-tls", default=None, help="TLS, verified with the system's trust store (default: on).")
@click.option("--nick", default=None, help="The bot's nick.")
@click.option("--channel", default=None, help="Channel (default: the meeting's schedule).")
@click.option("--logs", default=None, type=click.Path(file_okay=False),
              help="Where meeting logs are read and written (default: meetings/logs/<ID>/).")
@click.option("--record/--no-record", default=None,
              help="Write the meeting's log in MeetBot's format (default: when the logs folder is writable).")
@click.option("--commit", is_flag=True, help="Commit each new log with git.")
@click.option("--remind-before", type=int, default=None, metavar="MINUTES",
              help="Remind the channel this long before each meeting (default 10; 0: never).")
@click.option("--show-ping-list", is_flag=True, help="Print the next meeting's courtesy ping and exit.")
@repo_option
@click.pass_context
def bot(ctx, meeting_id, server, tls, nick, channel, logs, record, commit, remind_before, show_ping_list,
        repo) -> None:
    """Run the meeting bot. The NickServ/SASL password comes from ARCHWG_BOT_PASSWORD only."""
    from archwg.bot import app

    options = dict(meeting_id=meeting_id, server=server, tls=tls, nick=nick, channel=channel, logs=logs,
                   record=record, commit=commit, remind_before=remind_before)
    if show_ping_list:
        click.echo("\n".join(app.show_ping_list(command_config(ctx, repo), **options)))
        return
    app.run(command_config(ctx, repo), **options)
