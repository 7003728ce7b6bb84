"""Several requests on the wire at once, their answers handed back in the order they were asked.

A page of 500 orders can take seconds to come back, while the rate limit allows one request every
1.5 s: one request at a time would leave much of the budget unused. Answers are returned strictly in
order, so records keep their order and a checkpoint never covers a page that has not been emitted.
At most ``depth`` answers are held, so memory does not grow with the sync.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable, Deque, Iterable, Iterator, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class OrderedPipeline:
    def __init__(self, executor: ThreadPoolExecutor, depth: int) -> None:
        self._executor = executor
        self._depth = depth

    def map(self, work: Callable[[Item], Result], items: Iterable[Item]) -> Iterator[Result]:
        """Yield ``work(item)`` for each item, in order, running up to ``depth`` of them ahead.

        Stopping early (closing the iterator) cancels what has not started; an exception in one item
        is raised when its turn comes, after every earlier result was yielded.
        """
        pending: Deque[Future] = deque()
        remaining = iter(items)

        def top_up() -> None:
            while len(pending) < self._depth:
                try:
                    item = next(remaining)
                except StopIteration:
                    return
                pending.append(self._executor.submit(work, item))

        try:
            top_up()
            while pending:
                result = pending.popleft().result()
                top_up()
                yield result
        finally:
            for future in pending:
                future.cancel()
