import sys

from airbyte_cdk.entrypoint import launch

from .source import SourceShipstation


def run() -> None:
    launch(SourceShipstation(), sys.argv[1:])
