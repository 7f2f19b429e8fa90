"""``archwg check [PATH ...]``: lint specs, one ``path:line: message`` per problem (``archwg.specs.check``)."""

from __future__ import annotations

from pathlib import Path

import click

from archwg.commands.common import echo_json, format_option, repo_argument, repo_option


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@format_option("text", "json")
@repo_option
@click.pass_context
def check(ctx: click.Context, paths: tuple[str, ...], output_format: str, repo: str | None) -> None:
    """Lint specs: metadata, sections, titles, whitespace and reST.

    With no PATH, every spec of the repository. Exit status: 0 when clean,
    1 when there are problems, 2 when the check could not run.
    """
    from archwg.specs.check import check_specs

    run = check_specs(paths, repo_argument(ctx, repo), Path.cwd())
    problems = run.problems
    if output_format == "json":
        from archwg.serialize import problem_json

        echo_json([problem_json(problem) for problem in problems])
    else:
        for problem in problems:
            click.echo(str(problem))
        specs = f"{len(run.files)} spec{'s' if len(run.files) != 1 else ''}"
        found = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}" if problems else "no problems"
        click.echo(f"checked {specs}: {found}", err=True)
    ctx.exit(1 if problems else 0)
