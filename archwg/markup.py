"""Quoting text that people wrote into the markup formats archwg writes."""

from __future__ import annotations

# Every entry archwg writes follows "- " or "# ", so only inline markup needs
# escaping, not what would start a block.
_MARKDOWN_SPECIAL = frozenset("\\`*_[]<>|~")


def markdown_escape(text: str) -> str:
    """*text* as literal Markdown: nick_names and [brackets] stay as written."""
    return "".join("\\" + char if char in _MARKDOWN_SPECIAL else char for char in text)
