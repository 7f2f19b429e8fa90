"""How fast archwg reads meeting logs, against ``grep -rc '#action'`` over the same files as the floor.

Prints, each command run in a fresh process from a scratch folder outside any
spec repository, with its own empty cache folder (``ARCHWG_CACHE_DIR``):

* one series of 2,000 real meetings (the Fedora magazine log of
  tests/data/realworld, re-dated once a week: ``generate_redated_series``):
  ``carry-actions`` cold (empty cache), warm (the same files again) and after
  one new meeting (a copy of the newest log, a week later);
* the generated archive (``generate_archive``, 200 MB by default): the same
  three runs of ``carry-actions archive/`` (MeetBot's file names tell it the
  newest series; it reads only that series' files) and, with
  ``--each-series``, the chair's job done for every series;
* ``minutes`` of one meeting of 200 MB (``generate_channel_log``), JSON and
  text: seconds and peak memory (the aim: under 100 MB);
* ``carry()`` on synthetic series of 500, 1,000 and 2,000 meetings
  (``bench_carry.py``, when present), to show how it grows.

grep's output goes to a file (GNU grep stops at the first match when it
writes to /dev/null). Each row prints wall seconds, CPU seconds (user +
system, children included: steadier than wall time on a shared machine), MB
of log, MB/s, the peak RSS (GNU time's %M, else ``os.wait4``) and the ratio
of archwg's wall time to grep's. The aims: cold within 20x grep, warm within
4x, one new meeting within 5x. 1 MB is 10^6 bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import functools
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_archive import (  # noqa: E402
    DEFAULT_OUT,
    DEFAULT_SEED,
    generate_archive,
    generate_channel_log,
    generate_redated_series,
    next_meeting,
)

MB = 1_000_000
AIMS = {"cold": 20, "warm": 4, "one new meeting": 5}  # archwg's wall time over grep's
MEMORY_LIMIT_MB = 100  # minutes on one 200 MB meeting


@dataclass(frozen=True)
class Run:
    """One measured child process."""

    seconds: float
    cpu_seconds: float  # user + system: steadier than wall time on a busy machine
    peak_mb: float  # the child's maximum resident set size
    exit_code: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class Row:
    label: str
    seconds: float
    cpu_seconds: float
    bytes_read: int
    peak_mb: float
    floor_seconds: float | None = None  # grep's time on the same files, for the ratio

    @property
    def mb_per_second(self) -> float:
        return self.bytes_read / MB / self.seconds if self.seconds else float("inf")

    @property
    def ratio(self) -> float | None:
        if self.floor_seconds is None or not self.floor_seconds:
            return None
        return self.seconds / self.floor_seconds


GNU_TIME = "/usr/bin/time"


def row(label: str, run: Run, bytes_read: int, floor: Run | None = None) -> Row:
    return Row(label, run.seconds, run.cpu_seconds, bytes_read, run.peak_mb, floor.seconds if floor else None)


def measure(command: list[str], cwd: Path, env: dict | None = None) -> Run:
    """Run *command* once: wall time and the peak RSS of that very child.

    A child forked from this Python process starts with this process's pages
    counted in its maximum RSS (about 20 MB, more than grep ever uses), so
    GNU time, a small process, starts the command and reports its peak.
    Without GNU time, ``os.wait4`` gives the figure with that floor included.
    """
    with tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "peak"
        wrapped = [GNU_TIME, "-f", "%M %U %S", "-o", str(peak_file), *command] if _has_gnu_time() else command
        with open(Path(scratch) / "out", "w+b") as out, open(Path(scratch) / "err", "w+b") as err:
            started = time.perf_counter()
            child = subprocess.Popen(wrapped, stdout=out, stderr=err, cwd=cwd, env=env)
            _, status, usage = os.wait4(child.pid, 0)
            seconds = time.perf_counter() - started
            child.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
            out.seek(0)
            err.seek(0)
            peak_kb, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
            written = peak_file.read_text().strip().splitlines() if peak_file.is_file() else []
            # GNU time writes its figures on the last line ("Command exited with..." may come first).
            reported = written[-1].split() if written else []
            if len(reported) == 3:
                peak_kb, cpu = int(reported[0]), float(reported[1]) + float(reported[2])
            return Run(seconds=seconds, cpu_seconds=cpu, peak_mb=peak_kb * 1024 / MB, exit_code=child.returncode,
                       stdout=out.read().decode("utf-8", "replace"), stderr=err.read().decode("utf-8", "replace"))


@functools.cache
def _has_gnu_time() -> bool:
    if not os.access(GNU_TIME, os.X_OK):
        return False
    probe = subprocess.run([GNU_TIME, "--version"], capture_output=True, text=True, check=False)
    return "GNU" in probe.stdout + probe.stderr


def best_of(command: list[str], cwd: Path, repeat: int, env: dict | None = None) -> Run:
    runs = [measure(command, cwd, env) for _ in range(repeat)]
    return min(runs, key=lambda run: run.seconds)


def archwg_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "archwg.cli", *args]


def grep_command(path: Path) -> list[str]:
    return ["grep", "-rc", "#action", str(path)]


def folder_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())


def warm_page_cache(path: Path) -> None:
    """Read everything once so that neither grep nor archwg pays for the first disk read."""
    subprocess.run(grep_command(path), stdout=subprocess.DEVNULL, check=False)


def compile_archwg() -> None:
    """Write archwg's bytecode, as ``pip install`` does for an installed package.

    An editable checkout run with PYTHONDONTWRITEBYTECODE set (this
    project's development machine) compiles every module from source on
    every run: about 0.03 s of each warm run, which no user pays.
    """
    import compileall

    import archwg

    compileall.compile_dir(str(Path(archwg.__file__).parent), quiet=1)


def with_cache(folder: Path) -> dict:
    return {**os.environ, "ARCHWG_CACHE_DIR": str(folder)}


def checked(run: Run, what: str, problems: list[str]) -> dict | None:
    if run.exit_code != 0:
        problems.append(f"{what} exited {run.exit_code}: {run.stderr.strip()[-500:]}")
        return None
    try:
        return json.loads(run.stdout)
    except json.JSONDecodeError as error:
        problems.append(f"{what}: output is not JSON ({error})")
        return None


def cold_warm_new(label: str, folder: Path, newest: Path, floor: Run, size: int, cwd: Path,
                  problems: list[str], extra: tuple[str, ...] = (), repeat: int = 1) -> list[Row]:
    """carry-actions on *folder*: with an empty cache, again, and after one new meeting (removed afterwards).

    The cold run is the fastest of *repeat*, each from an empty cache, as
    grep's figure is the fastest of as many runs. All runs must print what a
    run without the cache prints.
    """
    command = archwg_command("carry-actions", "--format", "json", *extra, str(folder))
    rows = []
    with tempfile.TemporaryDirectory(prefix="archwg-bench-cache-") as cache:
        env = with_cache(Path(cache))
        colds = []
        for _ in range(max(1, repeat)):
            shutil.rmtree(cache)
            os.mkdir(cache)
            colds.append(measure(command, cwd, env))
        cold = min(colds, key=lambda run: run.seconds)
        warm = measure(command, cwd, env)
        reference = measure([*command[:-1], "--no-cache", command[-1]], cwd, env)
        for name, run in (*(("cold", each) for each in colds), ("warm", warm)):
            checked(run, f"{label} {name}", problems)
            if run.stdout != reference.stdout:
                problems.append(f"{label} {name}: output differs from a run with --no-cache")
        added = next_meeting(newest)
        try:
            new = measure(command, cwd, env)
            reference = measure([*command[:-1], "--no-cache", command[-1]], cwd, env)
            answer = checked(new, f"{label} one new meeting", problems)
            if new.stdout != reference.stdout:
                problems.append(f"{label} one new meeting: output differs from a run with --no-cache")
            if answer is not None and not answer["meeting"]["source"].endswith(added.name):
                problems.append(f"{label} one new meeting: the newest meeting read is not the one added")
        finally:
            added.unlink()
        for name, run in (("cold", cold), ("warm", warm), ("one new meeting", new)):
            rows.append(row(f"{label}: {name}", run, size, floor))
    return rows


def bench_magazine(folder: Path, meetings: int, repeat: int, cwd: Path) -> tuple[list[Row], list[str]]:
    problems: list[str] = []
    print(f"generating {meetings} re-dated copies of the Fedora magazine meeting in {folder} ...", flush=True)
    generated = generate_redated_series(folder, meetings)
    warm_page_cache(folder)
    grep = best_of(grep_command(folder), cwd, repeat)
    rows = [row(f"grep -rc '#action' magazine/ ({meetings})", grep, generated["bytes"])]
    newest = folder / generated["newest"]
    rows += cold_warm_new(f"carry-actions magazine/ ({meetings})", folder, newest, grep, generated["bytes"], cwd,
                          problems, repeat=repeat)
    return rows, problems


def bench_archive(archive: Path, manifest: dict, each_series: bool, repeat: int, cwd: Path
                  ) -> tuple[list[Row], list[str]]:
    problems: list[str] = []
    archive_bytes = folder_bytes(archive)
    warm_page_cache(archive)
    grep_all = best_of(grep_command(archive), cwd, repeat)
    rows = [row("grep -rc '#action' archive/", grep_all, archive_bytes)]
    newest = max(archive.rglob("*.log.txt"), key=lambda path: path.name.split(".", 1)[1])
    rows += cold_warm_new("carry-actions archive/", archive, newest, grep_all, archive_bytes, cwd, problems,
                          repeat=repeat)
    if each_series:
        runs = []
        for series in sorted(manifest["series"]):
            run = measure(archwg_command("carry-actions", "--format", "json", "--no-cache", str(archive / series)),
                          cwd)
            answer = checked(run, f"carry-actions {series}/", problems)
            expected = len(manifest["series"][series]["open"])
            if answer is not None and len(answer["open"]) != expected:
                problems.append(f"{series}: carry-actions reports {len(answer['open'])} open items, "
                                f"the generator expects {expected}")
            runs.append(run)
        each = Run(seconds=sum(run.seconds for run in runs), cpu_seconds=sum(run.cpu_seconds for run in runs),
                   peak_mb=max(run.peak_mb for run in runs), exit_code=max(run.exit_code for run in runs),
                   stdout="", stderr="")
        rows.append(row(f"carry-actions, each of {len(runs)} series (cold)", each, archive_bytes, grep_all))
    return rows, problems


def bench_minutes(folder: Path, megabytes: float, seed: int, cwd: Path) -> tuple[list[Row], list[str]]:
    problems: list[str] = []
    log = folder / "openstack_meeting.2017-03-09-20.01.log.txt"
    print(f"generating a {megabytes:g} MB one-meeting log {log} ...", flush=True)
    generated = generate_channel_log(log, megabytes / 1000, seed)
    warm_page_cache(log)
    size = generated["bytes"]
    grep = measure(grep_command(log), cwd)
    rows = [row(f"grep -c '#action' one {megabytes:g} MB meeting", grep, size)]
    for output in ("json", "text"):
        run = measure(archwg_command("minutes", "--format", output, "--no-cache", str(log)), cwd)
        if run.exit_code != 0:
            problems.append(f"minutes --format {output} exited {run.exit_code}: {run.stderr.strip()[-500:]}")
        rows.append(row(f"minutes --format {output}, {megabytes:g} MB meeting", run, size, grep))
        verdict = "within" if run.peak_mb <= MEMORY_LIMIT_MB else "OVER"
        problems.append(f"minutes --format {output} on {size / MB:.0f} MB: peak {run.peak_mb:.0f} MB, "
                        f"{verdict} the {MEMORY_LIMIT_MB} MB aim")
    return rows, problems


def print_rows(rows: list[Row]) -> None:
    header = f"{'what':44} {'seconds':>8} {'cpu s':>8} {'MB':>7} {'MB/s':>8} {'peak MB':>8} {'vs grep':>8}"
    print(header)
    print("-" * len(header))
    for row in rows:
        ratio = f"{row.ratio:.1f}x" if row.ratio is not None else ""
        print(f"{row.label:44} {row.seconds:8.2f} {row.cpu_seconds:8.2f} {row.bytes_read / MB:7.1f} "
              f"{row.mb_per_second:8.1f} {row.peak_mb:8.1f} {ratio:>8}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=2000,
                        help="meetings of the re-dated Fedora magazine series (default 2000)")
    parser.add_argument("--size-mb", type=float, default=200, help="archive size in MB (default 200)")
    parser.add_argument("--minutes-mb", type=float, default=200, help="size of the one-meeting log (default 200)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"generator seed (default {DEFAULT_SEED})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"archive folder (default {DEFAULT_OUT})")
    parser.add_argument("--repeat", type=int, default=3, help="grep runs and cold carry-actions runs, the fastest counts (default 3)")
    parser.add_argument("--each-series", action="store_true", help="also carry every series of the archive")
    parser.add_argument("--skip", nargs="*", default=[], choices=["magazine", "archive", "minutes", "carry"],
                        help="parts not to run")
    args = parser.parse_args(argv)
    if shutil.which("grep") is None:
        print("bench_meetings: grep is needed as the floor", file=sys.stderr)
        return 2

    compile_archwg()
    rows: list[Row] = []
    problems: list[str] = []
    # A scratch working directory: inside the project archwg would find its spec repository.
    scratch = Path(tempfile.mkdtemp(prefix="archwg-bench-"))
    try:
        if "magazine" not in args.skip:
            found, told = bench_magazine(args.out.parent / "magazine", args.meetings, args.repeat, scratch)
            rows += found
            problems += told
        if "archive" not in args.skip:
            print(f"generating {args.size_mb:g} MB archive in {args.out} (seed {args.seed}, reused when there) ...",
                  flush=True)
            manifest = generate_archive(args.out, args.size_mb, args.seed)
            print(f"archive: {len(manifest['series'])} series, {manifest['meetings']} meetings, "
                  f"{manifest['files']} files, {manifest['total_bytes'] / MB:.1f} MB")
            found, told = bench_archive(args.out, manifest, args.each_series, args.repeat, scratch)
            rows += found
            problems += told
        if "minutes" not in args.skip:
            found, told = bench_minutes(args.out.parent / "channel", args.minutes_mb, args.seed, scratch)
            rows += found
            problems += told
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    print()
    print(f"machine: {os.cpu_count()} CPUs, load average {' '.join(f'{load:.1f}' for load in os.getloadavg())}")
    print_rows(rows)
    print()
    for name, aim in AIMS.items():
        timed = [row for row in rows if row.label.endswith(f": {name}")]
        missed = [row.label for row in timed if row.ratio is not None and row.ratio > aim]
        if timed:
            print(f"aim: {name} within {aim}x grep: " + ("met" if not missed else "not met by " + "; ".join(missed)))
    for problem in problems:
        print(f"note: {problem}")
    if "carry" not in args.skip and (Path(__file__).resolve().parent / "bench_carry.py").is_file():
        from bench_carry import rows as carry_rows

        print()
        for line in carry_rows():
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
