"""source_shipstation.pipeline: answers in the order asked, and only as many requests ahead as needed."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from source_shipstation.pipeline import OrderedPipeline

DEPTH = 6


class Tracker:
    """Work that records how many items ran at once and when each started."""

    def __init__(self, seconds: float = 0.0, fail_on: int = -1) -> None:
        self.seconds = seconds
        self.fail_on = fail_on
        self.lock = threading.Lock()
        self.running = 0
        self.most_at_once = 0
        self.started = []

    def __call__(self, item: int) -> int:
        with self.lock:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
            self.started.append(item)
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


def test_given_answers_ready_before_they_are_asked_for_then_few_are_held(executor):
    """A fast API and a slower consumer: the pipeline stops running ahead once answers wait for it."""
    fast = Tracker()
    pipeline = OrderedPipeline(executor, DEPTH)
    asked_ahead = []
    results = pipeline.map(fast, range(200))
    for index, _ in enumerate(results):
        time.sleep(0.002)  # emitting a page takes longer than fetching the next
        asked_ahead.append(len(fast.started) - (index + 1))

    assert asked_ahead[0] >= DEPTH - 1  # it starts at full depth
    assert max(asked_ahead[-100:]) <= 1  # then holds at most the next answer


def test_an_error_is_raised_in_its_turn_after_every_earlier_answer(executor):
    got = []
    with pytest.raises(ValueError, match="unlucky"):
        for result in OrderedPipeline(executor, DEPTH).map(Tracker(fail_on=13), range(20)):
            got.append(result)

    assert got == [i * 10 for i in range(13)]


def test_closing_early_cancels_what_has_not_started(executor):
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


def test_given_answers_slow_down_then_it_runs_ahead_again_up_to_depth(executor):
    """After a fast stretch has brought it down to one request ahead, a slow API gets all DEPTH again."""
    lock = threading.Lock()
    running, most_at_once_when_slow = [0], [0]

    def work(item: int) -> int:
        slow = item >= 100
        with lock:
            running[0] += 1
            if slow:
                most_at_once_when_slow[0] = max(most_at_once_when_slow[0], running[0])
        time.sleep(0.03 if slow else 0)
        with lock:
            running[0] -= 1
        return item

    for item in OrderedPipeline(executor, DEPTH).map(work, range(160)):
        if item < 100:
            time.sleep(0.002)

    assert most_at_once_when_slow[0] == DEPTH
