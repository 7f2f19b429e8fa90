"""How many requests and seconds a Gerrit sync takes, and how fast `archwg status` reads the snapshot.

    python benchmarks/bench_gerrit.py [SPECS] [CHANGES_PER_SPEC]

Generates SPECS (default 200) specs from the real templates in a temporary
spec repository, puts CHANGES_PER_SPEC (default 3) changes per spec into the
stand-in Gerrit of the tests (tests/gerrit_standin.py, on 127.0.0.1: it is
not Gerrit, it follows its documented REST API), and runs the virtualenv's
own ``archwg`` as users run it: a cold ``gerrit sync``, a warm one with
nothing new, one after a single change moved, then ``archwg status`` from the
snapshot. The floor is ``archwg --version`` (start-up alone), measured in the
same run; every figure is also given as a ratio to it. It asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
from generate_specs import generate  # noqa: E402
from gerrit_standin import StandinGerrit, make_change  # noqa: E402

ARCHWG = Path(sys.executable).parent / "archwg"
PROJECT = "openstack/arch-wg"


def timed(args: list[str], cwd: Path, env: dict) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    result = subprocess.run([str(ARCHWG), *args], cwd=cwd, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, result


def populate(standin: StandinGerrit, paths: list[Path], per_spec: int) -> int:
    """Changes touching each spec's file, the first of each spec renamed from specs/ when it is a workstream."""
    start = datetime(2017, 3, 1, tzinfo=timezone.utc)
    number = 400000
    for index, path in enumerate(paths):
        here = f"{path.parent.name}/{path.name}"
        for k in range(per_spec):
            files = {here: {"lines_inserted": 3}}
            if k == 0 and path.parent.name == "workstreams":
                files = {here: {"status": "R", "old_path": f"specs/{path.name}"}}
            standin.add(make_change(number, subject=f"Work on {path.stem} ({k})", files=files,
                                    status="MERGED" if k == 2 else "NEW",
                                    updated=start + timedelta(minutes=index * per_spec + k)))
            number += 1
    return number - 400000


def main(argv: list[str]) -> None:
    count = int(argv[0]) if argv else 200
    per_spec = int(argv[1]) if len(argv) > 1 else 3
    standin = StandinGerrit()
    url = standin.start()
    try:
        with tempfile.TemporaryDirectory() as scratch:
            root = Path(scratch) / "wg"
            paths = generate(root, count)
            (root / "archwg.toml").write_text(f'[gerrit]\nurl = "{url}"\nproject = "{PROJECT}"\n')
            changes = populate(standin, paths, per_spec)
            env = {**os.environ, "ARCHWG_GERRIT_URL": url}
            env.pop("ARCHWG_GERRIT_USER", None)
            env.pop("ARCHWG_GERRIT_PASSWORD", None)

            floor = min(timed(["--version"], root, env)[0] for _ in range(5))
            print(f"{count} specs, {changes} changes in the stand-in Gerrit at {url}")
            print(f"{'floor: archwg --version':<34} {floor:7.3f} s")

            def row(label: str, args: list[str], repeat: int = 1, before=None) -> None:
                runs = []
                for _ in range(repeat):
                    if before:
                        before()
                    standin.reset_requests()
                    seconds, result = timed(args, root, env)
                    runs.append((seconds, len(standin.requests), result))
                seconds = min(run[0] for run in runs)
                requests = runs[-1][1]
                result = runs[-1][2]
                median = statistics.median(run[0] for run in runs)
                print(f"{label:<34} {seconds:7.3f} s  (median {median:.3f}, {seconds / floor:5.1f}x floor)"
                      f"  {requests:3d} requests  exit {result.returncode}")
                if result.returncode:
                    print("    " + (result.stderr or result.stdout).strip().splitlines()[-1])

            snapshot = root / ".archwg" / "gerrit.json"
            row("cold: archwg gerrit sync", ["gerrit", "sync", "--full"], repeat=3,
                before=lambda: snapshot.unlink(missing_ok=True))
            row("warm, nothing new: gerrit sync", ["gerrit", "sync"], repeat=3)

            def touch_one():
                standin.add(make_change(400000, subject="Moved on", files={"README.rst": {}},
                                        updated=datetime.now(timezone.utc)))

            row("warm, one change moved: sync", ["gerrit", "sync"], repeat=3, before=touch_one)
            row("archwg status (from snapshot)", ["status"], repeat=5)
            row("archwg status --format json", ["status", "--format", "json"], repeat=5)
            print(f"snapshot: {snapshot.stat().st_size / 1e6:.2f} MB")
    finally:
        standin.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
