"""One request budget for the whole sync, kept in step with ShipStation's rate-limit headers.

ShipStation allows about 40 requests per window of 60 s per key pair, shared with every other app
using the same keys, and says so on every response: ``X-Rate-Limit-Limit``, ``X-Rate-Limit-Remaining``
and ``X-Rate-Limit-Reset`` (seconds until the window resets). Rather than finding the limit with
429s, every stream's requests draw from this one budget:

* The calls left are worked out, not counted down: the lowest ``remaining`` the server reported in
  this window (its newest count, other apps' calls included), less our requests that have not been
  answered yet, which it may not have counted. Every answered request was counted by then, and
  answers that arrive out of order cannot make the figure too high. When it reaches zero, requests
  wait for the reset.
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
        self._window = 0  # which server window the figures below describe
        self._server_remaining: Optional[int] = None  # lowest `remaining` of this window; None: unknown
        self._window_end: Optional[float] = None
        # Requests sent and not answered yet. Kept across a reset: one sent just before it may still
        # be counted in the new window.
        self._unanswered: set = set()
        self._tokens = itertools.count(1)
        self._probe: Optional[tuple[int, float]] = None  # (token of the probing request, when it went out)
        self._paced = True
        self._late_margin = SEND_DELAY_SECONDS
        self.waited_seconds = 0.0

    @property
    def calls_left(self) -> Optional[int]:
        if self._server_remaining is None:
            return None
        return max(self._server_remaining - len(self._unanswered), 0)

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
                        rate=f"{self.calls_left} calls left in this window",
                        time_to_wait=timedelta(seconds=wait),
                    )
                self._changed.wait(timeout=wait)

    def update_from_response(self, request: Any, response: Any) -> None:
        info = rate_limit_info(response)
        with self._changed:
            window, sent_at, token = getattr(request, _STAMP, (None, self._clock(), None))
            self._unanswered.discard(token)
            self._changed.notify_all()
            was_probe = self._probe is not None and self._probe[0] == token
            if was_probe:
                self._probe = None
            if info.remaining is None or info.reset_seconds is None:
                if response.status_code != 429:
                    self._paced = False
                return
            self._paced = True
            if window != self._window:
                return  # an answer about a window that has already reset
            if response.status_code == 429 and was_probe:
                # We started the window `reset` seconds early: start later ones that much later.
                self._late_margin = min(self._late_margin + info.reset_seconds + 0.01, MAX_LATE_MARGIN_SECONDS)
            remaining = 0 if response.status_code == 429 else info.remaining
            end = sent_at + info.reset_seconds
            if self._window_end is None or end > self._window_end + NEW_WINDOW_SLACK_SECONDS:
                # The first news of this window, or the server has moved on to a window we had not seen.
                self._server_remaining, self._window_end = remaining, end
            else:
                self._server_remaining = min(self._server_remaining, remaining)
                self._window_end = max(self._window_end, end)

    # -- internals ---------------------------------------------------------------------------------

    def _try_acquire(self, request: Any, now: float) -> Optional[float]:
        """Take a call for ``request`` and return None, or return how long to wait before asking again."""
        if self._window_end is not None and now >= self._window_end + self._late_margin:
            self._window += 1
            self._server_remaining = None
            self._window_end = None
        stamp = getattr(request, _STAMP, None)
        if not self._paced:
            self._stamp(request, now, stamp)
            return None
        if self._server_remaining is None:
            probe = self._probe
            # The probe's own retry may go; so may a new probe when the last one never came back.
            if probe is None or (stamp is not None and stamp[2] == probe[0]) or now - probe[1] > PROBE_TIMEOUT_SECONDS:
                self._probe = (self._stamp(request, now, stamp), now)
                return None
            return PROBE_TIMEOUT_SECONDS - (now - probe[1])
        if self.calls_left > 0:
            self._stamp(request, now, stamp)
            return None
        # Until the reset, or until an answer frees a call held by an unanswered request.
        return max(self._window_end + self._late_margin - now, 0.001)

    def _stamp(self, request: Any, now: float, stamp: Optional[tuple]) -> int:
        """Mark ``request`` as sent now. A retry of a request that was never answered keeps its token:
        it is still one request the server may not have counted."""
        token = stamp[2] if stamp is not None and stamp[2] in self._unanswered else next(self._tokens)
        self._unanswered.add(token)
        setattr(request, _STAMP, (self._window, now, token))
        return token

    def _note_wait(self, waited: float) -> None:
        self.waited_seconds += waited
        if waited > LOG_WAITS_LONGER_THAN_SECONDS:
            logger.info(f"Waited {waited:.1f} s for ShipStation's rate-limit window to reset.")
