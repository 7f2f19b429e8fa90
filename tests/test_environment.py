"""No setting of the developer's shell or of CI reaches a test: the same results everywhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

OUTSIDE = {
    "ARCHWG_GERRIT_URL": "https://review.example.org",
    "ARCHWG_GERRIT_USER": "someone",
    "ARCHWG_GERRIT_PASSWORD": "s3cret",
    "ARCHWG_BOT_PASSWORD": "s3cret",
    "ARCHWG_CACHE_DIR": "/tmp/somewhere",
    "NETRC": "/nonexistent/netrc",
    "SOURCE_DATE_EPOCH": "0",
    "GIT_DIR": "/nonexistent/.git",
}


def test_no_outside_setting_reaches_a_test():
    # The fixtures may set their own (ARCHWG_CACHE_DIR: a folder per test), never keep the shell's.
    assert sorted(name for name, value in OUTSIDE.items() if os.environ.get(name) == value) == []


def test_a_test_sees_none_of_them_even_when_the_shell_sets_them():
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         f"{Path(__file__).name}::test_no_outside_setting_reaches_a_test"],
        cwd=Path(__file__).parent, env=dict(os.environ, **OUTSIDE), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:]
