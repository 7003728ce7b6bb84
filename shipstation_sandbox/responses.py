"""What the sandbox answers: a status, a body and headers, or an instruction to drop the socket."""

from __future__ import annotations

from dataclasses import dataclass, field

import orjson

JSON = "application/json; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
HTML = "text/html"


@dataclass
class Request:
    method: str
    path: str  # without the query string
    query: dict[str, str]  # last value wins, as in ASP.NET model binding
    headers: dict[str, str]  # keys lower-cased
    body: bytes = b""

    @property
    def args(self) -> dict[str, str]:
        """The query with lower-cased names: ASP.NET binds parameters case-insensitively."""
        return {k.lower(): v for k, v in self.query.items()}


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = JSON
    headers: dict[str, str] = field(default_factory=dict)
    action: str | None = None  # "drop": close the socket without answering; "hang": wait, then drop;
    # "cut": send the headers and half the body, then close
    delay: float = 0.0  # seconds to wait before writing (latency)
    hold: float = 0.0  # seconds a "hang" holds the request before dropping it
    logged: bool = True  # control-plane calls stay out of the request log


def json_response(value, status: int = 200) -> Response:
    return Response(status, value if isinstance(value, bytes) else orjson.dumps(value))


def aspnet_error(status: int, message: str, **extra) -> Response:
    """ASP.NET Web API's HttpError body: capitalised `Message`."""
    return json_response({"Message": message, **extra}, status)


def text_response(status: int, text: str) -> Response:
    return Response(status, text.encode(), TEXT)


def html_response(status: int, html: str) -> Response:
    return Response(status, html.encode(), HTML)


class ApiError(Exception):
    """Raised while serving a request; becomes the response it carries."""

    def __init__(self, response: Response):
        super().__init__(response.status)
        self.response = response


def invalid_parameter(name: str, value: str) -> ApiError:
    """A value ASP.NET model binding could not convert (a malformed date, a non-number)."""
    return ApiError(aspnet_error(400, "The request is invalid.",
                                 ModelState={name: [f"The value '{value}' is not valid for {name}."]}))
