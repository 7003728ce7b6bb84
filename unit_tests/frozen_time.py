"""The instant every test runs at, and the clock-dependent filter values the connector derives from it.

2024-06-01T12:00:00Z is 05:00:00 Pacific daylight time. The paged part of an incremental read stops
five minutes (CLOCK_SKEW_MARGIN_SECONDS) before "now", i.e. at 04:55:00 Pacific, and what changed
after that is read from one second earlier (start filters are sent a second early).
"""

from datetime import datetime, timezone

FROZEN_NOW = datetime(2024, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
SETTLED_UNTIL = "2024-06-01 04:55:00"
TAIL_START = "2024-06-01 04:54:59"
# How the void-read mark of shipments is saved: the settled second, in RFC 3339.
SETTLED_UNTIL_RFC3339 = "2024-06-01T04:55:00-07:00"
