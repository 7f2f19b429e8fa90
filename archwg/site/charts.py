"""Chart geometry for the SVG templates: pure, so the charts need no script to render.

The templates draw what these functions compute: one bar group per meeting
(carried and newly opened items stacked, closed items as a bar below the
axis) and one bar per month of spec status changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from archwg.site.model import StatusChange
from archwg.status_model import MeetingPoint

WIDTH = 720
HEIGHT = 260
MARGIN_LEFT = 40
MARGIN_BOTTOM = 40
MARGIN_TOP = 16


@dataclass(frozen=True)
class Segment:
    x: float
    y: float
    width: float
    height: float
    kind: str  # carried, opened, closed or a status


@dataclass(frozen=True)
class BarGroup:
    label: str
    title: str  # the tooltip: what the bar says in words
    x: float  # centre, for the axis label
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    axis_y: float  # the zero line
    top: int  # the largest value on the scale
    ticks: tuple[tuple[float, int], ...]  # (y, value)
    groups: tuple[BarGroup, ...]
    label_every: int  # label one bar in so many, so labels never overlap


def _scale(top: int, below: int) -> tuple[float, float]:
    """(zero line y, pixels per unit) for values from -below to top."""
    usable = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    span = max(1, top + below)
    unit = usable / span
    return MARGIN_TOP + top * unit, unit


def _ticks(top: int, zero: float, unit: float) -> tuple[tuple[float, int], ...]:
    step = max(1, -(-top // 4))
    return tuple((zero - value * unit, value) for value in range(0, top + 1, step))


def open_items_chart(points: Sequence[MeetingPoint]) -> Chart:
    top = max((point.open for point in points), default=0)
    below = max((point.closed for point in points), default=0)
    zero, unit = _scale(top, below)
    slot = (WIDTH - MARGIN_LEFT) / max(1, len(points))
    bar = max(2.0, min(slot * 0.7, 60))
    groups = []
    for index, point in enumerate(points):
        x = MARGIN_LEFT + index * slot + (slot - bar) / 2
        carried_h = point.carried * unit
        opened_h = point.opened * unit
        segments = (
            Segment(x, zero - carried_h, bar, carried_h, "carried"),
            Segment(x, zero - carried_h - opened_h, bar, opened_h, "opened"),
            Segment(x, zero, bar, point.closed * unit, "closed"),
        )
        title = (f"{point.date.isoformat()}: {point.open} open after the meeting "
                 f"({point.opened} opened, {point.carried} carried), {point.closed} closed")
        groups.append(BarGroup(point.date.isoformat(), title, x + bar / 2, segments))
    return Chart(WIDTH, HEIGHT, zero, top, _ticks(top, zero, unit), tuple(groups),
                 max(1, -(-len(points) // 12)))


def status_changes_chart(changes: Sequence[StatusChange]) -> Chart:
    """One bar per month that saw a status change, stacked by the status moved to."""
    months: dict[str, dict[str, int]] = {}
    for change in changes:
        month = change.date[:7]
        months.setdefault(month, {})
        months[month][change.status] = months[month].get(change.status, 0) + 1
    ordered = sorted(months.items())
    top = max((sum(counts.values()) for _, counts in ordered), default=0)
    zero, unit = _scale(top, 0)
    slot = (WIDTH - MARGIN_LEFT) / max(1, len(ordered))
    bar = max(2.0, min(slot * 0.7, 60))
    groups = []
    for index, (month, counts) in enumerate(ordered):
        x = MARGIN_LEFT + index * slot + (slot - bar) / 2
        y = zero
        segments = []
        for status, count in sorted(counts.items()):
            height = count * unit
            y -= height
            segments.append(Segment(x, y, bar, height, status))
        words = ", ".join(f"{count} {status}" for status, count in sorted(counts.items()))
        groups.append(BarGroup(month, f"{month}: {words}", x + bar / 2, tuple(segments)))
    return Chart(WIDTH, HEIGHT, zero, top, _ticks(top, zero, unit), tuple(groups),
                 max(1, -(-len(ordered) // 12)))
