"""Pacific wall-clock ticks: rendering, parsing filter values, DST rules."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from shipstation_sandbox.clock import (DATE, F3, F7, NULL, TRIM, fall_back_day, pacific_instant, pacific_wall,
                                       parse_filter_value, render, spring_forward_day, to_ticks,
                                       wall_ticks_of_epoch)

T = to_ticks(datetime(2015, 7, 16, 14, 0, 34, 823000))


@pytest.mark.parametrize("fmt, text", [
    (F7, "2015-07-16T14:00:34.8230000"), (F3, "2015-07-16T14:00:34.823"),
    (TRIM, "2015-07-16T14:00:34.823"), (DATE, "2015-07-16"),
])
def test_render(fmt, text):
    assert render(T, fmt) == text


def test_render_trims_to_zero_digits_and_null():
    assert render(to_ticks(datetime(2015, 7, 5)), TRIM) == "2015-07-05T00:00:00"
    assert render(to_ticks(datetime(2014, 11, 12, 8, 45, 20, 550000)), TRIM) == "2014-11-12T08:45:20.55"
    assert render(NULL) is None


def test_parse_filter_values():
    assert parse_filter_value("2015-07-16 14:00:34") == T - 8_230_000
    assert parse_filter_value("2015-07-16T14:00:34.8230000") == T
    assert parse_filter_value("2015-07-16T14:00:34.823") == T
    assert parse_filter_value("2015-07-16T21:00:34.823Z") == T  # PDT is UTC-7
    assert parse_filter_value("2015-07-16T17:00:34.823-04:00") == T
    for bad in ("", "2015-07-16 14", "2015/07/16", "2015-02-30 00:00:00"):
        with pytest.raises(ValueError):
            parse_filter_value(bad)


def test_dst_days():
    assert [spring_forward_day(y) for y in (2024, 2025, 2026)] == [date(2024, 3, 10), date(2025, 3, 9),
                                                                     date(2026, 3, 8)]
    assert [fall_back_day(y) for y in (2024, 2025, 2026)] == [date(2024, 11, 3), date(2025, 11, 2),
                                                               date(2026, 11, 1)]


def test_pacific_conversions_around_dst():
    utc = timezone.utc
    assert pacific_wall(datetime(2025, 11, 2, 8, 30, tzinfo=utc)) == datetime(2025, 11, 2, 1, 30)  # PDT
    assert pacific_wall(datetime(2025, 11, 2, 9, 30, tzinfo=utc)) == datetime(2025, 11, 2, 1, 30)  # PST
    assert pacific_wall(datetime(2025, 3, 9, 10, 0, tzinfo=utc)) == datetime(2025, 3, 9, 3, 0)
    assert pacific_instant(datetime(2025, 11, 2, 1, 30)) == datetime(2025, 11, 2, 8, 30)  # the first one
    assert pacific_instant(datetime(2025, 1, 15, 12, 0)) == datetime(2025, 1, 15, 20, 0)
    epoch = datetime(2025, 7, 1, 19, tzinfo=utc).timestamp()
    assert wall_ticks_of_epoch(epoch) == to_ticks(datetime(2025, 7, 1, 12))


def test_matches_the_tz_database():
    zoneinfo = pytest.importorskip("zoneinfo")
    try:
        la = zoneinfo.ZoneInfo("America/Los_Angeles")
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip("no tz database")
    for hour in range(0, 24 * 800, 7):
        instant = datetime(2024, 1, 1, tzinfo=timezone.utc).timestamp() + hour * 3600 + 1234
        expected = datetime.fromtimestamp(instant, la).replace(tzinfo=None)
        assert wall_ticks_of_epoch(instant) == to_ticks(expected)
