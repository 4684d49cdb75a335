"""`FakeOpenAI`: the fake service, one implementation behind two ways in."""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final

import attrs

from openai_finetunes import _facts
from openai_finetunes._exceptions import InvalidArgumentError

from ._admin import ADMIN_PREFIX, check_advance, check_n_events, handle_admin
from ._blob import BlobWriter
from ._clock import Clock, ManualClock, SystemClock
from ._errors import ApiError
from ._faults import STATUS_FAULTS, FaultConfig, FaultInjector
from ._ids import request_id
from ._routes import Api, FakeRequest, FakeResponse, json_response, match_operation
from ._server import FakeServer
from ._state import ServiceState
from ._stats import FakeStats
from ._streams import drain
from ._transport import FakeTransport
from ._webhooks import DEFAULT_ATTEMPTS, DEFAULT_BACKOFF, TransitionWatcher, WebhookSender

if TYPE_CHECKING:
    from openai_finetunes.client import AuthenticatedClient

__all__ = ["FakeOpenAI", "ResponseHook"]

logger = logging.getLogger("openai_finetunes.testing")

#: Called after every ``/v1`` answer with (operationId or None, status, JSON body or None).
ResponseHook = Callable[[str | None, int, Any], None]

DEFAULT_API_KEY: Final = "sk-fake-key"
DEFAULT_ORGANIZATION: Final = "org-fake"
_FAULT_MESSAGES: Final = {
    500: (
        "The server had an error while processing your request. Sorry about that!",
        "server_error",
    ),
    502: ("Bad gateway.", "server_error"),
    503: ("The engine is currently overloaded, please try again later.", "server_error"),
    429: (
        "Rate limit reached for requests. Please try again in {wait}s.",
        "requests",
    ),
}
# Ten short chat examples: the smallest training file the service accepts.
_SEED_TRAINING = b"".join(
    b'{"messages": [{"role": "system", "content": "You are terse."}, '
    b'{"role": "user", "content": "Say %d."}, {"role": "assistant", "content": "%d"}]}\n' % (i, i)
    for i in range(10)
)


