"""The fixed-window rate limit, its headers, 429s and another app's share of the window."""

from __future__ import annotations

import time

from shipstation_sandbox.ratelimit import RateLimiter

from .conftest import Client


class FakeTime:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_window_starts_with_the_first_request_and_counts_arrivals():
    clock = FakeTime()
    limiter = RateLimiter((3, 60), now=clock)
    verdicts = [limiter.hit() for _ in range(4)]
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    assert [v.remaining for v in verdicts] == [2, 1, 0, 0]
    assert verdicts[0].reset == 60
    clock.now += 59.5
    assert not limiter.hit().allowed
    clock.now += 0.5  # the window ends 60 s after its first request
    fresh = limiter.hit()
    assert fresh.allowed and fresh.remaining == 2 and fresh.reset == 60
    clock.now += 100  # an idle gap: the next window starts at the next request
    assert limiter.hit().reset == 60


def test_shared_usage_is_spread_over_the_window():
    clock = FakeTime()
    limiter = RateLimiter((10, 60), shared_usage=6, now=clock)
    assert limiter.hit().remaining == 10 - 1 - 1  # the other app's first call is at the window start
    clock.now += 30
    assert limiter.hit().remaining == 10 - 2 - 4  # its calls at 0, 10, 20, 30 s
    clock.now += 29
    assert limiter.hit().remaining == 10 - 3 - 6
    assert limiter.hit().allowed  # 4 + 6 = 10: the last one
    assert not limiter.hit().allowed


def test_reset_header_formats():
    clock = FakeTime()
    limiter = RateLimiter((5, 2.5), now=clock)
    limiter.hit()
    clock.now += 0.25
    verdict = limiter.hit()
    assert verdict.headers("integer") == {"X-Rate-Limit-Limit": "5", "X-Rate-Limit-Remaining": "3",
                                          "X-Rate-Limit-Reset": "3"}  # 2.25 rounded up
    assert verdict.headers("fractional")["X-Rate-Limit-Reset"] == "2.250"


def test_unlimited_still_sends_headers(client):
    for _ in range(50):
        response = client.get("/users")
    assert response.status_code == 200
    assert response.headers["X-Rate-Limit-Limit"] == "40"
    assert response.headers["X-Rate-Limit-Remaining"] == "40"
    assert response.headers["X-Rate-Limit-Reset"] == "60"


def test_429_over_http(sandbox_factory):
    sb = sandbox_factory(orders=20, rate_limit=(3, 0.6), reset_format="fractional")
    client = Client(sb)
    responses = [client.get("/orders") for _ in range(5)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429, 429]
    assert [r.headers["X-Rate-Limit-Remaining"] for r in responses] == ["2", "1", "0", "0", "0"]
    assert responses[3].json() == {"message": "Too Many Requests"}
    assert 0 < float(responses[3].headers["X-Rate-Limit-Reset"]) <= 0.6
    assert sb.count_429 == 2 and sb.stats()["429s"] == 2 and sb.stats()["requests"] == 5
    time.sleep(float(responses[4].headers["X-Rate-Limit-Reset"]) + 0.05)
    assert client.get("/orders").status_code == 200


def test_errors_count_and_carry_headers(sandbox_factory):
    sb = sandbox_factory(orders=20, rate_limit=(2, 30))
    client = Client(sb)
    assert client.get("/nowhere").status_code == 404
    unauthorized = Client(sb)
    unauthorized.session.auth = ("x", "y")
    assert unauthorized.get("/orders").headers["X-Rate-Limit-Remaining"] == "0"
    limited = client.get("/orders")
    assert limited.status_code == 429 and limited.headers["X-Rate-Limit-Reset"] == "30"


def test_shared_usage_over_http(sandbox_factory):
    sb = sandbox_factory(orders=20, rate_limit=(5, 30), shared_usage=3)
    client = Client(sb)
    assert client.get("/users").headers["X-Rate-Limit-Remaining"] == "3"  # 1 of ours + 1 of theirs
    sb.configure(shared_usage=0)  # reconfiguring the limit starts a new window
    assert client.get("/users").headers["X-Rate-Limit-Remaining"] == "4"


def test_control_plane_is_not_rate_limited(sandbox_factory):
    sb = sandbox_factory(orders=20, rate_limit=(1, 30))
    client = Client(sb)
    client.get("/users")
    for _ in range(5):
        assert client.session.get(sb.url + "/__sandbox/stats").status_code == 200
    assert sb.stats()["requests"] == 1
