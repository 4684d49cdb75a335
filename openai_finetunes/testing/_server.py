"""The TCP way in: a stdlib HTTP/1.1 server (keep-alive, one thread per connection).

``python -m openai_finetunes.testing --port 8000`` (or ``openai-finetunes serve``) runs
it in the foreground until Ctrl-C or SIGTERM. The key it accepts comes from
``--api-key-file PATH``, else ``OPENAI_API_KEY``, else ``sk-fake-key``: never necessarily
from the command line, which other users can read.

``--webhook-url URL`` makes it deliver signed ``fine_tuning.job.*`` events there at every
terminal transition, signed with the secret in ``--webhook-secret-file PATH`` (else
``OPENAI_WEBHOOK_SECRET``): ``openai-finetunes webhooks listen`` receives them.
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import signal
import socket
import sys
import threading
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler
from types import FrameType
from typing import TYPE_CHECKING, Any, cast

from openai_finetunes import _facts
from openai_finetunes._secrets import ARGV_KEY_WARNING, read_key_file
from openai_finetunes._serving import BackgroundServer, ClosingHTTPServer
from openai_finetunes.webhooks import SECRET_ENV, read_webhook_secret

from ._blob import Blob
from ._faults import ALL_FAULT_KINDS, FaultConfig, FaultKind
from ._routes import FakeRequest, FakeResponse
from ._streams import BodyReader, ChunkedReader, LengthReader, drain

if TYPE_CHECKING:
    from ._fake import FakeOpenAI

__all__ = ["FakeServer", "main"]

logger = logging.getLogger("openai_finetunes.testing")

#: A body the handler left unread is drained up to this size to keep the connection;
#: past it the connection is closed instead (no point reading a refused 1 GiB upload).
_MAX_DRAIN_BYTES = 1024 * 1024


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer
    #: Idle keep-alive connections are closed after this many seconds.
    timeout = 120
    #: Buffer writes so headers and a small body leave in one segment.
    wbufsize = 64 * 1024

    def setup(self) -> None:
        super().setup()
        # Without this, Nagle's algorithm and delayed ACKs add ~40 ms to every keep-alive answer.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        self._handle()

    do_POST = do_DELETE = do_PUT = do_PATCH = do_GET

    def _handle(self) -> None:
        try:
            reader = self._body_reader()
            if reader is None:
                return
            headers = dict(self.headers.items())
            request = FakeRequest.build(self.command, self.path, headers, reader)
            response = self.server.fake.handle(request, log_level=logging.INFO)
            if response.fault in ("drop", "applied_then_lost"):
                self.close_connection = True  # closed without a byte of answer
                return
            if response.fault == "slow":
                config = self.server.fake.fault_config
                delay = config.slow_seconds if config else 0.0
                if self.server.stopping.wait(delay):
                    self.close_connection = True
                    return
            self._finish_body(reader, response)
            self._write(response)
        except (ConnectionError, TimeoutError, OSError):
            self.close_connection = True

    def _body_reader(self) -> BodyReader | None:
        if "chunked" in self.headers.get("transfer-encoding", "").lower():
            return ChunkedReader(self.rfile)
        try:
            length = int(self.headers.get("content-length") or 0)
            if length < 0:
                raise ValueError(length)
        except ValueError:
            self.send_error(400, "Invalid Content-Length")
            self.close_connection = True
            return None
        return LengthReader(self.rfile, length)

    def _finish_body(self, reader: BodyReader, response: FakeResponse) -> None:
        remaining = reader.remaining if isinstance(reader, LengthReader) else None
        if remaining == 0:
            return
        if remaining is not None and remaining > _MAX_DRAIN_BYTES:
            response.headers["connection"] = "close"
            return
        drain(reader)

    def _write(self, response: FakeResponse) -> None:
        content = response.content
        size = content.size if isinstance(content, Blob) else len(content)
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("content-length", str(size))
        self.end_headers()
        if isinstance(content, Blob):
            for chunk in content.iter_chunks():
                self.wfile.write(chunk)
        else:
            self.wfile.write(content)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass  # the fake logs each request itself, without headers

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("http.server: " + format, *args)


class _HTTPServer(ClosingHTTPServer):
    request_queue_size = 1024  # a thousand clients connecting at once must not hit the backlog

    def __init__(self, address: tuple[str, int], fake: FakeOpenAI, family: int) -> None:
        super().__init__(address, _Handler, family=family)
        self.fake = fake
        self.stopping = threading.Event()


class FakeServer(BackgroundServer):
    """The fake served over TCP. ``base_url`` is what clients use.

    >>> with FakeOpenAI().serve(port=0) as server:  # doctest: +SKIP
    ...     print(server.base_url)
    http://127.0.0.1:54321/v1
    """

    _server: _HTTPServer

    def __init__(self, fake: FakeOpenAI, host: str = "127.0.0.1", port: int = 0) -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        server = _HTTPServer((host, port), fake, family)
        self.host = host
        self.port: int = server.server_address[1]
        super().__init__(server, f"fake-openai:{self.port}")

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.url}/v1"

    # Closing also ends slow answers in progress (and, as for every ClosingHTTPServer,
    # open connections).
    def _before_close(self) -> None:
        self._server.stopping.set()

    def __repr__(self) -> str:
        return f"FakeServer(base_url={self.base_url!r})"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="openai-finetunes serve",
        description="Serve the fake OpenAI fine-tuning API (files, jobs, models, uploads).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    parser.add_argument("--port", type=int, default=8000, help="TCP port; 0 picks a free one")
    parser.add_argument(
        "--job-seconds", type=float, default=60.0, help="how long a job takes (default: 60)"
    )
    parser.add_argument(
        "--api-key-file",
        metavar="PATH",
        help="read the accepted key from this file (default: OPENAI_API_KEY or sk-fake-key)",
    )
    parser.add_argument(
        "--api-key",
        metavar="KEY",
        help="the accepted API key; avoid: other users can read a command line (ps)",
    )
    parser.add_argument("--organization", default="org-fake", help="the organization id")
    parser.add_argument(
        "--faults", type=float, default=0.0, metavar="RATE", help="fault rate in [0, 1]"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed for ids, curves and faults")
    parser.add_argument(
        "--fault-kinds",
        default=",".join(ALL_FAULT_KINDS),
        help=f"comma-separated subset of {','.join(ALL_FAULT_KINDS)}",
    )
    parser.add_argument(
        "--slow-seconds", type=float, default=10.0, help="delay of a 'slow' fault (default: 10)"
    )
    parser.add_argument(
        "--retry-after", type=float, default=1.0, help="Retry-After of a 429 fault (default: 1)"
    )
    parser.add_argument(
        "--max-file-bytes",
        type=int,
        default=_facts.CREATE_FILE_MAX_BYTES,
        help="largest createFile upload (default: the service's 512 MB)",
    )
    parser.add_argument("--static", action="store_true", help="jobs never progress")
    parser.add_argument(
        "--manual-clock",
        action="store_true",
        help="time moves only by POST /_fake/advance?seconds=N",
    )
    parser.add_argument(
        "--webhook-url",
        metavar="URL",
        help="deliver signed fine_tuning.job.* webhook events to this URL",
    )
    parser.add_argument(
        "--webhook-secret-file",
        metavar="PATH",
        help="the whsec_ secret that signs them (default: OPENAI_WEBHOOK_SECRET)",
    )
    parser.add_argument("--log-level", default="INFO", help="logging level (default: INFO)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the fake over TCP until Ctrl-C or SIGTERM; returns the exit status.

    >>> main(["--port", "8000", "--job-seconds", "30"])  # doctest: +SKIP
    """
    from ._clock import ManualClock, SystemClock
    from ._fake import DEFAULT_API_KEY, FakeOpenAI

    parser = _parser()
    args = parser.parse_args(argv)
    api_key = _api_key(args, parser)
    api_key = DEFAULT_API_KEY if api_key is None else api_key
    webhook_secret = _webhook_secret(args, parser)
    kinds = tuple(kind.strip() for kind in args.fault_kinds.split(",") if kind.strip())
    try:
        faults = None
        if args.faults > 0:
            faults = FaultConfig(
                rate=args.faults,
                seed=args.seed,
                kinds=cast("tuple[FaultKind, ...]", kinds),
                slow_seconds=args.slow_seconds,
                retry_after=args.retry_after,
            )
        fake = FakeOpenAI(
            api_key,
            args.organization,
            job_seconds=args.job_seconds,
            clock=ManualClock() if args.manual_clock else SystemClock(),
            faults=faults,
            seed=args.seed,
            static=args.static,
            max_file_bytes=args.max_file_bytes,
            webhook_url=args.webhook_url,
            webhook_secret=webhook_secret,
        )
        server = FakeServer(fake, args.host, args.port)
    except (ValueError, OSError, OverflowError) as error:
        parser.error(str(error))
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if not _is_loopback(args.host):
        logger.warning(
            "Listening on %s, not on loopback: anyone who can reach it and knows the key "
            "can use the fake and its /_fake/ admin endpoints%s.",
            args.host,
            " (the default key, sk-fake-key, is public)" if api_key == DEFAULT_API_KEY else "",
        )
    restore = _install_sigterm()
    key_note = f" (API key: {DEFAULT_API_KEY})" if api_key == DEFAULT_API_KEY else ""
    print(f"Serving the fake OpenAI fine-tuning API at {server.base_url}{key_note}", flush=True)
    if fake.webhook_url is not None:
        print(f"Delivering webhook events to {fake.webhook_url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        fake.close()
        restore()
    print("Stopped.", file=sys.stderr, flush=True)
    return 0


def _api_key(args: argparse.Namespace, parser: argparse.ArgumentParser) -> str | None:
    """``--api-key-file``, else ``--api-key`` (with a warning), else ``OPENAI_API_KEY``."""
    if args.api_key_file is not None:
        try:
            return read_key_file(args.api_key_file)
        except (OSError, ValueError) as error:
            parser.error(f"--api-key-file: {error}")
    if args.api_key is not None:
        print(ARGV_KEY_WARNING, file=sys.stderr, flush=True)
        return str(args.api_key)
    return os.environ.get("OPENAI_API_KEY") or None


def _webhook_secret(args: argparse.Namespace, parser: argparse.ArgumentParser) -> str | None:
    """``--webhook-secret-file``, else ``OPENAI_WEBHOOK_SECRET``; only with ``--webhook-url``."""
    if args.webhook_url is None:
        if args.webhook_secret_file is not None:
            parser.error("--webhook-secret-file needs --webhook-url")
        return None
    try:
        secret = read_webhook_secret(args.webhook_secret_file)
    except (OSError, ValueError) as error:
        parser.error(f"--webhook-secret-file: {error}")
    if secret is None:
        parser.error(f"--webhook-url needs --webhook-secret-file PATH or {SECRET_ENV}")
    return secret


def _install_sigterm() -> Any:
    """Make SIGTERM stop the server like Ctrl-C does; returns a function that undoes it."""

    def terminate(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, terminate)
    except ValueError:  # not the main thread (e.g. main() called from a test thread)
        return lambda: None
    return lambda: signal.signal(signal.SIGTERM, previous)