class FakeOpenAI:
    """A stateful fake of OpenAI's fine-tuning API, in process or over TCP.

    Jobs move ``validating_files`` -> ``queued`` -> ``running`` -> ``succeeded`` over
    ``job_seconds`` of ``clock`` time (10% / 10% / 80%), derived from the clock whenever
    they are observed; bad training data ends them ``failed``. With ``static=True`` jobs
    never progress (for benchmarks). ``faults`` injects seeded failures; admin endpoints
    under ``/_fake/`` and `stats` tell tests what happened.

    With ``webhook_url`` and ``webhook_secret`` (``whsec_…``) the fake delivers a signed
    ``fine_tuning.job.succeeded``/``failed``/``cancelled`` event at every terminal
    transition, the moment it happens on ``clock`` (a background thread watches the
    clock), and retries failed deliveries ``webhook_attempts`` times with exponential
    backoff from ``webhook_backoff`` seconds; `wait_for_webhooks` waits for them, and
    `stats` counts them.

    Polls of a running job are answered with an ``openai-poll-after-ms`` hint
    (``poll_after_ms``, default a twentieth of ``job_seconds``); ``poll_after_ms=0``
    sends none, as for a client that must use its own schedule.

    >>> from openai_finetunes.testing import FakeOpenAI, ManualClock
    >>> fake = FakeOpenAI(clock=ManualClock(), job_seconds=60)
    >>> client = fake.client()  # an AuthenticatedClient over fake.transport()  # doctest: +SKIP
    >>> fake.advance(60)  # every job created so far has finished  # doctest: +SKIP
    >>> with fake.serve(port=0) as server:  # the same fake over TCP  # doctest: +SKIP
    ...     print(server.base_url)
    """

    #: Where the in-process transport answers (``.invalid`` never resolves: no network).
    url: Final = "http://fake-openai.invalid"
    base_url: Final = f"{url}/v1"

    def __init__(
        self,
        api_key: str = DEFAULT_API_KEY,
        organization: str = DEFAULT_ORGANIZATION,
        *,
        job_seconds: float = 60.0,
        clock: Clock | None = None,
        faults: FaultConfig | None = None,
        seed: int = 0,
        static: bool = False,
        max_file_bytes: int = _facts.CREATE_FILE_MAX_BYTES,
        file_processing_seconds: float = 0.0,
        poll_after_ms: int | None = None,
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        webhook_attempts: int = DEFAULT_ATTEMPTS,
        webhook_backoff: float = DEFAULT_BACKOFF,
    ) -> None:
        if not api_key:
            raise ValueError("api_key must not be empty")
        if (webhook_url is None) != (webhook_secret is None):
            raise InvalidArgumentError(
                "webhook_secret" if webhook_secret is None else "webhook_url",
                "webhook_url and webhook_secret go together",
            )
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.fault_config = faults
        self._state = ServiceState(
            organization=organization,
            clock=self.clock,
            job_seconds=job_seconds,
            static=static,
            seed=seed,
            max_file_bytes=max_file_bytes,
        )
        self._state.file_processing_seconds = file_processing_seconds
        if poll_after_ms is None:
            poll_after_ms = max(10, min(5000, int(job_seconds * 1000 / 20)))
        self._key = api_key
        self._api = Api(self._state, api_key, poll_after_ms=poll_after_ms)
        self._faults = FaultInjector(faults)
        self._requests: Counter[str] = Counter()
        self._requests_lock = threading.Lock()
        self._hooks: list[ResponseHook] = []
        self._seed_file: str | None = None
        self._webhooks: WebhookSender | None = None
        self._watcher: TransitionWatcher | None = None
        if webhook_url is not None and webhook_secret is not None:
            self._webhooks = WebhookSender(
                webhook_url,
                webhook_secret,
                attempts=webhook_attempts,
                backoff=webhook_backoff,
                seed=seed,
            )
            self._state.on_terminal = self._webhooks.job_finished
            self._watcher = TransitionWatcher(self._state, self.clock)
            self._state.on_change = self._watcher.poke

    # -- the core --------------------------------------------------------------------
    def handle(self, request: FakeRequest, *, log_level: int = logging.DEBUG) -> FakeResponse:
        """Answer one request (both the transport and the TCP server call this)."""
        started = time.perf_counter()
        if request.path.startswith(ADMIN_PREFIX):
            response = handle_admin(self, request)
        else:
            response = self._handle_api(request)
        response.headers["x-request-id"] = request_id()
        response.headers["openai-processing-ms"] = str(int((time.perf_counter() - started) * 1000))
        if request.path.startswith("/v1"):
            response.headers["openai-organization"] = self.organization
            response.headers["openai-version"] = "2020-10-01"
        status = "dropped" if response.fault in ("drop", "applied_then_lost") else response.status
        logger.log(log_level, "%s %s -> %s", request.method, request.path, status)
        if not request.path.startswith(ADMIN_PREFIX) and response.fault != "drop":
            for hook in list(self._hooks):
                hook(response.operation, response.status, response.json)
        return response

    def _handle_api(self, request: FakeRequest) -> FakeResponse:
        matched = match_operation(request.method, request.path)
        operation, params = matched if matched else (None, {})
        with self._requests_lock:
            self._requests[operation or "unknown"] += 1
        fault = self._faults.draw(request.method)
        if fault == "drop":
            drain(request.body)
            return FakeResponse(0, operation=operation, fault=fault)
        if fault in STATUS_FAULTS:
            drain(request.body)
            return self._fault_response(STATUS_FAULTS[fault], operation)
        try:
            response = self._api.respond(request, operation, params)
        except ConnectionError:
            raise  # the client went away mid-body: nobody to answer
        except Exception:  # a bug in the fake: answer like the service would, and say so
            logger.exception("the fake failed on %s %s", request.method, request.path)
            drain(request.body)
            response = self._fault_response(500, operation)
        response.fault = fault
        return response

    def _fault_response(self, status: int, operation: str | None) -> FakeResponse:
        message, kind = _FAULT_MESSAGES[status]
        headers: dict[str, str] = {}
        code = None
        if status == 429:
            wait = self.fault_config.retry_after if self.fault_config else 1.0
            message = message.format(wait=f"{wait:g}")
            code = "rate_limit_exceeded"
            headers = {"retry-after": f"{wait:g}", "retry-after-ms": str(int(wait * 1000))}
        error = ApiError(status, message, type=kind, code=code, headers=headers)
        response = json_response(status, error.body(), error.headers)
        response.operation = operation
        return response

    # -- ways in ---------------------------------------------------------------------
    def transport(self) -> FakeTransport:
        """An httpx transport (sync and async) that answers from this fake, no sockets."""
        return FakeTransport(self)

    def client(self, max_retries: int = 2, **connect_kwargs: Any) -> AuthenticatedClient:
        """``openai_finetunes.connect(...)`` wired to this fake's transport.

        With a `ManualClock` and no ``retry_policy``, retry back-offs advance the clock
        instead of sleeping.

        >>> client = FakeOpenAI().client(max_retries=0)  # doctest: +SKIP
        """
        from openai_finetunes._config import connect

        if "retry_policy" not in connect_kwargs and isinstance(self.clock, ManualClock):
            from openai_finetunes._retry import RetryPolicy

            clock = self.clock

            def sleep(seconds: float) -> None:
                clock.advance(seconds)

            connect_kwargs["retry_policy"] = RetryPolicy(
                max_retries=max_retries, sleep=sleep, async_sleep=clock.async_advance
            )
        connect_kwargs.setdefault("organization", self.organization)
        return connect(
            self._key,
            base_url=self.base_url,
            transport=self.transport(),
            max_retries=max_retries,
            **connect_kwargs,
        )

    def serve(self, host: str = "127.0.0.1", port: int = 0) -> FakeServer:
        """Serve over TCP in a background thread; use as a context manager.

        >>> with FakeOpenAI().serve(port=0) as server:  # doctest: +SKIP
        ...     server.base_url
        'http://127.0.0.1:54321/v1'
        """
        return FakeServer(self, host, port).start()

    # -- inspection and control ------------------------------------------------------
    @property
    def organization(self) -> str:
        return self._state.organization

    def advance(self, seconds: float) -> float:
        """Advance the `ManualClock` by ``seconds`` (finite, 0 to a year); returns the time.

        Raises `ApiError` (400) with any other clock or another value.
        """
        seconds = check_advance(self, seconds)
        assert isinstance(self.clock, ManualClock)  # checked above
        return self.clock.advance(seconds)

    def stats(self) -> FakeStats:
        """A snapshot of what the fake holds and what it has seen."""
        counts = self._state.counts()
        with self._requests_lock:
            requests = dict(self._requests)
        stats = FakeStats(**counts, requests=requests, faults=self._faults.counts())
        if self._webhooks is not None:
            sent = self._webhooks.counts()
            stats = attrs.evolve(
                stats,
                webhooks_sent=sent.sent,
                webhooks_failed=sent.failed,
                webhooks_given_up=sent.given_up,
            )
        return stats

    @property
    def webhook_url(self) -> str | None:
        """Where the fake delivers webhook events (``None``: it does not)."""
        return None if self._webhooks is None else self._webhooks.url

    def wait_for_webhooks(self, timeout: float | None = 10.0) -> bool:
        """Wait until every transition so far has been delivered (or given up).

        Returns False if ``timeout`` seconds passed first; True at once without webhooks.

        >>> fake.advance(60); fake.wait_for_webhooks()  # doctest: +SKIP
        True
        """
        if self._webhooks is None:
            return True
        self._state.settle_all()  # transitions the clock has passed are queued now
        return self._webhooks.wait_idle(timeout)

    @property
    def jobs(self) -> tuple[dict[str, Any], ...]:
        """Every job as the API would show it now, oldest first."""
        return tuple(self._state.job_snapshots())

    @property
    def files(self) -> tuple[dict[str, Any], ...]:
        """Every stored file's metadata, oldest first."""
        now = self._state.now()
        with self._state.lock:
            return tuple(record.to_json(now) for record in self._state.files.values())

    @property
    def uploads(self) -> tuple[dict[str, Any], ...]:
        with self._state.lock:
            return tuple(record.to_json() for record in self._state.uploads.values())

    @property
    def models(self) -> tuple[dict[str, Any], ...]:
        self._state.settle_all()
        with self._state.lock:
            return tuple(record.to_json() for record in self._state.models.values())

    def file_content(self, file_id: str) -> bytes:
        """A stored file's bytes (a `KeyError` for unknown ids)."""
        try:
            return self._state.file_blob(file_id).read_all()
        except ApiError:
            raise KeyError(file_id) from None

    def add_file(
        self, content: bytes, *, purpose: str = "fine-tune", filename: str = "train.jsonl"
    ) -> dict[str, Any]:
        """Store a file directly (no request), as if uploaded; returns its JSON."""
        writer = BlobWriter()
        writer.write(content)
        return self._state.add_file(writer.finish(), filename, purpose)

    def set_file_status(
        self, file_id: str, status: str | None, status_details: str | None = None
    ) -> None:
        """Make file ``file_id`` report ``status`` (``"error"``, ``"uploaded"``, ...) and
        ``status_details`` from now on; ``None`` goes back to the processing timeline.

        >>> fake.set_file_status(file_id, "error", "Invalid file format.")  # doctest: +SKIP
        """
        self._state.set_file_status(file_id, status, status_details)

    def seed_job(self, n_events: int) -> dict[str, Any]:
        """Add a succeeded job with exactly ``n_events`` events (for benchmarks).

        At most 100,000 events (`ApiError` 400 otherwise).

        >>> job = FakeOpenAI().seed_job(10_000)  # doctest: +SKIP
        """
        n_events = check_n_events(n_events)
        if self._seed_file is None or self._seed_file not in self._state.files:
            self._seed_file = self.add_file(_SEED_TRAINING, filename="seed.jsonl")["id"]
        return self._state.seed_job(n_events, self._seed_file)

    def add_response_hook(self, hook: ResponseHook) -> None:
        """Call ``hook(operation_id, status, json_body)`` after every ``/v1`` answer."""
        self._hooks.append(hook)

    def close(self) -> None:
        """Stop webhook deliveries and release stored content (temp files).

        The fake must not be used afterwards. A delivery attempt in progress ends within
        its timeout; queued deliveries and retries are dropped.
        """
        if self._watcher is not None:
            self._watcher.close()
        if self._webhooks is not None:
            self._webhooks.close()
        with self._state.lock:
            for record in self._state.files.values():
                record.blob.close()
            for upload in self._state.uploads.values():
                for part in upload.parts.values():
                    part.blob.close()
            self._state.files.clear()
            self._state.uploads.clear()

    def __enter__(self) -> FakeOpenAI:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = self._state
        return (
            f"FakeOpenAI(organization={state.organization!r}, job_seconds={state.job_seconds!r}, "
            f"clock={self.clock!r}, jobs={len(state.jobs)}, files={len(state.files)}"
            + (f", webhook_url={self._webhooks.url!r})" if self._webhooks is not None else ")")
        )
