"""source_shipstation.pipeline: answers in the order asked, and only as many requests ahead as needed."""

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor

import pytest

from source_shipstation.pipeline import OrderedPipeline

DEPTH = 6


class Tracker:
    """Work that records how many items ran at once, and fails on one item if asked to."""

    def __init__(self, seconds: float = 0.0, fail_on: int = -1) -> None:
        self.seconds = seconds
        self.fail_on = fail_on
        self.lock = threading.Lock()
        self.running = 0
        self.most_at_once = 0

    def __call__(self, item: int) -> int:
        with self.lock:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        time.sleep(self.seconds)
        with self.lock:
            self.running -= 1
        if item == self.fail_on:
            raise ValueError("unlucky")
        return item * 10


@pytest.fixture
def executor():
    with ThreadPoolExecutor(DEPTH) as pool:
        yield pool


def test_answers_come_back_in_the_order_asked_whatever_order_they_finish_in(executor):
    def work(item: int) -> int:
        time.sleep(0.001 * (item % 4))  # later items often finish first
        return item

    assert list(OrderedPipeline(executor, DEPTH).map(work, range(50))) == list(range(50))


def test_given_slow_answers_then_depth_requests_are_in_flight(executor):
    slow = Tracker(seconds=0.05)

    assert list(OrderedPipeline(executor, DEPTH).map(slow, range(30))) == [i * 10 for i in range(30)]
    assert slow.most_at_once == DEPTH


def test_an_error_is_raised_in_its_turn_after_every_earlier_answer(executor):
    got = []
    with pytest.raises(ValueError, match="unlucky"):
        for result in OrderedPipeline(executor, DEPTH).map(Tracker(fail_on=13), range(20)):
            got.append(result)

    assert got == [i * 10 for i in range(13)]


def test_closing_early_cancels_what_has_not_started():
    gate = threading.Event()

    def blocked(item: int) -> int:
        gate.wait(5)
        return item

    one_worker = ThreadPoolExecutor(1)
    try:
        results = OrderedPipeline(one_worker, DEPTH).map(blocked, range(20))
        gate.set()
        assert next(results) == 0
        results.close()
        started_after_close = one_worker.submit(lambda: "free").result(timeout=5)
    finally:
        one_worker.shutdown(wait=True)

    assert started_after_close == "free"  # the queued items were cancelled, not run


class ScriptedExecutor:
    """Runs work in the test's own thread, so that when an answer is ready is up to the test.

    A fast item's answer is ready as soon as it is asked for; a slow one's only once the pipeline
    waits for it (its future runs the work inside result()).
    """

    def __init__(self, is_slow) -> None:
        self.is_slow = is_slow
        self.submitted = 0

    def submit(self, work, item):
        self.submitted += 1
        future = _RunsWhenWaitedFor(work, item)
        if not self.is_slow(item):
            future.run_now()
        return future


class _RunsWhenWaitedFor(Future):
    def __init__(self, work, item) -> None:
        super().__init__()
        self._work, self._item = work, item

    def run_now(self) -> None:
        if not self.done():
            self.set_result(self._work(self._item))

    def result(self, timeout=None):
        self.run_now()
        return super().result(timeout)


def test_given_answers_ready_before_they_are_asked_for_then_it_stops_running_ahead_and_a_slow_api_gets_depth_again():
    executor = ScriptedExecutor(is_slow=lambda item: 100 <= item < 150)
    ahead = []
    for consumed, _ in enumerate(OrderedPipeline(executor, DEPTH).map(lambda item: item, range(200)), start=1):
        ahead.append(executor.submitted - consumed)

    assert ahead[0] == DEPTH - 1  # it starts at full depth
    assert max(ahead[10:95]) == 1  # answers waiting for it: just the next one is asked for
    assert max(ahead[110:145]) == DEPTH  # answers it waits for: it runs DEPTH ahead again
    assert max(ahead[160:195]) == 1  # and back
