"""`BackgroundServer`: a stdlib HTTP server run in a daemon thread or in the foreground.

Shared by the fake service's TCP server and `openai_finetunes.webhooks.WebhookReceiver`.
"""

from __future__ import annotations

import socketserver
import threading
from types import TracebackType
from typing import Self

__all__ = ["BackgroundServer"]


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
        """Stop accepting, end the serving thread, free the port."""
        if self._closed:
            return
        self._closed = True
        self._before_close()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
        self._server.server_close()
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
