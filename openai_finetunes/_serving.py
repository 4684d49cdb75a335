"""`BackgroundServer`: a stdlib HTTP server run in a daemon thread or in the foreground.

Shared by the fake service's TCP server and `openai_finetunes.webhooks.WebhookReceiver`.
`ClosingHTTPServer` is a threading HTTP server whose connections end with it: its
handler threads are daemons that nobody joins (a keep-alive connection may idle for
minutes), so `BackgroundServer.close` shuts the connections still open down, and a
client can no longer be served by a server that was closed.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import socketserver
import threading
from http.server import ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

__all__ = ["BackgroundServer", "ClosingHTTPServer"]

logger = logging.getLogger("openai_finetunes")


class ClosingHTTPServer(ThreadingHTTPServer):
    """Keeps its open connections, for `close_connections` (which `BackgroundServer.close`
    calls); errors while serving one go to the debug log, not to stderr."""

    daemon_threads = True
    block_on_close = False  # the handler threads end when close_connections ends their socket

    def __init__(
        self,
        server_address: tuple[str, int],
        handler: type[socketserver.BaseRequestHandler],
        *,
        family: int = socket.AF_INET,
    ) -> None:
        self.address_family = family
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(server_address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """End every open connection: a handler waiting for the next request on a
        keep-alive connection reads its end, one answering fails to write and stops."""
        with self._open_lock:
            connections = list(self._open)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        logger.debug("error while serving %s", client_address, exc_info=True)


class BackgroundServer:
    """Runs ``server`` with `start` (a daemon thread) or `serve_forever`; `close` ends it.

    Subclasses add to `close` through `_before_close` and `_after_close`.
    """

    def __init__(self, server: socketserver.BaseServer, name: str) -> None:
        self._server = server
        self._name = name
        self._thread: threading.Thread | None = None
        self._closed = False

    def start(self) -> Self:
        """Serve in a background (daemon) thread."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.1},
                name=self._name,
                daemon=True,
            )
            self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in this thread until interrupted (Ctrl-C raises ``KeyboardInterrupt``)."""
        self._server.serve_forever(poll_interval=0.2)

    def close(self) -> None:
        """Stop accepting, end the serving thread, free the port; a `ClosingHTTPServer`'s
        open connections are ended too."""
        if self._closed:
            return
        self._closed = True
        self._before_close()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
        self._server.server_close()
        if isinstance(self._server, ClosingHTTPServer):
            self._server.close_connections()
        self._after_close()

    def _before_close(self) -> None:
        pass

    def _after_close(self) -> None:
        pass

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
