"""What archwg prints on a real terminal (a pty): widths, colour, NO_COLOR and --color/--no-color."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def read_terminal(leader: int) -> bytes:
    """Everything the child wrote to the pseudo-terminal until it closed it; closes *leader*."""
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    return output


def on_a_terminal(*args: str, columns: int = 80, **env: str) -> str:
    """Run archwg with its stdout and stderr on a pseudo-terminal *columns* wide; what it printed."""
    leader, follower = pty.openpty()
    environment = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR")}
    environment.update(COLUMNS=str(columns), LINES="60", TERM="xterm-256color", **env)
    process = subprocess.Popen([sys.executable, "-m", "archwg.cli", *args], stdout=follower, stderr=follower,
                               stdin=subprocess.DEVNULL, env=environment)
    os.close(follower)
    output = read_terminal(leader)
    assert process.wait(timeout=60) == 0, output.decode(errors="replace")
    return output.decode().replace("\r\n", "\n")


def repository_titles() -> list[str]:
    from archwg.specs.store import load_specs

    return [spec.title for spec in load_specs(PROJECT_ROOT)]


@pytest.mark.parametrize("columns", [80, 60])
def test_list_never_cuts_a_title_word(columns):
    """Defect 1: at 80 columns the titles came out as "Error C / and Log / Improve"."""
    text = ANSI.sub("", on_a_terminal("list", "--repo", str(PROJECT_ROOT), columns=columns))
    lines = text.splitlines()
    assert all(len(line.rstrip()) <= columns for line in lines)
    words = {word for line in lines for word in line.split()}
    for title in repository_titles():
        assert set(title.split()) <= words, title
    if columns == 80:
        assert lines[0].split() == ["slug", "kind", "status", "champion", "title"]  # created went first


def test_list_too_narrow_for_slug_and_title_stacks_them_without_cutting_a_word():
    """At 30 columns the titles came out as "Error / and L / Impro"."""
    text = ANSI.sub("", on_a_terminal("list", "--repo", str(PROJECT_ROOT), columns=30))
    lines = text.splitlines()
    assert all(len(line.rstrip()) <= 30 for line in lines)
    words = {word for line in lines for word in line.split()}
    for title in repository_titles():
        assert set(title.split()) <= words, title
    assert lines[:3] == ["error-codes-and-logging", "  Error Codes and Logging", "  Improvements"]


def test_list_with_a_slug_almost_as_wide_as_the_terminal_keeps_the_title(tmp_path):
    """A 78-character slug at 80 columns lost the title column and printed blank lines."""
    import shutil

    repo = tmp_path / "wg"
    shutil.copytree(PROJECT_ROOT / "specs", repo / "specs")
    (repo / "workstreams").mkdir()
    slug = "-".join(["distributed"] * 6) + "-lock-x"
    assert len(slug) == 78
    shutil.copyfile(PROJECT_ROOT / "workstreams" / "dlm.rst", repo / "specs" / f"{slug}.rst")
    lines = ANSI.sub("", on_a_terminal("list", "--repo", str(repo), columns=80)).splitlines()
    assert "" not in [line.strip() for line in lines]
    assert slug in lines
    assert lines[lines.index(slug) + 1] == "  Distributed Lock Management"


def test_list_keeps_every_column_on_a_wide_terminal():
    text = ANSI.sub("", on_a_terminal("list", "--repo", str(PROJECT_ROOT), columns=160))
    assert text.splitlines()[0].split() == ["slug", "kind", "status", "champion", "created", "title"]


def test_no_color_means_no_bold_either():
    """Defect 8: with NO_COLOR=1 the header stayed bold."""
    assert "\x1b[1m" in on_a_terminal("list", "--repo", str(PROJECT_ROOT))
    assert "\x1b[" not in on_a_terminal("list", "--repo", str(PROJECT_ROOT), NO_COLOR="1")
    assert "\x1b[" not in on_a_terminal("--no-color", "list", "--repo", str(PROJECT_ROOT))
    assert "\x1b[1m" in on_a_terminal("--color", "list", "--repo", str(PROJECT_ROOT), NO_COLOR="1")


def test_color_forces_styling_into_a_pipe(run_cli):
    piped = run_cli("list", "--repo", str(PROJECT_ROOT))
    assert "\x1b[" not in piped.stdout
    forced = run_cli("--color", "list", "--repo", str(PROJECT_ROOT))
    assert "\x1b[1m" in forced.stdout


@pytest.mark.parametrize("columns", [80, 60])
def test_actions_never_cuts_a_spec_path(columns):
    """At 80 columns the spec column came out as "specs/error-codes-and-lo / gging.rst"."""
    text = ANSI.sub("", on_a_terminal("actions", "--repo", str(PROJECT_ROOT), columns=columns))
    lines = text.splitlines()
    assert all(len(line.rstrip()) <= columns for line in lines)
    header = next(line for line in lines if line.startswith("owners"))
    if columns == 80:  # reviewed went first; the paths stay whole
        assert header.split() == ["owners", "since", "item", "spec"]
        assert "specs/error-codes-and-logging.rst" in text.split()
    else:  # too narrow for the paths: since and spec go, the item keeps its words
        assert header.split() == ["owners", "item"]
        assert "specs/" not in text


MARKUP_LOG = """\
16:00:01 <elmiko> #startmeeting markup
16:00:01 <openstack> Meeting started Thu Mar 16 16:00:01 2017 UTC and is due to finish in 60 minutes.
16:00:05 <jdoe[m]> hi
16:00:10 <elmiko> #action elmiko to close the [/b] tag question
16:00:11 <elmiko> #action jdoe[m] to review the spec :smile:
16:00:12 <elmiko> #action [bold]nobody[/bold] to [red]check
16:01:00 <elmiko> #endmeeting
"""


@pytest.mark.parametrize("where", ["terminal", "pipe"])
def test_what_people_wrote_is_shown_as_written_not_as_rich_markup(tmp_path, run_cli, where):
    """A review found '[/b]' in an item crashing `actions` with a traceback, and 'jdoe[m]' shown as 'jdoe'."""
    log = tmp_path / "markup.2017-03-16-16.00.log.txt"
    log.write_text(MARKUP_LOG)
    if where == "terminal":
        text = ANSI.sub("", on_a_terminal("actions", "--no-cache", str(log), columns=120))
    else:
        text = run_cli("actions", "--no-cache", str(log)).stdout
    assert "Traceback" not in text
    for written in ("elmiko to close the [/b] tag question", "jdoe[m] to review the spec :smile:",
                    "[bold]nobody[/bold] to [red]check"):
        assert written in text
    assert any(line.split()[:1] == ["jdoe[m]"] for line in text.splitlines())


def _big_log(folder: Path) -> Path:
    """A MeetBot log of about 5 MB (more than the few MB that call for a progress bar): one meeting."""
    chatter = [f"16:00:{index % 60:02d} <talker> line {index} of a long discussion about the message bus"
               for index in range(5 * 1024 * 1024 // 70)]
    lines = ["16:00:00 <chair> #startmeeting wg",
             "16:00:01 <openstack> Meeting started Thu Mar 16 16:00:00 2017 UTC and is due to finish in 60 minutes.",
             *chatter, "16:59:00 <chair> #action chair to write it up", "16:59:30 <chair> #endmeeting"]
    log = folder / "wg.2017-03-16-16.00.log.txt"
    log.write_text("\n".join(lines) + "\n")
    assert log.stat().st_size > 4 * 1024 * 1024
    return log


def test_carry_actions_on_a_big_log_shows_a_progress_bar_on_a_terminal_only(tmp_path):
    """The progress bar goes to standard error when it is a terminal, and never into a pipe."""
    log = _big_log(tmp_path)
    leader, follower = pty.openpty()
    environment = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR")}
    environment.update(COLUMNS="80", LINES="60", TERM="xterm-256color")
    process = subprocess.Popen([sys.executable, "-m", "archwg.cli", "carry-actions", str(log)],
                               stdout=subprocess.PIPE, stderr=follower, stdin=subprocess.DEVNULL,
                               env=environment, cwd=tmp_path)
    os.close(follower)
    on_terminal = read_terminal(leader)
    stdout = process.stdout.read().decode()
    assert process.wait(timeout=120) == 0, on_terminal.decode(errors="replace")
    assert "reading logs" in ANSI.sub("", on_terminal.decode(errors="replace"))
    assert "reading logs" not in stdout and "chair to write it up" in stdout

    piped = subprocess.run([sys.executable, "-m", "archwg.cli", "carry-actions", str(log)], capture_output=True,
                           text=True, env=environment, cwd=tmp_path, timeout=120)
    assert piped.returncode == 0, piped.stderr
    assert "reading logs" not in piped.stderr and "\x1b[" not in piped.stderr
    assert "chair to write it up" in piped.stdout
