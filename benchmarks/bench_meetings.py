"""How fast ``archwg carry-actions`` reads MeetBot logs, against ``grep -c '#action'`` as the floor.

Generates (once, into benchmarks/out/, deterministic for a seed) an archive of
years of meetings of many series with ``generate_archive.py``, then runs, each
in a fresh process from a scratch folder outside any spec repository:

* over one series (the folder of the Architecture WG's logs):
  ``grep -rc '#action' <series>`` and ``archwg carry-actions --format json <series>``;
* over the whole archive, which for archwg means the chair's job done for every
  series: one ``carry-actions`` per series folder, times added up, peak memory
  the largest; and, as a second figure, one ``carry-actions`` given the whole
  archive folder (MeetBot's file names tell it the newest series, and it
  reads only that series' files);
  the floor is one ``grep -rc '#action' <archive>``.

Each row prints seconds, MB/s of log read, the child's peak RSS (from
``os.wait4``) and the ratio of archwg's time to grep's (aim: 10x or less).
Peak memory comes from GNU time's %M when /usr/bin/time is there, else from
``os.wait4``; 1 MB is 10^6 bytes throughout.
``--channel-log-gb N`` also generates one meeting log of N GB and prints
archwg's peak memory on it (the issue's limit: 200 MB for 1 GB).

The carry's answer is checked against what the generator knows: the number of
open items of each series after its last meeting.
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

from generate_archive import DEFAULT_OUT, DEFAULT_SEED, generate_archive, generate_channel_log  # noqa: E402

MB = 1_000_000
AIM_RATIO = 10
MEMORY_LIMIT_MB = 200


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


def measure(command: list[str], cwd: Path) -> Run:
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
            child = subprocess.Popen(wrapped, stdout=out, stderr=err, cwd=cwd)
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


def best_of(command: list[str], cwd: Path, repeat: int) -> Run:
    runs = [measure(command, cwd) for _ in range(repeat)]
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


def carry(folder: Path, cwd: Path, repeat: int, problems: list[str]) -> tuple[Run, dict | None]:
    run = best_of(archwg_command("carry-actions", "--format", "json", str(folder)), cwd, repeat)
    if run.exit_code != 0:
        problems.append(f"archwg carry-actions {folder} exited {run.exit_code}: {run.stderr.strip()[-500:]}")
        return run, None
    try:
        return run, json.loads(run.stdout)
    except json.JSONDecodeError as error:
        problems.append(f"archwg carry-actions {folder}: output is not JSON ({error})")
        return run, None


def check_open_items(series_id: str, answer: dict | None, manifest: dict, problems: list[str]) -> None:
    if answer is None:
        return
    expected = len(manifest["series"][series_id]["open"])
    found = len(answer.get("open", []))
    if found != expected:
        problems.append(f"{series_id}: carry-actions reports {found} open items, the generator expects {expected}")


def bench_archive(archive: Path, manifest: dict, series_id: str, repeat: int, cwd: Path) -> tuple[list[Row], list[str]]:
    problems: list[str] = []
    series_folder = archive / series_id
    series_bytes = folder_bytes(series_folder)
    archive_bytes = folder_bytes(archive)
    warm_page_cache(archive)

    rows = []
    grep_series = best_of(grep_command(series_folder), cwd, repeat)
    rows.append(row(f"grep -rc '#action' {series_id}/", grep_series, series_bytes))
    run, answer = carry(series_folder, cwd, repeat, problems)
    check_open_items(series_id, answer, manifest, problems)
    rows.append(row(f"archwg carry-actions {series_id}/", run, series_bytes, grep_series))

    grep_all = best_of(grep_command(archive), cwd, repeat)
    rows.append(row("grep -rc '#action' archive/", grep_all, archive_bytes))
    runs = []
    for other in sorted(manifest["series"]):
        run, answer = carry(archive / other, cwd, 1, problems)
        check_open_items(other, answer, manifest, problems)
        runs.append(run)
    each = Run(seconds=sum(run.seconds for run in runs), cpu_seconds=sum(run.cpu_seconds for run in runs),
               peak_mb=max(run.peak_mb for run in runs), exit_code=max(run.exit_code for run in runs),
               stdout="", stderr="")
    rows.append(row(f"archwg carry-actions, each of {len(runs)} series", each, archive_bytes, grep_all))
    run, _ = carry(archive, cwd, repeat, problems)
    rows.append(row("archwg carry-actions archive/ (one run)", run, archive_bytes, grep_all))
    return rows, problems


def bench_channel_log(folder: Path, gigabytes: float, seed: int, cwd: Path) -> tuple[list[Row], list[str]]:
    problems: list[str] = []
    log = folder / "openstack_meeting.2017-03-09-20.01.log.txt"
    print(f"generating {gigabytes:g} GB channel log {log} ...", flush=True)
    generated = generate_channel_log(log, gigabytes, seed)
    warm_page_cache(log)
    grep = measure(grep_command(log), cwd)
    run, _ = carry(log, cwd, 1, problems)
    size = generated["bytes"]
    rows = [row("grep -c '#action' channel log", grep, size),
            row("archwg carry-actions channel log", run, size, grep)]
    # Streaming keeps memory flat, so the limit does not grow with the file.
    verdict = "within" if run.peak_mb <= MEMORY_LIMIT_MB else "OVER"
    problems.append(f"channel log of {size / MB:.0f} MB: archwg peak {run.peak_mb:.0f} MB, "
                    f"{verdict} the {MEMORY_LIMIT_MB} MB limit")
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
    parser.add_argument("--size-mb", type=float, default=200, help="archive size in MB (default 200)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"generator seed (default {DEFAULT_SEED})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"archive folder (default {DEFAULT_OUT})")
    parser.add_argument("--series", default="arch_wg", help="the series timed alone (default arch_wg)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement, the fastest counts (default 1)")
    parser.add_argument("--channel-log-gb", type=float, default=0,
                        help="also time one meeting log of this many GB and print archwg's peak memory (default off)")
    parser.add_argument("--skip-archive", action="store_true", help="only the channel log")
    args = parser.parse_args(argv)
    if shutil.which("grep") is None:
        print("bench_meetings: grep is needed as the floor", file=sys.stderr)
        return 2

    rows: list[Row] = []
    problems: list[str] = []
    # A scratch working directory: inside the project archwg would find its spec repository.
    scratch = Path(tempfile.mkdtemp(prefix="archwg-bench-"))
    try:
        if not args.skip_archive:
            print(f"generating {args.size_mb:g} MB archive in {args.out} (seed {args.seed}, reused when there) ...",
                  flush=True)
            manifest = generate_archive(args.out, args.size_mb, args.seed)
            if args.series not in manifest["series"]:
                print(f"bench_meetings: no series {args.series!r} in the archive", file=sys.stderr)
                return 2
            print(f"archive: {len(manifest['series'])} series, {manifest['meetings']} meetings, "
                  f"{manifest['files']} files, {manifest['total_bytes'] / MB:.1f} MB; "
                  f"{args.series}: {manifest['series'][args.series]['meetings']} meetings")
            archive_rows, archive_problems = bench_archive(args.out, manifest, args.series, args.repeat, scratch)
            rows += archive_rows
            problems += archive_problems
        if args.channel_log_gb:
            channel_rows, channel_problems = bench_channel_log(args.out.parent / "channel", args.channel_log_gb,
                                                               args.seed, scratch)
            rows += channel_rows
            problems += channel_problems
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    print()
    print_rows(rows)
    slow = [row for row in rows if row.ratio is not None and row.ratio > AIM_RATIO]
    print()
    print(f"aim: archwg within {AIM_RATIO}x of grep: " + ("met" if not slow else
          "not met by " + "; ".join(row.label for row in slow)))
    for problem in problems:
        print(f"note: {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
