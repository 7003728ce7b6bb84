"""Faults, throttling and errors against the sandbox: nothing lost, clear messages, no secret shown."""

import pytest
from airbyte_cdk.models import FailureType, SyncMode
from airbyte_cdk.sources.streams.http import rate_limiting
from airbyte_cdk.test.catalog_builder import CatalogBuilder
from airbyte_cdk.test.entrypoint_wrapper import read
from airbyte_cdk.test.models.outcome import ExpectedOutcome

from source_shipstation import SourceShipstation

from .harness import STREAMS, comparable, stream_schemas


def _equal_to_truth(run, sandbox, connector, streams):
    schemas = stream_schemas()
    for stream in streams:
        assert comparable(run.records(stream), schemas[stream]) == comparable(sandbox.truth(stream), schemas[stream]), stream


@pytest.mark.parametrize(
    "kind, said",
    [
        ("500_aspnet", "server error (HTTP 500: An error has occurred."),
        ("502_html", "server error (HTTP 502"),
        ("503_html", "server error (HTTP 503"),
        ("504_html", "server error (HTTP 504"),
        ("drop", "Could not reach ShipStation"),
        ("cut_off", "answer broke off before its end"),
        ("malformed_json", "instead of JSON"),
        ("html_200", "an HTML page titled"),
        ("empty_200", "an empty body"),
        ("wrong_shape", "has no 'orders' list"),
        ("429", "rate limit was reached"),
    ],
)
def test_given_a_fault_on_a_page_when_read_then_it_is_retried_and_nothing_is_lost(kind, said, sandbox_factory, connector_for):
    # A generous limit on a short window, so a 429 says "reset in a second or two", not in a minute.
    sandbox = sandbox_factory(orders=400, max_page_size=100, rate_limit=(1000, 2), reset_format="fractional")
    connector = connector_for(sandbox)
    sandbox.add_fault(kind, path=r"^/orders(\?|$)", after=1, times=1)

    run = connector.read(["orders"])

    assert run.returncode == 0, run.errors()
    assert any(said in line for line in run.logs()), [line for line in run.logs() if "HTTP" in line or "Could" in line]
    _equal_to_truth(run, sandbox, connector, ["orders"])


def test_given_a_server_that_stops_answering_then_the_request_times_out_and_is_retried(sandbox_factory, connector_for):
    sandbox = sandbox_factory(orders=200, max_page_size=100)
    connector = connector_for(sandbox)
    sandbox.add_fault("hang", path=r"^/orders(\?|$)", after=1, times=1, hang_seconds=30)

    run = connector.read(["orders"], config=connector.config(request_timeout_seconds=2))

    assert run.returncode == 0, run.errors()
    assert any("did not answer in time" in line for line in run.logs())
    _equal_to_truth(run, sandbox, connector, ["orders"])


@pytest.fixture
def no_backoff_sleep(monkeypatch):
    """The CDK's retry waits, recorded instead of slept (only its backoff module's clock is replaced)."""
    waits = []

    class Time:
        @staticmethod
        def sleep(seconds):
            waits.append(seconds)

    monkeypatch.setattr(rate_limiting, "time", Time)
    return waits


def test_given_errors_until_retries_run_out_then_a_transient_error_after_the_state_reached(sandbox_factory, monkeypatch, no_backoff_sleep):
    sandbox = sandbox_factory(orders=400, max_page_size=100)
    monkeypatch.setenv("SHIPSTATION_API_BASE_URL", sandbox.url)
    sandbox.add_fault("500_aspnet", path=r"^/orders(\?|$)", after=2, times=-1)
    config = {"api_key": sandbox.api_key, "api_secret": sandbox.api_secret}

    output = read(SourceShipstation(), config, CatalogBuilder().with_stream("orders", SyncMode.incremental).build(),
                  expected_outcome=ExpectedOutcome.EXPECT_EXCEPTION)

    error = output.errors[0].trace.error
    assert error.failure_type == FailureType.transient_error
    assert "server error (HTTP 500" in error.message and "Gave up after 6 attempts" in error.message
    assert len(output.records) >= 200  # the pages before the failure, each checkpointed
    assert output.most_recent_state.stream_state.modifyDate
    # 1, 2, 4, 8, 16 s (+1 s the CDK adds), for each page that was in flight when the errors began.
    assert sorted(set(no_backoff_sleep)) == [2.0, 3.0, 5.0, 9.0, 17.0]


