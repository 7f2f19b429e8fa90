"""Which specs a text names: an action item's "update nova-compute-api", a bot's question."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from archwg.meetings.model import ActionItem


def spec_index(root: Path | None) -> dict[str, str]:
    """slug -> path relative to the repository, for every spec; nothing outside a repository."""
    if root is None:
        return {}
    from archwg.specs.store import spec_paths

    return {path.stem: path.relative_to(root).as_posix() for path in spec_paths(root)}


def slugs_named(text: str, slugs) -> tuple[str, ...]:
    """The slugs of *slugs* that *text* names (``nova-compute-api``), whole words only, in *slugs*' order."""
    # A slug is words joined by hyphens: "nova-compute-api-v2" is not "nova-compute-api".
    return tuple(
        slug for slug in slugs
        if re.search(r"(?<![\w-])" + re.escape(slug) + r"(?![\w-])", text, re.IGNORECASE)
    )


def linked(item: ActionItem, slugs) -> ActionItem:
    """The item with the slugs of the specs its text names."""
    return replace(item, links=slugs_named(item.text, slugs))
