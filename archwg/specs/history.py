"""Text edits on a spec file: set a metadata field, read and append History rows.

These work on the text, line by line, rather than on a docutils tree: the
spec is the champion's file and every line we do not mean to change must come
back byte for byte (docutils cannot write reST back).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from datetime import date

from archwg.errors import InvalidSpec
from archwg.specs.adornment import is_adornment
from archwg.specs.model import MAX_COLUMNS


HISTORY_TITLE = "History"
_FIELD_RE = re.compile(r"^:(?P<name>[^:]+):(?P<rest>.*)$")


def is_title_adornment(line: str) -> bool:
    # Two characters at least: a lone "-" or "*" under a line is a list item, not a title.
    # (In a table cell even one alone makes docutils wonder about a transition: see _row_lines.)
    return is_adornment(line, minimum=2)


@dataclass(frozen=True)
class HistoryRow:
    date: str
    status: str
    note: str


def set_field(text: str, name: str, value: str) -> str:
    """Give the metadata field *name* (``:Name: value``) a new one-line value."""
    lines = text.splitlines(keepends=True)
    for index in _field_list_lines(lines):
        match = _FIELD_RE.match(lines[index].rstrip("\r\n"))
        if match and match["name"].strip().lower() == name.lower():
            ending = lines[index][len(lines[index].rstrip("\r\n")):]
            lines[index] = f":{match['name']}: {value}{ending}"
            # A value wrapped onto indented continuation lines is replaced as a whole.
            following = index + 1
            while following < len(lines) and lines[following][:1] in (" ", "\t") and lines[following].strip():
                del lines[following]
            return "".join(lines)
    raise InvalidSpec(f"no :{name}: field in the metadata")


def _field_list_lines(lines: list[str]) -> list[int]:
    """Indexes of the lines of the first field list (the spec's metadata)."""
    indexes = []
    started = False
    for index, line in enumerate(lines):
        stripped = line.rstrip("\r\n")
        if _FIELD_RE.match(stripped) or (started and stripped[:1] in (" ", "\t") and stripped.strip()):
            started = True
            indexes.append(index)
        elif started:
            break
    return indexes


def read_history(text: str) -> list[HistoryRow]:
    """The rows of the History ``list-table``, header row left out."""
    lines = text.splitlines()
    table = _history_table(lines)
    if table is None:
        return []
    first, last, _indent = table
    rows: list[list[str]] = []
    for line in lines[first : last + 1]:
        stripped = line.strip()
        if stripped.startswith("* - "):
            rows.append([stripped[4:].strip()])
        elif stripped.startswith("- ") and rows:
            rows[-1].append(stripped[2:].strip())
        elif stripped and rows and not stripped.startswith(":"):
            rows[-1][-1] = f"{rows[-1][-1]} {stripped}".strip()
    cells = [row + [""] * (3 - len(row)) for row in rows]
    body = cells[1:] if cells and cells[0][0].lower() == "date" else cells
    return [HistoryRow(date=row[0], status=row[1], note=_unescape(" ".join(row[2:]).strip())) for row in body]


def append_history_row(text: str, when: date, status: str, note: str) -> str:
    """Add a (date, status, note) row at the end of the History table.

    A spec without a History section gets one, with the table, at its end.
    """
    lines = text.splitlines()
    table = _history_table(lines)
    if table is None:
        if _history_heading(lines) is not None:
            raise InvalidSpec("the History section has no list-table to add a row to")
        return _with_new_history_section(text, when, status, note)
    _first, last, indent = table
    row = _row_lines(indent, when, status, note)
    ending = "\r\n" if "\r\n" in text else "\n"
    new_lines = lines[: last + 1] + row + lines[last + 1 :]
    return ending.join(new_lines) + ending


def add_missing_sections(text: str, model_text: str) -> str:
    """Copy the top-level sections of *model_text* that *text* lacks in, just before its History.

    Accepting a proposal makes it a workstream, and a workstream carries the
    workstream template's sections: the proposal's own sections stay first,
    the new ones follow with the template's guidance text for the champion.
    """
    from archwg.specs.parse import parse_spec

    present = {section.title.casefold() for section in parse_spec(text, "spec.rst").sections if section.level == 1}
    model_lines = model_text.splitlines()
    starts = []
    for section in parse_spec(model_text, "model.rst").sections:
        if section.level == 1 and section.line:
            start = section.line - 1
            if start > 0 and is_title_adornment(model_lines[start - 1]):
                start -= 1  # an overlined title starts at its overline
            starts.append((section.title, start))
    blocks = []
    for number, (title, start) in enumerate(starts):
        if title.casefold() in present or title == HISTORY_TITLE:
            continue
        end = starts[number + 1][1] if number + 1 < len(starts) else len(model_lines)
        block = model_lines[start:end]
        while block and not block[-1].strip():
            block.pop()
        blocks.append(block)
    if not blocks:
        return text

    inserted = [line for block in blocks for line in (*block, "")]
    lines = text.splitlines()
    heading = _history_heading(lines)
    if heading is None:
        return text.rstrip("\n") + "\n\n" + "\n".join(inserted).rstrip("\n") + "\n"
    if heading > 0 and is_title_adornment(lines[heading - 1]):
        heading -= 1
    ending = "\r\n" if "\r\n" in text else "\n"
    return ending.join(lines[:heading] + inserted + lines[heading:]) + ending


def _with_new_history_section(text: str, when: date, status: str, note: str) -> str:
    section = [
        HISTORY_TITLE,
        "=" * len(HISTORY_TITLE),
        "",
        ".. list-table::",
        "   :header-rows: 1",
        "",
        "   * - Date",
        "     - Status",
        "     - Note",
        *_row_lines("   ", when, status, note),
    ]
    return text.rstrip() + "\n\n" + "\n".join(section) + "\n"


def tableless_history(text: str) -> int | None:
    """The line (1-based) of a History heading with no list-table under it, which no row can be added to."""
    lines = text.splitlines()
    heading = _history_heading(lines)
    if heading is None or _history_table(lines) is not None:
        return None
    return heading + 1


def _history_heading(lines: list[str]) -> int | None:
    """Index of the line holding the History section's title."""
    for index, line in enumerate(lines[:-1]):
        if line.strip() == HISTORY_TITLE and is_title_adornment(lines[index + 1]):
            return index
    return None


def _history_table(lines: list[str]) -> tuple[int, int, str] | None:
    """(first line, last non-blank line, row indent) of the History list-table."""
    heading = _history_heading(lines)
    if heading is None:
        return None
    directive = None
    for index in range(heading + 2, len(lines)):
        if _is_section_title(lines, index):
            return None
        if lines[index].strip() == ".. list-table::" or lines[index].strip().startswith(".. list-table:: "):
            directive = index
            break
    if directive is None:
        return None
    # The directive's body is every following line that is blank or indented.
    last = directive
    indent = None
    for index in range(directive + 1, len(lines)):
        line = lines[index]
        if line.strip() and not line[:1].isspace():
            break
        if line.strip():
            last = index
            if indent is None and line.strip().startswith("* "):
                indent = line[: len(line) - len(line.lstrip())]
    return directive + 1, last, indent if indent is not None else "   "


def _is_section_title(lines: list[str], index: int) -> bool:
    return (
        index + 1 < len(lines)
        and bool(lines[index].strip())
        and not lines[index][:1].isspace()
        and is_title_adornment(lines[index + 1])
    )


def _row_lines(indent: str, when: date, status: str, note: str) -> list[str]:
    cell_indent = indent + "  "
    note_lines = textwrap.wrap(
        escape_cell_text(note),
        width=MAX_COLUMNS,
        initial_indent=cell_indent + "- ",
        subsequent_indent=cell_indent + "  ",
        break_long_words=False,
        break_on_hyphens=False,
    ) or [cell_indent + "-"]
    # A line made of one punctuation character repeated ("=====", or an escaped "\\") would read
    # as a title adornment; an escaped space in front is invisible and breaks the run.
    prefix_width = len(cell_indent) + 2
    note_lines = [
        line[:prefix_width] + "\\ " + line[prefix_width:] if is_adornment(line[prefix_width:]) else line
        for line in note_lines
    ]
    return [f"{indent}* - {when.isoformat()}", f"{cell_indent}- {status}", *note_lines]


# Inline markup that would turn a reason into emphasis, a role, a substitution or a link.
_INLINE_MARKUP_RE = re.compile(r"([\\*`|])")
# An underscore is markup only at a word's edge ("target_", "_`x`"); keep "nova_compute" as is.
_EDGE_UNDERSCORE_RE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
# What would make a note's first word a list, an enumeration, a field, a comment or a directive.
_BLOCK_START_RE = re.compile(
    r"^(?:[-+*•‣⁃>#:.|=~^\"'!$%&,;?@\[\](){}<]|\(?(?:\d+|[A-Za-z]|[ivxlcdmIVXLCDM]+|#)[.)](?:\s|$))"
)


def escape_cell_text(note: str) -> str:
    """*note* as one paragraph of plain reST text: whitespace folded, markup escaped."""
    text = " ".join(note.split())
    text = _INLINE_MARKUP_RE.sub(r"\\\1", text)
    text = _EDGE_UNDERSCORE_RE.sub(r"\\_", text)
    if text.endswith("::"):
        # "word::" would announce a literal block that never comes.
        text = text[:-1] + "\\:"
    if _BLOCK_START_RE.match(text):
        text = "\\" + text
    return text


def _unescape(text: str) -> str:
    """reST's own reading of backslashes: an escaped character stands for itself, an escaped space for nothing."""
    return re.sub(r"\\(.)", lambda match: "" if match[1].isspace() else match[1], text)
