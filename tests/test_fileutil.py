"""atomic_write: a write that fails part-way leaves the old file as it was, byte for byte, and no temporary file."""

from __future__ import annotations

import errno
import os

import pytest

import archwg.fileutil as fileutil
from archwg.errors import OperationFailed
from archwg.fileutil import atomic_write

OLD = "line one\nline two\n" * 100


class _FailingHalfway:
    """A file object that writes half of what it is given, then fails as a full disk does."""

    def __init__(self, handle):
        self.handle = handle

    def write(self, text: str) -> int:
        self.handle.write(text[: len(text) // 2])
        self.handle.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self.handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self.handle.__exit__(*exc)


def test_a_write_that_fails_halfway_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "agenda.txt"
    path.write_text(OLD)
    real_fdopen = os.fdopen
    monkeypatch.setattr(fileutil.os, "fdopen", lambda *args, **kwargs: _FailingHalfway(real_fdopen(*args, **kwargs)))

    with pytest.raises(OperationFailed) as raised:
        atomic_write(path, "new text\n" * 200)

    # The file asked for, not the temporary one beside it; a full disk on a good path is exit 1.
    assert str(raised.value) == f"{path}: cannot write: {os.strerror(errno.ENOSPC)}"
    assert raised.value.exit_code == 1
    assert path.read_bytes() == OLD.encode()
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["agenda.txt"]


def test_a_rename_that_fails_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "arch_wg.ics"
    path.write_text(OLD)

    def refuse(source, destination):
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(destination))

    monkeypatch.setattr(fileutil.os, "replace", refuse)

    with pytest.raises(OperationFailed, match=f"^{path}: cannot write: "):
        atomic_write(path, "new\n")

    assert path.read_bytes() == OLD.encode()
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["arch_wg.ics"]


def test_a_new_file_gets_the_text_and_an_existing_one_keeps_its_mode(tmp_path):
    fresh = tmp_path / "fresh.txt"
    atomic_write(fresh, "é\r\n")
    assert fresh.read_bytes() == "é\r\n".encode()  # no newline translation
    assert fresh.stat().st_mode & 0o777 == 0o644

    script = tmp_path / "run.sh"
    script.write_text("old")
    script.chmod(0o755)
    atomic_write(script, "new")
    assert script.read_text() == "new"
    assert script.stat().st_mode & 0o777 == 0o755


def test_a_folder_that_takes_no_new_file_is_named_by_the_target(tmp_path):
    """"-o /proc/x" said "No such file or directory: /proc/.x.d8ltxsta.tmp" and exited 2."""
    with pytest.raises(OperationFailed) as raised:
        atomic_write("/proc/x", "text\n")
    assert str(raised.value) == "/proc/x: cannot write: No such file or directory"
    assert raised.value.exit_code == 1  # /proc exists: good input, the write failed


def test_a_missing_folder_is_an_error_and_nothing_is_created(tmp_path):
    from archwg.errors import BadInput

    target = tmp_path / "missing" / "deeper" / "out.txt"
    with pytest.raises(BadInput, match="no such folder"):
        atomic_write(target, "text\n")
    assert list(tmp_path.iterdir()) == []
    atomic_write(target, "text\n", parents=True)  # archwg's own state folders
    assert target.read_text() == "text\n"


def test_a_symlink_is_written_through_its_target_updated_and_the_link_kept(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text(OLD)
    link = tmp_path / "link.txt"
    link.symlink_to("real.txt")

    atomic_write(link, "through the link\n")

    assert link.is_symlink() and os.readlink(link) == "real.txt"
    assert target.read_text() == "through the link\n"
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["link.txt", "real.txt"]


def test_a_fifo_is_written_into_not_replaced(tmp_path):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()

    atomic_write(fifo, "to the reader\n")
    reader.join(10)

    assert received == [b"to the reader\n"]
    assert fifo.is_fifo()
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["pipe"]


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs Linux's /proc/self/fd")
def test_a_link_to_a_pipe_is_written_into_as_dev_stdout_is(tmp_path):
    # -o /dev/stdout with standard output a pipe: /dev/stdout -> /proc/self/fd/1 -> 'pipe:[N]', no real path.
    read_end, write_end = os.pipe()
    try:
        link = tmp_path / "stdout"
        link.symlink_to(f"/proc/self/fd/{write_end}")

        atomic_write(link, "down the pipe\n")

        assert os.read(read_end, 100) == b"down the pipe\n"
        assert link.is_symlink()
        assert sorted(entry.name for entry in tmp_path.iterdir()) == ["stdout"]
    finally:
        os.close(read_end)
        os.close(write_end)


@pytest.mark.skipif(os.geteuid() != 0, reason="os.mknod of a character device needs root")
def test_a_character_device_is_written_into_not_replaced(tmp_path):
    import stat

    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a copy of /dev/null

    atomic_write(null, "discarded\n")

    assert null.is_char_device()
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["null"]


def test_a_regular_file_is_still_replaced_by_a_rename(tmp_path):
    path = tmp_path / "agenda.txt"
    path.write_text(OLD)
    before = path.stat().st_ino

    atomic_write(path, "new\n")

    assert path.read_text() == "new\n"
    assert path.stat().st_ino != before  # a new file renamed over, not the old one rewritten
