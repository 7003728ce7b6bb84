"""The shared rate budget, on a fake clock: no request waits that need not, none goes that should not."""

import pytest
import requests
from airbyte_cdk.sources.streams.call_rate import CallRateLimitHit

from source_shipstation.budget import MAX_LATE_MARGIN_SECONDS, PROBE_TIMEOUT_SECONDS, SEND_DELAY_SECONDS, SharedRateBudget


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Request:
    """Stands in for requests.PreparedRequest: the budget only stamps attributes on it."""


def answer(remaining=None, reset=None, limit=40, status=200):
    response = requests.Response()
    response.status_code = status
    if remaining is not None:
        response.headers.update({"X-Rate-Limit-Limit": str(limit), "X-Rate-Limit-Remaining": str(remaining), "X-Rate-Limit-Reset": str(reset)})
    return response


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def budget(clock):
    return SharedRateBudget(clock=clock)


def take(budget):
    request = Request()
    budget.acquire_call(request, block=False)
    return request


def refused(budget):
    with pytest.raises(CallRateLimitHit) as hit:
        budget.acquire_call(Request(), block=False)
    return hit.value.time_to_wait.total_seconds()


def test_given_nothing_known_then_one_probe_goes_and_the_rest_wait_for_its_answer(budget):
    take(budget)

    assert refused(budget) == pytest.approx(PROBE_TIMEOUT_SECONDS)


def test_given_the_probes_answer_then_exactly_the_remaining_calls_go_and_the_next_waits_for_the_reset(budget, clock):
    probe = take(budget)
    clock.now += 0.5
    budget.update_from_response(probe, answer(remaining=3, reset=10))

    for _ in range(3):
        take(budget)

    # The window ends `reset` seconds after the probe was sent (the server counts on arrival).
    assert refused(budget) == pytest.approx(9.5 + SEND_DELAY_SECONDS)


def test_given_the_window_has_reset_then_a_new_probe_goes(budget, clock):
    probe = take(budget)
    budget.update_from_response(probe, answer(remaining=0, reset=10))
    clock.now += 10
    assert refused(budget) == pytest.approx(SEND_DELAY_SECONDS)
    clock.now += SEND_DELAY_SECONDS

    take(budget)
    assert refused(budget) == pytest.approx(PROBE_TIMEOUT_SECONDS)


def test_given_requests_sent_after_the_one_answering_then_they_count_against_its_remaining(budget, clock):
    probe = take(budget)
    budget.update_from_response(probe, answer(remaining=10, reset=60))
    first = take(budget)
    for _ in range(4):
        take(budget)  # sent before `first` is answered: the server may not have counted them yet

    budget.update_from_response(first, answer(remaining=6, reset=59))  # another app used three

    take(budget)  # 6 - 4 sent later = 2 left
    take(budget)
    assert refused(budget) > 0


def test_given_an_answer_about_a_window_that_has_reset_then_it_does_not_block_the_new_one(budget, clock):
    probe = take(budget)
    budget.update_from_response(probe, answer(remaining=5, reset=10))
    straggler = take(budget)
    clock.now += 11
    fresh = take(budget)  # probe of the new window
    budget.update_from_response(fresh, answer(remaining=39, reset=60))

    budget.update_from_response(straggler, answer(remaining=0, reset=1))  # late news from the old window

    for _ in range(39):
        take(budget)
    assert refused(budget) > 0


def test_given_a_429_on_a_probe_then_later_windows_start_later_by_what_it_said(budget, clock):
    probe = take(budget)
    budget.update_from_response(probe, answer(remaining=0, reset=10))
    clock.now += 10 + SEND_DELAY_SECONDS
    early = take(budget)
    budget.update_from_response(early, answer(remaining=0, reset=0.3, status=429))

    # 0.3 s to this reset, and later windows start 0.31 s later than before.
    assert refused(budget) == pytest.approx(0.3 + SEND_DELAY_SECONDS + 0.31)


def test_given_429s_on_every_probe_then_the_margin_stays_bounded(budget, clock):
    for _ in range(20):
        clock.now += 60
        probe = take(budget)
        budget.update_from_response(probe, answer(remaining=0, reset=1, status=429))

    assert refused(budget) == pytest.approx(1 + MAX_LATE_MARGIN_SECONDS)


def test_given_a_server_without_rate_limit_headers_then_nothing_waits(budget):
    probe = take(budget)
    budget.update_from_response(probe, answer())

    for _ in range(100):
        take(budget)


def test_given_a_probe_that_never_came_back_then_its_retry_may_go_at_once(budget):
    probe = take(budget)

    budget.acquire_call(probe, block=False)  # the CDK retries the same request after a dropped connection


def test_given_malformed_headers_then_they_are_ignored_not_fatal(budget):
    probe = take(budget)
    response = answer()
    response.headers.update({"X-Rate-Limit-Remaining": "39, 39", "X-Rate-Limit-Reset": "soon", "X-Rate-Limit-Limit": "40"})

    budget.update_from_response(probe, response)

    take(budget)


def test_given_a_server_whose_window_keeps_moving_then_its_fresh_count_is_used(budget, clock):
    # A sliding window (or a generous server) reports a full budget that resets later each time.
    for _ in range(100):
        request = take(budget)
        clock.now += 2
        budget.update_from_response(request, answer(remaining=40, reset=60))
