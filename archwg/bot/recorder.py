"""Writing a meeting's log in MeetBot's ``.log.txt`` format, line by line.

``HH:MM:SS <nick> text`` for a message, ``HH:MM:SS  * nick text`` for /me,
UTC, in ``<logs>/<meeting_id>.<YYYY-MM-DD-HH.MM>.log.txt`` named after the
``#startmeeting`` line, as MeetBot names its files, so every archwg reader
(and the file-name series) takes it as MeetBot's. Each line is flushed as it
is written: a bot that dies mid-meeting leaves every line said until then.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from archwg.bot.text import clean


def log_name(meeting_id: str, start: datetime) -> str:
    return f"{meeting_id}.{start:%Y-%m-%d-%H.%M}.log.txt"


def log_names(meeting_id: str) -> str:
    """The glob pattern of every ``log_name`` of *meeting_id*: they sort as their meetings started."""
    return f"{meeting_id}.????-??-??-??.??.log.txt"


def log_line(when: datetime, nick: str, text: str, action: bool = False) -> str:
    # A line of the log is one IRC line: no control character may split it.
    text = clean(text)
    if action:
        return f"{when:%H:%M:%S}  * {nick} {text}"
    return f"{when:%H:%M:%S} <{nick}> {text}"


class Recorder:
    """An open log file. Appends, so a meeting goes on in the same file after a reconnect or a restart."""

    def __init__(self, folder: Path, meeting_id: str, start: datetime):
        self.path = Path(folder) / log_name(meeting_id, start)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = open(self.path, "a", encoding="utf-8", newline="\n")

    @classmethod
    def reopen(cls, path: Path) -> Recorder:
        """The log of a meeting recorded before, written on where it stopped."""
        recorder = cls.__new__(cls)
        recorder.path = Path(path)
        # A process killed mid-write leaves a last line without its newline: end it, or the
        # first line written now would run on from it and be lost to every reader.
        with open(recorder.path, "rb") as old:
            cut = False
            if old.seek(0, 2) > 0:
                old.seek(-1, 2)
                cut = old.read(1) != b"\n"
        recorder._file = open(recorder.path, "a", encoding="utf-8", newline="\n")
        if cut:
            recorder._file.write("\n")
        return recorder

    def write(self, when: datetime, nick: str, text: str, action: bool = False) -> None:
        self._file.write(log_line(when, nick, text, action) + "\n")
        self._file.flush()

    def close(self) -> None:
        self._file.close()

    @property
    def closed(self) -> bool:
        return self._file.closed
