"""ShipStation's rate limit: a fixed window per API key pair, shared with every other app on the keys.

A window starts with the first request after the previous one ended and lasts `window` seconds;
every request is counted when it arrives, and requests past the limit get 429. Another app's
`shared_usage` calls per window are spread evenly over it: its k-th call (k = 0..n-1) lands
k*window/n seconds into the window.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

UNLIMITED_HEADER_LIMIT = 40  # what the headers say when no limit is enforced
UNLIMITED_HEADER_WINDOW = 60.0


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    reset: float  # seconds until the window resets

    def headers(self, reset_format: str, exhausted: bool = False) -> dict[str, str]:
        if reset_format == "fractional":
            reset = f"{self.reset:.3f}"
        else:
            reset = str(math.ceil(round(self.reset, 6)))  # rounded up, as the real API does
        return {"X-Rate-Limit-Limit": str(self.limit),
                "X-Rate-Limit-Remaining": "0" if exhausted else str(self.remaining),
                "X-Rate-Limit-Reset": reset}


class RateLimiter:
    def __init__(self, limit: tuple[int, float] | None = None, shared_usage: int = 0, now=time.monotonic):
        self._now = now
        self._lock = threading.Lock()
        self.configure(limit, shared_usage)

    def configure(self, limit: tuple[int, float] | None, shared_usage: int = 0) -> None:
        with self._lock:
            self.limit = limit
            self.shared_usage = shared_usage
            self._window_start: float | None = None
            self._count = 0

    def _others(self, elapsed: float, window: float) -> int:
        if not self.shared_usage:
            return 0
        return min(self.shared_usage, math.floor(self.shared_usage * elapsed / window) + 1)

    def hit(self) -> Verdict:
        """Count one arriving request and say whether it may proceed."""
        with self._lock:
            if self.limit is None:
                return Verdict(True, UNLIMITED_HEADER_LIMIT, UNLIMITED_HEADER_LIMIT, UNLIMITED_HEADER_WINDOW)
            limit, window = self.limit
            now = self._now()
            if self._window_start is None or now >= self._window_start + window:
                self._window_start, self._count = now, 0
            self._count += 1
            elapsed = now - self._window_start
            used = self._count + self._others(elapsed, window)
            return Verdict(used <= limit, limit, max(0, limit - used), window - elapsed)
