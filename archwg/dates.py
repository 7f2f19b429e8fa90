"""English names of months and weekdays: what archwg writes must not change with the locale.

strftime's and strptime's %a, %A, %b and %B take the names from the locale
(Sphinx, for one, sets it from the environment): archwg reads and writes
month and weekday names only through these tables.
"""

from __future__ import annotations

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
MONTH_ABBREVIATIONS = tuple(name[:3] for name in MONTH_NAMES)  # "Jan" ... "Dec", as MeetBot writes them
# "jan" -> 1: how MeetBot's greetings and the group's "(Carried since Feb 9 2017)" name months;
# "january" -> 1 too: people write them out ("(Carried since 9 February 2017)").
MONTH_NUMBERS = {
    **{name.lower(): number for number, name in enumerate(MONTH_ABBREVIATIONS, 1)},
    **{name.lower(): number for number, name in enumerate(MONTH_NAMES, 1)},
}

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_day(moment) -> str:
    """'Thursday 09 March 2017' (a date or datetime), as strftime's "%A %d %B %Y" in the C locale."""
    return f"{WEEKDAY_NAMES[moment.weekday()]} {moment.day:02d} {MONTH_NAMES[moment.month - 1]} {moment.year}"
