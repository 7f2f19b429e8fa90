"""``archwg show SLUG``: one spec's metadata, sections and history."""

from __future__ import annotations

from pathlib import Path

import click

from archwg.commands.common import echo_json, format_option, repo_option, repository

from archwg.specs.model import Spec


def spec_details(spec: Spec, root: Path, text: str) -> dict:
    """The ``list`` object of a spec, plus its sections and History rows."""
    from archwg.specs.history import read_history

    details = spec.as_dict(root)
    details["sections"] = [
        {"title": section.title, "level": section.level, "line": section.line} for section in spec.sections
    ]
    details["history"] = [
        {"date": row.date, "status": row.status, "note": row.note} for row in read_history(text)
    ]
    return details


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
    from archwg.specs.parse import read_spec
    from archwg.specs.store import find_spec_path

    root = repository(ctx, repo)
    path = find_spec_path(root, slug)
    spec = read_spec(path)
    details = spec_details(spec, root, path.read_text(encoding="utf-8"))
    if output_format == "json":
        echo_json(details)
    else:
        click.echo("\n".join(text_lines(details)))
