"""Retries at the transport seam, for sync and async clients alike.

Retried: 408, 409, 429 and 5xx answers, and connection failures. A failure after the
request may have reached the server (a read timeout, a dropped connection) is retried only
for replay-safe methods: replaying a POST whose answer was lost is how a second paid job
gets created. Those POSTs surface as ``APIConnectionError``/``APITimeoutError`` and the
workflows reconcile them (look the resource up, then create only if it is absent).

Retries are hand-written rather than taken from httpx-retries or tenacity: the package
keeps its runtime dependencies to httpx, attrs and python-dateutil, and neither library
knows ``retry-after-ms`` or which failures are safe to replay.

Streamed responses (a request whose ``extensions`` carry ``STREAM``, e.g. a download) are
returned unread once their status is known: a 2xx/3xx keeps its body on the wire for the
caller, an error status is read (it is small) and raised as its typed error. Only the
request itself is retried here; a body that breaks off mid-way is the caller's to retry
(``download_file`` resumes or restarts it).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import email.utils
import http
import logging
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Final

import attrs
import httpx

from ._deadline import current_deadline
from ._exceptions import APIConnectionError, APITimeoutError, error_for_response
from ._gate import PriorityGate, is_low_priority

if TYPE_CHECKING:
    from types import TracebackType

__all__ = ["STREAM", "RetryPolicy", "RetryTransport", "retries_disabled"]

logger = logging.getLogger("openai_finetunes")

RETRY_STATUSES = frozenset({408, 409, 429})
REPLAY_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE", "PUT"})
_KNOWN_STATUSES = frozenset(status.value for status in http.HTTPStatus)
# The request never left the client: always safe to send again.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Failures of one attempt: the transport's, and an answer whose body cannot be decoded
# (a corrupt gzip stream): the request reached the server but its answer was lost.
_ATTEMPT_FAILED = (httpx.TransportError, httpx.DecodingError)

#: The request extension that asks for the response unread: ``extensions={STREAM: True}``.
STREAM: Final = "openai_finetunes.stream"

_retries_enabled: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "openai_finetunes_retries_enabled", default=True
)


@contextlib.contextmanager
def retries_disabled() -> Iterator[None]:
    """Send requests made inside the block exactly once (the caller handles failures).

    >>> with retries_disabled():
    ...     pass  # e.g. a create call that the caller reconciles itself
    """
    token = _retries_enabled.set(False)
    try:
        yield
    finally:
        _retries_enabled.reset(token)


async def _asyncio_sleep(seconds: float) -> None:
    # asyncio is imported on first use: sync programs never pay for it.
    import asyncio

    await asyncio.sleep(seconds)


def _default_random() -> float:
    return random.random()  # noqa: S311 - jitter, not cryptography


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How failed requests are retried.

    The delay before retry ``n`` (0-based) is ``min(initial_delay * 2**n, max_delay)``,
    shortened by up to ``jitter`` (a fraction) at random, unless the server asks for a
    wait with ``retry-after-ms`` / ``Retry-After`` no longer than ``max_retry_after``.
    ``sleep``/``async_sleep``/``random`` are injectable so tests never wait.

    >>> RetryPolicy(max_retries=0).max_retries  # retries disabled
    0
    """

    max_retries: int = attrs.field(default=2, validator=attrs.validators.ge(0))
    initial_delay: float = 0.5
    max_delay: float = 8.0
    jitter: float = 0.25
    max_retry_after: float = 60.0
    sleep: Callable[[float], None] = attrs.field(default=time.sleep, repr=False)
    async_sleep: Callable[[float], Awaitable[None]] = attrs.field(
        default=_asyncio_sleep, repr=False
    )
    random: Callable[[], float] = attrs.field(default=_default_random, repr=False)

    def should_retry_status(self, status_code: int) -> bool:
        return status_code in RETRY_STATUSES or status_code >= 500

    def should_retry(self, response: httpx.Response) -> bool:
        """Whether ``response`` is worth another attempt: the server's ``x-should-retry:
        true|false`` on an error answer decides, as in the official SDK; else the status."""
        hint = response.headers.get("x-should-retry")
        if response.status_code >= 400 and hint in ("true", "false"):
            return bool(hint == "true")
        return self.should_retry_status(response.status_code)

    def delay(self, retry: int, response: httpx.Response | None = None) -> float:
        """Seconds to wait before retry number ``retry`` (0-based)."""
        if response is not None:
            hinted = retry_after_seconds(response.headers)
            if hinted is not None and 0 <= hinted <= self.max_retry_after:
                return hinted
        backoff = min(self.initial_delay * (2.0**retry), self.max_delay)
        return backoff * (1 - self.jitter * self.random())


def retry_after_seconds(headers: httpx.Headers) -> float | None:
    """The server's requested wait, from ``retry-after-ms`` or ``Retry-After``."""
    value = headers.get("retry-after-ms")
    if value is not None:
        try:
            return float(value) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        # Python 3.10+ raises (rather than returning None) for a malformed date.
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed.tzinfo is None:  # "-0000": UTC, not local time
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed.timestamp() - time.time()


