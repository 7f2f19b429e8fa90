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


def byte_blocks(source: ByteSource, warn: Warn | None = None) -> Iterator[bytes]:
    """The bytes of *source* in blocks of whole lines: what every line reader reads.

    Valid UTF-8 (a piece that is not is decoded as ``Decoder`` decodes it, with
    its one warning, and encoded again), LF line ends, no BOM; every block but
    the last ends with a newline. A file smaller than ``CHUNK`` is one
    block, its last line included whether or not a newline ends it.
    """
    if source.looks_binary():
        raise BadInput(f"{source.name}: not a meeting log (binary data)")
    decoder = Decoder(source.name, warn)
    pending = b""
    line_number = 1
    first = True
    for chunk, last in _chunks(source):
        data = pending + chunk
        cut = data.rfind(b"\n")
        if cut < 0 and not last:
            if len(data) < MAX_LINE:
                pending = data
                continue
            cut = len(data) - 1  # a runaway line: handed over in pieces
        complete, pending = data[: cut + 1], data[cut + 1 :]
        block = b""
        if complete:
            if b"\x00" in complete:
                raise BadInput(f"{source.name}:{line_number}: not a meeting log (binary data)")
            block = _valid(complete, decoder, line_number)
            if first:
                block = _without_bom(block)
            if b"\r" in block:
                block = block.replace(b"\r\n", b"\n")
            if not block.endswith(b"\n"):
                block += b"\n"
            line_number += block.count(b"\n")
        if last and pending:
            # The last line, with no newline after it: in the same block.
            if b"\x00" in pending:
                raise BadInput(f"{source.name}:{line_number}: not a meeting log (binary data)")
            tail = _valid(pending, decoder, line_number)
            if first and not block:
                tail = _without_bom(tail)
            block += tail.rstrip(b"\r")
            pending = b""
        if block:
            first = False
            yield block


def _chunks(source: ByteSource) -> Iterator[tuple[bytes, bool]]:
    """(data, whether it is the last) from the source's reads, joined up to CHUNK."""
    gathered: list[bytes] = []
    size = 0
    ready = None
    for chunk in source.chunks():
        gathered.append(chunk)
        size += len(chunk)
        if size >= CHUNK:
            if ready is not None:
                yield ready, False
            ready = b"".join(gathered)
            gathered, size = [], 0
    if gathered:
        if ready is not None:
            yield ready, False
        ready = b"".join(gathered)
    if ready is not None:
        yield ready, True


def _valid(data: bytes, decoder: Decoder, line_number: int) -> bytes:
    if data.isascii():
        return data
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        # Lines that are not UTF-8 are read as latin-1, as everywhere (one warning a file).
        return decoder.decode(data, line_number).encode("utf-8")


def _without_bom(block: bytes) -> bytes:
    while block.startswith(b"\xef\xbb\xbf"):
        block = block[3:]
    return block


def iter_text_lines(source: ByteSource, warn: Warn | None = None) -> Iterator[str]:
    """The lines of *source*, decoded, without line ends (CRLF or LF) and without a BOM."""
    for block in byte_blocks(source, warn):
        lines = block.decode("utf-8").split("\n")
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
