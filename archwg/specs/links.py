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


def spec_titles(root: Path | None) -> dict[str, str]:
    """slug -> title, for every readable spec with a title; nothing outside a repository."""
    if root is None:
        return {}
    from archwg.specs.store import load_specs

    # A broken spec is `archwg check`'s to report; linking goes on without it.
    return {spec.slug: spec.title for spec in load_specs(root, warn=lambda _: None) if spec.title}


def slugs_named(text: str, slugs, titles: dict[str, str] | None = None) -> tuple[str, ...]:
    """The slugs of *slugs* that *text* names, in *slugs*' order: by the slug (``nova-compute-api``),
    whole words only, or by the spec's title in *titles* ("Resurrect Error Codes and Logging
    Improvements spec" names error-codes-and-logging)."""
    titles = titles or {}
    return tuple(
        slug for slug in slugs
        # A slug is words joined by hyphens: "nova-compute-api-v2" is not "nova-compute-api".
        if re.search(r"(?<![\w-])" + re.escape(slug) + r"(?![\w-])", text, re.IGNORECASE)
        or _names_title(text, titles.get(slug))
    )


def _names_title(text: str, title: str | None) -> bool:
    """The title's words, in order, as whole words with only spaces or punctuation between them.

    A one-word title ("Logging") is too common a word to stand for a spec.
    """
    words = re.findall(r"\w+", title or "")
    if len(words) < 2:
        return False
    pattern = r"(?<!\w)" + r"\W+".join(re.escape(word) for word in words) + r"(?!\w)"
    return re.search(pattern, text, re.IGNORECASE) is not None


def linked(item: ActionItem, slugs, titles: dict[str, str] | None = None) -> ActionItem:
    """The item with the slugs of the specs its text names, by slug or by title."""
    return replace(item, links=slugs_named(item.text, slugs, titles))
