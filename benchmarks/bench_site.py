"""How fast the status site and the Sphinx extension build: numbers to watch, not a test.

    python benchmarks/bench_site.py [--specs 200] [--changes 600] [--meetings 100] [--repeat 3]

In a temporary spec repository of generated specs (benchmarks/generate_specs.py),
a Gerrit snapshot with that many changes (each touching a spec's file) and a
series of MeetBot logs (each with a few #action lines naming specs), it prints:

- two floors measured in the same run: ``archwg --version`` (start-up) and a
  plain Jinja2 render of as many pages as the site has, written to disk, in a
  fresh Python (what any static site of this size costs at least);
- ``archwg site`` seconds (the issue's aim for this repository: under a second)
  and their ratio to each floor;
- ``sphinx-build`` seconds of the same documents with ``archwg.sphinxext`` and
  without it, and their ratio (aim: at most 1.15);
- the seconds of an incremental ``sphinx-build`` after one spec's status changed
  (every aggregate and spec page is rewritten; nothing is reread but that spec).

Every command runs as a subprocess, as users run it; the best of --repeat runs
is kept. Seconds differ between machines; the ratios to the floors are what to
compare. It asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_specs import generate  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ARCHWG = Path(sys.executable).parent / "archwg"
NICKS = ("SpamapS", "harlowja", "rockyg", "nikhil", "dims", "ttx", "cdent")

CONF = """\
project = "Benchmark WG"
extensions = {extensions}
suppress_warnings = ["archwg.no-snapshot"]
html_theme = "alabaster"
"""

INDEX = """\
=============
Benchmark WG
=============

