"""The numbers and names the connector shares with ShipStation's API, in one place."""

DEFAULT_API_BASE_URL = "https://ssapi.shipstation.com"
API_BASE_URL_ENV = "SHIPSTATION_API_BASE_URL"

# The API's maximum page size; a server that silently caps lower is handled (paging reads `total`).
PAGE_SIZE = 500

RATE_LIMIT_LIMIT_HEADER = "X-Rate-Limit-Limit"
RATE_LIMIT_REMAINING_HEADER = "X-Rate-Limit-Remaining"
RATE_LIMIT_RESET_HEADER = "X-Rate-Limit-Reset"

# Requests of one stream that may be on the wire at once. Enough to hide a 3 s response time under a
# 40-per-minute budget with room to spare; the budget, not this number, sets the pace.
MAX_REQUESTS_IN_FLIGHT = 6

DEFAULT_LOOKBACK_MINUTES = 60
DEFAULT_REQUEST_TIMEOUT_SECONDS = 120

# Records changed during a sync get a modifyDate of ShipStation's "now". The paged part of an
# incremental read stops this far behind our clock, so clock skew up to this margin cannot put a
# record changed during the sync inside it (see paging.ascending_walk).
CLOCK_SKEW_MARGIN_SECONDS = 300
