"""Runtime switches: how the sandbox plays each unknown or quirk of the real API.

One table (SWITCHES) drives validation, the HTTP control plane and the CLI flags, so a new
switch is one line here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Callable

from .clock import system_clock


@dataclass
class Switches:
    api_key: str = "sandbox_api_key_0123"
    api_secret: str = "sandbox_api_secret_4567"
    auth_error_body: str = "text"  # body of a 401: "401 Unauthorized" as text, or {"message": ...}
    api_access: bool = True  # False: every call is 403, a plan without API access
    unknown_id_status: int = 404  # status for /orders/{unknown id} and the like
    max_page_size: int = 500  # larger pageSize values are silently capped
    pages_field: str = "correct"  # "zero": envelopes always say pages: 0, as in several doc examples
    filter_start: str = "inclusive"  # *DateStart: record >= start, or > start when "exclusive"
    filter_end: str = "inclusive"  # *DateEnd: record <= end, or < end when "exclusive"
    filter_precision: str = "full"  # "second": compare the record's value truncated to the second
    rate_limit: tuple[int, float] | None = None  # (requests, window seconds); None: never 429
    reset_format: str = "integer"  # X-Rate-Limit-Reset as whole seconds (rounded up) or "fractional"
    shared_usage: int = 0  # calls per window another app on the same keys makes, spread evenly
    latency_seconds: float = 0.0  # added before every API response is written
    latency_paths: dict[str, float] = field(default_factory=dict)  # path regex -> latency, first match wins
    hang_seconds: float = 30.0  # how long a "hang" fault holds the request before dropping it
    clock: Callable[[], datetime] = system_clock  # "now" for mutations: naive Pacific wall time

    def update(self, **changes) -> None:
        """Validate and apply; nothing changes unless every value is valid."""
        parsed = {}
        for name, value in changes.items():
            if name not in _NAMES:
                raise TypeError(f"unknown switch {name!r}")
            parsed[name] = _parse(name, value)
        for name, value in parsed.items():
            setattr(self, name, value)

    def as_json(self) -> dict:
        values = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "clock"}
        values["rate_limit"] = list(self.rate_limit) if self.rate_limit else None
        return values


CHOICES = {
    "auth_error_body": ("text", "json"),
    "unknown_id_status": (404, 400),
    "pages_field": ("correct", "zero"),
    "filter_start": ("inclusive", "exclusive"),
    "filter_end": ("inclusive", "exclusive"),
    "filter_precision": ("full", "second"),
    "reset_format": ("integer", "fractional"),
}
_NAMES = frozenset(f.name for f in fields(Switches))


def parse_rate_limit(value) -> tuple[int, float] | None:
    """None, (limit, window), [limit, window] or "limit/window" such as "40/60"."""
    if value is None or value == "" or value == "none":
        return None
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)\s*", value)
        if not match:
            raise ValueError(f"rate_limit must look like 40/60, not {value!r}")
        value = (match.group(1), match.group(2))
    limit, window = value
    limit, window = int(limit), float(window)
    if limit < 0 or window <= 0:
        raise ValueError("rate_limit needs limit >= 0 and window > 0")
    return limit, window


def _parse(name: str, value):
    if name == "rate_limit":
        return parse_rate_limit(value)
    if name == "clock":
        if not callable(value):
            raise ValueError("clock must be a callable returning a naive Pacific datetime")
        return value
    if name == "latency_paths":
        paths = {str(k): float(v) for k, v in dict(value or {}).items()}
        for pattern in paths:
            re.compile(pattern)
        return paths
    if name in CHOICES:
        if name == "unknown_id_status":
            value = int(value)
        if value not in CHOICES[name]:
            raise ValueError(f"{name} must be one of {CHOICES[name]}, not {value!r}")
        return value
    if name == "api_access":
        if isinstance(value, str):
            value = {"true": True, "false": False}.get(value.lower(), value)
        if not isinstance(value, bool):
            raise ValueError("api_access must be true or false")
        return value
    if name in ("max_page_size", "shared_usage"):
        number = int(value)
        if number < (1 if name == "max_page_size" else 0):
            raise ValueError(f"{name} is too small: {number}")
        return number
    if name in ("latency_seconds", "hang_seconds"):
        number = float(value)
        if number < 0:
            raise ValueError(f"{name} cannot be negative")
        return number
    return str(value)
