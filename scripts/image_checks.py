"""Checks on what the connector's image printed, for scripts/image_test.sh.

Each subcommand reads the saved stdout of one container run, prints one "ok" line, or exits 1 with
what is wrong:

    image_checks.py spec OUT
    image_checks.py check OUT SUCCEEDED|FAILED
    image_checks.py discover OUT STREAM_COUNT CATALOG_TO_WRITE
    image_checks.py read OUT CATALOG SANDBOX_URL
    image_checks.py read-debug OUT CATALOG SANDBOX_URL
    image_checks.py secrets API_KEY API_SECRET[,OTHER_SECRET...] FILE...

Every stdout line must be a valid Airbyte message (airbyte-protocol-models-pdv2), with --debug too
(the connector has the CDK print its debug log as LOG messages). The sandbox's truth
is the API's raw records, whose datetimes are Pacific wall time without an offset; the connector emits
them as RFC 3339 with the offset, so those are compared by their digits and the offset rule. The CDK
leaves a record's top-level null fields out of the RECORD message, so a missing field equals a null one.
"""

from __future__ import annotations

import base64
import json
import re
import sys
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from airbyte_protocol.models import AirbyteMessage, Type

PACIFIC = ZoneInfo("America/Los_Angeles")
PACIFIC_READING = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?")
DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
RFC3339 = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?([+-]\d{2}:\d{2})")
MAX_DIFFERENCES_SHOWN = 5


class CheckFailed(Exception):
    pass


# -- protocol --------------------------------------------------------------------------------------


def airbyte_messages(stdout: Path) -> list[AirbyteMessage]:
    """Every line of a run's stdout as an Airbyte message; any other line fails the check."""
    messages, invalid = [], []
    for number, line in enumerate(stdout.read_text().splitlines(), 1):
        try:
            messages.append(AirbyteMessage.model_validate_json(line))
        except ValueError as error:
            invalid.append(f"line {number}: {str(error).splitlines()[0]}: {line[:120]!r}")
    if invalid:
        raise CheckFailed(f"{len(invalid)} stdout line(s) are not Airbyte messages, e.g. " + "; ".join(invalid[:3]))
    if not messages:
        raise CheckFailed("stdout is empty")
    return messages


def of_type(messages: Iterable[AirbyteMessage], kind: Type) -> list[AirbyteMessage]:
    return [m for m in messages if m.type == kind]


def counts(messages: Iterable[AirbyteMessage]) -> str:
    return ", ".join(f"{kind} {n}" for kind, n in sorted(Counter(m.type.value for m in messages).items()))


def errors_of(messages: Iterable[AirbyteMessage]) -> list[str]:
    return [m.trace.error.message for m in of_type(messages, Type.TRACE) if m.trace.error]


# -- spec, check, discover -------------------------------------------------------------------------


def check_spec(stdout: Path) -> str:
    messages = airbyte_messages(stdout)
    specs = of_type(messages, Type.SPEC)
    if len(specs) != 1:
        raise CheckFailed(f"expected one SPEC message, got {len(specs)} ({counts(messages)})")
    properties = specs[0].spec.connectionSpecification.get("properties", {})
    for field in ("api_key", "api_secret"):
        if not properties.get(field, {}).get("airbyte_secret"):
            raise CheckFailed(f"spec has no secret field {field!r}")
    return f"SPEC with fields {', '.join(properties)}"


def check_status(stdout: Path, expected: str) -> str:
    messages = airbyte_messages(stdout)
    statuses = of_type(messages, Type.CONNECTION_STATUS)
    if len(statuses) != 1:
        raise CheckFailed(
            f"expected one CONNECTION_STATUS, got {len(statuses)} ({counts(messages)}; errors: {errors_of(messages)})"
        )
    status = statuses[0].connectionStatus
    if status.status.value != expected:
        raise CheckFailed(f"check said {status.status.value} ({status.message}), expected {expected}")
    return f"CONNECTION_STATUS {status.status.value}" + (f": {status.message}" if status.message else "")


