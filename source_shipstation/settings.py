"""The user's configuration, checked against the spec and turned into typed settings.

The CDK's own spec check reports a wrong type as "'abc' is not of type 'integer'" without saying
which field; ours names the field and says what to enter instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Mapping, Optional

from airbyte_cdk.models import FailureType
from airbyte_cdk.utils.traced_exception import AirbyteTracedException
from jsonschema import Draft7Validator

from .constants import DEFAULT_LOOKBACK_MINUTES, DEFAULT_REQUEST_TIMEOUT_SECONDS
from .pacific import parse_instant


def _config_error(message: str) -> AirbyteTracedException:
    return AirbyteTracedException(message=message, internal_message=message, failure_type=FailureType.config_error)


def _describe(error: Any, properties: Mapping[str, Any]) -> str:
    field = ".".join(str(part) for part in error.absolute_path)
    if error.validator == "required":
        missing = error.message.split("'")[1]
        title = properties.get(missing, {}).get("title", missing)
        return f"'{missing}' ({title}) is required."
    spec = properties.get(field, {})
    hint = spec.get("pattern_descriptor") or (spec.get("examples") or [None])[0]
    # Never echo a secret's value back.
    value = "the value" if spec.get("airbyte_secret") else repr(error.instance)
    text = error.message if not spec.get("airbyte_secret") else f"{error.validator} check failed"
    if error.validator == "pattern":
        text = "does not match the expected format"
    return f"'{field}' ({spec.get('title', field)}): {value} is not valid: {text}." + (
        f" Expected something like {hint}." if hint else ""
    )


@dataclass(frozen=True)
class Settings:
    api_key: str
    api_secret: str
    store_id: Optional[int]
    start_date: Optional[datetime]
    lookback: timedelta
    request_timeout_seconds: float

    @classmethod
    def from_config(cls, config: Mapping[str, Any], connection_specification: Mapping[str, Any]) -> "Settings":
        if not isinstance(config, Mapping):
            raise _config_error("The configuration must be a JSON object with api_key and api_secret.")
        properties = connection_specification.get("properties", {})
        errors = sorted(Draft7Validator(connection_specification).iter_errors(config), key=lambda e: list(e.absolute_path))
        if errors:
            raise _config_error("Invalid configuration: " + " ".join(_describe(e, properties) for e in errors))
        start_date = None
        if config.get("start_date"):
            try:
                start_date = parse_instant(config["start_date"])
            except ValueError:
                raise _config_error(
                    f"'start_date' (Start Date): {config['start_date']!r} is not a date-time. "
                    "Expected something like 2024-01-01T00:00:00Z."
                ) from None
        return cls(
            api_key=config["api_key"],
            api_secret=config["api_secret"],
            store_id=config.get("store_id"),
            start_date=start_date,
            lookback=timedelta(minutes=config.get("lookback_window_minutes", DEFAULT_LOOKBACK_MINUTES)),
            request_timeout_seconds=float(config.get("request_timeout_seconds", DEFAULT_REQUEST_TIMEOUT_SECONDS)),
        )
