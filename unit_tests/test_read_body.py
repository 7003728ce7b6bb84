"""source_shipstation.responses.read_body: a streamed answer is read in one piece, and then as usual.

The answers come from a plain HTTP server on the loopback interface: what is checked is how the
body is taken off the connection, which a mocked transport does not have.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator, List, Optional

import pytest
import requests

from source_shipstation.responses import read_body
from source_shipstation.source import SourceShipstation
from unit_tests.integration.config import ConfigBuilder

BODY = json.dumps({"orders": [{"orderId": n, "orderNumber": f"{n:08d}", "notes": "x" * 200} for n in range(6000)]}).encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/orders"
    server.shutdown()
    server.server_close()


def _counting_reads(response: requests.Response) -> List[Optional[int]]:
    """Record the sizes asked of the urllib3 response (None: all of it)."""
    asked: List[Optional[int]] = []
    read = response.raw.read

    def counting(amt: Optional[int] = None, *args: object, **kwargs: object) -> bytes:
        asked.append(amt)
        return read(amt, *args, **kwargs)

    response.raw.read = counting  # type: ignore[method-assign]
    return asked


def test_a_streamed_body_is_read_in_one_piece_and_then_reads_as_usual(url):
    assert len(BODY) > 1_000_000  # a page of orders' size: requests would read it in ~100 pieces
    response = requests.get(url, stream=True, timeout=10)
    asked = _counting_reads(response)

    read_body(response)

    assert asked and all(amt is None for amt in asked), asked
    assert response.content == BODY and response.json()["orders"][5999]["orderId"] == 5999
    assert response.raw._connection is None  # the connection went back to the pool


def test_a_body_already_read_is_left_as_it_is(url):
    response = requests.get(url, timeout=10)
    asked = _counting_reads(response)

    read_body(response)

    assert asked == [] and response.content == BODY


def test_a_response_without_a_connection_is_left_to_requests():
    response = requests.Response()

    read_body(response)

    assert response.content is None


def test_the_streams_send_their_requests_streamed():
    config = ConfigBuilder().build()
    for stream in SourceShipstation().streams(config):
        assert stream.request_kwargs(stream_state={})["stream"] is True, stream.name
