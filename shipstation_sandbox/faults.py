"""Injected faults: the failures seen in the wild (or plausible ones), on chosen requests.

A rule matches requests whose path-and-query matches its regex; it lets `after` matching requests
through, then fires on the next `times` ones (-1: forever). Rules are tried in the order added;
the first that fires decides the response.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Callable

from .responses import Response, aspnet_error, html_response, json_response, text_response

KINDS = ("500_aspnet", "502_html", "503_html", "504_html", "401_text", "403", "429", "drop", "hang",
         "cut_off", "malformed_json", "html_200", "empty_200", "wrong_shape")


def _gateway_page(status: int, reason: str) -> str:
    return (f"<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
            f"<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")


def unauthorized_text() -> Response:
    return text_response(401, "401 Unauthorized")


def no_api_access() -> Response:
    return json_response({"message": "Forbidden: the plan has no API access"}, 403)


def too_many_requests() -> Response:
    return json_response({"message": "Too Many Requests"}, 429)


_STATIC: dict[str, Callable[[], Response]] = {
    "500_aspnet": lambda: aspnet_error(
        500, "An error has occurred.",
        ExceptionMessage="Object reference not set to an instance of an object.",
        ExceptionType="System.NullReferenceException",
        StackTrace="   at ShipStation.Api.Controllers.OrdersController.Get(OrderQuery query)\r\n"
                   "   at lambda_method(Closure , Object , Object[] )"),
    "502_html": lambda: html_response(502, _gateway_page(502, "Bad Gateway")),
    "503_html": lambda: html_response(503, _gateway_page(503, "Service Temporarily Unavailable")),
    "504_html": lambda: html_response(504, _gateway_page(504, "Gateway Time-out")),
    "401_text": unauthorized_text,
    "403": no_api_access,
    "429": too_many_requests,
    "drop": lambda: Response(0, action="drop"),
    "hang": lambda: Response(0, action="hang"),
    "html_200": lambda: html_response(
        200, "<!DOCTYPE html>\r\n<html><head><title>ShipStation</title></head>"
             "<body><h1>We'll be right back</h1><p>ShipStation is down for maintenance.</p></body></html>"),
    "empty_200": lambda: Response(200, b""),
    "wrong_shape": lambda: json_response({"Message": "An error has occurred."}),
}


@dataclass
class FaultRule:
    kind: str
    path: str = ".*"
    times: int = 1
    after: int = 0
    hang_seconds: float | None = None  # for "hang": overrides the hang_seconds switch
    seen: int = 0
    fired: int = 0
    _regex: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"fault kind must be one of {KINDS}, not {self.kind!r}")
        self.times, self.after = int(self.times), int(self.after)
        self._regex = re.compile(self.path)

    def as_json(self) -> dict:
        return {"kind": self.kind, "path": self.path, "times": self.times, "after": self.after,
                "hang_seconds": self.hang_seconds, "seen": self.seen, "fired": self.fired}


class Faults:
    def __init__(self):
        self._rules: list[FaultRule] = []
        self._lock = threading.Lock()

    def add(self, **rule) -> FaultRule:
        added = FaultRule(**rule)
        with self._lock:
            self._rules.append(added)
        return added

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def rules(self) -> list[dict]:
        with self._lock:
            return [r.as_json() for r in self._rules]

    def fire(self, target: str) -> FaultRule | None:
        """Count the request against every matching rule; return the first rule that fires."""
        chosen = None
        with self._lock:
            for rule in self._rules:
                if not rule._regex.search(target):
                    continue
                rule.seen += 1
                if chosen is None and rule.seen > rule.after and (rule.times < 0 or rule.fired < rule.times):
                    rule.fired += 1
                    chosen = rule
        return chosen


def fault_response(kind: str, serve: Callable[[], Response]) -> Response:
    """The response of a fired fault; `serve` gives the real answer, which cut_off and malformed_json cut short."""
    if kind == "cut_off":  # the transfer breaks off: the server writes half the body, then closes
        real = serve()
        return Response(200, real.body, action="cut")
    if kind == "malformed_json":
        real = serve()
        body = real.body if len(real.body) > 1 else b'{"orders":[{"orderId":1'
        return Response(200, body[: len(body) // 2])
    return _STATIC[kind]()
