"""ShipStation's clock: US Pacific wall time without an offset, and the instants it stands for.

Every datetime ShipStation returns (``2015-07-16T14:00:34.8230000``) and every date filter it accepts
(``2015-07-16 14:00:34``) is a wall-clock reading in America/Los_Angeles. This module is the one place
that turns those readings into instants and back.

The one rule for readings that do not name a single instant: **a wall time that is repeated or
missing takes the UTC offset that was in force just before the clock changed.**

* Fall back (first Sunday of November): 01:00-01:59 happens twice. We read it as the first pass,
  daylight time (-07:00). A record really written in the second pass comes out one hour early; the
  information to tell the two apart is not in the API's answer.
* Spring forward (second Sunday of March): 02:00-02:59 never happens. We read it as standard time
  (-08:00), i.e. as the instant a clock that had not yet sprung forward would show; 02:30 becomes
  02:30-08:00, the same instant as 03:30-07:00.

This is what ``zoneinfo`` gives with ``fold=0``, so the offset of any reading depends only on its
date and hour; :func:`to_rfc3339` caches it per day (per hour on the two days a year the clocks
change), which keeps per-record conversion cheap.
Results never depend on the machine's own time zone.

Because either kind of reading can sit up to an hour away from the instant it was written at,
:func:`resume_wall_time` moves a resume point that lands within an hour after a transition back to
the transition, so that an incremental sync never steps over records written in the ambiguous hour.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

PACIFIC = ZoneInfo("America/Los_Angeles")

# A ShipStation timestamp: seconds always present, 0-7 fractional digits, no offset.
_PACIFIC_READING = re.compile(r"(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(?:\.(\d{1,7}))?")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Already carries an offset (RFC 3339); passed through unchanged.
_WITH_OFFSET = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")

# A reading's whole-second prefix in ASCII digits, the shape reading_second meets (nearly) always.
_ASCII_SECOND = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}")

FILTER_FORMAT = "%Y-%m-%d %H:%M:%S"
ONE_SECOND = timedelta(seconds=1)


class NotAPacificTimestamp(ValueError):
    """A value in a datetime field that is neither a ShipStation timestamp nor RFC 3339."""


@lru_cache(maxsize=65536)
def _offset_of_hour(day: str, hour: str) -> str:
    """UTC offset (``-07:00``/``-08:00``) of a Pacific wall-clock hour under the fold=0 rule."""
    year, month, dom = map(int, day.split("-"))
    reading = datetime(year, month, dom, int(hour), tzinfo=PACIFIC)
    minutes = int(reading.utcoffset().total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}"


# to_rfc3339 runs for every datetime field of every record, so its usual case is kept short: a reading
# of a day whose offset was looked up lately is sliced together with that offset. A day has one
# offset for all its readings, except on the two days a year the clocks change (""). Cleared when full.
_DAY_OFFSETS: dict = {}
_DAY_OFFSETS_LIMIT = 4096
# _PACIFIC_READING without groups: the output is the value, sliced or padded.
# ASCII digits only: [0-9] is also faster to match than \d, which takes any Unicode digit.
_READING = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,7})?")
_ZEROS = "000000"


def to_rfc3339(value: str) -> str:
    """Convert one ShipStation reading to RFC 3339 with the Pacific offset of that instant.

    ``2015-07-16T14:00:34.8230000`` becomes ``2015-07-16T14:00:34.823000-07:00``: the wall-clock
    digits are kept, the fraction is cut to microseconds (the API's seventh digit is a .NET tick,
    finer than any destination keeps), and the offset is appended. A date-only value in a datetime
    field means midnight of that day. Values that already carry an offset pass through.
    """
    if _READING.fullmatch(value) is None:
        return _convert_any(value)
    day = value[:10]
    offset = _DAY_OFFSETS.get(day)
    if offset is None:
        try:
            offset = _offset_of_day(day)
        except ValueError:  # no such day (2015-02-30): _convert_any says so
            return _convert_any(value)
        if len(_DAY_OFFSETS) >= _DAY_OFFSETS_LIMIT:
            _DAY_OFFSETS.clear()
        _DAY_OFFSETS[day] = offset
    if not offset:  # the clocks change that day: the hour decides
        return _convert_any(value)
    # As in _convert_any, the fraction cut or padded to six digits. The pattern matched, so the
    # length tells how many digits the fraction has (0-7); slicing is cheaper than the match's group.
    length = len(value)
    if length == 27:
        return value[:26] + offset
    if length == 19:
        return value + offset
    return value + _ZEROS[: 26 - length] + offset


def _offset_of_day(day: str) -> str:
    """The offset every hour of ``day`` takes, or "" if they differ (a DST change)."""
    # A day holds at most one change of offset, so its first and last hours tell. Uncached here:
    # _DAY_OFFSETS keeps the answer, which would otherwise crowd _offset_of_hour's cache.
    first, last = (_offset_of_hour.__wrapped__(day, hour) for hour in ("00", "23"))
    return first if first == last else ""


def _convert_any(value: str) -> str:
    """to_rfc3339 of any value, one step at a time."""
    try:
        match = _PACIFIC_READING.fullmatch(value)
        if match:
            day, hour, minute, second, fraction = match.groups()
            fraction = f".{fraction[:6].ljust(6, '0')}" if fraction else ""
            return f"{day}T{hour}:{minute}:{second}{fraction}{_offset_of_hour(day, hour)}"
        if _DATE_ONLY.fullmatch(value):
            return f"{value}T00:00:00{_offset_of_hour(value, '00')}"
    except ValueError:  # shaped like a timestamp, but no such day (2015-02-30)
        pass
    else:
        if _WITH_OFFSET.fullmatch(value):
            return value
    raise NotAPacificTimestamp(f"{value!r} is not a ShipStation timestamp")


def parse_instant(value: str) -> datetime:
    """Parse an RFC 3339 date-time (with ``Z`` or an offset) to an aware UTC datetime.

    A value without an offset is read as a ShipStation (Pacific) reading. Raises ``ValueError``.
    """
    text = value.strip()
    if not _WITH_OFFSET.fullmatch(text):
        text = to_rfc3339(text)
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    # Python 3.10's fromisoformat takes at most 6 fractional digits; to_rfc3339 already cut them.
    head, sep, tail = text.partition(".")
    if sep:
        digits = re.match(r"\d+", tail).group(0)
        text = f"{head}.{digits[:6].ljust(6, '0')}{tail[len(digits):]}"
    return datetime.fromisoformat(text).astimezone(timezone.utc)


def wall_time(instant: datetime) -> datetime:
    """The Pacific wall-clock reading (naive) of an aware instant."""
    return instant.astimezone(PACIFIC).replace(tzinfo=None, fold=0)


def filter_value(wall: datetime) -> str:
    """Format a wall-clock reading as a ShipStation date filter (whole seconds)."""
    return wall.strftime(FILTER_FORMAT)


def floor_to_second(wall: datetime) -> datetime:
    return wall.replace(microsecond=0)


def reading_second(value: str) -> datetime:
    """The wall-clock second of a ShipStation reading or of our RFC 3339 rendering of one.

    Both start with the same ``YYYY-MM-DDTHH:MM:SS`` digits, which is all paging needs to order records.
    """
    head = value[:19]
    if _ASCII_SECOND.fullmatch(head):
        # Paging calls this about once per record; strptime costs ~15 us, fromisoformat ~0.5 us and
        # reads these ASCII digits to the same datetime (and raises ValueError for the same values).
        return datetime.fromisoformat(head)
    return datetime.strptime(head, "%Y-%m-%dT%H:%M:%S")


def _transitions(year: int) -> list[tuple[datetime, datetime]]:
    """For each DST change of ``year``: the first wall-clock reading whose instant is uncertain, and
    the first reading after it whose instant is certain again."""
    windows = []
    day = date(year, 1, 1)
    previous = datetime(year, 1, 1, tzinfo=PACIFIC).utcoffset()
    # Walk the year a day at a time at noon; the offset changes on two days (US rules since 1967).
    while day.year == year:
        offset = datetime(day.year, day.month, day.day, 12, tzinfo=PACIFIC).utcoffset()
        if offset != previous:
            if offset > previous:
                # Spring: readings 02:00-02:59 stand for 03:00-03:59 PDT, so a resume point taken from
                # a state before 04:00 may have come from one of them.
                gap = datetime(day.year, day.month, day.day, 2)
                windows.append((gap, gap + timedelta(hours=2)))
            else:
                # Fall: readings 01:00-01:59 may be the second pass, written an hour later.
                repeat = datetime(day.year, day.month, day.day, 1)
                windows.append((repeat, repeat + timedelta(hours=1)))
            previous = offset
        day += timedelta(days=1)
    return windows


@lru_cache(maxsize=None)
def _transitions_of(year: int) -> tuple[tuple[datetime, datetime], ...]:
    return tuple(_transitions(year))


def resume_wall_time(wall: datetime) -> datetime:
    """Move a resume point that falls just after a DST change back to the change.

    Readings from the repeated or the missing hour stand up to one hour away from the instant they
    were written at (see the module docstring), so there the order of wall-clock readings and the
    order of events disagree. Resuming from the start of that hour re-reads it instead of stepping
    over part of it.
    """
    for start, end in _transitions_of(wall.year):
        if start <= wall < end:
            return start
    return wall