def _time_for(delay: float) -> bool:
    """Whether the call's deadline leaves time to wait ``delay`` and try again."""
    deadline = current_deadline()
    return deadline is None or deadline.allows(delay)


def _bound_by_deadline(request: httpx.Request) -> None:
    """Cap the request's own timeouts by what remains of the call's deadline."""
    deadline = current_deadline()
    if deadline is None:
        return
    remaining = deadline.remaining()
    if remaining <= 0:
        raise APITimeoutError(request)
    timeouts = request.extensions.get("timeout") or {}
    request.extensions["timeout"] = {
        name: remaining if value is None else min(value, remaining)
        for name, value in {
            "connect": None,
            "read": None,
            "write": None,
            "pool": None,
            **timeouts,
        }.items()
    }


def _replayable(request: httpx.Request) -> bool:
    # A body that was a one-shot iterator cannot be sent a second time; bytes, forms and
    # multipart bodies over seekable files are rebuilt on every send.
    stream = request.stream
    return isinstance(stream, httpx.ByteStream) or type(stream).__name__ == "MultipartStream"


def _may_retry_error(request: httpx.Request, error: httpx.RequestError) -> bool:
    if isinstance(error, _NOT_SENT):
        return True
    return request.method in REPLAY_SAFE_METHODS


class RetryTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Wrap a transport (sync, async or both) with ``policy``, and map transport errors
    to ``APIConnectionError``/``APITimeoutError``."""

    def __init__(
        self,
        policy: RetryPolicy,
        *,
        transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
        transport_factory: Callable[[], httpx.BaseTransport] | None = None,
        async_transport_factory: Callable[[], httpx.AsyncBaseTransport] | None = None,
        max_concurrency: int | None = None,
    ) -> None:
        self.policy = policy
        # httpcore's async pool re-scans its whole queue whenever a connection frees up;
        # with thousands of requests queued on a hundred connections that scan dominates
        # the CPU. Admitting at most `max_concurrency` requests keeps the queue short.
        self._max_concurrency = max_concurrency
        self._gate: PriorityGate | None = None
        self._gate_loop: object = None
        self._gate_owner = self  # transports made by with_policy() share their origin's
        self._sync = transport if isinstance(transport, httpx.BaseTransport) else None
        if async_transport is None and isinstance(transport, httpx.AsyncBaseTransport):
            async_transport = transport
        self._async = async_transport
        self._sync_factory = transport_factory or httpx.HTTPTransport
        self._async_factory = async_transport_factory or httpx.AsyncHTTPTransport

    def __repr__(self) -> str:
        return f"RetryTransport(max_retries={self.policy.max_retries})"

    def with_policy(self, policy: RetryPolicy) -> RetryTransport:
        """A transport that retries by ``policy`` over this one's connections and gate
        (``with_options(max_retries=...)``); closing either closes the connections."""
        derived = RetryTransport(
            policy,
            transport=self._sync,
            async_transport=self._async,
            transport_factory=self._shared_sync,
            async_transport_factory=self._shared_async,
            max_concurrency=self._max_concurrency,
        )
        derived._gate_owner = self._gate_owner
        return derived

    def _shared_sync(self) -> httpx.BaseTransport:
        if self._sync is None:
            self._sync = self._sync_factory()
        return self._sync

    def _shared_async(self) -> httpx.AsyncBaseTransport:
        if self._async is None:
            self._async = self._async_factory()
        return self._async

    # -- sync ------------------------------------------------------------------------
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self._sync is None:
            self._sync = self._sync_factory()
        retries = self.policy.max_retries if _retries_enabled.get() else 0
        retry = 0
        while True:
            response: httpx.Response | None = None
            _bound_by_deadline(request)
            try:
                response = self._sync.handle_request(request)
                if not _keep_unread(request, response):
                    response.read()
            except _ATTEMPT_FAILED as error:
                if response is not None:
                    response.close()
                delay = self._retry_after_error(request, retry, retries, error)
                if delay is None:
                    raise _api_error(request, error) from error
                self.policy.sleep(delay)
                retry += 1
                continue
            _log_response(request, response)
            delay = self._retry_after_status(request, retry, retries, response)
            if delay is not None:
                response.close()
                self.policy.sleep(delay)
                retry += 1
                continue
            _raise_for_unknown_error_status(request, response)
            return response

    def close(self) -> None:
        if self._sync is not None:
            self._sync.close()

    # -- async -----------------------------------------------------------------------
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._async is None:
            self._async = self._async_factory()
        return await self._send_async(request)

    def _async_gate(self) -> PriorityGate:
        import asyncio

        loop = asyncio.get_running_loop()
        owner = self._gate_owner
        if owner._gate is None or owner._gate_loop is not loop:  # a gate is per event loop
            owner._gate = PriorityGate(owner._max_concurrency or 1)
            owner._gate_loop = loop
        return owner._gate

    async def _attempt_async(self, request: httpx.Request) -> httpx.Response:
        assert self._async is not None
        if self._max_concurrency is None:
            return await _read_async(request, await self._async.handle_async_request(request))
        gate = self._async_gate()
        await gate.acquire(low=is_low_priority())
        held = False
        try:  # held for one attempt, never across a back-off
            response = await _read_async(request, await self._async.handle_async_request(request))
            if not response.is_closed:  # streamed: held until the caller closes the body
                release_on_close(response, gate.release)
                held = True
            return response
        finally:
            if not held:
                gate.release()

    async def _send_async(self, request: httpx.Request) -> httpx.Response:
        retries = self.policy.max_retries if _retries_enabled.get() else 0
        retry = 0
        while True:
            response: httpx.Response | None = None
            _bound_by_deadline(request)
            try:
                response = await self._attempt_async(request)
            except _ATTEMPT_FAILED as error:
                if response is not None:
                    await response.aclose()
                delay = self._retry_after_error(request, retry, retries, error)
                if delay is None:
                    raise _api_error(request, error) from error
                await self.policy.async_sleep(delay)
                retry += 1
                continue
            _log_response(request, response)
            delay = self._retry_after_status(request, retry, retries, response)
            if delay is not None:
                await response.aclose()
                await self.policy.async_sleep(delay)
                retry += 1
                continue
            _raise_for_unknown_error_status(request, response)
            return response

    async def aclose(self) -> None:
        if self._async is not None:
            await self._async.aclose()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        await self.aclose()

    def _retry_after_error(
        self, request: httpx.Request, retry: int, retries: int, error: httpx.RequestError
    ) -> float | None:
        """Seconds to wait before trying again after ``error``; ``None``: give up."""
        delay = self.policy.delay(retry)
        if (
            retry < retries
            and _may_retry_error(request, error)
            and _replayable(request)
            and _time_for(delay)
        ):
            self._log_retry(request, retry, retries, repr(error), None)
            return delay
        return None

    def _retry_after_status(
        self, request: httpx.Request, retry: int, retries: int, response: httpx.Response
    ) -> float | None:
        """Seconds to wait before trying again after ``response``; ``None``: it is final."""
        delay = self.policy.delay(retry, response)
        if (
            retry < retries
            and self.policy.should_retry(response)
            and _replayable(request)
            and _time_for(delay)
        ):
            self._log_retry(request, retry, retries, str(response.status_code), delay)
            return delay
        return None

    def _log_retry(
        self, request: httpx.Request, retry: int, retries: int, reason: str, delay: float | None
    ) -> None:
        if logger.isEnabledFor(logging.INFO):
            wait = f" in {delay:.2f}s" if delay is not None else ""
            logger.info(
                "retrying %s %s%s (retry %d of %d) after %s",
                request.method,
                request.url.path,
                wait,
                retry + 1,
                retries,
                reason,
            )


def _keep_unread(request: httpx.Request, response: httpx.Response) -> bool:
    """Whether ``response`` goes back unread: a streamed request's non-error answer."""
    return bool(request.extensions.get(STREAM)) and response.status_code < 400


