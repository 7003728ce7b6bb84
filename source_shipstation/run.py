import os
import sys
from typing import Any, List, Mapping

from airbyte_cdk.entrypoint import PRINT_BUFFER, AirbyteEntrypoint
from airbyte_cdk.models import ConnectorSpecification
from airbyte_cdk.sources.utils.schema_helpers import split_config

from .settings import Settings
from .source import SourceShipstation


class ShipstationEntrypoint(AirbyteEntrypoint):
    """The CDK's entrypoint, checking the config the way the connector does.

    The CDK validates the config before `check` with a message that does not say which field is
    wrong ("'abc' is not of type 'integer'"); ours names the field and what to enter.
    """

    @staticmethod
    def validate_connection(source_spec: ConnectorSpecification, config: Mapping[str, Any]) -> None:
        connector_config, _ = split_config(config)
        Settings.from_config(connector_config, source_spec.connectionSpecification)


def launch(args: List[str]) -> None:
    """`airbyte_cdk.entrypoint.launch`, with our entrypoint."""
    if "--debug" in args:
        # Without this the CDK prints debug lines as {"type": "DEBUG", ...}, which is not an Airbyte
        # message; with it they are LOG messages like every other line.
        os.environ.setdefault("LOG_LEVEL", "debug")
    entrypoint = ShipstationEntrypoint(SourceShipstation())
    parsed_args = entrypoint.parse_args(args)
    with PRINT_BUFFER:
        for message in entrypoint.run(parsed_args):
            # One write per message, newline included, so lines never interleave.
            print(f"{message}\n", end="")


def run() -> None:
    launch(sys.argv[1:])
