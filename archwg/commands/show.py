"""``archwg show SLUG``: one spec's metadata, sections and history (``archwg.specs.store.spec_details``)."""

from __future__ import annotations

import click

from archwg.commands.common import command_config, echo_json, format_option, repo_option


def text_lines(details: dict) -> list[str]:
    lines = [details["title"], "=" * len(details["title"]), ""]
    metadata = [
        ("path", details["path"]),
        ("kind", details["kind"]),
        ("status", details["status"]),
        ("champion", ", ".join(details["champion"])),
        ("created", details["created"]),
        ("reviews", ", ".join(str(number) for number in details["reviews"])),
        ("topic", details["topic"]),
    ]
    lines += [f"{name + ':':<10}{value}" for name, value in metadata if value]
    if details["sections"]:
        lines += ["", "Sections:"]
        lines += [f"{'  ' * section['level']}{section['title']}" for section in details["sections"]]
    if details["history"]:
        lines += ["", "History:"]
        lines += [f"  {row['date']}  {row['status']:<10} {row['note']}" for row in details["history"]]
    return lines


@click.command()
@click.argument("slug")
@format_option("text", "json")
@repo_option
@click.pass_context
def show(ctx: click.Context, slug: str, output_format: str, repo: str | None) -> None:
    """Show the spec SLUG: metadata, section outline and History."""
    from archwg.serialize import spec_details as details_json
    from archwg.specs.store import spec_details

    config = command_config(ctx, repo)
    details = details_json(spec_details(config.root, slug), config.root)
    if output_format == "json":
        echo_json(details)
    else:
        click.echo("\n".join(text_lines(details)))