class _ReleasedOnClose(httpx.AsyncByteStream):
    def __init__(self, stream: httpx.AsyncByteStream, release: Callable[[], None]) -> None:
        self._stream = stream
        self._release: Callable[[], None] | None = release

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            release, self._release = self._release, None
            if release is not None:
                release()


def release_on_close(response: httpx.Response, release: Callable[[], None]) -> None:
    """Call ``release()`` once, when the body of the unread async ``response`` is closed."""
    assert isinstance(response.stream, httpx.AsyncByteStream)
    response.stream = _ReleasedOnClose(response.stream, release)


async def _read_async(request: httpx.Request, response: httpx.Response) -> httpx.Response:
    if _keep_unread(request, response):
        return response
    try:
        await response.aread()
    except BaseException:
        await response.aclose()
        raise
    return response


def _log_response(request: httpx.Request, response: httpx.Response) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "%s %s -> %d (request id %s)",
            request.method,
            request.url.path,
            response.status_code,
            response.headers.get("x-request-id", "-"),
        )


def _raise_for_unknown_error_status(request: httpx.Request, response: httpx.Response) -> None:
    # Error statuses outside the standard list (Cloudflare's 520-527, nginx's 499) get
    # their typed error here, where the status is first seen, for any caller of the
    # client. (The generated functions parse before building ``HTTPStatus``, so any other
    # status they do not declare, 299 or 399, is their typed APIStatusError too.)
    # A streamed request has no generated function to parse its answer: every error
    # status is raised here.
    if response.status_code >= 400 and (
        response.status_code not in _KNOWN_STATUSES or request.extensions.get(STREAM)
    ):
        response.request = request
        raise error_for_response(response)


def _api_error(request: httpx.Request, error: httpx.RequestError) -> APIConnectionError:
    if isinstance(error, httpx.TimeoutException):
        return APITimeoutError(request)
    if isinstance(error, httpx.DecodingError):  # the answer arrived but is unreadable
        return APIConnectionError(
            f"Connection error: the answer to {request.method} {request.url.path} could not "
            f"be decoded (DecodingError: {error})",
            request=request,
        )
    return APIConnectionError(f"Connection error: {type(error).__name__}", request=request)
