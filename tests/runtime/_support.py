"""Shared helpers for the runtime tests: a recording retry policy, a body-consuming
transport and a real loopback HTTP server.

pytest-httpx calls ``request.read()`` before answering, which caches the body in the
request: a retried request would then replay the cached bytes even if the real stream
could not be sent again. Tests about *what bytes a retry sends* therefore use
:class:`StreamTransport` (which iterates ``request.stream`` afresh on every send, like
httpcore does) or :class:`LoopbackServer` (a real HTTP server on 127.0.0.1).
"""

from __future__ import annotations

import collections
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from openai_finetunes._retry import RetryPolicy


@dataclass
class SleepRecorder:
    """Stands in for ``time.sleep``/``asyncio.sleep``: records the delays, never waits."""

    delays: list[float] = field(default_factory=list)

    def sleep(self, seconds: float) -> None:
        self.delays.append(seconds)

    async def async_sleep(self, seconds: float) -> None:
        self.delays.append(seconds)


def recording_policy(
    sleeps: SleepRecorder, *, random: Callable[[], float] = lambda: 0.0, **kwargs: Any
) -> RetryPolicy:
    kwargs.setdefault("max_retries", 3)
    return RetryPolicy(sleep=sleeps.sleep, async_sleep=sleeps.async_sleep, random=random, **kwargs)


Reply = httpx.Response | BaseException | Callable[[httpx.Request, bytes], httpx.Response]


@dataclass
class Sent:
    method: str
    path: str
    headers: httpx.Headers
    body: bytes


class StreamTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Answers from a queue and records each request's body as read from its stream."""

    def __init__(
        self, *replies: Reply, router: Callable[[httpx.Request, bytes], Reply] | None = None
    ) -> None:
        self.replies: collections.deque[Reply] = collections.deque(replies)
        self.router = router
        self.sent: list[Sent] = []
        self._lock = threading.Lock()

    def _answer(self, request: httpx.Request, body: bytes) -> httpx.Response:
        with self._lock:
            self.sent.append(Sent(request.method, request.url.path, request.headers, body))
            reply = self.router(request, body) if self.router else self.replies.popleft()
        if isinstance(reply, BaseException):
            raise reply
        if callable(reply):
            return reply(request, body)
        return reply

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = b"".join(request.stream)  # type: ignore[arg-type]
        return self._answer(request, body)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = b"".join([chunk async for chunk in request.stream])  # type: ignore[union-attr]
        return self._answer(request, body)


def multipart_parts(content_type: str, body: bytes) -> dict[str, tuple[str | None, bytes]]:
    """Split a multipart/form-data body into ``{name: (filename, bytes)}``."""
    boundary = content_type.split("boundary=")[1].encode()
    parts: dict[str, tuple[str | None, bytes]] = {}
    for chunk in body.split(b"--" + boundary)[1:-1]:
        head, _, data = chunk[2:-2].partition(b"\r\n\r\n")
        disposition = head.decode().split("\r\n")[0]
        name = disposition.split('name="')[1].split('"')[0]
        filename = (
            disposition.split('filename="')[1].split('"')[0] if "filename=" in disposition else None
        )
        parts[name] = (filename, data)
    return parts


# -- a real HTTP server on the loopback interface --------------------------------------


@dataclass
class ServerRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class LoopbackServer:
    def __init__(self) -> None:
        self.replies: collections.deque[tuple[int, dict[str, str], bytes]] = collections.deque()
        self.requests: list[ServerRequest] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length)
                with server.lock:
                    server.requests.append(
                        ServerRequest(
                            self.command,
                            self.path,
                            {k.lower(): v for k, v in self.headers.items()},
                            body,
                        )
                    )
                with server.lock:
                    status, headers, content = server.replies.popleft()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_DELETE = _handle

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def reply(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        content = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.replies.append(
            (status, {"Content-Type": "application/json", **(headers or {})}, content)
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()
