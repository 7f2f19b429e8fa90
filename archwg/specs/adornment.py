"""reST section adornments: the one rule the lint and the spec editors share."""

from __future__ import annotations

import re

from archwg.specs.model import display_width

# One punctuation character (any printable ASCII that is not a letter or digit), repeated.
_ADORNMENT = re.compile(r"([!-/:-@\[-`{-~])\1*")


def is_adornment(line: str, minimum: int = 1) -> bool:
    """Whether *line* is one punctuation character repeated at least *minimum* times (trailing blanks allowed)."""
    stripped = line.rstrip()
    return len(stripped) >= minimum and _ADORNMENT.fullmatch(stripped) is not None


def title_rule(title: str, character: str = "=") -> str:
    """The adornment for *title*: as many columns as reST measures it (a wide character takes two)."""
    return character * display_width(title)
