"""How ``carry()`` grows with the series: seconds on synthetic series of 500, 1,000 and 2,000 meetings.

The series come from ``synthetic_series.py`` (texts that share few words,
items rarely closed: the open list grows with the series). Near-linear
carrying keeps the microseconds per meeting flat from row to row; a
quadratic part shows as that column doubling with the series.

A second table carries two meetings of 2,000/4,000/8,000 items and read-out
lines each (``crowded_meetings``): the cost inside one meeting, which must
grow with its items, not with their square.

The floor, measured in the same run on the same series, is one linear pass
over every text carrying reads (the carried suffix split off and the text
lower-cased and split into words): each row prints carry()'s time as a
ratio to it.

    .venv/bin/python benchmarks/bench_carry.py
    .venv/bin/python benchmarks/bench_carry.py --sizes 500 1000 2000 4000 --repeat 3

``rows()`` is what ``bench_meetings.py`` calls to print the same figures.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Iterable

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_series import DEFAULT_SEED, crowded_meetings, synthetic_series  # noqa: E402

DEFAULT_SIZES = (500, 1000, 2000)
CROWDED_SIZES = (2000, 4000, 8000)


def _floor(series) -> float:
    """One linear pass over every text: split off the suffix, lower-case, split into words."""
    from archwg.meetings.suffix import split_carried_suffix

    started = time.process_time()
    words = 0
    for meeting in series:
        for item in (*meeting.items, *meeting.chair_lines):
            words += len(split_carried_suffix(item.text).text.lower().split())
    return max(time.process_time() - started, 1e-6)


def _carry_seconds(series) -> tuple[float, int, int]:
    from archwg.meetings.carry import carry

    started = time.process_time()
    report = carry(series)
    return time.process_time() - started, len(report.open), len(report.closed)


def rows(sizes: Iterable[int] = DEFAULT_SIZES, seed: int = DEFAULT_SEED, repeat: int = 1,
         crowded: Iterable[int] = CROWDED_SIZES) -> list[str]:
    """The table's lines: one per series size, then one per crowded meeting size (CPU seconds, fastest of *repeat*)."""
    lines = [f"{'carry() on synthetic series':<32} {'meetings':>8} {'open':>6} {'closed':>6} {'cpu s':>8} "
             f"{'us/meeting':>10} {'vs floor':>9}"]
    for size in sizes:
        lines.append(_row(synthetic_series(size, seed), size, repeat))
    lines.append(f"{'carry() on 2 crowded meetings':<32} {'items':>8} {'open':>6} {'closed':>6} {'cpu s':>8} "
                 f"{'us/item':>10} {'vs floor':>9}")
    for size in crowded:
        lines.append(_row(crowded_meetings(size, seed), size, repeat))
    return lines


def _row(series, size: int, repeat: int) -> str:
    runs = [_carry_seconds(series) for _ in range(repeat)]
    seconds = min(run[0] for run in runs)
    _, open_items, closed = runs[0]
    floor = min(_floor(series) for _ in range(repeat))
    return (f"{'':<32} {size:>8} {open_items:>6} {closed:>6} {seconds:>8.2f} "
            f"{seconds / size * 1e6:>10.0f} {seconds / floor:>8.1f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), help="meetings per series")
    parser.add_argument("--crowded", type=int, nargs="*", default=list(CROWDED_SIZES),
                        help="items per crowded meeting (none: skip)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--repeat", type=int, default=1, help="keep the fastest of N runs")
    args = parser.parse_args(argv)
    for line in rows(args.sizes, args.seed, args.repeat, args.crowded):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
