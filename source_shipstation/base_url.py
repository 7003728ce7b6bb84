"""Where the connector sends its requests: ``SHIPSTATION_API_BASE_URL``, or ShipStation itself."""

from __future__ import annotations

import ipaddress
import os
from typing import Mapping
from urllib.parse import urlsplit

from airbyte_cdk.models import FailureType
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from .constants import API_BASE_URL_ENV, DEFAULT_API_BASE_URL


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def api_base_url(environ: Mapping[str, str] = os.environ) -> str:
    """The API's base URL with a trailing slash (``urljoin`` drops a base path without one).

    Credentials travel in every request, so anything but HTTPS is refused, except for a server on
    this machine (the sandbox, a test double).
    """
    raw = (environ.get(API_BASE_URL_ENV) or "").strip() or DEFAULT_API_BASE_URL
    parts = urlsplit(raw)
    host = parts.hostname or ""
    problem = None
    if parts.scheme not in ("https", "http") or not host:
        problem = "it is not an http(s) URL with a host"
    elif parts.scheme == "http" and not _is_loopback(host):
        problem = "plain http is only allowed for loopback hosts (localhost, 127.0.0.1, ::1); use https"
    elif parts.username or parts.password or parts.query or parts.fragment:
        problem = "it must not carry credentials, a query or a fragment"
    if problem:
        raise AirbyteTracedException(
            message=f"{API_BASE_URL_ENV}={raw!r} cannot be used: {problem}.",
            internal_message=f"Refused API base URL {raw!r}: {problem}",
            failure_type=FailureType.config_error,
        )
    return raw.rstrip("/") + "/"