def check_discover(stdout: Path, expected_streams: int, catalog_path: Path) -> str:
    """The discovered catalog, written back as a configured catalog reading every stream in full."""
    messages = airbyte_messages(stdout)
    catalogs = of_type(messages, Type.CATALOG)
    if len(catalogs) != 1:
        raise CheckFailed(
            f"expected one CATALOG message, got {len(catalogs)} ({counts(messages)}; errors: {errors_of(messages)})"
        )
    streams = catalogs[0].catalog.streams
    names = [s.name for s in streams]
    if len(streams) != expected_streams or len(set(names)) != len(names):
        raise CheckFailed(f"expected {expected_streams} distinct streams, got {len(streams)}: {names}")
    missing_keys = [s.name for s in streams if not s.source_defined_primary_key]
    if missing_keys:
        raise CheckFailed(f"streams without a primary key: {missing_keys}")
    configured = {
        "streams": [
            {
                "stream": s.model_dump(mode="json", exclude_none=True),
                "sync_mode": "full_refresh",
                "destination_sync_mode": "overwrite",
            }
            for s in streams
        ]
    }
    catalog_path.write_text(json.dumps(configured, indent=1))
    return f"CATALOG with {len(streams)} streams: {', '.join(sorted(names))}"


# -- read ------------------------------------------------------------------------------------------


def sandbox_truth(url: str, stream: str) -> list[dict[str, Any]]:
    with urllib.request.urlopen(f"{url.rstrip('/')}/__sandbox/truth/{stream}", timeout=60) as answer:
        return json.load(answer)


def primary_key_of(catalog_stream: dict[str, Any]):
    paths = catalog_stream["stream"]["source_defined_primary_key"]

    def key(record: dict[str, Any]) -> tuple:
        values = []
        for path in paths:
            value = record
            for step in path:
                value = value.get(step) if isinstance(value, dict) else None
            values.append(value)
        return tuple(values)

    return key


def _fraction(digits: str | None) -> str:
    return (digits or "")[:6].ljust(6, "0")


def datetime_problem(raw: str, emitted: Any) -> str | None:
    """Why ``emitted`` is not the RFC 3339 form of ShipStation's Pacific reading ``raw`` (None: it is).

    Same wall-clock digits, fraction cut to microseconds, a date-only value as midnight, and the
    offset in force at that wall time (for a repeated or missing hour: the one before the change).
    """
    reading = PACIFIC_READING.fullmatch(raw)
    wall, fraction = (reading.group(1), reading.group(2)) if reading else (f"{raw}T00:00:00", None)
    shown = RFC3339.fullmatch(emitted) if isinstance(emitted, str) else None
    if not shown:
        return "not an RFC 3339 date-time with an offset"
    if shown.group(1) != wall or _fraction(shown.group(2)) != _fraction(fraction):
        return "a different wall-clock time"
    offset = datetime.fromisoformat(wall).replace(tzinfo=PACIFIC, fold=0).strftime("%z")
    if shown.group(3) != f"{offset[:3]}:{offset[3:]}":
        return f"offset {shown.group(3)}, expected {offset[:3]}:{offset[3:]}"
    return None


def differences(truth: Any, emitted: Any, path: str = "") -> Iterable[str]:
    """Where an emitted record differs from the API's raw record."""
    if isinstance(truth, dict) and isinstance(emitted, dict):
        for key in sorted(set(truth) | set(emitted)):
            if key not in emitted:
                if truth[key] is not None:  # the CDK leaves a record's null fields out
                    yield f"{path}.{key} missing"
            elif key not in truth:
                yield f"{path}.{key} added"
            else:
                yield from differences(truth[key], emitted[key], f"{path}.{key}")
    elif isinstance(truth, list) and isinstance(emitted, list) and len(truth) == len(emitted):
        for index, (one, other) in enumerate(zip(truth, emitted)):
            yield from differences(one, other, f"{path}[{index}]")
    elif isinstance(truth, str) and (PACIFIC_READING.fullmatch(truth) or DATE_ONLY.fullmatch(truth)) and truth != emitted:
        problem = datetime_problem(truth, emitted)
        if problem:
            yield f"{path}: {emitted!r} for {truth!r}: {problem}"
    elif truth != emitted or type(truth) is not type(emitted):  # True == 1, but not the same value
        yield f"{path}: {emitted!r}, expected {truth!r}"


