"""Pacific wall-clock time as ShipStation shows it: naive, no offset, 0 to 7 fractional digits.

Every datetime the sandbox holds is an integer of 100 ns "ticks" of *wall-clock* time (a naive
Pacific datetime read as if it were UTC). Integers sort, compare and bisect fast, keep all seven
fractional digits, and can hold wall values a real clock never shows (the spring-forward gap).
`NULL` is the smallest int64, so a null date sorts first ascending and last descending, as on
SQL Server.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_right
from datetime import date, datetime, timedelta, timezone

TICKS_PER_SECOND = 10_000_000
TICKS_PER_DAY = 86_400 * TICKS_PER_SECOND
NULL = -(2**63)

_EPOCH = datetime(1970, 1, 1)

# How a field's value is written out; the samples show each of these.
F7 = "f7"  # 2015-07-16T14:00:34.8230000 (orders, shipments, fulfillments, customers, warehouses)
F3 = "f3"  # 2015-07-16T14:00:34.823     (order items, products)
TRIM = "trim"  # 2014-11-12T08:45:20.55 / 2015-07-05T00:00:00 (stores: trailing zeros dropped)
DATE = "date"  # 2015-07-02                (shipDate of orders and shipments)


def to_ticks(wall: datetime) -> int:
    """A naive wall-clock datetime as ticks."""
    delta = wall.replace(tzinfo=None) - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * TICKS_PER_SECOND + delta.microseconds * 10


def to_datetime(ticks: int) -> datetime:
    """Ticks as a naive wall-clock datetime (the seventh digit is lost: datetime has microseconds)."""
    return _EPOCH + timedelta(microseconds=ticks // 10)


def truncate_to_second(ticks: int) -> int:
    return ticks - ticks % TICKS_PER_SECOND


def render(ticks: int, fmt: str = F7) -> str | None:
    """Ticks as ShipStation writes them, or None for a null date."""
    if ticks == NULL:
        return None
    seconds, fraction = divmod(ticks, TICKS_PER_SECOND)
    if fmt == DATE:
        return time.strftime("%Y-%m-%d", time.gmtime(seconds))
    whole = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))
    if fmt == F7:
        return f"{whole}.{fraction:07d}"
    if fmt == F3:
        return f"{whole}.{fraction // 10_000:03d}"
    digits = f"{fraction:07d}".rstrip("0")
    return f"{whole}.{digits}" if digits else whole


_FILTER_VALUE = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)


def parse_filter_value(text: str) -> int:
    """A date filter value as ticks of Pacific wall time.

    The API documents `yyyy-mm-dd hh:mm:ss`; like .NET's DateTime binding we also take a `T`,
    fractions, a bare date, and an offset or `Z` (converted to Pacific wall time, as a server whose
    local zone is Pacific would). Raises ValueError for anything else.
    """
    match = _FILTER_VALUE.match(text.strip())
    if not match:
        raise ValueError(text)
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    wall = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    ticks = to_ticks(wall) + int((fraction or "0").ljust(7, "0"))
    if offset is None:
        return ticks
    if offset.upper() == "Z":
        shift = timedelta(0)
    else:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        shift = sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    utc = to_datetime(ticks) - shift
    return to_ticks(pacific_wall(utc.replace(tzinfo=timezone.utc))) + ticks % 10


# --- US Pacific daylight-saving rules (in force since 2007), kept here so no tz database is needed.


def _nth_sunday(year: int, month: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (n - 1))


def spring_forward_day(year: int) -> date:
    """Second Sunday of March: 02:00-03:00 does not exist on the wall clock."""
    return _nth_sunday(year, 3, 2)


def fall_back_day(year: int) -> date:
    """First Sunday of November: 01:00-02:00 happens twice on the wall clock."""
    return _nth_sunday(year, 11, 1)


def _utc_offset_hours(utc: datetime) -> int:
    year = utc.year
    dst_start = datetime.combine(spring_forward_day(year), datetime.min.time()) + timedelta(hours=10)
    dst_end = datetime.combine(fall_back_day(year), datetime.min.time()) + timedelta(hours=9)
    return -7 if dst_start <= utc < dst_end else -8


def pacific_wall(instant: datetime) -> datetime:
    """An aware (or naive UTC) instant as naive Pacific wall-clock time."""
    utc = instant.astimezone(timezone.utc).replace(tzinfo=None) if instant.tzinfo else instant
    return utc + timedelta(hours=_utc_offset_hours(utc))


def pacific_instant(wall: datetime) -> datetime:
    """A naive Pacific wall time as a naive UTC instant (the first one, for a repeated hour)."""
    for hours in (7, 8):
        utc = wall + timedelta(hours=hours)
        if _utc_offset_hours(utc) == -hours:
            return utc
    return wall + timedelta(hours=8)  # in the spring-forward gap: no instant shows it


def system_clock() -> datetime:
    """The real current time as naive Pacific wall-clock time (the default sandbox clock)."""
    return pacific_wall(datetime.now(timezone.utc))


def _dst_boundaries() -> list[float]:
    """POSIX timestamps where Pacific DST starts and ends, 1970-2199 (sorted; odd bisect = DST)."""
    bounds = []
    for year in range(1970, 2200):
        for day, utc_hour in ((spring_forward_day(year), 10), (fall_back_day(year), 9)):
            bounds.append((datetime.combine(day, datetime.min.time()) - _EPOCH).total_seconds() + utc_hour * 3600)
    return bounds


_DST_BOUNDARIES = _dst_boundaries()


def wall_ticks_of_epoch(seconds: float) -> int:
    """A POSIX timestamp (UTC seconds) as ticks of Pacific wall time; the fast path for generating
    hundreds of thousands of records."""
    offset = -7 if bisect_right(_DST_BOUNDARIES, seconds) % 2 else -8
    return round((seconds + offset * 3600) * TICKS_PER_SECOND)


def epoch_of_wall(ticks: int) -> float:
    """Ticks of Pacific wall time as a POSIX timestamp (first instant of a repeated hour)."""
    return (pacific_instant(to_datetime(ticks)) - _EPOCH).total_seconds() + ticks % 10 / TICKS_PER_SECOND