@pytest.mark.parametrize(
    "kind, said",
    [("401_text", "rejected the API key and secret"), ("403", "may not include API access")],
)
def test_given_credentials_refused_mid_sync_then_a_config_error_saying_what_to_fix(kind, said, sandbox_factory, connector_for):
    sandbox = sandbox_factory(orders=400, max_page_size=100)
    connector = connector_for(sandbox)
    sandbox.add_fault(kind, path=r"^/orders(\?|$)", after=1, times=-1)

    run = connector.read(["orders"], debug=True)

    assert run.returncode != 0
    (error, *_) = [e for e in run.errors() if said in e["message"]]
    assert error["failure_type"] == "config_error"


def test_given_a_store_that_does_not_exist_then_check_and_read_say_so(connector):
    config = connector.config(store_id=999999)

    status = connector.run("check", config=config).connection_status()
    run = connector.read(["store_details"], config=config)

    assert status["status"] == "FAILED" and "999999" in status["message"]
    assert run.returncode != 0
    assert any(e["failure_type"] == "config_error" and "999999" in e["message"] for e in run.errors())


@pytest.mark.parametrize("bad", [{"api_secret": "wrong_api_secret_9999"}, {"api_key": "wrong_api_key_9999"}])
def test_given_wrong_credentials_then_check_fails_with_its_own_message(bad, connector):
    status = connector.run("check", config=connector.config(**bad)).connection_status()

    assert status["status"] == "FAILED"
    assert "rejected the API key and secret" in status["message"]


def test_given_an_account_without_api_access_then_check_says_so(sandbox_factory, connector_for):
    connector = connector_for(sandbox_factory(orders=20, api_access=False))

    status = connector.run("check").connection_status()

    assert status["status"] == "FAILED" and "API access" in status["message"]


def test_given_an_unreachable_host_then_check_says_it_could_not_reach_shipstation(connector):
    status = connector.run("check", env={"SHIPSTATION_API_BASE_URL": "http://127.0.0.1:1"}).connection_status()

    assert status["status"] == "FAILED" and "Could not reach ShipStation" in status["message"]


def test_given_the_keys_to_itself_when_throttled_then_no_429_and_requests_overlap(sandbox_factory, connector_for):
    sandbox = sandbox_factory(orders=800, max_page_size=50, rate_limit=(10, 1), reset_format="fractional", latency_seconds=0.05)
    connector = connector_for(sandbox)

    run = connector.read(STREAMS, mode="full_refresh")

    assert run.returncode == 0, run.errors()
    # None expected; one is tolerated because a loaded CI machine can delay a send past the few
    # milliseconds the budget allows for (benchmarks/pacing.py measures this properly).
    assert sandbox.count_429 <= 1
    spans = sorted((r["monotonic"], r["monotonic"] + r["duration"]) for r in sandbox.request_log if r["path"] == "/orders")
    overlapping = max(sum(1 for s, e in spans if s <= start < e) for start, _ in spans)
    assert overlapping >= 2  # pages in flight, not one at a time
    _equal_to_truth(run, sandbox, connector, STREAMS)


def test_given_keys_shared_with_another_app_then_the_sync_backs_off_and_completes(sandbox_factory, connector_for):
    sandbox = sandbox_factory(orders=400, max_page_size=50, rate_limit=(8, 1), reset_format="fractional", shared_usage=3)
    connector = connector_for(sandbox)

    run = connector.read(STREAMS, mode="full_refresh")

    assert run.returncode == 0, run.errors()
    _equal_to_truth(run, sandbox, connector, STREAMS)


def test_given_a_retried_failure_with_debug_then_no_secret_in_any_output(sandbox_factory, connector_for):
    sandbox = sandbox_factory(orders=200, max_page_size=100)
    connector = connector_for(sandbox)
    sandbox.add_fault("500_aspnet", path=r"^/orders(\?|$)", after=0, times=1)

    run = connector.read(["orders", "stores"], debug=True)  # the harness fails on any secret in stdout/stderr

    assert run.returncode == 0, run.errors()
    assert any("Authorization" in line for line in run.logs())  # the request headers were logged, masked
