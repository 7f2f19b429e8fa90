"""How fast archwg starts, lists and checks: numbers to watch, not a test.

    python benchmarks/bench_specs.py [COUNT]

Runs the virtualenv's own ``archwg`` as a subprocess, as users run it:
start-up with ``archwg --help`` (target: under 0.3 s), then ``archwg list``
and ``archwg check`` over COUNT (default 1,000) valid specs generated from the
real templates in a temporary repository. It prints timings and asserts
nothing: machines differ.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_specs import generate  # noqa: E402

ARCHWG = Path(sys.executable).parent / "archwg"
STARTUP_TARGET = 0.3


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall-clock and CPU seconds of one run. CPU time (of every process the
    command started) stays meaningful on a busy machine where wall time does not."""
    cpu = _children_cpu()
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, _children_cpu() - cpu, result


def report(label: str, runs: list[tuple[float, float, subprocess.CompletedProcess]], note: str = "") -> None:
    seconds = [wall for wall, _, _ in runs]
    best, median = min(seconds), statistics.median(seconds)
    cpu = min(cpu for _, cpu, _ in runs)
    result = runs[-1][2]
    print(
        f"{label:<28} best {best:7.3f} s   median {median:7.3f} s   cpu {cpu:7.3f} s"
        f"   ({len(runs)} runs, exit {result.returncode}){note}"
    )
    if result.returncode != 0:
        # A failing command's timing means little; show why it failed.
        for line in (result.stderr or result.stdout).strip().splitlines()[:5]:
            print(f"    {line}")


def main(argv: list[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", nargs="?", type=int, default=1000, help="specs to generate (default 1000)")
    count = parser.parse_args(argv).count
    if not ARCHWG.exists():
        sys.exit(f"{ARCHWG}: not found; run this with the virtualenv's python (./dev.sh bench)")

    runs = [timed([str(ARCHWG), "--help"]) for _ in range(9)]
    best = min(wall for wall, _, _ in runs)
    verdict = "meets" if best < STARTUP_TARGET else "misses"
    report("archwg --help", runs, f"  {verdict} the {STARTUP_TARGET} s target")

    with tempfile.TemporaryDirectory(prefix="archwg-bench-") as folder:
        root = Path(folder) / "wg"
        start = time.perf_counter()
        generate(root, count)
        print(f"{'generate ' + str(count) + ' specs':<28} {time.perf_counter() - start:12.3f} s")
        for label, command in (
            (f"archwg list ({count} specs)", [str(ARCHWG), "list", "--format", "json"]),
            (f"archwg check ({count} specs)", [str(ARCHWG), "check"]),
        ):
            runs = [timed(command, cwd=root) for _ in range(3)]
            best = min(wall for wall, _, _ in runs)
            report(label, runs, f"  {best / count * 1000:.1f} ms a spec")


if __name__ == "__main__":
    main(sys.argv[1:])
