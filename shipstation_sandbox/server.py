"""HTTP plumbing: a threaded HTTP/1.1 server on 127.0.0.1 that hands each request to the sandbox.

Responses go out as one write (status line, headers and body together) with Nagle off, so
keep-alive clients never wait on delayed ACKs.
"""

from __future__ import annotations

import socket
import threading
import time
import traceback
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from .responses import Request, Response, aspnet_error


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "ShipStationSandbox"
    sys_version = ""
    timeout = 300  # an idle keep-alive connection is closed after this long

    def _serve(self) -> None:
        started, arrived = time.monotonic(), time.time()
        target = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        request = Request(method=self.command, path=target.path,
                          query=dict(parse_qsl(target.query, keep_blank_values=True)),
                          headers={k.lower(): v for k, v in self.headers.items()},
                          body=self.rfile.read(length) if length else b"")
        server: SandboxServer = self.server  # type: ignore[assignment]
        try:
            response = server.app.handle(request, target_text=self.path)
        except Exception as error:  # a sandbox bug: answer it visibly rather than dropping the connection
            traceback.print_exc()
            response = aspnet_error(500, "Sandbox internal error.", ExceptionMessage=repr(error))
        if response.delay:
            server.stopping.wait(response.delay)
        if response.action == "hang":
            server.stopping.wait(response.hold)
        status = None
        if response.action == "cut":  # the answer breaks off halfway (its headers promise all of it)
            self._write(response, response.body[: len(response.body) // 2])
        elif not response.action:
            self._write(response, response.body)
            status = response.status
        if response.action:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if response.logged:
            server.app.log(request, status, arrived, time.monotonic() - started, started)

    def _write(self, response: Response, body: bytes) -> None:
        lines = [f"HTTP/1.1 {response.status} {self.responses.get(response.status, ('',))[0]}",
                 f"Content-Type: {response.content_type}",
                 f"Content-Length: {len(response.body)}",
                 f"Date: {formatdate(usegmt=True)}",
                 f"Server: {self.server_version}"]
        lines += [f"{name}: {value}" for name, value in response.headers.items()]
        if self.close_connection:
            lines.append("Connection: close")
        self.wfile.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

    def log_message(self, format, *args) -> None:  # the sandbox keeps its own request log
        pass


class SandboxServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, app, port: int = 0):
        self.app = app
        self.stopping = threading.Event()  # wakes sleeping latency and hang faults on stop
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(("127.0.0.1", port), _Handler)

    def process_request(self, request, client_address):
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def stop_serving(self) -> None:
        """shutdown() waits for serve_forever's next poll; a connection attempt wakes it at once."""
        stopper = threading.Thread(target=self.shutdown)
        stopper.start()
        while stopper.is_alive():
            try:
                socket.create_connection(self.server_address, timeout=0.5).close()
            except OSError:
                pass
            stopper.join(0.005)

    def close_connections(self) -> None:
        """End open keep-alive connections, so their threads and the clients' sockets do not linger."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
