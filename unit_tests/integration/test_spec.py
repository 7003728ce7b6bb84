import pytest
from airbyte_cdk.models import FailureType, Status

from unit_tests.integration.config import ConfigBuilder
from unit_tests.integration.utils import read_stream, run_check, run_discover, run_spec


def _connection_specification():
    (message,) = run_spec().spec_messages
    return message.spec.connectionSpecification


def test_given_spec_when_run_then_credentials_required_and_secret():
    spec = _connection_specification()

    assert set(spec["required"]) == {"api_key", "api_secret"}
    for field in ("api_key", "api_secret"):
        assert spec["properties"][field]["type"] == "string"
        assert spec["properties"][field]["airbyte_secret"] is True


def test_given_spec_when_run_then_store_id_optional_integer_and_start_date_date_time():
    properties = _connection_specification()["properties"]

    assert properties["store_id"]["type"] == "integer"
    assert properties["start_date"]["type"] == "string"
    assert properties["start_date"]["format"] == "date-time"
    assert "store_id" not in _connection_specification()["required"]
    assert "start_date" not in _connection_specification()["required"]


def test_given_spec_when_run_then_every_field_has_title_description_and_distinct_order():
    properties = _connection_specification()["properties"]

    for name, field in properties.items():
        assert field.get("title") and field.get("description"), name
        assert isinstance(field.get("order"), int), name
    assert len({field["order"] for field in properties.values()}) == len(properties)
    assert [name for name, _ in sorted(properties.items(), key=lambda item: item[1]["order"])][:4] == [
        "api_key",
        "api_secret",
        "store_id",
        "start_date",
    ]


_BAD_CONFIGS = {
    "store_id_not_integer": (ConfigBuilder().with_store_id("abc").build(), "store_id"),
    "store_id_zero": (ConfigBuilder().with_store_id(0).build(), "store_id"),
    "api_secret_missing": (ConfigBuilder().without("api_secret").build(), "api_secret"),
    "api_secret_empty": (ConfigBuilder().with_api_secret("").build(), "api_secret"),
    "start_date_not_a_date": (ConfigBuilder().with_start_date("yesterday").build(), "start_date"),
    "start_date_month_13": (ConfigBuilder().with_start_date("2024-13-01T00:00:00Z").build(), "start_date"),
}
@pytest.mark.parametrize("case", sorted(_BAD_CONFIGS))
def test_given_config_breaking_spec_when_discover_then_config_error_naming_field(case):
    config, field = _BAD_CONFIGS[case]

    output = run_discover(config, expecting_failure=True)

    error = output.errors[-1].trace.error
    assert error.failure_type == FailureType.config_error
    assert field in error.message


@pytest.mark.parametrize("case", sorted(_BAD_CONFIGS))
def test_given_config_breaking_spec_when_read_then_config_error_naming_field(case):
    config, field = _BAD_CONFIGS[case]

    output = read_stream("carriers", config, expecting_failure=True)

    assert output.records == []
    error = output.errors[-1].trace.error
    assert error.failure_type == FailureType.config_error
    assert field in error.message


@pytest.mark.parametrize(
    "case",
    [
        "store_id_not_integer",
        "store_id_zero",
        "api_secret_missing",
        "api_secret_empty",
        "start_date_not_a_date",
        "start_date_month_13",
    ],
)
def test_given_config_breaking_spec_when_check_then_failed_naming_field(case):
    config, field = _BAD_CONFIGS[case]

    (message,) = run_check(config).connection_status_messages

    assert message.connectionStatus.status == Status.FAILED
    assert field in message.connectionStatus.message
