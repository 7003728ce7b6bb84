"""Reading ShipStation's answers: the JSON body (parsed once), rate-limit headers, error bodies."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

import orjson
import requests

from .constants import RATE_LIMIT_LIMIT_HEADER, RATE_LIMIT_REMAINING_HEADER, RATE_LIMIT_RESET_HEADER

_PARSED = "_shipstation_json"
_UNREADABLE = object()


class UnreadableBody(ValueError):
    """A response body that is not JSON (an HTML maintenance page, a truncated transfer...)."""


def read_body(response: requests.Response) -> None:
    """Read the body of a response to a request sent with ``stream=True``, in one piece.

    ``Response.content`` reads a body in requests' 10 KiB pieces: a page of 500 orders (~1.4 MB) is
    some 140 trips through urllib3's generator, each one taking the GIL back from the thread that
    emits records (3-6% of a 100,000-order sync). The streams send with ``stream=True`` and the error
    handler, the first to see an answer, reads it here, before anything else can. A failure while
    reading raises requests' own exceptions (``iter_content`` wraps urllib3's), as ``send`` would
    have. The body is kept where ``Response.content`` keeps it, so everything else reads it as usual.
    """
    if response._content is False and not response._content_consumed and response.raw is not None:
        response._content = b"".join(response.iter_content(chunk_size=None))


def json_body(response: requests.Response) -> Any:
    """The response's JSON, parsed once: the error handler looks at it before the stream reads it."""
    parsed = getattr(response, _PARSED, None)
    if parsed is None:
        try:
            parsed = orjson.loads(response.content)
        except orjson.JSONDecodeError:
            parsed = _UNREADABLE
        setattr(response, _PARSED, parsed)
    if parsed is _UNREADABLE:
        raise UnreadableBody(f"not JSON: {snippet(response)}")
    return parsed


def snippet(response: requests.Response, limit: int = 120) -> str:
    """A short, printable description of a body for error messages."""
    content_type = response.headers.get("Content-Type", "no content type")
    text = response.content[:4096].decode("utf-8", errors="replace")
    if not text.strip():
        return f"an empty body ({content_type})"
    title = re.search(r"<title[^>]*>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
    if title:
        return f"an HTML page titled {title.group(1).strip()[:limit]!r}"
    flat = " ".join(text.split())
    return f"{flat[:limit]!r}{'...' if len(flat) > limit else ''} ({content_type})"


def error_text(response: requests.Response) -> str:
    """What an error body says: ``message``/``Message``/``ExceptionMessage`` of JSON, else a snippet.

    ShipStation has answered errors as plain text, as ``{"message": ...}``, as ASP.NET's
    ``{"Message": ..., "ExceptionMessage": ...}`` and, through gateways, as HTML.
    """
    try:
        body = json_body(response)
    except UnreadableBody:
        return snippet(response)
    if isinstance(body, dict):
        parts = [str(body[key]) for key in ("message", "Message", "ExceptionMessage") if body.get(key)]
        if parts:
            return " ".join(dict.fromkeys(parts))[:300]
    return snippet(response)


@dataclass(frozen=True)
class RateLimitInfo:
    limit: Optional[int]
    remaining: Optional[int]
    reset_seconds: Optional[float]  # a duration, not an epoch time


def _number(raw: Optional[str]) -> Optional[float]:
    # A proxy may duplicate a header ("39, 39"): take the first value; ignore anything unreadable.
    if raw is None:
        return None
    try:
        value = float(raw.split(",")[0].strip())
    except ValueError:
        return None
    return value if value >= 0 else None


def rate_limit_info(response: requests.Response) -> RateLimitInfo:
    headers = response.headers
    limit = _number(headers.get(RATE_LIMIT_LIMIT_HEADER))
    remaining = _number(headers.get(RATE_LIMIT_REMAINING_HEADER))
    return RateLimitInfo(
        limit=int(limit) if limit is not None else None,
        remaining=int(remaining) if remaining is not None else None,
        reset_seconds=_number(headers.get(RATE_LIMIT_RESET_HEADER)),
    )
