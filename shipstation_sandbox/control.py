"""The control plane under /__sandbox/: no auth, no rate limit, not in the request log.

GET    /__sandbox/truth/{stream}[?storeId=]   every record of a stream, as the API returns it
GET    /__sandbox/requests                    the request log
GET    /__sandbox/stats                       request and 429 counts
GET    /__sandbox/config                      current switches; POST changes some (JSON object)
GET    /__sandbox/faults                      fault rules; POST adds one (object) or several (array); DELETE clears
GET    /__sandbox/mutations                   mutation rules; POST adds, DELETE clears
POST   /__sandbox/mutate                      {"action": "modify"|"insert"|"void", "stream", "count" | "ids"}
POST   /__sandbox/reset                       clear faults, mutations, log and counters
"""

from __future__ import annotations

import re

import orjson

from .responses import Request, Response, json_response

PREFIX = "/__sandbox"


def _each(body) -> list[dict]:
    return body if isinstance(body, list) else [body]


def _mutate(sandbox, body: dict) -> dict:
    action, stream = body.get("action"), body.get("stream", "shipments")
    target = body["ids"] if "ids" in body else int(body.get("count", 1))
    if action == "modify":
        return {"ids": sandbox.modify(stream, target)}
    if action == "insert":
        return {"ids": sandbox.insert(stream, int(body.get("count", 1)))}
    if action == "void":
        return {"ids": sandbox.void_shipments(target)}
    raise ValueError("action must be modify, insert or void")


_ROUTES = {
    ("GET", "/requests"): lambda sb, body: list(sb.request_log),
    ("GET", "/stats"): lambda sb, body: sb.stats(),
    ("GET", "/config"): lambda sb, body: sb.switches.as_json(),
    ("POST", "/config"): lambda sb, body: sb.configure(**body) or sb.switches.as_json(),
    ("GET", "/faults"): lambda sb, body: sb.faults.rules(),
    ("POST", "/faults"): lambda sb, body: [sb.add_fault(**rule) for rule in _each(body)],
    ("DELETE", "/faults"): lambda sb, body: sb.clear_faults() or [],
    ("GET", "/mutations"): lambda sb, body: sb.mutation_rules(),
    ("POST", "/mutations"): lambda sb, body: [sb.add_mutation(**rule) for rule in _each(body)],
    ("DELETE", "/mutations"): lambda sb, body: sb.clear_mutations() or [],
    ("POST", "/mutate"): _mutate,
    ("POST", "/reset"): lambda sb, body: sb.reset() or {"reset": True},
}


def handle(sandbox, request: Request) -> Response:
    path = request.path[len(PREFIX):].rstrip("/")
    try:
        if request.method == "GET" and path.startswith("/truth/"):
            store_id = request.args.get("storeid")
            return json_response(sandbox.api.truth_json(path[len("/truth/"):], int(store_id) if store_id else None))
        route = _ROUTES.get((request.method, path))
        if route is None:
            return json_response({"error": f"no control endpoint {request.method} {request.path}"}, 404)
        return json_response(route(sandbox, orjson.loads(request.body) if request.body.strip() else {}))
    except (ValueError, TypeError, KeyError, re.error, orjson.JSONDecodeError) as error:
        return json_response({"error": str(error)}, 400)
