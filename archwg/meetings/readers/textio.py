"""Bytes in, decoded text lines out, streaming.

Every reader goes through here so that encodings, BOMs, CRLF and binary files
are handled once. Files are read in chunks: a 1 GB channel log never sits in
memory, and a line longer than ``MAX_LINE`` (the run-together copy of seed
004 is one huge line) is cut into pieces rather than buffered whole.
"""

from __future__ import annotations

from typing import BinaryIO, Callable, Iterator

from archwg.errors import BadInput

CHUNK = 1 << 20  # 1 MiB reads: few system calls, bounded memory
HEAD = 64 * 1024  # what format detection looks at
MAX_LINE = 4 * CHUNK

Warn = Callable[[str], None]


class ByteSource:
    """A binary stream whose first bytes were already read for format detection.

    Standard input cannot seek back, so the head is kept and replayed in front
    of the rest of the stream.
    """

    def __init__(self, stream: BinaryIO, name: str):
        self.stream = stream
        self.name = name
        self.head = stream.read(HEAD)
        self._head_pending = True

    def chunks(self) -> Iterator[bytes]:
        if self._head_pending:
            self._head_pending = False
            if self.head:
                yield self.head
        while True:
            chunk = self.stream.read(CHUNK)
            if not chunk:
                return
            yield chunk

    def head_text(self) -> str:
        """The head decoded leniently, for sniffing only."""
        return self.head.decode("utf-8", errors="replace").lstrip("\ufeff")

    def looks_binary(self) -> bool:
        return b"\x00" in self.head


class Decoder:
    """UTF-8, falling back to latin-1 for undecodable pieces, with one warning per file."""

    def __init__(self, name: str, warn: Warn | None):
        self.name = name
        self.warn = warn
        self.warned = False

    def decode(self, data: bytes, line_number: int) -> str:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        # Only the lines that fail fall back; the rest of the chunk stays UTF-8.
        pieces = []
        for offset, raw in enumerate(data.split(b"\n")):
            try:
                pieces.append(raw.decode("utf-8"))
            except UnicodeDecodeError:
                pieces.append(raw.decode("latin-1"))
                if not self.warned:
                    self.warned = True
                    if self.warn is not None:
                        self.warn(
                            f"{self.name}:{line_number + offset}: not valid UTF-8, read as latin-1"
                        )
        return "\n".join(pieces)


def iter_text_blocks(source: ByteSource, warn: Warn | None = None) -> Iterator[str]:
    """The text of *source* in blocks of whole lines: decoded, LF line ends, no BOM.

    Every block but the last ends with a newline. Readers that can work on
    many lines at once (the fast MeetBot reader) take blocks; others take lines.
    """
    if source.looks_binary():
        raise BadInput(f"{source.name}: not a meeting log (binary data)")
    decoder = Decoder(source.name, warn)
    pending = b""
    line_number = 1
    first = True
    for chunk in source.chunks():
        data = pending + chunk
        cut = data.rfind(b"\n")
        if cut < 0:
            if len(data) < MAX_LINE:
                pending = data
                continue
            cut = len(data) - 1  # a runaway line: hand it over in pieces
        complete, pending = data[: cut + 1], data[cut + 1 :]
        if b"\x00" in complete:
            raise BadInput(f"{source.name}:{line_number}: not a meeting log (binary data)")
        text = decoder.decode(complete, line_number)
        if first:
            text = text.lstrip("\ufeff")
            first = False
        if "\r" in text:
            text = text.replace("\r\n", "\n")
        if not text.endswith("\n"):
            text += "\n"
        line_number += text.count("\n")
        yield text
    if pending:
        if b"\x00" in pending:
            raise BadInput(f"{source.name}:{line_number}: not a meeting log (binary data)")
        text = decoder.decode(pending, line_number)
        if first:
            text = text.lstrip("\ufeff")
        yield text.rstrip("\r")


def iter_text_lines(source: ByteSource, warn: Warn | None = None) -> Iterator[str]:
    """The lines of *source*, decoded, without line ends (CRLF or LF) and without a BOM."""
    for block in iter_text_blocks(source, warn):
        lines = block.split("\n")
        if lines[-1] == "":
            lines.pop()
        yield from lines


def iter_text_chunks(source: ByteSource, warn: Warn | None = None) -> Iterator[str]:
    """Decoded text in pieces that never split a UTF-8 sequence, for formats that are one long line."""
    if source.looks_binary():
        raise BadInput(f"{source.name}: not a meeting log (binary data)")
    decoder = Decoder(source.name, warn)
    pending = b""
    first = True
    for chunk in source.chunks():
        data = pending + chunk
        # Cut after the last ASCII space so no multi-byte character is split.
        cut = data.rfind(b" ")
        if cut < 0 and len(data) < MAX_LINE:
            pending = data
            continue
        if cut < 0:
            cut = len(data) - 1
        complete, pending = data[: cut + 1], data[cut + 1 :]
        text = decoder.decode(complete, 1)
        if first:
            text = text.lstrip("\ufeff")
            first = False
        yield text
    if pending:
        text = decoder.decode(pending, 1)
        yield text.lstrip("\ufeff") if first else text
