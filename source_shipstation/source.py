"""The ShipStation source: its settings, its twelve streams, and the connection check."""

from __future__ import annotations

import base64
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, List, Mapping, Optional, Tuple, Union

from airbyte_cdk.models import AirbyteConnectionStatus, AirbyteMessage, AirbyteRecordMessage, FailureType, Status, Type
from airbyte_cdk.sources import AbstractSource
from airbyte_cdk.sources.streams import Stream
from airbyte_cdk.sources.streams.core import StreamData
from airbyte_cdk.sources.streams.http.requests_native_auth import BasicHttpAuthenticator
from airbyte_cdk.utils.airbyte_secrets_utils import add_to_secrets
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from .base_url import api_base_url
from .budget import SharedRateBudget
from .constants import MAX_REQUESTS_IN_FLIGHT
from .pipeline import OrderedPipeline
from .settings import Settings
from .streams import (
    Carriers,
    Connection,
    Customers,
    Fulfillments,
    Marketplaces,
    Orders,
    Products,
    Shipments,
    ShipstationStream,
    StoreDetails,
    Stores,
    Users,
    WarehouseDetails,
    Warehouses,
)

# `check` answers a person waiting at a form: one retry, not the minutes a sync may spend.
CHECK_MAX_RETRIES = 1


class SourceShipstation(AbstractSource):
    # Settings.from_config validates against the spec itself, naming the field in every message.
    check_config_against_spec = False

    def __init__(self) -> None:
        super().__init__()
        # One rate budget and one pool of request threads for every stream of the sync.
        self._budget = SharedRateBudget()
        self._executor: Optional[ThreadPoolExecutor] = None

    def _connect(self, config: Mapping[str, Any], max_retries: Optional[int] = None) -> Connection:
        settings = Settings.from_config(config, self.spec(logging.getLogger("airbyte")).connectionSpecification)
        # The Authorization header is base64 of "key:secret": keep it out of every log line, as the
        # CDK already does for the key and the secret themselves.
        token = base64.b64encode(f"{settings.api_key}:{settings.api_secret}".encode()).decode()
        add_to_secrets(token)
        if self._executor is None:
            self._executor = ThreadPoolExecutor(MAX_REQUESTS_IN_FLIGHT, thread_name_prefix="shipstation")
        extra = {} if max_retries is None else {"max_retries": max_retries}
        return Connection(
            settings=settings,
            base_url=api_base_url(),
            authenticator=BasicHttpAuthenticator(settings.api_key, settings.api_secret),
            budget=self._budget,
            pipeline=OrderedPipeline(self._executor, MAX_REQUESTS_IN_FLIGHT),
            **extra,
        )

    def streams(self, config: Mapping[str, Any]) -> List[Stream]:
        connection = self._connect(config)
        store_id = connection.settings.store_id
        return [
            Carriers(connection),
            Customers(connection),
            Fulfillments(connection),
            Products(connection),
            Shipments(connection),
            Stores(connection),
            StoreDetails(connection, ids=[store_id] if store_id else None),
            Marketplaces(connection),
            Users(connection),
            Warehouses(connection),
            WarehouseDetails(connection),
            Orders(connection),
        ]

    def check_connection(self, logger: logging.Logger, config: Mapping[str, Any]) -> Tuple[bool, Optional[Any]]:
        """One cheap request through the same client as a sync: the configured store, or the store list."""
        try:
            connection = self._connect(config, max_retries=CHECK_MAX_RETRIES)
            store_id = connection.settings.store_id
            if store_id:
                StoreDetails(connection, ids=[store_id]).fetch_one(store_id)
            else:
                Stores(connection).fetch({})
        except AirbyteTracedException as error:
            logger.error(f"Check failed: {error.internal_message or error.message}")
            return False, error.message
        return True, None

    def check(self, logger: logging.Logger, config: Mapping[str, Any]) -> AirbyteConnectionStatus:
        # AbstractSource.check shows repr(error), wrapping the message in quotes.
        succeeded, message = self.check_connection(logger, config)
        if succeeded:
            return AirbyteConnectionStatus(status=Status.SUCCEEDED)
        return AirbyteConnectionStatus(status=Status.FAILED, message=message)

    def _get_message(self, record_data_or_message: Union[StreamData, AirbyteMessage], stream: Stream) -> AirbyteMessage:
        """Each record our streams yield, as a RECORD message.

        The CDK's version, run for every record, copies the record, asks the stream's transformer
        (ours: none) to walk it and matches it against an abstract class. Our records are dicts parsed
        from the response that nothing changes once they are yielded, so they are wrapped as they are.
        """
        if (
            record_data_or_message.__class__ is dict
            and isinstance(stream, ShipstationStream)
            and stream.transformer is Stream.transformer  # the CDK's default, which does nothing
        ):
            record = AirbyteRecordMessage(stream=stream.name, data=record_data_or_message, emitted_at=time.time_ns() // 1_000_000)
            return AirbyteMessage(type=Type.RECORD, record=record)
        return super()._get_message(record_data_or_message, stream)

    @classmethod
    def read_state(cls, state_path: str):  # type: ignore[override]
        try:
            return super().read_state(state_path)
        except Exception as error:
            raise AirbyteTracedException(
                message=f"The state file {state_path} is not valid Airbyte state ({error}). It must be the JSON "
                "list of per-stream STATE messages a previous sync emitted; reset the connection's state to start over.",
                internal_message=repr(error),
                failure_type=FailureType.config_error,
            ) from error
