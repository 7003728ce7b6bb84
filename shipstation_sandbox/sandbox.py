"""The sandbox: dataset, switches and the request pipeline, behind a local HTTP server.

    with Sandbox(seed=1, orders=600, rate_limit=(40, 60)) as sb:
        requests.get(f"{sb.url}/orders", auth=(sb.api_key, sb.api_secret))

Every API request goes: count it against the rate limit -> injected fault? -> credentials (401)
-> plan has API access (403) -> over the limit (429) -> the endpoint. Rate-limit headers go on
every answer; latency is added after counting, before the answer is written.
"""

from __future__ import annotations

import base64
import binascii
import re
import threading

import orjson

from . import control
from .config import Switches
from .data import DATA_OPTIONS, DataOptions, Dataset
from .faults import Faults, fault_response, no_api_access, too_many_requests, unauthorized_text
from .mutations import Mutator
from .ratelimit import RateLimiter
from .responses import Request, Response, json_response
from .routes import Api
from .server import SandboxServer

# Tables up to this many rows are rendered when the server starts, so even the first page is fast.
PRERENDER_LIMIT = 20_000


class Sandbox:
    def __init__(self, prerender: bool = True, **options):
        """options: data options (seed, orders, customers, products, shipments, fulfillments, stores,
        warehouses, carriers, users, dense_second, anchor, years) and any switch (see config.py)."""
        data_options = {name: options.pop(name) for name in list(options) if name in DATA_OPTIONS}
        self.switches = Switches()
        self.switches.update(**options)
        self.data = Dataset(DataOptions(**data_options))
        self.lock = threading.RLock()  # one writer or reader of the data at a time
        self.limiter = RateLimiter(self.switches.rate_limit, self.switches.shared_usage)
        self.faults = Faults()
        self.mutator = Mutator(self.data, lambda: self.switches.clock())
        self.api = Api(self.data, self.switches, self.lock, self.mutator)
        self.request_log: list[dict] = []
        self.request_count = 0
        self.count_429 = 0
        self._counts_lock = threading.Lock()
        self._prerender = prerender
        self._server: SandboxServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle

    def start(self, port: int = 0) -> str:
        """Serve on 127.0.0.1:port (0: a free port); returns the base URL."""
        if self._server is not None:
            return self.url
        if self._prerender:
            self._render_all()
        self._server = SandboxServer(self, port)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.5},
                                        name="shipstation-sandbox", daemon=True)
        self._thread.start()
        return self.url

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.stopping.set()
        server.stop_serving()
        server.close_connections()
        server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "Sandbox":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _render_all(self) -> None:
        with self.lock:
            for stream, variants in (("orders", (0,)), ("shipments", (0, 1)), ("fulfillments", (0,)),
                                     ("customers", (0,)), ("products", (0,))):
                table = self.data.table(stream)
                if len(table) <= PRERENDER_LIMIT:
                    for variant in variants:
                        for row in range(len(table)):
                            table.json(row, variant)

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the sandbox is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def port(self) -> int:
        return self._server.server_address[1] if self._server else 0

    @property
    def api_key(self) -> str:
        return self.switches.api_key

    @property
    def api_secret(self) -> str:
        return self.switches.api_secret

    # --- switches, faults, mutations

    def configure(self, **switches) -> None:
        self.switches.update(**switches)
        if "rate_limit" in switches or "shared_usage" in switches:
            self.limiter.configure(self.switches.rate_limit, self.switches.shared_usage)

    def add_fault(self, kind: str = "500_aspnet", path: str = ".*", times: int = 1, after: int = 0,
                  hang_seconds: float | None = None) -> dict:
        """Make matching requests fail; see faults.py for the kinds."""
        return self.faults.add(kind=kind, path=path, times=times, after=after, hang_seconds=hang_seconds).as_json()

    def clear_faults(self) -> None:
        self.faults.clear()

    def add_mutation(self, stream: str, **rule) -> dict:
        """Change `stream` between its list requests: after_requests, every_requests, modify, insert, void."""
        with self.lock:
            return self.mutator.add_rule(stream=stream, **rule).as_json()

    def mutation_rules(self) -> list[dict]:
        with self.lock:
            return [rule.as_json() for rule in self.mutator.rules]

    def clear_mutations(self) -> None:
        with self.lock:
            self.mutator.rules.clear()

    def modify(self, stream: str, count_or_ids: int | list[int] = 1) -> list[int]:
        with self.lock:
            return self.mutator.modify(stream, count_or_ids)

    def insert(self, stream: str, count: int = 1) -> list[int]:
        with self.lock:
            return self.mutator.insert(stream, count)

    def void_shipments(self, count_or_ids: int | list[int] = 1) -> list[int]:
        with self.lock:
            return self.mutator.void_shipments(count_or_ids)

    # --- ground truth, log, counters

    def truth(self, stream: str, store_id: int | None = None) -> list[dict]:
        """Every record the API holds for a connector stream, in the API's exact shapes."""
        return orjson.loads(self.api.truth_json(stream, store_id))

    def clear_log(self) -> None:
        with self._counts_lock:
            self.request_log.clear()

    def stats(self) -> dict:
        return {"requests": self.request_count, "429s": self.count_429, "logged": len(self.request_log),
                "faults_fired": sum(rule["fired"] for rule in self.faults.rules()),
                "mutations_applied": self.mutator.applied}

    def reset(self) -> None:
        """Clear faults, mutation rules, the log, the counters and the rate-limit window."""
        self.clear_faults()
        self.clear_mutations()
        with self._counts_lock:
            self.request_log.clear()
            self.request_count = self.count_429 = 0
        self.limiter.configure(self.switches.rate_limit, self.switches.shared_usage)

    # --- the request pipeline (called by the server's threads)

    def handle(self, request: Request, target_text: str) -> Response:
        if request.path == control.PREFIX or request.path.startswith(control.PREFIX + "/"):
            response = control.handle(self, request)
            response.logged = False
            return response
        with self._counts_lock:
            self.request_count += 1
        verdict = self.limiter.hit()
        rule = self.faults.fire(target_text)

        def serve() -> Response:
            return self._serve(request, verdict.allowed)

        response = fault_response(rule.kind, serve) if rule else serve()
        if response.action == "hang":
            response.hold = self.switches.hang_seconds if rule.hang_seconds is None else rule.hang_seconds
        if response.action is None:
            response.headers.update(verdict.headers(self.switches.reset_format, exhausted=response.status == 429))
        if response.status == 429:
            with self._counts_lock:
                self.count_429 += 1
        response.delay = self._latency(request.path)
        return response

    def _serve(self, request: Request, within_limit: bool) -> Response:
        if not self._authorized(request.headers.get("authorization", "")):
            if self.switches.auth_error_body == "json":
                return json_response({"message": "Unauthorized"}, 401)
            return unauthorized_text()
        if not self.switches.api_access:
            return no_api_access()
        if not within_limit:
            return too_many_requests()
        return self.api.serve(request)

    def _authorized(self, header: str) -> bool:
        scheme, _, encoded = header.partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            key, _, secret = base64.b64decode(encoded.strip(), validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        return key == self.switches.api_key and secret == self.switches.api_secret

    def _latency(self, path: str) -> float:
        for pattern, seconds in self.switches.latency_paths.items():
            if re.search(pattern, path):
                return seconds
        return self.switches.latency_seconds

    def log(self, request: Request, status: int | None, arrived: float, duration: float, monotonic: float) -> None:
        # `time` is the wall clock (when); `monotonic` is for spans across entries, which a clock
        # step during a long benchmark would otherwise stretch or shrink.
        entry = {"time": arrived, "monotonic": monotonic, "method": request.method, "path": request.path,
                 "query": request.query, "status": status, "duration": duration}
        with self._counts_lock:
            self.request_log.append(entry)
