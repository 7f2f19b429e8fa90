"""The ``archwg`` command group.

Commands live one per module under ``archwg.commands`` and are imported only
when invoked: ``archwg --help`` reads the one-line help from the table below
and so never imports Sphinx, git, irc or HTTP libraries.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys

import click

from archwg import __version__
from archwg.errors import ArchwgError, NothingYet

# name -> ("module:attribute", one-line help shown by ``archwg --help``)
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("archwg.commands.init:init", "Start a spec repository for a group (or add archwg to a git repository)."),
    "new": ("archwg.commands.new:new", "Create a proposal or workstream spec from its template."),
    "list": ("archwg.commands.listing:list_specs", "List the specs with their kind, status and champion."),
    "show": ("archwg.commands.show:show", "Show one spec's metadata and sections."),
    "accept": ("archwg.commands.lifecycle:accept", "Accept a proposal: it becomes an active workstream."),
    "set-status": ("archwg.commands.lifecycle:set_status", "Move a spec to another status of its lifecycle."),
    "check": ("archwg.commands.check:check", "Lint specs: metadata, sections, titles, whitespace, reST."),
    "carry-actions": (
        "archwg.commands.carry:carry_actions",
        "Carry #action items over a meeting series: what the next meeting reviews.",
    ),
    "actions": ("archwg.commands.actions:actions", "Every open action item of a series, by person."),
    "minutes": ("archwg.commands.minutes:minutes", "Write MeetBot-compatible minutes of a meeting log."),
    "agenda": ("archwg.commands.agenda:agenda", "The next meeting's agenda in the group's shape."),
    "ical": ("archwg.commands.ical:ical", "A meeting's schedule as an iCalendar file."),
    "gerrit": ("archwg.commands.gerrit:gerrit", "Talk to Gerrit: `archwg gerrit sync` refreshes the review snapshot."),
    "reviews": ("archwg.commands.reviews:reviews", "Changes and their review states (snapshot, server or saved file)."),
    "status": ("archwg.commands.status_report:status", "Every spec with its changes' review states, pending moves, stale changes."),
    "site": ("archwg.commands.site:site", "Build the status site: specs, reviews, meetings, status.json, feed."),
    "bot": ("archwg.commands.bot:bot", "Run the meeting bot: courtesy pings, carried items, the meeting's log."),
}


# Exit statuses (README.md, "Exit status"): 2 for bad input or usage, 1 for an
# operation that failed. A reader that went away (``archwg ... | head``) is an
# operation that failed, not bad input: status 1, and no message (the reader
# is gone and the user chose to stop reading).
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_BROKEN_PIPE = EXIT_FAILED

# An OSError with one of these is a path the user named that cannot be used: bad input.
# Any other (a full disk, an I/O error, a read-only file system) is an operation that failed.
BAD_PATH_ERRNOS = frozenset(
    {errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EEXIST, errno.EACCES, errno.EPERM, errno.ENAMETOOLONG,
     errno.ELOOP}
)


def os_error_exit_code(error: OSError) -> int:
    return EXIT_BAD_INPUT if error.errno in BAD_PATH_ERRNOS else EXIT_FAILED


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so that Python's final flush does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (a test's runner): nothing will be flushed to a pipe


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        target, _ = COMMANDS[name]
        module_name, attribute = target.split(":")
        return getattr(importlib.import_module(module_name), attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Click's own usage errors become one line too, like archwg's."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as help_text:  # bare "archwg": show the help
            help_text.show()
            sys.exit(help_text.exit_code)
        except click.UsageError as error:
            command = error.ctx.command_path if error.ctx else "archwg"
            click.echo(f"archwg: error: {error.format_message()} (see '{command} --help')", err=True)
            sys.exit(error.exit_code)
        except click.ClickException as error:
            click.echo(f"archwg: error: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("archwg: aborted", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context):
        # The single place where archwg's own errors become a message and an exit code.
        try:
            return super().invoke(ctx)
        except NothingYet as nothing:  # on stderr: standard output may be read as JSON
            click.echo(f"archwg: {nothing}", err=True)
            ctx.exit(0)
        except ArchwgError as error:
            click.echo(f"archwg: error: {error}", err=True)
            ctx.exit(error.exit_code)
        except BrokenPipeError:
            _silence_stdout()
            ctx.exit(EXIT_BROKEN_PIPE)
        except OSError as error:
            where = f": {error.filename}" if error.filename else ""
            click.echo(f"archwg: error: {error.strerror or error}{where}", err=True)
            ctx.exit(os_error_exit_code(error))


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="archwg")
@click.option(
    "--repo",
    "repo",
    type=click.Path(file_okay=False),
    default=None,
    help="The spec repository (default: found by walking up from the working directory).",
)
@click.option(
    "--color/--no-color",
    "color",
    default=None,
    help="Colour and bold in tables and progress bars (default: on a terminal, unless NO_COLOR is set).",
)
@click.pass_context
def cli(ctx: click.Context, repo: str | None, color: bool | None) -> None:
    """Specs, meetings and review status of an architecture working group."""
    ctx.ensure_object(dict)
    ctx.obj["repo"] = repo
    ctx.obj["color"] = color


def main(argv: list[str] | None = None) -> None:
    """Run the command line; always raises SystemExit (``run`` is the installed ``archwg``)."""
    try:
        try:
            cli.main(args=argv, prog_name="archwg")
        finally:
            sys.stdout.flush()  # here, not at exit, so that a reader gone away is seen below
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(EXIT_BROKEN_PIPE)
    except KeyboardInterrupt:
        click.echo("archwg: interrupted", err=True)
        sys.exit(130)


def run() -> None:
    """The ``archwg`` program: ``main``, then an exit without Python's teardown when nothing needs it.

    Freeing every module and object at exit takes 10-20 ms, a fifth of a
    warm ``carry-actions`` run, and nothing archwg writes waits for it: files
    are written atomically before, and standard output and error are flushed
    here. A process pool or another thread still running would need Python's
    own exit (it stops the pool's workers), and gets it. So does a caller of
    ``main``, which raises SystemExit as before.
    """
    try:
        main()
    except SystemExit as stop:
        code = stop.code
        if not isinstance(code, int):
            raise  # None or a message: Python's own exit says it
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None: started with that descriptor closed
                stream.flush()
    except (OSError, ValueError):
        sys.exit(code)
    threading = sys.modules.get("threading")
    multiprocessing = sys.modules.get("multiprocessing")
    if (threading is None or threading.active_count() == 1) and (
        multiprocessing is None or not multiprocessing.active_children()
    ):
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
