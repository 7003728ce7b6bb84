"""One request budget for the whole sync, kept in step with ShipStation's rate-limit headers.

ShipStation allows about 40 requests per window of 60 s per key pair, shared with every other app
using the same keys, and says so on every response: ``X-Rate-Limit-Limit``, ``X-Rate-Limit-Remaining``
and ``X-Rate-Limit-Reset`` (seconds until the window resets). Rather than finding the limit with
429s, every stream's requests draw from this one budget:

* While the budget knows the window (remaining calls, reset time), requests go out at once until
  the remaining count reaches zero, then wait for the reset. Each answer's ``remaining`` (which
  includes what other apps used), less our requests still on the wire, which the server may not
  have counted yet, can only lower the count within a window; an answer about a later window
  starts the count afresh.
* When a window has reset (or at the start) nothing is known, so exactly one request goes out -- the
  probe -- and the others wait for its answer, which describes the new window.
* The server counts a request when it arrives, so the window ends ``reset`` seconds after we *sent*
  the request that reported it, plus the few milliseconds a request takes to get there. Should the
  server count differently and a probe still meet a 429, later windows are started later by what
  that 429's ``reset`` says (``_late_margin``, at most two seconds).
* A server that sends no rate-limit headers at all is not paced; 429s are then handled by retries.

The CDK calls ``acquire_call`` before and ``update_from_response`` after every request, from any
thread (``LimiterSession``), so all state sits behind one condition variable.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from datetime import timedelta
from typing import Any, Callable, Optional

from airbyte_cdk.sources.streams.call_rate import AbstractAPIBudget, AbstractCallRatePolicy, CallRateLimitHit

from .responses import rate_limit_info

logger = logging.getLogger("airbyte")

_STAMP = "_shipstation_budget_stamp"
MAX_LATE_MARGIN_SECONDS = 2.0
# Between taking a call and the server counting it a few milliseconds pass, so a window's end
# estimated from our send time is that much early.
SEND_DELAY_SECONDS = 0.02
PROBE_TIMEOUT_SECONDS = 30.0
# `reset` is whole seconds on the real API: ends computed from it wobble by up to a second.
NEW_WINDOW_SLACK_SECONDS = 1.0
LOG_WAITS_LONGER_THAN_SECONDS = 5.0


class SharedRateBudget(AbstractAPIBudget):
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._changed = threading.Condition()
        self._window = 0  # which server window `_remaining` and `_window_end` describe
        self._remaining: Optional[int] = None  # None: not known for this window yet
        self._window_end: Optional[float] = None
        self._tokens = itertools.count()
        # Tokens of requests sent and not answered yet. Kept across a reset: one sent just before it
        # may still be counted in the new window.
        self._in_flight: set = set()
        self._probe: Optional[tuple[int, float]] = None  # (token of the probing request, when it went out)
        self._paced = True
        self._late_margin = SEND_DELAY_SECONDS
        self.waited_seconds = 0.0

    # -- AbstractAPIBudget -------------------------------------------------------------------------

    def get_matching_policy(self, request: Any) -> Optional[AbstractCallRatePolicy]:
        return None  # one budget for every endpoint: ShipStation's limit is per key pair

    def acquire_call(self, request: Any, block: bool = True, timeout: Optional[float] = None) -> None:
        with self._changed:
            started = self._clock()
            while True:
                now = self._clock()
                wait = self._try_acquire(request, now)
                if wait is None:
                    self._note_wait(now - started)
                    return
                if not block or (timeout is not None and now - started + wait > timeout):
                    raise CallRateLimitHit(
                        error="ShipStation rate-limit budget used up",
                        item=request,
                        weight=1,
                        rate=f"{self._remaining} calls left in this window",
                        time_to_wait=timedelta(seconds=wait),
                    )
                self._changed.wait(timeout=wait)

    def update_from_response(self, request: Any, response: Any) -> None:
        info = rate_limit_info(response)
        with self._changed:
            window, sent_at, token = getattr(request, _STAMP, (None, self._clock(), None))
            self._in_flight.discard(token)
            was_probe = self._probe is not None and self._probe[0] == token
            if was_probe:
                self._probe = None
            if info.remaining is None or info.reset_seconds is None:
                if response.status_code != 429:
                    self._paced = False
                self._changed.notify_all()
                return
            self._paced = True
            if window != self._window:
                return  # an answer about a window that has already reset
            if response.status_code == 429 and was_probe:
                # We started the window `reset` seconds early: start later ones that much later.
                self._late_margin = min(self._late_margin + info.reset_seconds + 0.01, MAX_LATE_MARGIN_SECONDS)
            # The server's count includes other apps' calls; our requests still on the wire may not be
            # in it yet, so they are taken off.
            remaining = 0 if response.status_code == 429 else max(info.remaining - len(self._in_flight), 0)
            end = sent_at + info.reset_seconds
            if self._window_end is None or end > self._window_end + NEW_WINDOW_SLACK_SECONDS:
                # The first news of this window, or the server has moved on to a window we had not seen.
                self._remaining, self._window_end = remaining, end
            else:
                # Answers may arrive out of order: within a window the count only goes down.
                self._remaining = min(self._remaining, remaining)
                self._window_end = max(self._window_end, end)
            self._changed.notify_all()

    # -- internals ---------------------------------------------------------------------------------

    def _try_acquire(self, request: Any, now: float) -> Optional[float]:
        """Take a call for ``request`` and return None, or return how long to wait before asking again."""
        if self._window_end is not None and now >= self._window_end + self._late_margin:
            self._window += 1
            self._remaining = None
            self._window_end = None
        if not self._paced:
            self._stamp(request, now)
            return None
        if self._remaining is None:
            probe = self._probe
            stamp = getattr(request, _STAMP, None)
            # The probe's own retry may go; so may a new probe when the last one never came back.
            if probe is None or (stamp is not None and stamp[2] == probe[0]) or now - probe[1] > PROBE_TIMEOUT_SECONDS:
                self._probe = (self._stamp(request, now), now)
                return None
            return PROBE_TIMEOUT_SECONDS - (now - probe[1])
        if self._remaining > 0:
            self._remaining -= 1
            self._stamp(request, now)
            return None
        return max(self._window_end + self._late_margin - now, 0.001)

    def _stamp(self, request: Any, now: float) -> int:
        """Mark ``request`` as sent now; returns its token (a retry keeps the token it had)."""
        stamp = getattr(request, _STAMP, None)
        token = stamp[2] if stamp is not None and stamp[2] in self._in_flight else next(self._tokens)
        self._in_flight.add(token)
        setattr(request, _STAMP, (self._window, now, token))
        return token

    def _note_wait(self, waited: float) -> None:
        self.waited_seconds += waited
        if waited > LOG_WAITS_LONGER_THAN_SECONDS:
            logger.info(f"Waited {waited:.1f} s for ShipStation's rate-limit window to reset.")
