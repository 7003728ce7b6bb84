"""A config builder: a valid config by default, one ``with_`` method per spec field."""

from __future__ import annotations

from typing import Any, Dict

API_KEY = "test_api_key_0123456789"
API_SECRET = "test_api_secret_0123456789"


class ConfigBuilder:
    def __init__(self) -> None:
        self._config: Dict[str, Any] = {"api_key": API_KEY, "api_secret": API_SECRET}

    def with_api_key(self, api_key: Any) -> "ConfigBuilder":
        self._config["api_key"] = api_key
        return self

    def with_api_secret(self, api_secret: Any) -> "ConfigBuilder":
        self._config["api_secret"] = api_secret
        return self

    def with_store_id(self, store_id: Any) -> "ConfigBuilder":
        self._config["store_id"] = store_id
        return self

    def with_start_date(self, start_date: Any) -> "ConfigBuilder":
        self._config["start_date"] = start_date
        return self

    def with_lookback_window_minutes(self, minutes: Any) -> "ConfigBuilder":
        self._config["lookback_window_minutes"] = minutes
        return self

    def without(self, field: str) -> "ConfigBuilder":
        self._config.pop(field, None)
        return self

    def build(self) -> Dict[str, Any]:
        return dict(self._config)
