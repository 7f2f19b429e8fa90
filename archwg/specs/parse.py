"""Reading a spec file with docutils: title, field list, sections, and docutils' own complaints."""

from __future__ import annotations

import copy
import io
from pathlib import Path

from archwg.errors import InvalidSpec
from archwg.specs.model import Field, Section, Spec

# Keep the metadata a plain field list (no docinfo transform), keep every
# system message in the tree instead of printing it, and never touch the disk
# for includes or raw files named inside a spec.
_SETTINGS = {
    "report_level": 5,
    "halt_level": 5,
    "docinfo_xform": False,
    "doctitle_xform": True,
    "sectsubtitle_xform": False,
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "input_encoding": "utf-8",
}


def read_spec(path: Path | str, parser: SpecParser | None = None) -> Spec:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InvalidSpec(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    return parse_spec(text, path, parser)


class SpecParser:
    """docutils' settings built once for a run that parses many specs (``load_specs``, ``check``).

    Building them costs about 0.4 ms, parsing a small spec some 4 ms: over a
    whole repository that is 15-20% of the CPU. Each parse gets its own copy,
    so nothing one parse sets reaches the next. A pickled parser (for a worker
    process) builds its settings again where it is used.
    """

    __slots__ = ("_settings",)

    def __init__(self) -> None:
        self._settings = None

    def settings(self):
        if self._settings is None:
            self._settings = _settings()
        settings = copy.copy(self._settings)
        settings.warning_stream = io.StringIO()
        return settings

    def __reduce__(self):
        return (SpecParser, ())


def _settings():
    """docutils' settings for one parse, built afresh: a parse may change them, and
    building them costs about 0.4 ms against some 10 ms for parsing a spec."""
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.readers.standalone import Reader

    settings = get_default_settings(Parser, Reader)
    for name, value in _SETTINGS.items():
        setattr(settings, name, value)
    settings.warning_stream = io.StringIO()
    return settings


def parse_spec(text: str, path: Path | str, parser: SpecParser | None = None) -> Spec:
    """*text* read as a spec; *parser* keeps docutils' settings across many specs (default: built for this one)."""
    from docutils import nodes
    from docutils.core import publish_doctree
    from docutils.utils import Reporter

    path = Path(path)
    doctree = publish_doctree(text, source_path=str(path), settings=_settings() if parser is None else parser.settings())

    messages = []
    for message in doctree.findall(nodes.system_message):
        if message["level"] >= Reporter.WARNING_LEVEL:
            body = message.children[0].astext() if message.children else message.astext()
            messages.append((message.get("line") or 0, " ".join(body.split())))

    title = ""
    title_line = 0
    for child in doctree.children:
        if isinstance(child, nodes.title):
            title = child.astext()
            title_line = _line_of(text, title)
            break

    fields = []
    field_list = next(
        (c for c in doctree.children if isinstance(c, nodes.field_list)), None
    )
    if field_list is not None:
        for item in field_list.children:
            name = item.children[0].astext()
            value = " ".join(item.children[1].astext().split())
            fields.append(Field(name=name, value=value, line=item.line or _line_of(text, f":{name}:")))

    sections = []
    for section in doctree.findall(nodes.section):
        level = 0
        parent = section
        while isinstance(parent, nodes.section):
            level += 1
            parent = parent.parent
        heading = section.children[0].astext() if section.children else ""
        # docutils puts a section on its underline; the title text is the line above.
        line = section.line - 1 if section.line else _line_of(text, heading, underlined=True)
        sections.append(Section(title=heading, line=line, level=level))

    return Spec(
        path=path,
        title=title,
        title_line=title_line,
        fields=tuple(fields),
        sections=tuple(sections),
        messages=tuple(sorted(messages)),
    )


def _line_of(text: str, needle: str, underlined: bool = False) -> int:
    """1-based line where *needle* opens a line (for titles: a line followed by an adornment)."""
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if line.strip() == needle.strip() or (not underlined and line.lstrip().startswith(needle)):
            if underlined:
                following = lines[number] if number < len(lines) else ""
                if not following or len(set(following.strip())) != 1:
                    continue
            return number
    return 0
