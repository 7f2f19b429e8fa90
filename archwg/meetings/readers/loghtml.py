"""MeetBot's ``.log.html``: the raw log inside a ``<pre>``, one anchored line per message.

Both markups MeetBot has written are read: the older ``<a name="l-N"></a>``
before the time and the newer ``<a href="#l-N" name="l-N">`` around it. The
page is parsed with the standard library's HTML parser, fed chunk by chunk,
and the text of the ``<pre>`` (tags dropped, entities decoded) is exactly the
``.log.txt`` line, which the IRC line reader then parses.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Iterator

from archwg.meetings.model import Line
from archwg.meetings.readers.irclog import read_irc_lines
from archwg.meetings.readers.textio import ByteSource, Warn, iter_text_chunks


class _PreText(HTMLParser):
    """Collects the text inside ``<pre>``; complete lines are taken out as they arrive."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside_pre = 0
        self.pending: list[str] = []
        self.lines: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "pre":
            self.inside_pre += 1
        elif tag == "br" and self.inside_pre:
            self._add("\n")

    def handle_endtag(self, tag):
        if tag == "pre" and self.inside_pre:
            self.inside_pre -= 1
            self._add("\n")

    def handle_data(self, data):
        if self.inside_pre:
            self._add(data)

    def _add(self, data: str) -> None:
        if "\n" not in data:
            self.pending.append(data)
            return
        head, *middle, tail = data.split("\n")
        self.pending.append(head)
        self.lines.append("".join(self.pending))
        self.lines.extend(middle)
        self.pending = [tail] if tail else []

    def take_lines(self) -> list[str]:
        lines, self.lines = self.lines, []
        return lines


def _html_text_lines(source: ByteSource, warn: Warn | None) -> Iterator[str]:
    parser = _PreText()
    for chunk in iter_text_chunks(source, warn):
        parser.feed(chunk)
        yield from parser.take_lines()
    parser.close()
    yield from parser.take_lines()
    if parser.pending:
        yield "".join(parser.pending)


# MeetBot titles its HTML log "<title>#fedora-meeting log</title>".
_TITLE = re.compile(r"<title>\s*([#&][^\s<]+) log\s*</title>", re.IGNORECASE)


def html_log_channel(head: str) -> str | None:
    """The channel an HTML log's title names, from the start of the file (the title is in its head)."""
    found = _TITLE.search(head)
    return html.unescape(found.group(1)) if found else None


def read_html_log_lines(source: ByteSource, warn: Warn | None = None) -> Iterator[Line]:
    return read_irc_lines(_html_text_lines(source, warn))
