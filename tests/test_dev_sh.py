"""``./dev.sh run`` on a copy of the repository: four parts under headings, pip's noise kept in a log."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def copy_of_the_project(target: Path) -> Path:
    """The project's own files (what git tracks or would track), no build output, no .venv."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=PROJECT_ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = PROJECT_ROOT / name
        if source.is_symlink() or source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name, follow_symlinks=False)
    return target


def test_run_prints_its_four_parts_under_headings(tmp_path):
    root = copy_of_the_project(tmp_path / "archwg")
    os.utime(root / "pyproject.toml", (0, 0))  # older than this environment's install: dev.sh reuses it
    environment = dict(os.environ, VENV=sys.prefix)
    environment.pop("NO_COLOR", None)
    result = subprocess.run(["./dev.sh", "run"], cwd=root, capture_output=True, text=True, env=environment,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    headings = [line for line in result.stdout.splitlines() if line.startswith("== ")]
    assert headings == [
        "== Specs: archwg check, archwg list ==",
        "== Next meeting: archwg carry-actions, archwg agenda ==",
        "== Reviews: archwg status ==",
        "== Sites: sphinx-build, archwg site ==",
    ]
    assert "pip" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    agenda = next(index for index, line in enumerate(lines) if line.startswith("Agenda: "))
    assert lines[agenda - 1] == ""  # not run together with the carry-actions text above it


def test_a_failing_part_lets_the_others_run_and_fails_at_the_end(tmp_path):
    """Under set -e a failing check stopped everything after it: no agenda, no sites."""
    root = copy_of_the_project(tmp_path / "archwg")
    os.utime(root / "pyproject.toml", (0, 0))
    spec = root / "specs" / "nova-compute-api.rst"
    spec.write_text(spec.read_text().replace(":Status: proposed", ":Status: nonsense", 1))
    environment = dict(os.environ, VENV=sys.prefix)
    result = subprocess.run(["./dev.sh", "run"], cwd=root, capture_output=True, text=True, env=environment,
                            timeout=600)
    assert result.returncode == 1
    assert "== Sites: sphinx-build, archwg site ==" in result.stdout.splitlines()
    assert any(line.startswith("Agenda: ") for line in result.stdout.splitlines())
    assert (root / "site" / "build" / "index.html").is_file()
    # The unknown status also fails sphinx-build -W (archwg.unknown-status): both named, after everything ran.
    assert result.stderr.splitlines()[-1] == "dev.sh run: failed: archwg check, sphinx-build -W"
    assert "spec site built in doc/build/html/index.html" not in result.stdout


class RecordingIndex:
    """A package index on 127.0.0.1 that has nothing and remembers what was asked: pip's only index here."""

    def __init__(self):
        import http.server
        import threading

        asked = self.asked = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                asked.append(self.path)
                self.send_error(404)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/simple/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def offline_pip(environment: dict, index_url: str) -> dict:
    """*environment* with pip pointed at *index_url* only: no config file, find-links or version check."""
    environment = {name: value for name, value in environment.items() if not name.startswith("PIP_")}
    return dict(environment, PIP_CONFIG_FILE=os.devnull, PIP_INDEX_URL=index_url,
                PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_RETRIES="0")


def test_a_failed_install_shows_pips_log_and_only_then(tmp_path):
    root = copy_of_the_project(tmp_path / "archwg")
    with (root / "pyproject.toml").open("a") as pyproject:
        pyproject.write("broken = [\n")
    venv = tmp_path / "venv"
    index = RecordingIndex()
    try:
        environment = offline_pip(dict(os.environ, VENV=str(venv), PYTHON=sys.executable), index.url)
        result = subprocess.run(["./dev.sh", "run"], cwd=root, capture_output=True, text=True, env=environment,
                                timeout=600)
    finally:
        index.close()
    assert result.returncode == 1
    log = (venv / "install.log").read_text()
    assert "TOMLDecodeError" in log
    assert log in result.stderr  # shown whole on failure
    assert result.stderr.splitlines()[-1] == f"dev.sh: the install failed; its log is {venv}/install.log"
    assert result.stdout == ""
    # The venv's own pip is recent enough: dev.sh asks no index for a newer one (it works offline).
    assert index.asked == []
