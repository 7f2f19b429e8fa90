"""Review states where the chair works: notes on action items and the agenda's check-in lines.

Pure: the text, the specs and the snapshot in, short notes out. An item that
names a change (by number or URL) gets that change's state, merged or not:
"[435555: merged]" tells the chair the action is done. An item that names a
spec by its slug gets the states of that spec's open changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from archwg.gerrit.config import GerritConfig, LabelMap
from archwg.gerrit.model import review_state, state_summary
from archwg.gerrit.query import ChangeIndex, belongs

# A change URL of any Gerrit era: /435555, /#/c/435555/, /c/openstack/nova/+/435555/3
CHANGE_URL = re.compile(r"https?://[^\s/]+(?:/[^\s#]*?)?/(?:#/c/|c/(?:[^\s+]+/\+/)?)?(\d+)(?:/\d*)?/?(?=$|[\s)\]>,;.])")
NUMBER = re.compile(r"(?<![\w/#.-])(\d{4,})(?![\w/])")


@dataclass(frozen=True)
class ReviewNote:
    number: int
    state: str
    summary: str  # "ready, no +A for 21 days"
    url: str | None

    @property
    def text(self) -> str:
        return f"[{self.number}: {self.summary}]"

    def as_dict(self) -> dict:
        return {"number": self.number, "state": self.state, "url": self.url}


def _slug_pattern(slug: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){re.escape(slug)}(?![\w-])", re.IGNORECASE)


def annotations(text: str, specs, snapshot, now: datetime,
                config: GerritConfig | None = None) -> tuple[ReviewNote, ...]:
    """The review notes of one action item's *text*, in the order it names them, each change once."""
    if snapshot is None or not text:
        return ()
    roles = config.labels if config else LabelMap()
    project = config.project if config else None
    by_number = {change.number: change for change in snapshot.changes}
    found: list[tuple[int, int]] = []  # (position in text, number)
    for match in CHANGE_URL.finditer(text):
        found.append((match.start(), int(match.group(1))))
    for match in NUMBER.finditer(text):
        found.append((match.start(), int(match.group(1))))
    for spec in specs:
        match = _slug_pattern(spec.slug).search(text)
        if match:
            mine = sorted(c.number for c in snapshot.changes if c.is_open and belongs(c, spec, project))
            found.extend((match.start(), number) for number in mine)
    notes, seen = [], set()
    for _, number in sorted(found):
        change = by_number.get(number)
        if change is None or number in seen:
            continue  # a number Gerrit never answered for is a date, a bug number, anything
        seen.add(number)
        notes.append(ReviewNote(number, review_state(change, roles), state_summary(change, now, roles), change.url))
    return tuple(notes)


def annotated(text: str, notes: tuple[ReviewNote, ...]) -> str:
    """The item followed by its notes: 'move nova-compute-api ... [435555: ready, no +A for 21 days]'."""
    return " ".join([text, *(note.text for note in notes)]) if notes else text


@dataclass(frozen=True)
class CheckIn:
    """One open change on the agenda's "Specs check-in": whose it is, where, and its state and age."""

    label: str  # the spec's slug, or the tracked query's title
    number: int
    url: str | None
    summary: str  # "ready, no +A for 21 days"
    subject: str | None = None  # given for a tracked query's change, which no slug names

    def line(self) -> str:
        """The text agenda's line: '#link https://.../435555 nova-compute-api: ready, no +A for 21 days'."""
        what = f"{self.label}: {self.subject} ({self.summary})" if self.subject else f"{self.label}: {self.summary}"
        return f"#link {self.url or self.number} {what}"


def checkin(specs, snapshot, config: GerritConfig | None, now: datetime) -> tuple[CheckIn, ...]:
    """The open changes of *specs* and of the tracked queries, each once; () without a snapshot."""
    if snapshot is None:
        return ()
    roles = config.labels if config else LabelMap()
    project = config.project if config else None
    entries = []
    listed = set()
    index = ChangeIndex.build(snapshot.changes)
    for spec in specs:
        for change in index.changes_of(spec, project):
            if change.is_open:
                listed.add(change.number)
                entries.append(CheckIn(spec.slug, change.number, change.url, state_summary(change, now, roles)))
    by_number = {change.number: change for change in snapshot.changes}
    for answer in snapshot.queries:
        for number in answer.numbers:
            change = by_number.get(number)
            if change and change.is_open and number not in listed:
                listed.add(number)
                entries.append(CheckIn(answer.title, number, change.url, state_summary(change, now, roles),
                                       change.subject))
    return tuple(entries)
