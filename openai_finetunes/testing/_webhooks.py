"""The fake's webhooks: a signed ``fine_tuning.job.*`` event at every terminal transition.

Jobs change state lazily (whenever the fake is observed), so a watcher thread makes the
transitions happen on time: on a `SystemClock` it sleeps until the earliest job's end,
on a `ManualClock` it wakes whenever ``advance()`` moves the clock, and either way it
re-plans whenever a job is created, paused, resumed or cancelled. A cancellation, or a
transition a request observes first, is delivered at once.

Sender threads (up to four, so that one slow answer does not hold the others back)
POST each event (JSON, Standard Webhooks headers signed with
`openai_finetunes.webhooks.sign`). Any 2xx answer acknowledges it. Anything else, a
redirect included, no answer, or any error on the way (an unusable URL too), is a
failed attempt, retried with exponential backoff
as OpenAI does (OpenAI keeps trying for up to 72 hours; the fake compresses that to
``attempts`` tries, waiting ``backoff`` seconds, then twice as long each time, at most
30 s). A retry keeps its ``webhook-id`` (the receiver's idempotency key) and is signed
again with the time it is sent. Event times (``created_at``) are the fake clock's;
signature timestamps are real time, since the receiver checks them against its own.
"""

from __future__ import annotations

import heapq
import json
import logging
import threading
import time
from typing import TYPE_CHECKING, Final

import attrs
import httpx

from openai_finetunes._exceptions import InvalidArgumentError
from openai_finetunes.webhooks import sign

from ._clock import Clock, ManualClock
from ._ids import IdFactory

if TYPE_CHECKING:
    from ._records import JobRecord
    from ._state import ServiceState

__all__ = ["DEFAULT_ATTEMPTS", "DEFAULT_BACKOFF", "TransitionWatcher", "WebhookSender"]

logger = logging.getLogger("openai_finetunes.testing")

DEFAULT_ATTEMPTS: Final = 8
DEFAULT_BACKOFF: Final = 0.5
MAX_BACKOFF: Final = 30.0
#: Seconds a delivery attempt may take before it counts as failed.
ATTEMPT_TIMEOUT: Final = 10.0
#: Deliveries in progress at once, at most (each in its own thread).
SENDERS: Final = 4
#: How often the watcher looks again while a job's file check runs in the background.
_CHECK_POLL: Final = 0.05
#: The longest the watcher sleeps on a clock it cannot predict (any clock but the two).
_MAX_SLEEP: Final = 1.0
_EVENT_TYPES: Final = {
    "succeeded": "fine_tuning.job.succeeded",
    "failed": "fine_tuning.job.failed",
    "cancelled": "fine_tuning.job.cancelled",
}


@attrs.define
class _Delivery:
    msg_id: str
    body: bytes
    event_type: str
    job_id: str
    attempt: int = 0


@attrs.frozen
class WebhookCounts:
    sent: int
    failed: int
    given_up: int