def compare_stream(name: str, records: list[dict[str, Any]], truth: list[dict[str, Any]], key) -> list[str]:
    problems = []
    emitted_keys = Counter(key(r) for r in records)
    truth_by_key = {key(r): r for r in truth}
    if len(records) != len(truth):
        problems.append(f"{len(records)} records, sandbox has {len(truth)}")
    duplicated = [k for k, n in emitted_keys.items() if n > 1]
    missing = set(truth_by_key) - set(emitted_keys)
    extra = set(emitted_keys) - set(truth_by_key)
    for label, keys in (("duplicated", duplicated), ("missing", missing), ("not in the sandbox", extra)):
        if keys:
            problems.append(f"{len(keys)} {label} key(s), e.g. {sorted(keys, key=str)[:3]}")
    changed = []
    for record in records:
        if key(record) in truth_by_key:
            changed.extend(f"{key(record)}{d}" for d in differences(truth_by_key[key(record)], record))
    if changed:
        problems.append(f"{len(changed)} field difference(s), e.g. " + "; ".join(changed[:MAX_DIFFERENCES_SHOWN]))
    return [f"{name}: {p}" for p in problems]


def check_read(stdout: Path, catalog_path: Path, url: str) -> str:
    messages = airbyte_messages(stdout)
    errors = errors_of(messages)
    if errors:
        raise CheckFailed(f"the read reported errors: {errors[:3]}")
    records = defaultdict(list)
    for message in of_type(messages, Type.RECORD):
        records[message.record.stream].append(message.record.data)
    complete = {
        m.trace.stream_status.stream_descriptor.name
        for m in of_type(messages, Type.TRACE)
        if m.trace.stream_status and m.trace.stream_status.status.value == "COMPLETE"
    }
    problems, summary = [], []
    for stream in json.loads(catalog_path.read_text())["streams"]:
        name = stream["stream"]["name"]
        if name not in complete:
            problems.append(f"{name}: no COMPLETE stream status")
        truth = sandbox_truth(url, name)
        problems.extend(compare_stream(name, records.get(name, []), truth, primary_key_of(stream)))
        summary.append(f"{name} {len(records.get(name, []))}")
    if problems:
        raise CheckFailed("records differ from the sandbox's truth:\n  " + "\n  ".join(problems))
    return f"{counts(messages)}; records equal to the sandbox's: {', '.join(summary)}"


# -- secrets ---------------------------------------------------------------------------------------


def check_secrets(api_key: str, api_secrets: list[str], files: list[Path]) -> str:
    """Neither the key, any secret, nor any Basic token made of them appears in any output file."""
    secrets = {"API key": api_key}
    for secret in api_secrets:
        secrets[f"API secret {secret[:3]}..."] = secret
        secrets[f"Basic token of {secret[:3]}..."] = base64.b64encode(f"{api_key}:{secret}".encode()).decode()
    leaks = [
        f"{label} in {path.name}" for path in files for label, value in secrets.items() if value.encode() in path.read_bytes()
    ]
    if leaks:
        raise CheckFailed("credentials leaked: " + "; ".join(leaks))
    return f"no key, secret or Basic token in {len(files)} output files"


def main(argv: list[str]) -> int:
    command, args = argv[0], argv[1:]
    try:
        if command == "spec":
            result = check_spec(Path(args[0]))
        elif command == "check":
            result = check_status(Path(args[0]), args[1])
        elif command == "discover":
            result = check_discover(Path(args[0]), int(args[1]), Path(args[2]))
        elif command in ("read", "read-debug"):
            result = check_read(Path(args[0]), Path(args[1]), args[2])
        elif command == "secrets":
            result = check_secrets(args[0], args[1].split(","), [Path(a) for a in args[2:]])
        else:
            raise CheckFailed(f"unknown check {command!r}")
    except CheckFailed as failure:
        print(f"FAILED {command}: {failure}", file=sys.stderr)
        return 1
    print(f"ok {command}: {result}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
