"""The spec lint behind ``archwg check``: what is wrong with a spec, line by line.

Everything here is pure: a parsed Spec and the text it was parsed from go in,
Problems come out. Reading files and templates is the command's job
(archwg.specs.check). The rules follow the tests/test_titles.py that
OpenStack's specs repositories run, plus the group's own metadata rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable, Sequence

from archwg.errors import BadInput
from archwg.irc import is_nick
from archwg.specs.adornment import is_adornment
from archwg.specs.model import (
    FOLDER_OF_KIND,
    INITIAL_STATUS,
    KIND_OF_FOLDER,
    KINDS,
    MAX_COLUMNS,
    PROPOSAL,
    REQUIRED_FIELDS,
    SLUG_RE,
    STATUSES,
    Spec,
    display_width,
    split_list,
)


# date.fromisoformat also takes 20170309 and week dates; specs write one form only.
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CHANGE_NUMBER_RE = re.compile(r"^[0-9]+$")
URL_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S")

# Invisible characters that survive copy and paste from web pages and chat.
ZERO_WIDTH = {
    "\u200b": "ZERO WIDTH SPACE",
    "\u200c": "ZERO WIDTH NON-JOINER",
    "\u200d": "ZERO WIDTH JOINER",
    "\u2060": "WORD JOINER",
    "\u180e": "MONGOLIAN VOWEL SEPARATOR",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE (byte order mark)",
}
_ZERO_WIDTH_RE = re.compile("[" + "".join(ZERO_WIDTH) + "]")

# "::" and ".." alone on a line open a literal block and a comment, not a title.
_NOT_ADORNMENTS = {"::", ".."}
_DIRECTIVE_RE = re.compile(r"^\s*\.\.\s+([A-Za-z0-9_.:+-]+?)::")
# Directives whose body is code: long lines there cannot be wrapped.
LITERAL_DIRECTIVES = {"code-block", "code", "sourcecode", "parsed-literal"}


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class RequiredSection:
    """A section a template asks for, named by its titles from the top level down."""

    titles: tuple[str, ...]

    @property
    def title(self) -> str:
        return self.titles[-1]

    @property
    def label(self) -> str:
        return " / ".join(self.titles)


# -- required sections, from the repository's template -------------------------------------------


def required_sections(template_text: str) -> tuple[RequiredSection, ...]:
    """The sections a spec of this template must have: render it with sample values and parse it.

    Reading them from the template, rather than keeping a list here, lets a
    group change its templates without changing archwg.
    """
    import jinja2

    from archwg.specs.parse import parse_spec

    try:
        from archwg.specs.render import template_values

        values = template_values("Template", INITIAL_STATUS[PROPOSAL], "champion", "2000-01-01")
        text = jinja2.Environment(autoescape=False).from_string(template_text).render(values)
    except jinja2.TemplateError as error:
        line = getattr(error, "lineno", None)
        where = f"line {line}: " if line else ""
        raise BadInput(f"cannot render the template ({where}{error})") from None
    spec = parse_spec(text, "template.rst")
    return tuple(RequiredSection(titles) for titles, _ in _section_paths(spec))


# Templates mark example text with a Jinja comment line before it (gone from the rendered spec).
PLACEHOLDER_MARK_RE = re.compile(r"^\s*\{#-?\s*placeholder\s*-?#\}\s*$")


def template_placeholders(template_text: str) -> tuple[str, ...]:
    """The paragraphs the template marks as placeholders, whitespace collapsed, in template order.

    A paragraph that uses template values (``{{ champion }}``) is no
    placeholder: what a spec holds there was chosen, not left in.
    """
    lines = template_text.splitlines()
    found = []
    for index, line in enumerate(lines):
        if not PLACEHOLDER_MARK_RE.match(line):
            continue
        paragraph = []
        for following in lines[index + 1:]:
            if not following.strip():
                break
            paragraph.append(following)
        text = " ".join(" ".join(paragraph).split())
        if text and "{{" not in text and "{%" not in text:
            found.append(text)
    return tuple(found)


def expected_kind(spec: Spec) -> str | None:
    """The kind whose template the spec is checked against: as declared, else as its folder says."""
    if spec.kind in KINDS:
        return spec.kind
    return KIND_OF_FOLDER.get(spec.path.parent.name)


# -- one spec --------------------------------------------------------------------------------------


def lint_spec(spec: Spec, text: str, required: Sequence[RequiredSection] | None,
              placeholders: Sequence[str] = ()) -> list[Problem]:
    """Every problem of one spec, sorted by line.

    *text* is the file as read, line ends included (CRs are a problem of
    their own). *required* comes from the template of the spec's kind; None
    when the kind is unknown, which is reported as a metadata problem.
    *placeholders* are the template's example paragraphs (template_placeholders).
    """
    path = str(spec.path)
    lines = text.splitlines(keepends=True)  # the same split docutils numbers lines by
    literal = literal_block_lines([_content(line) for line in lines])

    adornment_problems = _adornment_problems(path, lines, literal)
    adornment_lines = {problem.line for problem in adornment_problems}

    problems = [
        *_metadata_problems(spec, path),
        *(_section_problems(spec, path, required, last_line=max(len(lines), 1)) if required is not None else ()),
        *adornment_problems,
        *_line_problems(path, lines, literal),
        *_docutils_problems(spec, path, adornment_lines),
        *_history_problems(text, path),
        *_placeholder_problems(spec, path, lines, placeholders),
    ]
    return sorted(problems, key=lambda problem: problem.line)


def _history_problems(text: str, path: str) -> list[Problem]:
    from archwg.specs.history import tableless_history

    line = tableless_history(text)
    if line is None:
        return []
    return [Problem(path, line, "the History section has no list-table: set-status cannot add its rows")]


# Statuses of a spec still being written: a new draft, a workstream under way (``new`` and
# ``accept`` hand it the template's sections to fill in). A spec up for a decision
# (proposed) or one the group is done with must not hold the template's example text.
PLACEHOLDERS_ALLOWED = frozenset({"draft", "active", "tabled"})


def _placeholder_problems(spec: Spec, path: str, lines: Sequence[str], placeholders: Sequence[str]) -> list[Problem]:
    """Each template placeholder paragraph left as it was, unless the spec is still being written.

    A status that is not one of its kind's is a problem of its own; which rule applies then is unknown.
    """
    if not placeholders or spec.status in PLACEHOLDERS_ALLOWED or spec.status not in STATUSES.get(spec.kind, ()):
        return []
    wanted = set(placeholders)
    problems = []
    paragraph: list[str] = []
    start = 0
    for number, line in enumerate([*lines, ""], start=1):
        if line.strip():
            if not paragraph:
                start = number
            paragraph.append(line)
            continue
        text = " ".join(" ".join(paragraph).split())
        if text in wanted:
            shown = text if len(text) <= 50 else text[:47].rstrip() + "..."
            problems.append(Problem(path, start, f"template placeholder text left in: {shown!r}"))
        paragraph = []
    return problems


def _metadata_problems(spec: Spec, path: str) -> list[Problem]:
    problems: list[Problem] = []
    if not spec.title:
        problems.append(Problem(path, 1, "no document title (a title over- and underlined with =)"))

    field_lines = {field.name.lower(): field.line for field in spec.fields}
    # A missing field is reported where the field list is (or would be).
    list_line = spec.fields[0].line if spec.fields else max(spec.title_line, 1)

    def line_of(name: str) -> int:
        return field_lines.get(name.lower()) or list_line

    for name in REQUIRED_FIELDS:
        value = spec.field(name)
        if value is None:
            problems.append(Problem(path, list_line, f"missing field :{name}:"))
        elif not value.strip():
            problems.append(Problem(path, line_of(name), f"field :{name}: is empty"))

    folder = spec.path.parent.name
    folder_kind = KIND_OF_FOLDER.get(folder)
    kind = spec.kind
    if kind:
        if kind not in KINDS:
            problems.append(Problem(path, line_of("Kind"), f"unknown kind {kind!r} (kinds: {', '.join(KINDS)})"))
        elif folder_kind and kind != folder_kind:
            problems.append(
                Problem(
                    path,
                    line_of("Kind"),
                    f"kind is {kind} but the file is in {folder}/; a {kind} belongs in {FOLDER_OF_KIND[kind]}/",
                )
            )

    status_kind = kind if kind in KINDS else folder_kind
    status = spec.status
    if status and status_kind:
        allowed = STATUSES[status_kind]
        if status not in allowed:
            problems.append(
                Problem(
                    path,
                    line_of("Status"),
                    f"status {status!r} is not a {status_kind} status ({', '.join(allowed)})",
                )
            )
        elif (status_kind, status) == (PROPOSAL, "accepted"):
            # Accepting moves the proposal to workstreams/ as an active workstream,
            # so an accepted proposal left in specs/ was edited by hand.
            problems.append(
                Problem(
                    path,
                    line_of("Status"),
                    "status 'accepted': an accepted proposal is an active workstream in workstreams/; "
                    "use archwg accept",
                )
            )

    created = (spec.field("Created") or "").strip()
    if created and not _is_iso_date(created):
        problems.append(Problem(path, line_of("Created"), f"created {created!r} is not an ISO date (YYYY-MM-DD)"))

    for champion in split_list(spec.field("Champion")):
        if not is_nick(champion):
            problems.append(Problem(path, line_of("Champion"), f"champion {champion!r} is not an IRC nick"))

    for review in split_list(spec.field("Reviews")):
        if not CHANGE_NUMBER_RE.match(review):
            problems.append(Problem(path, line_of("Reviews"), f"review {review!r} is not a Gerrit change number"))

    if not SLUG_RE.match(spec.path.stem):
        problems.append(
            Problem(
                path,
                1,
                f"file name {spec.path.name!r} is not a slug: use lowercase letters, digits and single hyphens",
            )
        )
    return problems


def _is_iso_date(value: str) -> bool:
    if not ISO_DATE_RE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _section_paths(spec: Spec) -> list[tuple[tuple[str, ...], int]]:
    """Each section as (titles from the top level down, line), in document order."""
    stack: list[str] = []
    paths = []
    for section in spec.sections:
        stack = stack[: section.level - 1] + [section.title]
        paths.append((tuple(stack), section.line))
    return paths


def _section_problems(
    spec: Spec, path: str, required: Sequence[RequiredSection], last_line: int
) -> list[Problem]:
    """The template's sections present, nested as in the template, in its order; extras allowed.

    Titles match without regard to case so that a wrongly capitalised title is
    reported as such rather than as a missing section.
    """
    present = _section_paths(spec)
    keys = [tuple(title.casefold() for title in titles) for titles, _ in present]
    problems: list[Problem] = []

    # position in the document of each required section found, by template order
    found: dict[int, int] = {}
    for number, section in enumerate(required):
        key = tuple(title.casefold() for title in section.titles)
        if key in keys:
            position = keys.index(key)
            found[number] = position
            titles, line = present[position]
            if titles != section.titles:
                message = f"section {titles[-1]!r} should be titled {section.title!r}"
                problems.append(Problem(path, max(line, 1), message))

    in_order = set(_longest_increasing_run([(number, found[number]) for number in sorted(found)]))
    for number, section in enumerate(required):
        if number in found and number not in in_order:
            _, line = present[found[number]]
            before = [required[other].title for other in sorted(in_order) if other < number]
            where = f"after {before[-1]!r}" if before else "first"
            message = f"section {section.title!r} is out of order: the template puts it {where}"
            problems.append(Problem(path, max(line, 1), message))
        elif number not in found:
            problems.append(_missing_section(path, section, number, required, found, present, last_line))
    return problems


def _missing_section(
    path: str,
    section: RequiredSection,
    number: int,
    required: Sequence[RequiredSection],
    found: dict[int, int],
    present: list[tuple[tuple[str, ...], int]],
    last_line: int,
) -> Problem:
    # The same title elsewhere is a nesting mistake, reported where that title is.
    for titles, line in present:
        if titles[-1].casefold() == section.title.casefold():
            if len(section.titles) == 1:
                return Problem(path, max(line, 1), f"section {section.title!r} should be a top-level section")
            parent = " / ".join(section.titles[:-1])
            return Problem(path, max(line, 1), f"section {section.title!r} should be under {parent!r}")
    # Otherwise point at where it belongs: the next required section that is there.
    following = [found[other] for other in range(number + 1, len(required)) if other in found]
    line = present[following[0]][1] if following else last_line
    return Problem(path, max(line, 1), f"missing section {section.label!r}")


def _longest_increasing_run(pairs: list[tuple[int, int]]) -> list[int]:
    """Of (template number, document position) pairs in template order, the longest set whose
    positions increase: the sections that are in order. The rest moved."""
    if not pairs:
        return []
    best = [1] * len(pairs)
    previous = [-1] * len(pairs)
    for i in range(len(pairs)):
        for j in range(i):
            if pairs[j][1] < pairs[i][1] and best[j] + 1 > best[i]:
                best[i], previous[i] = best[j] + 1, j
    index = max(range(len(pairs)), key=lambda i: best[i])
    chosen = []
    while index != -1:
        chosen.append(pairs[index][0])
        index = previous[index]
    return chosen


# -- the text itself -------------------------------------------------------------------------------


def _content(line: str) -> str:
    """A line without its line end (which splitlines may have split on CR, LF or both)."""
    return line.rstrip("\r\n")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def literal_block_lines(lines: Sequence[str]) -> set[int]:
    """Indexes of the lines inside literal blocks: after a paragraph ending in ``::``
    and in code-block directives. The block is every following line indented deeper
    than the line that opened it (blank lines included)."""
    literal: set[int] = set()
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not _opens_literal_block(line):
            continue
        indent = _indent(line)
        while index < len(lines) and (not lines[index].strip() or _indent(lines[index]) > indent):
            if lines[index].strip():
                literal.add(index)
            index += 1
    return literal


def _opens_literal_block(line: str) -> bool:
    directive = _DIRECTIVE_RE.match(line)
    if directive:
        return directive.group(1).lower() in LITERAL_DIRECTIVES
    stripped = line.strip()
    if stripped.startswith(".."):  # comments, targets, substitutions: their "::" is no literal
        return False
    return stripped.endswith("::")


def _is_adornment(line: str) -> bool:
    return is_adornment(line) and line.rstrip() not in _NOT_ADORNMENTS


def _adornment_problems(path: str, lines: Sequence[str], literal: set[int]) -> list[Problem]:
    """Over- and underlines exactly as long as their title.

    docutils only complains about underlines that are too short, and reads
    a short one under a short title as plain text; both hide mistakes.
    """
    contents = [_content(line) for line in lines]
    problems = []
    for index in range(len(contents) - 1):
        title = contents[index]
        underline = contents[index + 1]
        if index in literal or index + 1 in literal or not title.strip() or _is_adornment(title):
            continue
        if not _is_adornment(underline):
            continue
        above = contents[index - 1] if index > 0 else ""
        overlined = _is_adornment(above) and above.strip()[0] == underline.strip()[0]
        if above.strip() and not overlined:
            continue  # the last line of a paragraph followed by a rule: docutils' business
        if title[:1].isspace() and not overlined:
            continue  # indented text cannot be a title
        width = display_width(title.strip())
        for kind, line_number, adornment in (("overline", index, above), ("underline", index + 2, underline)):
            if kind == "overline" and not overlined:
                continue
            length = len(adornment.rstrip())
            if length != width:
                problems.append(
                    Problem(
                        path,
                        line_number,
                        f"{kind} of {title.strip()!r} is {length} characters; make it {width}, as long as the title",
                    )
                )
    return problems


def _line_problems(path: str, lines: Sequence[str], literal: set[int]) -> list[Problem]:
    problems = []
    carriage_returns = [number for number, line in enumerate(lines, start=1) if "\r" in line[len(_content(line)):]]
    if carriage_returns:
        # One report for the file: a CRLF file would otherwise flood the output.
        count = len(carriage_returns)
        problems.append(
            Problem(
                path,
                carriage_returns[0],
                f"carriage return (CR) line end; use LF only ({count} line{'s' if count != 1 else ''})",
            )
        )
    for index, line in enumerate(lines):
        number = index + 1
        content = _content(line)
        if "\t" in content:
            problems.append(Problem(path, number, f"tab at column {content.index(chr(9)) + 1}; use spaces"))
        if content != content.rstrip():
            problems.append(Problem(path, number, "trailing whitespace"))
        invisible = _ZERO_WIDTH_RE.search(content)
        if invisible:
            character = invisible.group()
            problems.append(
                Problem(
                    path,
                    number,
                    f"invisible character U+{ord(character):04X} {ZERO_WIDTH[character]} "
                    f"at column {invisible.start() + 1}",
                )
            )
        width = display_width(content)
        if (
            width > MAX_COLUMNS
            and index not in literal
            and len(content.split()) > 1  # a line without spaces cannot be wrapped
            and not URL_RE.search(content)
        ):
            problems.append(Problem(path, number, f"line is {width} columns long (limit {MAX_COLUMNS})"))
    return problems


def _docutils_problems(spec: Spec, path: str, adornment_lines: set[int]) -> list[Problem]:
    problems = []
    for line, message in spec.messages:
        # Our own adornment rule already says this, with the length to use.
        if line in adornment_lines and message.startswith(("Title underline too short", "Title overline too short")):
            continue
        problems.append(Problem(path, max(line, 1), f"reST: {message}"))
    return problems


# -- across files ----------------------------------------------------------------------------------


def lint_repository(checked: Iterable[Path | str], repository: Iterable[Path | str]) -> list[Problem]:
    """Slugs are unique across specs/ and workstreams/: ``archwg show SLUG`` must name one file.

    *checked* are the files being linted, *repository* every spec file of the
    repository; a checked file is reported when another file has its slug.
    The slug is the file name, so this needs no parsing.
    """
    by_slug: dict[str, list[str]] = {}
    for item in dict.fromkeys(str(path) for path in (*repository, *checked)):
        by_slug.setdefault(Path(item).stem, []).append(item)
    problems = []
    for item in dict.fromkeys(str(path) for path in checked):
        others = [other for other in by_slug[Path(item).stem] if other != item]
        if others:
            problems.append(Problem(item, 1, f"slug {Path(item).stem!r} is also used by {', '.join(others)}"))
    return problems
