"""Which changes belong to a spec, and the few OR-combined queries that fetch them.

A spec's changes are its ``:Reviews:`` numbers, the changes of its
``:Topic:``, and every change in the spec project touching its file in
either folder (a status move renames specs/x.rst to workstreams/x.rst).
One query per spec would be hundreds of requests; instead every spec's terms
are OR-ed together and cut only where a URL would grow past a length every
proxy in front of Gerrit accepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable
from urllib.parse import quote

from archwg.gerrit.model import Change
from archwg.specs.model import FOLDER_OF_KIND

# Apache's default request line limit is 8190 bytes; stay well under it with the options and paging.
MAX_QUERY_LENGTH = 3000
FOLDERS = tuple(FOLDER_OF_KIND.values())
SAFE_TOPIC = re.compile(r"^[A-Za-z0-9._/+-]+$")


@dataclass(frozen=True, order=True)
class Term:
    """One thing a sync looks for: a change number, a topic, or a spec file (by slug)."""

    kind: str  # "change", "topic" or "file"
    value: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.value}"

    @classmethod
    def from_key(cls, key: str) -> Term:
        kind, _, value = key.partition(":")
        return cls(kind, value)


def spec_terms(specs: Iterable, project: str | None) -> tuple[Term, ...]:
    """Every term of every spec, each once, in a stable order."""
    terms: set[Term] = set()
    for spec in specs:
        terms.update(Term("change", str(number)) for number in spec.reviews)
        if spec.topic:
            terms.add(Term("topic", spec.topic))
        if project:
            terms.add(Term("file", spec.slug))
    return tuple(sorted(terms))


def _topic(value: str) -> str:
    # Gerrit's query lexer (QueryParser.g): a bare word cannot start with "-" (that is NOT), and in
    # "..." a backslash escapes the next character, a quote included.
    if SAFE_TOPIC.match(value) and not value.startswith("-"):
        return f"topic:{value}"
    return 'topic:"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _files(project: str, slugs: list[str]) -> str:
    # One regex for every slug of the group: Gerrit matches file:^... against whole paths.
    # "[.]" rather than "\." because Gerrit's query parser treats backslashes as escapes.
    folders = "|".join(FOLDERS)
    names = "|".join(slug.replace(".", "[.]") for slug in slugs)
    return f'(project:{project} file:"^({folders})/({names})[.]rst")'


def render(terms: Iterable[Term], project: str | None) -> str:
    """The OR of *terms* as one Gerrit query."""
    terms = list(terms)
    parts = [f"change:{t.value}" for t in terms if t.kind == "change"]
    parts += [_topic(t.value) for t in terms if t.kind == "topic"]
    slugs = [t.value for t in terms if t.kind == "file"]
    if slugs and project:
        parts.append(_files(project, slugs))
    return " OR ".join(parts)


def query_time(value) -> str:
    """A time as after: takes it: Gerrit reads '2006-01-02[ 15:04:05[.890][ -0700]]', no timezone meaning UTC.

    Seconds are enough: the sync asks with minutes of overlap anyway.
    """
    from datetime import timezone

    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def incremental(query: str, after: str | None) -> str:
    """*query* limited to changes updated since *after* (Gerrit's own time, UTC), across all statuses."""
    return f'({query}) after:"{after}"' if after else query


def group_terms(terms: Iterable[Term], project: str | None, after: str | None = None,
                max_length: int = MAX_QUERY_LENGTH) -> tuple[tuple[tuple[Term, ...], str], ...]:
    """Cut *terms* into as few queries as fit *max_length* once URL-encoded: (terms, query) pairs."""
    groups: list[tuple[tuple[Term, ...], str]] = []
    current: list[Term] = []
    for term in terms:
        trial = current + [term]
        if current and len(quote(incremental(render(trial, project), after), safe="")) > max_length:
            groups.append((tuple(current), incremental(render(current, project), after)))
            current = [term]
        else:
            current = trial
    if current:
        groups.append((tuple(current), incremental(render(current, project), after)))
    return tuple(groups)


def spec_files(slug: str) -> frozenset[str]:
    return frozenset(f"{folder}/{slug}.rst" for folder in FOLDERS)


def belongs(change: Change, spec, project: str | None) -> bool:
    """Whether *change* is one of *spec*'s: the same rules the queries ask the server."""
    if change.number in spec.reviews:
        return True
    if spec.topic and change.topic == spec.topic:
        return True
    return bool(project) and change.project == project and bool(change.touched_paths & spec_files(spec.slug))


@dataclass(frozen=True)
class ChangeIndex:
    """The changes of a snapshot by number, topic and path, to find every spec's changes at once.

    Checking ``belongs`` for every spec against every change is 120,000
    checks for 200 specs and 600 changes (half a second); this finds the same
    changes by lookup. ``changes_of`` and ``belongs`` answer alike (tested).
    """

    by_number: dict
    by_topic: dict
    by_path: dict  # (project, path) -> changes touching it

    @classmethod
    def build(cls, changes) -> ChangeIndex:
        by_number, by_topic, by_path = {}, {}, {}
        for change in changes:
            by_number[change.number] = change
            if change.topic:
                by_topic.setdefault(change.topic, []).append(change)
            for path in change.touched_paths:
                by_path.setdefault((change.project, path), []).append(change)
        return cls(by_number, by_topic, by_path)

    def changes_of(self, spec, project: str | None) -> tuple[Change, ...]:
        found = {n: self.by_number[n] for n in spec.reviews if n in self.by_number}
        if spec.topic:
            found.update((c.number, c) for c in self.by_topic.get(spec.topic, ()))
        if project:
            for path in spec_files(spec.slug):
                found.update((c.number, c) for c in self.by_path.get((project, path), ()))
        return tuple(found[n] for n in sorted(found))
