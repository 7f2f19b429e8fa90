"""What a spec is: kinds, statuses, the lifecycle, and the parsed Spec."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from archwg.errors import InvalidTransition, UsageError

PROPOSAL = "proposal"
WORKSTREAM = "workstream"
KINDS = (PROPOSAL, WORKSTREAM)

# Where each kind lives in a spec repository, and back.
FOLDER_OF_KIND = {PROPOSAL: "specs", WORKSTREAM: "workstreams"}
KIND_OF_FOLDER = {folder: kind for kind, folder in FOLDER_OF_KIND.items()}

STATUSES = {
    PROPOSAL: ("draft", "proposed", "accepted", "rejected", "withdrawn"),
    WORKSTREAM: ("active", "completed", "tabled", "abandoned"),
}
INITIAL_STATUS = {PROPOSAL: "draft", WORKSTREAM: "active"}

# (kind, from) -> allowed targets. Accepting a proposal makes it an active workstream.
TRANSITIONS: dict[tuple[str, str], tuple[str, ...]] = {
    (PROPOSAL, "draft"): ("proposed",),
    (PROPOSAL, "proposed"): ("accepted", "rejected", "withdrawn"),
    (WORKSTREAM, "active"): ("completed", "tabled", "abandoned"),
    (WORKSTREAM, "tabled"): ("active",),
}

# The fields every spec carries, in the order the templates write them.
REQUIRED_FIELDS = ("Kind", "Status", "Champion", "Created")
OPTIONAL_FIELDS = ("Reviews", "Topic")

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# "Lines under 80 columns", as OpenStack's specs repositories' test_titles.py wants them.
MAX_COLUMNS = 79


def slugify(title: str) -> str:
    """'Bars Probe Thing' -> 'bars-probe-thing': every run of other characters is one hyphen.

    Accents are dropped first ('Café résumé' -> 'cafe-resume', 'Größe' ->
    'grosse') so that a European title does not lose whole letters.
    """
    folded = unicodedata.normalize("NFKD", title.casefold())
    plain = "".join(character for character in folded if not unicodedata.combining(character))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def validate_slug(slug: str) -> str:
    if not SLUG_RE.match(slug):
        raise UsageError(f"bad slug {slug!r}: use lower-case letters, digits and single hyphens")
    return slug


def display_width(text: str) -> int:
    """Columns *text* takes: East Asian wide characters take two, combining marks none.

    reST measures title adornments this way, so templates and the lint must too.
    """
    if text.isascii():  # nearly every line of a spec, and the hot path of a large check
        return len(text)
    width = 0
    for character in text:
        if unicodedata.combining(character):
            continue
        width += 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
    return width


@dataclass(frozen=True)
class Transition:
    """The outcome of moving a spec to *target*: its new kind and status."""

    kind: str
    status: str
    target: str

    @property
    def moves(self) -> bool:
        return self.kind != self.target_kind

    @property
    def target_kind(self) -> str:
        return WORKSTREAM if (self.kind, self.target) == (PROPOSAL, "accepted") else self.kind

    @property
    def target_status(self) -> str:
        return "active" if (self.kind, self.target) == (PROPOSAL, "accepted") else self.target


def plan_transition(kind: str, status: str, target: str) -> Transition:
    """Check a lifecycle step; refuse it with a message that names the allowed ones."""
    allowed = TRANSITIONS.get((kind, status), ())
    if target not in allowed:
        if allowed:
            choices = ", ".join(allowed)
            hint = f"allowed from {status}: {choices}"
        else:
            hint = f"{status} is final for a {kind}"
        raise InvalidTransition(f"cannot move a {kind} from {status} to {target} ({hint})")
    return Transition(kind=kind, status=status, target=target)


@dataclass(frozen=True)
class Field:
    name: str
    value: str
    line: int


@dataclass(frozen=True)
class Section:
    title: str
    line: int
    level: int  # 1 for the sections under the document title


@dataclass(frozen=True)
class Spec:
    """One spec file, as docutils read it. Values are as written; validation is lint's job."""

    path: Path
    title: str
    title_line: int
    fields: tuple[Field, ...]
    sections: tuple[Section, ...]
    messages: tuple[tuple[int, str], ...] = field(default=())  # docutils warnings and errors

    @property
    def slug(self) -> str:
        return self.path.stem

    def field(self, name: str) -> str | None:
        for item in self.fields:
            if item.name.lower() == name.lower():
                return item.value
        return None

    @property
    def kind(self) -> str | None:
        value = self.field("Kind")
        return value.strip().lower() if value else None

    @property
    def status(self) -> str | None:
        value = self.field("Status")
        return value.strip().lower() if value else None

    @property
    def champions(self) -> tuple[str, ...]:
        return split_list(self.field("Champion"))

    @property
    def created(self) -> date | None:
        try:
            return date.fromisoformat((self.field("Created") or "").strip())
        except ValueError:
            return None

    @property
    def reviews(self) -> tuple[int, ...]:
        return tuple(int(x) for x in split_list(self.field("Reviews")) if x.isdigit())

    @property
    def topic(self) -> str | None:
        value = self.field("Topic")
        return value.strip() if value else None


def split_list(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(part.strip() for part in value.split(",") if part.strip())
