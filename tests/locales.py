"""A German locale, compiled into a temporary folder with glibc's localedef: strftime's
and strptime's month and weekday names are then German, as under Sphinx for a German user."""

from __future__ import annotations

import contextlib
import locale
import os
import subprocess
from pathlib import Path

GERMAN = "de_DE.UTF-8"


def compile_german(folder: Path) -> Path:
    subprocess.run(["localedef", "-i", "de_DE", "-f", "UTF-8", str(folder / GERMAN)],
                   check=True, capture_output=True)
    return folder


@contextlib.contextmanager
def german_locale(folder: Path):
    """The whole process in German (LC_ALL), as Sphinx's locale.setlocale(LC_ALL, "") leaves it."""
    before_path, before = os.environ.get("LOCPATH"), locale.setlocale(locale.LC_ALL)
    os.environ["LOCPATH"] = str(folder)
    try:
        locale.setlocale(locale.LC_ALL, GERMAN)
        yield
    finally:
        locale.setlocale(locale.LC_ALL, before)
        if before_path is None:
            os.environ.pop("LOCPATH", None)
        else:
            os.environ["LOCPATH"] = before_path
