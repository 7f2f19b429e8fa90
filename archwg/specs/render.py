"""Rendering a new spec from the repository's Jinja2 templates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from archwg.errors import BadInput, NotARepository, UsageError
from archwg.specs.model import INITIAL_STATUS, KINDS, MAX_COLUMNS, display_width
from archwg.specs.parse import parse_spec

TEMPLATE_FOLDER = "templates"
# The defaults archwg ships, for a repository without its own templates/ (and what ``archwg init`` copies).
PACKAGED_TEMPLATES = Path(__file__).resolve().parent.parent / TEMPLATE_FOLDER


def template_path(root: Path, kind: str) -> Path:
    """The repository's own template of *kind* when its templates/ holds one, else the packaged default.

    A repository with a templates/ folder that lacks this kind's template gets
    that path (missing), not the default: a group that keeps its own
    templates wants to hear that one is gone.
    """
    own = root / TEMPLATE_FOLDER
    if own.is_dir():
        return own / f"{kind}.rst.j2"
    return PACKAGED_TEMPLATES / f"{kind}.rst.j2"


def template_values(title: str, status: str, champion: str, created: str) -> dict:
    """What a template may use. ``title_width`` sizes the title's adornment as reST measures it
    (a CJK character takes two columns), which ``title|length`` would get wrong."""
    return {"title": title, "title_width": display_width(title), "status": status, "champion": champion,
            "created": created}


def render_spec(template_text: str, *, title: str, champions: tuple[str, ...], created: date, status: str) -> str:
    """The text of a new spec: the template filled in, nothing else."""
    import jinja2

    environment = jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # reST, not HTML
    )
    template = environment.from_string(template_text)
    text = template.render(template_values(title, status, ", ".join(champions), created.isoformat()))
    # Templates edited by hand may leave spaces at line ends; a new spec must pass the lint.
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def render_template(root: Path, kind: str, *, title: str, champions: tuple[str, ...], created: date,
                    status: str) -> str:
    """The repository's *kind* template filled in."""
    import jinja2

    path = template_path(root, kind)
    shown = path.relative_to(root) if path.is_relative_to(root) else path
    try:
        template_text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotARepository(f"{root}: no template {shown} for a {kind}") from None
    try:
        return render_spec(template_text, title=title, champions=champions, created=created, status=status)
    except jinja2.TemplateError as error:
        line = getattr(error, "lineno", None)
        where = f"{shown}:{line}" if line else str(shown)
        raise BadInput(f"{where}: cannot render the template: {error}") from None


def new_spec_text(root: Path, kind: str, *, title: str, champions: tuple[str, ...], created: date) -> str:
    """Render the *kind* template of the repository at *root* and check the result reads back cleanly."""
    if kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r} (kinds: {', '.join(KINDS)})")
    check_title(title)
    for champion in champions:
        check_champion(champion)
    text = render_template(
        root, kind, title=title, champions=champions, created=created, status=INITIAL_STATUS[kind]
    )
    check_rendered(text, title)
    return text


def check_title(title: str) -> None:
    if not title.strip():
        raise UsageError("the title is empty")
    if title != title.strip() or "\n" in title or "\r" in title or "\t" in title:
        raise UsageError(f"the title {title!r} must be one line with no leading or trailing spaces")
    if display_width(title) > MAX_COLUMNS:
        raise UsageError(f"the title is {display_width(title)} columns wide; the limit is {MAX_COLUMNS}")


def check_champion(champion: str) -> None:
    """Champions are IRC nicks, as ``archwg check`` wants them: one per --champion."""
    from archwg.irc import is_nick

    if not is_nick(champion):
        raise UsageError(f"bad champion {champion!r}: give one IRC nick per --champion")


def check_rendered(text: str, title: str) -> None:
    """Refuse a new spec that would not read back as written: it would fail ``archwg check`` at once."""
    for number, line in enumerate(text.splitlines(), start=1):
        if display_width(line) > MAX_COLUMNS:
            raise UsageError(
                f"line {number} of the new spec would be {display_width(line)} columns long (limit {MAX_COLUMNS}): "
                "shorten the title or the champion list"
            )
    spec = parse_spec(text, "new.rst")
    if spec.messages:
        line, message = spec.messages[0]
        raise UsageError(f"the title {title!r} is not plain reST text (line {line}: {message})")
    if spec.title != title:
        raise UsageError(f"the title {title!r} would read back as {spec.title!r}: avoid reST markup in titles")
