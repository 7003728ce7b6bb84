"""Several requests on the wire at once, their answers handed back in the order they were asked.

A page of 500 orders can take seconds to come back, while the rate limit allows one request every
1.5 s: one request at a time would leave much of the budget unused. Answers are returned strictly in
order, so records keep their order and a checkpoint never covers a page that has not been emitted.
At most ``depth`` answers are held, so memory does not grow with the sync.

When answers come back faster than the records are emitted (a fast API, no rate limit), holding
``depth`` parsed pages only costs: each is some megabytes of objects, which are cold in the CPU's
caches by the time they are emitted and freed (100,000 orders: ~0.3 s of a 4.5 s sync). So the
pipeline keeps only as many requests ahead as it needs for the next answer to be ready when it is
asked for: one more (up to ``depth``) each time it was not; one fewer each time the answer after it
was ready too. (Not when just the next one was: answers asked for together come back together, and
then the slow API that keeps the pipeline full would also shrink it.)
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

        def top_up(ahead: int) -> None:
            while len(pending) < ahead:
                try:
                    item = next(remaining)
                except StopIteration:
                    return
                pending.append(self._executor.submit(work, item))

        ahead = self._depth
        try:
            top_up(ahead)
            while pending:
                head = pending.popleft()
                if not head.done():
                    ahead = min(self._depth, ahead + 1)
                elif pending and pending[0].done():
                    ahead = max(1, ahead - 1)
                result = head.result()
                top_up(ahead)
                yield result
        finally:
            for future in pending:
                future.cancel()
