"""A seeded generator with just the draws the data needs.

random.Random.choice/randint/randrange go through a getrandbits loop; drawing from random()
directly is several times faster, which matters when rendering hundreds of records per page.
"""

from __future__ import annotations

import random


class Draw:
    __slots__ = ("random", "_rng")

    def __init__(self, seed: int | str):
        self._rng = random.Random(seed)
        self.random = self._rng.random

    def chance(self, p: float) -> bool:
        return self.random() < p

    def pick(self, seq):
        return seq[int(self.random() * len(seq))]

    def below(self, n: int) -> int:
        return int(self.random() * n)

    def between(self, low: int, high: int) -> int:
        """An integer in [low, high], both included."""
        return low + int(self.random() * (high - low + 1))

    def uniform(self, low: float, high: float) -> float:
        return low + (high - low) * self.random()

    def sample(self, seq, k: int) -> list:
        return self._rng.sample(seq, k)

    def guid(self) -> str:
        h = f"{int(self.random() * 2**52):013x}{int(self.random() * 2**52):013x}{int(self.random() * 2**24):06x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"
