"""Values the Gerrit tests share: real Spec values and a population of specs with their changes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from archwg.specs.model import Field, Spec
from gerrit_standin import make_change

PROJECT = "openstack/arch-wg"
T0 = datetime(2017, 3, 1, 12, 0, tzinfo=timezone.utc)


def spec(slug: str, folder: str = "specs", reviews: tuple[int, ...] = (), topic: str | None = None,
         status: str | None = None) -> Spec:
    """A real Spec value, as the parser would build it from a file's field list."""
    kind = "proposal" if folder == "specs" else "workstream"
    fields = [Field("Kind", kind, 5), Field("Status", status or ("proposed" if kind == "proposal" else "active"), 6),
              Field("Champion", "SpamapS", 7), Field("Created", "2017-01-05", 8)]
    if reviews:
        fields.append(Field("Reviews", ", ".join(map(str, reviews)), 9))
    if topic:
        fields.append(Field("Topic", topic, 10))
    return Spec(path=Path(folder) / f"{slug}.rst", title=slug.replace("-", " ").title(), title_line=2,
                fields=tuple(fields), sections=())


def population(count: int = 200) -> tuple[list[Spec], list[dict]]:
    """*count* specs with three changes each: one by :Reviews:, one by :Topic:, one by its file."""
    specs, changes = [], []
    for index in range(count):
        slug = f"spec-{index:03d}"
        folder = "specs" if index % 3 else "workstreams"
        base = 500000 + index * 3
        specs.append(spec(slug, folder, reviews=(base,), topic=f"topic-{index:03d}"))
        when = T0 + timedelta(minutes=index)
        changes.append(make_change(base, subject=f"Review of {slug}", updated=when,
                                   files={"README.rst": {"lines_inserted": 1}}))
        changes.append(make_change(base + 1, topic=f"topic-{index:03d}", updated=when,
                                   files={"doc/notes.rst": {}}))
        changes.append(make_change(base + 2, updated=when, status="MERGED" if index % 2 else "NEW",
                                   files={f"{folder}/{slug}.rst": {"lines_inserted": 2}}))
    return specs, changes
