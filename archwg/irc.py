"""What counts as an IRC nick: one rule for spec champions, meeting descriptions and action owners.

RFC 2812's nickname: a letter or one of ``[]\\`_^{|}``, then letters,
digits, those specials and ``-``. Networks allow longer nicks than the RFC's
nine characters, so the length is not limited.
"""

from __future__ import annotations

import re

NICK_RE = re.compile(r"^[A-Za-z\[\]\\`_^{|}][A-Za-z0-9\[\]\\`_^{|}-]*$")


def is_nick(text: str) -> bool:
    return NICK_RE.match(text) is not None