class WebhookSender:
    """Posts signed events to ``url`` from up to ``senders`` background threads, retrying
    failures."""

    def __init__(
        self,
        url: str,
        secret: str,
        *,
        attempts: int = DEFAULT_ATTEMPTS,
        backoff: float = DEFAULT_BACKOFF,
        timeout: float = ATTEMPT_TIMEOUT,
        seed: int | str = 0,
        senders: int = SENDERS,
    ) -> None:
        parsed = httpx.URL(url)
        if parsed.scheme not in ("http", "https") or not parsed.host:
            raise InvalidArgumentError("webhook_url", f"must be an http(s) URL, got {url!r}")
        if not isinstance(attempts, int) or attempts < 1:
            raise InvalidArgumentError("webhook_attempts", f"must be at least 1, got {attempts!r}")
        if not backoff >= 0:
            raise InvalidArgumentError("webhook_backoff", f"must be >= 0, got {backoff!r}")
        sign(b"", secret=secret)  # an unusable secret fails now, not at the first delivery
        self.url = url
        self._secret = secret
        self._attempts = attempts
        self._backoff = backoff
        self._timeout = timeout
        self._senders = max(1, senders)
        self._ids = IdFactory(f"{seed}:webhooks")
        self._queue: list[tuple[float, int, _Delivery]] = []
        self._seq = 0
        self._in_flight = 0
        self._sent = 0
        self._failed = 0
        self._given_up = 0
        self._closed = False
        self._condition = threading.Condition()
        self._threads: list[threading.Thread] = []

    # -- producing ---------------------------------------------------------------------
    def job_finished(self, job: JobRecord, at: float) -> None:
        """Queue the event for ``job``'s terminal transition at clock time ``at``."""
        event_type = _EVENT_TYPES.get(job.status)
        if event_type is None:
            return
        event = {
            "object": "event",
            "id": self._ids.new("evt_"),
            "type": event_type,
            "created_at": int(at),
            "data": {"id": job.id},
        }
        body = json.dumps(event, separators=(",", ":")).encode()
        delivery = _Delivery(self._ids.new("wh_", 32, "0123456789abcdef"), body, event_type, job.id)
        self._push(delivery, time.monotonic())

    def _push(self, delivery: _Delivery, due: float) -> None:
        with self._condition:
            if self._closed:
                return
            self._seq += 1
            heapq.heappush(self._queue, (due, self._seq, delivery))
            self._staff()
            self._condition.notify_all()

    def _staff(self, leaving: threading.Thread | None = None) -> None:
        """Start a sender thread when every one is busy (or none is left), up to the
        bound; one that died (``leaving``) is replaced. Called with the condition held."""
        self._threads = [t for t in self._threads if t.is_alive() and t is not leaving]
        if self._closed:
            return
        wanted = min(self._senders, len(self._queue) + self._in_flight)
        if len(self._threads) < wanted:
            thread = threading.Thread(
                target=self._run,
                name=f"fake-openai-webhooks-{len(self._threads) + 1}",
                daemon=True,
            )
            self._threads.append(thread)
            thread.start()

    # -- delivering --------------------------------------------------------------------
    def _run(self) -> None:
        try:
            self._send()
        finally:  # closed, or died: then another takes over what is left
            with self._condition:
                self._staff(leaving=threading.current_thread())

    def _send(self) -> None:
        with httpx.Client(timeout=self._timeout, follow_redirects=False) as client:
            while True:
                with self._condition:
                    delivery = self._next()
                    if delivery is None:
                        return
                    self._in_flight += 1
                ok = False
                try:
                    ok = self._attempt(client, delivery)
                finally:
                    with self._condition:
                        self._in_flight -= 1
                        self._settle(delivery, ok)
                        self._condition.notify_all()

    def _next(self) -> _Delivery | None:
        """The next due delivery (waiting for it), or ``None`` once closed."""
        while not self._closed:
            if self._queue:
                wait = self._queue[0][0] - time.monotonic()
                if wait <= 0:
                    return heapq.heappop(self._queue)[2]
                self._condition.wait(wait)
            else:
                self._condition.wait()
        return None

    def _attempt(self, client: httpx.Client, delivery: _Delivery) -> bool:
        delivery.attempt += 1
        try:
            headers = sign(delivery.body, secret=self._secret, msg_id=delivery.msg_id)
            headers["content-type"] = "application/json"
            headers["user-agent"] = "OpenAI/1.0 (openai-finetunes fake)"
            response = client.post(self.url, content=delivery.body, headers=headers)
        except Exception as error:  # any error is a failed attempt (retried), never the end
            outcome = f"failed ({type(error).__name__}: {error})"
            ok = False
        else:
            outcome = str(response.status_code)
            ok = response.is_success
        logger.info(
            "webhook %s for %s (attempt %d) -> %s",
            delivery.event_type,
            delivery.job_id,
            delivery.attempt,
            outcome,
        )
        return ok

    def _settle(self, delivery: _Delivery, ok: bool) -> None:
        if ok:
            self._sent += 1
            return
        self._failed += 1
        if delivery.attempt >= self._attempts:
            self._given_up += 1
            logger.warning(
                "webhook %s for %s given up after %d attempts",
                delivery.event_type,
                delivery.job_id,
                delivery.attempt,
            )
            return
        delay = min(MAX_BACKOFF, self._backoff * 2 ** (delivery.attempt - 1))
        self._seq += 1
        heapq.heappush(self._queue, (time.monotonic() + delay, self._seq, delivery))

    # -- inspection and control --------------------------------------------------------
    def counts(self) -> WebhookCounts:
        with self._condition:
            return WebhookCounts(sent=self._sent, failed=self._failed, given_up=self._given_up)

    def wait_idle(self, timeout: float | None) -> bool:
        """Wait until nothing is queued or being sent; False if ``timeout`` passed first."""
        with self._condition:
            return self._condition.wait_for(
                lambda: self._closed or (not self._queue and not self._in_flight), timeout
            )

    def close(self) -> None:
        """Stop: no new attempts (those in progress end within their timeout), queue dropped."""
        with self._condition:
            self._closed = True
            self._queue.clear()
            self._condition.notify_all()
            threads = list(self._threads)
        deadline = time.monotonic() + self._timeout + 1  # the attempts run side by side
        for thread in threads:
            if thread is not threading.current_thread():
                thread.join(max(0.0, deadline - time.monotonic()))

    def __repr__(self) -> str:  # the URL only: never the secret
        return f"WebhookSender(url={self.url!r})"


class TransitionWatcher:
    """Makes the fake's jobs reach their terminal state at the moment they end (see above)."""

    def __init__(self, state: ServiceState, clock: Clock) -> None:
        self._state = state
        self._clock = clock
        self._wake = threading.Event()
        self._stopped = False
        self._remove_listener = (
            clock.add_listener(lambda now: self._wake.set())
            if isinstance(clock, ManualClock)
            else None
        )
        self._thread = threading.Thread(target=self._run, name="fake-openai-clock", daemon=True)
        self._thread.start()

    def poke(self) -> None:
        """Look again now (a job was created, paused, resumed or cancelled)."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stopped:
            self._wake.clear()
            try:
                self._state.settle_all()
                timeout = self._timeout()
            except Exception:  # a bug here must not stop deliveries for good
                logger.exception("the fake's transition watcher failed")
                timeout = _MAX_SLEEP
            self._wake.wait(timeout)

    def _timeout(self) -> float | None:
        earliest, checking = self._state.next_terminal_at()
        if isinstance(self._clock, ManualClock):
            # Time moves only by advance(), which wakes the watcher.
            return _CHECK_POLL if checking else None
        if earliest is None:
            return _CHECK_POLL if checking else None
        wait = earliest - self._clock.now()
        if checking:
            wait = min(wait, _CHECK_POLL)
        # A hair past the end, so that the job's progress has reached it.
        return min(max(wait + 0.001, 0.001), _MAX_SLEEP)

    def close(self) -> None:
        self._stopped = True
        if self._remove_listener is not None:
            self._remove_listener()
        self._wake.set()
        if self._thread is not threading.current_thread():
            self._thread.join(5)
