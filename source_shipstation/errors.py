"""What each failure means for the user, and how long to wait before trying again.

Every status gets its own message that says what to do; the CDK turns ``FAIL`` into an
``AirbyteTracedException`` with our ``failure_type`` and retries ``RETRY``/``RATE_LIMITED``.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Any, Callable, Optional, Union

import requests
from airbyte_cdk.models import FailureType
from airbyte_cdk.sources.streams.http.error_handlers import (
    BackoffStrategy,
    ErrorHandler,
    ErrorResolution,
    ResponseAction,
)

from .responses import UnreadableBody, error_text, json_body, rate_limit_info, read_body, snippet

ShapeCheck = Callable[[Any], Optional[str]]
"""Returns why a 2xx body is not what the endpoint answers, or None when it is."""

MAX_RETRIES = 5
MAX_BACKOFF_SECONDS = 30

CREDENTIALS_REJECTED = (
    "ShipStation rejected the API key and secret (HTTP 401). Copy both again from ShipStation under "
    "Settings > Account > API Settings; generating new keys there invalidates the old pair."
)


def _resolution(action: ResponseAction, failure: Optional[FailureType], message: Optional[str]) -> ErrorResolution:
    return ErrorResolution(response_action=action, failure_type=failure, error_message=message)


def _network_reason(exc: Exception) -> str:
    # requests wraps the useful part ("[Errno 111] Connection refused") deep inside a long repr.
    text = str(exc)
    found = re.search(r"\[Errno[^\]]*\][^'\")]*|Name or service not known|timed out|Connection aborted[^'\")]*|IncompleteRead\([^)]*\)|RemoteDisconnected[^'\")]*", text)
    return found.group(0).strip() if found else type(exc).__name__


class ShipstationErrorHandler(ErrorHandler):
    def __init__(
        self,
        logger: logging.Logger,
        shape_check: ShapeCheck,
        not_found: Optional[ErrorResolution] = None,
        max_retries: int = MAX_RETRIES,
        max_time: timedelta = timedelta(minutes=15),
    ) -> None:
        self._logger = logger
        self._shape_check = shape_check
        self._not_found = not_found
        self._max_retries = max_retries
        self._max_time = int(max_time.total_seconds())

    @property
    def max_retries(self) -> Optional[int]:
        return self._max_retries

    @property
    def max_time(self) -> Optional[int]:
        return self._max_time

    def interpret_response(self, response_or_exception: Optional[Union[requests.Response, Exception]] = None) -> ErrorResolution:
        resolution = self._interpret(response_or_exception)
        if resolution.response_action in (ResponseAction.RETRY, ResponseAction.RATE_LIMITED):
            # The CDK's own retry line reads "Rate limit exceeded (HTTP 500)" for any retry; say what happened.
            self._logger.warning(f"{resolution.error_message} Retrying.")
        return resolution

    def _interpret(self, response_or_exception: Optional[Union[requests.Response, Exception]]) -> ErrorResolution:
        if isinstance(response_or_exception, requests.Response):
            try:
                read_body(response_or_exception)
            except requests.RequestException as error:
                return _resolution(
                    ResponseAction.RETRY,
                    FailureType.transient_error,
                    f"ShipStation's answer broke off before its end ({_network_reason(error)}).",
                )
            return self._interpret_status(response_or_exception)
        if isinstance(response_or_exception, requests.Timeout):
            return _resolution(
                ResponseAction.RETRY, FailureType.transient_error, "ShipStation did not answer in time (request timed out)."
            )
        if isinstance(response_or_exception, requests.RequestException):
            host = getattr(getattr(response_or_exception, "request", None), "url", None) or "the API"
            return _resolution(
                ResponseAction.RETRY,
                FailureType.transient_error,
                f"Could not reach ShipStation at {requests.utils.urlparse(host).netloc or host}: "
                f"{_network_reason(response_or_exception)}. Check the network and the API address.",
            )
        return _resolution(ResponseAction.FAIL, FailureType.system_error, f"Unexpected failure: {response_or_exception!r}")

    def _interpret_status(self, response: requests.Response) -> ErrorResolution:
        status = response.status_code
        if 200 <= status < 300:
            return self._interpret_body(response)
        if status == 401:
            return _resolution(ResponseAction.FAIL, FailureType.config_error, CREDENTIALS_REJECTED)
        if status == 403:
            return _resolution(
                ResponseAction.FAIL,
                FailureType.config_error,
                f"ShipStation refused access (HTTP 403: {error_text(response)}). The account's plan may not "
                "include API access, or the keys belong to a user without permission; check the plan and "
                "the API keys in ShipStation's settings.",
            )
        if status == 404 and self._not_found is not None:
            return self._not_found
        if status == 429:
            reset = rate_limit_info(response).reset_seconds
            wait = f"the window resets in {reset:g} s" if reset is not None else "no reset time was given"
            return _resolution(
                ResponseAction.RATE_LIMITED,
                FailureType.transient_error,
                f"ShipStation's rate limit was reached (HTTP 429; {wait}). Other apps using the same API keys "
                "share this limit.",
            )
        if status == 408 or status >= 500:
            return _resolution(
                ResponseAction.RETRY,
                FailureType.transient_error,
                f"ShipStation answered with a server error (HTTP {status}: {error_text(response)}).",
            )
        return _resolution(
            ResponseAction.FAIL,
            FailureType.system_error,
            f"ShipStation refused the request {response.request.path_url if response.request else ''} "
            f"(HTTP {status}: {error_text(response)}).",
        )

    def _interpret_body(self, response: requests.Response) -> ErrorResolution:
        # A 200 whose body is not the endpoint's JSON is never read as "no records": it is retried
        # like a server error (gateways and maintenance pages answer 200 with HTML).
        try:
            problem = self._shape_check(json_body(response))
        except UnreadableBody:
            problem = f"{snippet(response)} instead of JSON"
        if problem is None:
            return _resolution(ResponseAction.SUCCESS, None, None)
        return _resolution(
            ResponseAction.RETRY,
            FailureType.transient_error,
            f"ShipStation answered HTTP {response.status_code} with {problem}.",
        )


class ShipstationBackoff(BackoffStrategy):
    """429: wait what ``X-Rate-Limit-Reset`` says. Anything else: 1, 2, 4, 8... seconds, capped."""

    def backoff_time(
        self, response_or_exception: Optional[Union[requests.Response, requests.RequestException]], attempt_count: int
    ) -> Optional[float]:
        if isinstance(response_or_exception, requests.Response) and response_or_exception.status_code == 429:
            reset = rate_limit_info(response_or_exception).reset_seconds
            if reset is not None:
                # The CDK adds a second on top of what we return; zero would mean "use your default".
                return max(reset, 0.001)
        return float(min(2 ** max(attempt_count - 1, 0), MAX_BACKOFF_SECONDS))