.. toctree::
   :glob:

   specs/*
   workstreams/*
"""

TOML = """\
[gerrit]
url = "https://review.example.org"
project = "openstack/arch-wg"
"""


def write_meetings(root: Path, slugs: list[str], count: int) -> None:
    folder = root / "meetings" / "logs" / "bench_wg"
    folder.mkdir(parents=True)
    (root / "meetings" / "bench_wg.yaml").write_text(
        "project: Benchmark WG\nmeeting_id: bench_wg\nschedule:\n"
        "  - time: '2000'\n    day: Thursday\n    irc: openstack-meeting\n    frequency: weekly\n"
    )
    start = date(2016, 1, 7)
    for number in range(count):
        day = start + timedelta(weeks=number)
        stamp = f"{day.isoformat()}-20.00"
        nick = NICKS[number % len(NICKS)]
        lines = [
            "20:00:01 <SpamapS> #startmeeting bench_wg",
            f"20:00:05 <{nick}> hi",
            "20:01:00 <SpamapS> #topic specs",
        ]
        for item in range(3):
            slug = slugs[(number * 3 + item) % len(slugs)]
            lines.append(f"20:0{2 + item}:00 <SpamapS> #action {nick} to review {slug} (item {number}-{item})")
        lines.append("20:09:00 <SpamapS> #endmeeting")
        (folder / f"bench_wg.{stamp}.log.txt").write_text("\n".join(lines) + "\n")


def write_snapshot(root: Path, paths: list[Path], count: int) -> None:
    changes = []
    votes = ({}, {"Code-Review": {"all": [{"value": 2, "name": "dims"}]}},
             {"Code-Review": {"all": [{"value": -1, "name": "ttx"}]}},
             {"Code-Review": {"all": [{"value": -2, "name": "ttx"}]}})
    for number in range(count):
        path = paths[number % len(paths)]
        updated = datetime(2017, 3, 1) + timedelta(hours=number)
        changes.append({
            "_number": 400000 + number, "project": "openstack/arch-wg", "branch": "master",
            "subject": f"Update {path.stem}", "owner": {"name": NICKS[number % len(NICKS)]},
            "status": "MERGED" if number % 5 == 0 else "NEW",
            "created": "2017-01-01 10:00:00.000000000", "updated": updated.strftime("%Y-%m-%d %H:%M:%S.000000000"),
            "labels": votes[number % len(votes)], "current_revision": "abc",
            "revisions": {"abc": {"_number": 1, "files": {path.relative_to(root).as_posix(): {}}}},
        })
    snapshot = root / ".archwg" / "gerrit.json"
    snapshot.parent.mkdir()
    snapshot.write_text(json.dumps({
        "format_version": 1, "server": "https://review.example.org", "server_version": "3.9.1",
        "fetched": "2017-04-10T10:00:00+00:00", "changes": changes, "queries": [],
    }))


def make_repository(root: Path, specs: int, changes: int, meetings: int) -> list[Path]:
    paths = generate(root, specs)
    write_meetings(root, [path.stem for path in paths], meetings)
    (root / "archwg.toml").write_text(TOML)
    write_snapshot(root, paths, changes)
    for name, extensions in (("doc-with", '["archwg.sphinxext"]'), ("doc-without", "[]")):
        source = root / name
        source.mkdir()
        (source / "conf.py").write_text(CONF.format(extensions=extensions))
        (source / "index.rst").write_text(INDEX)
        (source / "specs").symlink_to("../specs")
        (source / "workstreams").symlink_to("../workstreams")
    return paths


def timed(command: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        print(f"  failed ({result.returncode}): {' '.join(command)}")
        for line in (result.stderr or result.stdout).strip().splitlines()[-5:]:
            print(f"    {line}")
    return seconds


JINJA_FLOOR = """\
import sys
from pathlib import Path
from jinja2 import Environment
count, out = int(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
page = Environment(autoescape=True).from_string(
    "<!doctype html><title>{{ title }}</title><h1>{{ title }}</h1><table>"
    "{% for row in rows %}<tr><td>{{ row }}</td><td>{{ row * 2 }}</td></tr>{% endfor %}</table>")
for number in range(count):
    (out / f"page-{number}.html").write_text(page.render(title=f"Spec {number}", rows=range(20)))
"""


def best(runs: int, make) -> float:
    return min(make() for _ in range(runs))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specs", type=int, default=200)
    parser.add_argument("--changes", type=int, default=600)
    parser.add_argument("--meetings", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    env = dict(os.environ, SOURCE_DATE_EPOCH="1491825600")
    sphinx = [sys.executable, "-m", "sphinx", "-q", "-b", "html"]
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "wg"
        paths = make_repository(root, args.specs, args.changes, args.meetings)
        print(f"{args.specs} specs, {args.changes} changes in the snapshot, {args.meetings} meetings")

        startup = best(args.repeat, lambda: timed([str(ARCHWG), "--version"]))
        print(f"floor: archwg --version             {startup:7.3f} s")
        pages = args.specs + 6  # a page per spec, four more pages, status.json and feed.xml
        jinja = best(args.repeat, lambda: timed([sys.executable, "-c", JINJA_FLOOR, str(pages),
                                                 str(Path(scratch) / "jinja")]))
        print(f"{f'floor: plain Jinja2, {pages} pages':<36}{jinja:7.3f} s")

        def ratios(seconds: float) -> str:
            return f"{seconds / startup:6.1f}x start-up {seconds / jinja:6.1f}x plain Jinja2"

        here = best(args.repeat, lambda: timed([str(ARCHWG), "--repo", str(PROJECT_ROOT), "site",
                                                   str(Path(scratch) / "site-here")]))
        print(f"archwg site, this repository        {here:7.3f} s   {ratios(here)}  (aim: under a second)")
        site = best(args.repeat, lambda: timed([str(ARCHWG), "--repo", str(root), "site", str(Path(scratch) / "site")]))
        print(f"archwg site                         {site:7.3f} s   {ratios(site)}")

        def clean(name: str) -> float:
            out = Path(scratch) / f"out-{name}"
            shutil.rmtree(out, ignore_errors=True)
            return timed([*sphinx, str(root / name), str(out)], env)

        # Interleaved, so that a busy machine slows both sides alike.
        pairs = [(clean("doc-without"), clean("doc-with")) for _ in range(args.repeat)]
        without = min(pair[0] for pair in pairs)
        with_ext = min(pair[1] for pair in pairs)
        print(f"sphinx-build without the extension  {without:7.3f} s   (the floor of the next two lines)")
        print(f"sphinx-build with archwg.sphinxext  {with_ext:7.3f} s   ratio {with_ext / without:5.2f} (aim <= 1.15)")

        def incremental() -> float:
            spec = paths[0]
            text = spec.read_text()
            status = "tabled" if ":Status: active" in text else "active"
            current = next(line for line in text.splitlines() if line.startswith(":Status:"))
            if spec.parent.name == "specs":
                status = "proposed" if current != ":Status: proposed" else "draft"
            spec.write_text(text.replace(current, f":Status: {status}"))
            return timed([*sphinx, str(root / "doc-with"), str(Path(scratch) / "out-doc-with")], env)

        touched = best(args.repeat, incremental)
        print(f"incremental after one spec's status {touched:7.3f} s   ratio to a clean build {touched / with_ext:5.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
