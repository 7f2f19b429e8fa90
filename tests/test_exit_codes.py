"""Exit statuses, as README.md says: 2 for bad input or usage, 1 for an operation that failed (a closed pipe too)."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ARCH_WG = PROJECT_ROOT / "meetings" / "arch_wg.yaml"
SERIES = Path(__file__).resolve().parent / "data" / "meetings" / "series"


def test_a_full_disk_is_an_operation_that_failed_and_the_old_file_stays(tmp_path, run_cli, monkeypatch):
    import archwg.fileutil as fileutil

    out = tmp_path / "arch_wg.ics"
    out.write_bytes(b"the calendar of last week\n")

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fileutil.os, "fsync", full)

    result = run_cli("ical", "--meeting-file", str(ARCH_WG), "-o", str(out), cwd=tmp_path)

    assert result.exit_code == 1
    assert result.stderr == f"archwg: error: {out}: cannot write: No space left on device\n"
    assert out.read_bytes() == b"the calendar of last week\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["arch_wg.ics"]


def test_a_path_that_cannot_be_written_is_bad_input(tmp_path, run_cli):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")

    result = run_cli("ical", "--meeting-file", str(ARCH_WG), "-o", str(blocker / "arch_wg.ics"), cwd=tmp_path)

    assert result.exit_code == 2
    assert result.stderr.startswith("archwg: error: ") and result.stderr.count("\n") == 1
    assert str(blocker) in result.stderr


def test_an_output_file_system_that_takes_no_new_file_names_the_target_and_exits_1(tmp_path, run_cli):
    """"-o /proc/x" named the temporary file (/proc/.x.d8ltxsta.tmp) and exited 2: /proc is there."""
    result = run_cli("ical", "--meeting-file", str(ARCH_WG), "-o", "/proc/x", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == "archwg: error: /proc/x: cannot write: No such file or directory\n"


def test_a_closed_pipe_is_an_operation_that_failed_and_ends_quietly_with_1(tmp_path):
    """``archwg carry-actions | head -0``: the reader is gone before archwg writes."""
    logs = tmp_path / "logs"
    shutil.copytree(SERIES, logs)
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-c", "from archwg.cli import main; main()", "carry-actions", str(logs),
             "--meeting", "arch_wg"],
            stdout=write_end, stderr=subprocess.PIPE, cwd=tmp_path,
        )
    finally:
        os.close(write_end)

    assert result.returncode == 1  # an operation that failed, not bad input (2), not SIGPIPE's 141
    # The carry's own warnings, and nothing about the pipe: no error, no traceback.
    assert [line for line in result.stderr.decode().splitlines() if not line.startswith("archwg: warning: ")] == []
