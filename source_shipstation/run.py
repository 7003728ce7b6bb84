import ctypes
import gc
import os
import sys
from typing import Any, Callable, DefaultDict, Dict, Iterable, List, Mapping, Optional, Tuple

from airbyte_cdk.entrypoint import PRINT_BUFFER, AirbyteEntrypoint
from airbyte_cdk.models import AirbyteMessage, ConnectorSpecification, Type
from airbyte_cdk.sources.connector_state_manager import HashableStreamDescriptor
from airbyte_cdk.sources.utils.schema_helpers import split_config

from .settings import Settings
from .source import SourceShipstation


# Container allocations between two runs of the cyclic garbage collector's youngest generation.
GC_THRESHOLD = 50_000
RECORDS_PER_WRITE = 200
RECORD_LINE_START = '{"type":"RECORD"'  # how the CDK serializes a RECORD message
M_ARENA_MAX = -8  # glibc's mallopt parameter (malloc.h)


class ShipstationEntrypoint(AirbyteEntrypoint):
    """The CDK's entrypoint, checking the config the way the connector does.

    The CDK validates the config before `check` with a message that does not say which field is
    wrong ("'abc' is not of type 'integer'"); ours names the field and what to enter.
    """

    @staticmethod
    def validate_connection(source_spec: ConnectorSpecification, config: Mapping[str, Any]) -> None:
        connector_config, _ = split_config(config)
        Settings.from_config(connector_config, source_spec.connectionSpecification)

    @staticmethod
    def handle_record_counts(message: AirbyteMessage, stream_message_count: DefaultDict[HashableStreamDescriptor, float]) -> AirbyteMessage:
        """The CDK's count of each stream's records for its next STATE message, counted the same way.

        The CDK builds a HashableStreamDescriptor (a frozen dataclass) for every record to count it
        (3.8 us per record here, 1.6 us without); here each stream's is built once. STATE messages
        and malformed ones take the CDK's own path, which finds the counts under equal descriptors.
        """
        record = message.record
        if message.type == Type.RECORD and record is not None:
            key = (record.stream, record.namespace)
            descriptor = _DESCRIPTORS.get(key)
            if descriptor is None:
                descriptor = _DESCRIPTORS[key] = HashableStreamDescriptor(name=record.stream, namespace=record.namespace)
            stream_message_count[descriptor] += 1.0
            return message
        return AirbyteEntrypoint.handle_record_counts(message, stream_message_count)


_DESCRIPTORS: Dict[Tuple[str, Optional[str]], HashableStreamDescriptor] = {}


def launch(args: List[str]) -> None:
    """`airbyte_cdk.entrypoint.launch`, with our entrypoint."""
    if "--debug" in args:
        # Without this the CDK prints debug lines as {"type": "DEBUG", ...}, which is not an Airbyte
        # message; with it they are LOG messages like every other line.
        os.environ.setdefault("LOG_LEVEL", "debug")
    entrypoint = ShipstationEntrypoint(SourceShipstation())
    parsed_args = entrypoint.parse_args(args)
    # A page of orders parses into some 10,000 dicts and lists, which refcounting frees (JSON has no
    # cycles). With the default threshold the cyclic collector runs every 700 new containers, i.e.
    # a dozen times per page, and each run also walks older objects. Freezing what the imports made
    # (never garbage) and collecting young objects less often saves ~13% of a sync's CPU time (100,000
    # orders: 18.1 s -> 15.7 s); cycles are still collected, later.
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD)
    _one_malloc_arena()
    with PRINT_BUFFER:
        # sys.stdout is PRINT_BUFFER now (pytest's capture under pytest).
        write_lines(entrypoint.run(parsed_args), sys.stdout.write)


def write_lines(messages: Iterable[str], write: Callable[[str], Any]) -> None:
    """Write each message as a line, records in batches.

    Every call writes whole lines, newlines included, so lines from other threads (logs) never land
    inside one. Writing each record on its own costs PRINT_BUFFER's lock and clock reading per record
    (~0.15 s of a 100,000-record sync); records are gathered up to RECORDS_PER_WRITE instead. Any
    other message (a STATE after each page, a LOG, a TRACE) is written at once with the records
    before it, so records never wait for long, and what was gathered is written even if reading fails.
    """
    lines: List[str] = []

    def write_gathered() -> None:
        lines.append("")  # for the last newline
        write("\n".join(lines))
        lines.clear()

    try:
        for message in messages:
            lines.append(message)
            if len(lines) >= RECORDS_PER_WRITE or not message.startswith(RECORD_LINE_START):
                write_gathered()
    finally:
        if lines:
            write_gathered()


def _one_malloc_arena() -> None:
    """Have glibc serve every thread from one heap, as MALLOC_ARENA_MAX=1 would (unless that is set).

    Each request thread gets its own malloc arena by default, and the megabyte-sized bodies and
    output buffers of a sync leave free space scattered over all of them: resident memory crept from
    ~160 MiB (10,000 orders) to ~190 MiB (200,000); from one arena it stays at ~130 MiB. The threads
    take turns under the GIL anyway; measured cost: 0-5% of records/s. Not glibc: nothing happens.
    """
    if "MALLOC_ARENA_MAX" in os.environ:
        return
    try:
        ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, 1)
    except (OSError, AttributeError):
        pass


def run() -> None:
    launch(sys.argv[1:])
