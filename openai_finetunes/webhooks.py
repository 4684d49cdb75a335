"""Verify and parse OpenAI's webhook deliveries, and receive them on a local endpoint.

OpenAI signs each delivery with the Standard Webhooks scheme: a ``webhook-id``, a
``webhook-timestamp`` (Unix seconds) and a ``webhook-signature`` header holding one or
more space-separated ``v1,<base64 HMAC-SHA256>`` entries, each over
``"{webhook-id}.{webhook-timestamp}.{body}"``, keyed with the endpoint's secret
(``whsec_<base64>``; a secret without the prefix is used as raw bytes, as the official
SDK does). `verify_signature` checks a delivery, `unwrap` checks it and returns the
event, `sign` produces the headers (the fake service signs its deliveries with it),
and `WebhookReceiver` is a small HTTP endpoint that does all of it for local work::

    from openai_finetunes.webhooks import WebhookVerificationError, unwrap

    def handle(body: bytes, headers: Mapping[str, str]) -> int:  # in your web framework
        try:
            event = unwrap(body, headers, secret=os.environ["OPENAI_WEBHOOK_SECRET"])
        except WebhookVerificationError:
            return 400
        if event.type_ == "fine_tuning.job.succeeded":
            ...  # event.data.id is the job's id
        return 200

The events are the fine-tuning ones of the upstream description's ``webhooks`` section,
generated from the spec: `WebhookFineTuningJobSucceeded`, `WebhookFineTuningJobFailed`
and `WebhookFineTuningJobCancelled`. Any other type (OpenAI sends batch, response and
eval events to the same endpoint) parses as an `UnknownWebhookEvent`, never an error.
Every event has ``type_`` (the generated models' name for the ``type`` field), ``id``,
``created_at``, ``data`` and ``to_dict()``.

**Why the HMAC is written here rather than taken from the ``standardwebhooks`` package.**
The embedded fake service must sign its deliveries, and it is part of the core install,
which has no optional extras; the check itself is ten lines of :mod:`hmac`. And the
verdicts must be the official ``openai`` SDK's (``client.webhooks.unwrap``), which
differ from ``standardwebhooks`` 1.1 on inputs OpenAI's own SDK accepts: raw
(non-``whsec_``) secrets, a configurable tolerance, signatures sent without the ``v1,``
prefix, and the timestamp header signed as sent. ``tests/webhooks`` proves the same
verdicts as the official SDK on every case it tries, and as ``standardwebhooks`` on the
cases inside the Standard Webhooks specification.

Verdicts, as the official SDK gives them: the timestamp is an integer within
``tolerance`` seconds of now either way (a delivery exactly ``tolerance`` old passes);
the body is UTF-8; any one signature matching any one secret passes (several
signatures: the sender is rotating; several secrets: you are). Everything else raises
`WebhookVerificationError`, whose ``reason`` says which check failed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

import attrs

from ._exceptions import InvalidArgumentError, OpenAIFinetunesError
from ._secrets import read_secret
from ._serving import BackgroundServer
from .models.webhook_fine_tuning_job_cancelled import WebhookFineTuningJobCancelled
from .models.webhook_fine_tuning_job_failed import WebhookFineTuningJobFailed
from .models.webhook_fine_tuning_job_succeeded import WebhookFineTuningJobSucceeded

if TYPE_CHECKING:
    from ._serving import ClosingHTTPServer

__all__ = [
    "DEFAULT_TOLERANCE",
    "EVENT_TYPES",
    "SECRET_ENV",
    "FineTuningWebhookEvent",
    "UnknownWebhookEvent",
    "WebhookEvent",
    "WebhookFineTuningJobCancelled",
    "WebhookFineTuningJobFailed",
    "WebhookFineTuningJobSucceeded",
    "WebhookReceiver",
    "WebhookVerificationError",
    "generate_secret",
    "parse_event",
    "read_webhook_secret",
    "sign",
    "unwrap",
    "verify_signature",
]

logger = logging.getLogger("openai_finetunes.webhooks")

#: Seconds a delivery's timestamp may be from now, either way (Standard Webhooks: 5 min).
DEFAULT_TOLERANCE: Final = 300
#: The environment variable `read_webhook_secret` falls back on.
SECRET_ENV: Final = "OPENAI_WEBHOOK_SECRET"  # noqa: S105 - a variable's name, not a secret
_SECRET_PREFIX: Final = "whsec_"  # noqa: S105 - the prefix, not a secret
#: The largest body `WebhookReceiver` reads (OpenAI's events are a few hundred bytes).
_MAX_BODY: Final = 1024 * 1024

FineTuningWebhookEvent: TypeAlias = (
    WebhookFineTuningJobSucceeded | WebhookFineTuningJobFailed | WebhookFineTuningJobCancelled
)

#: The event types `unwrap` returns a generated model for, with that model.
EVENT_TYPES: Final[Mapping[str, type[FineTuningWebhookEvent]]] = {
    "fine_tuning.job.succeeded": WebhookFineTuningJobSucceeded,
    "fine_tuning.job.failed": WebhookFineTuningJobFailed,
    "fine_tuning.job.cancelled": WebhookFineTuningJobCancelled,
}

Reason = Literal[
    "missing_header",
    "invalid_timestamp",
    "timestamp_too_old",
    "timestamp_too_new",
    "invalid_body",
    "no_matching_signature",
    "invalid_payload",
]


class WebhookVerificationError(OpenAIFinetunesError, ValueError):
    """A delivery failed verification; ``reason`` says which check.

    ``missing_header``, ``invalid_timestamp``, ``timestamp_too_old``,
    ``timestamp_too_new``, ``invalid_body`` (not UTF-8), ``no_matching_signature`` (a
    wrong secret or a tampered body or headers), or, from `unwrap` only,
    ``invalid_payload`` (signed, but not a JSON object).

    >>> try:
    ...     verify_signature(b"{}", {}, secret="whsec_c2VjcmV0")
    ... except WebhookVerificationError as error:
    ...     print(error.reason, "-", error)
    missing_header - the webhook-id header is missing
    """

    def __init__(self, reason: Reason, message: str) -> None:
        self.reason: Reason = reason
        super().__init__(message)


@attrs.frozen
class UnknownWebhookEvent:
    """An event of a type this client has no model for (or whose body its model rejects).

    ``type_`` is the event's type, as on the generated models (``type`` is the same);
    ``raw`` is the whole JSON body; ``data`` its ``data`` object (``{}`` when absent).

    >>> event = UnknownWebhookEvent.from_dict(
    ...     {"id": "evt_1", "type": "batch.completed", "created_at": 1, "data": {"id": "b"}})
    >>> event.type_, event.data["id"]
    ('batch.completed', 'b')
    """

    type_: str
    id: str
    created_at: int | None
    data: dict[str, Any]
    raw: dict[str, Any] = attrs.field(repr=False)

    @classmethod
    def from_dict(cls, body: Mapping[str, Any]) -> UnknownWebhookEvent:
        created_at = body.get("created_at")
        data = body.get("data")
        return cls(
            type_=str(body.get("type", "")),
            id=str(body.get("id", "")),
            created_at=created_at if _is_int(created_at) else None,
            data=dict(data) if isinstance(data, Mapping) else {},
            raw=dict(body),
        )

    @property
    def type(self) -> str:
        """The same as ``type_``."""
        return self.type_

    def to_dict(self) -> dict[str, Any]:
        return dict(self.raw)


WebhookEvent: TypeAlias = FineTuningWebhookEvent | UnknownWebhookEvent
"""What `unwrap` returns: a fine-tuning event's generated model, or `UnknownWebhookEvent`."""

Secrets: TypeAlias = str | Sequence[str]


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _keys(secret: Secrets) -> list[bytes]:
    """The HMAC keys of one secret or several (rotation); raises for an unusable one."""
    if isinstance(secret, str):
        secrets: list[object] = [secret]
    elif isinstance(secret, Sequence) and not isinstance(secret, bytes | bytearray):
        secrets = list(secret)
    else:
        raise InvalidArgumentError("secret", "a webhook secret is a string, or a list of them")
    if not secrets:
        raise InvalidArgumentError("secret", "no webhook secret given")
    keys = []
    for value in secrets:
        if not isinstance(value, str) or not value:
            raise InvalidArgumentError("secret", "a webhook secret must be a non-empty string")
        if value.startswith(_SECRET_PREFIX):
            try:
                # Lenient like the official SDK (non-alphabet characters are skipped).
                key = base64.b64decode(value[len(_SECRET_PREFIX) :])
            except (binascii.Error, ValueError):
                raise InvalidArgumentError(
                    "secret", "a whsec_ secret must be base64 after its prefix"
                ) from None
            if not key:
                raise InvalidArgumentError("secret", "the whsec_ secret is empty")
        else:
            key = value.encode("utf-8")
        keys.append(key)
    return keys


def _check_tolerance(tolerance: object) -> None:
    if isinstance(tolerance, bool) or not isinstance(tolerance, int) or tolerance < 0:
        raise InvalidArgumentError("tolerance", f"must be a whole number >= 0, got {tolerance!r}")


def _header(headers: Mapping[str, str], name: str) -> str:
    """A header by case-insensitive name (dicts, httpx.Headers, http.server's messages)."""
    for key, value in headers.items():
        if isinstance(key, str) and key.lower() == name and isinstance(value, str):
            return value
    raise WebhookVerificationError("missing_header", f"the {name} header is missing")


def _signature(key: bytes, msg_id: str, timestamp: str, body: str) -> bytes:
    signed = f"{msg_id}.{timestamp}.{body}".encode()
    return base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest())


def _text(payload: bytes | str) -> str:
    if isinstance(payload, str):
        try:
            payload.encode("utf-8")
        except UnicodeEncodeError:
            raise WebhookVerificationError(
                "invalid_body", "the body is not valid Unicode text"
            ) from None
        return payload
    try:
        return bytes(payload).decode("utf-8")
    except UnicodeDecodeError:
        raise WebhookVerificationError("invalid_body", "the body is not UTF-8") from None


_now: Callable[[], float] = time.time  # tests replace this to pin the time


def verify_signature(
    payload: bytes | str,
    headers: Mapping[str, str],
    *,
    secret: Secrets,
    tolerance: int = DEFAULT_TOLERANCE,
) -> None:
    """Check that ``payload`` (the raw request body) with ``headers`` was signed with ``secret``.

    ``secret`` is your endpoint's ``whsec_…`` secret, or a list of secrets while you
    rotate (any one may match). ``tolerance`` is how many seconds the delivery's
    timestamp may be from now, either way. Returns nothing; raises
    `WebhookVerificationError` for a delivery that fails, and `InvalidArgumentError`
    for an unusable secret or tolerance.

    Verify the exact bytes received: a body parsed and serialized again fails.

    >>> body = b'{"id": "evt_1", "type": "fine_tuning.job.succeeded"}'
    >>> headers = sign(body, secret="whsec_c2VjcmV0", msg_id="wh_1")
    >>> verify_signature(body, headers, secret="whsec_c2VjcmV0")  # passes: returns None
    >>> verify_signature(body + b" ", headers, secret="whsec_c2VjcmV0")
    Traceback (most recent call last):
    ...
    openai_finetunes.webhooks.WebhookVerificationError: no signature matches the body and the secret
    """
    _check_tolerance(tolerance)
    keys = _keys(secret)
    msg_id = _header(headers, "webhook-id")
    timestamp = _header(headers, "webhook-timestamp")
    signatures = _header(headers, "webhook-signature")
    try:
        sent_at = int(timestamp)
    except ValueError:
        raise WebhookVerificationError(
            "invalid_timestamp", f"the webhook-timestamp header is not a number: {timestamp!r}"
        ) from None
    now = int(_now())
    if now - sent_at > tolerance:
        raise WebhookVerificationError(
            "timestamp_too_old",
            f"the delivery is {now - sent_at} s old, more than the tolerance of {tolerance} s",
        )
    if sent_at > now + tolerance:
        raise WebhookVerificationError(
            "timestamp_too_new",
            f"the delivery is dated {sent_at - now} s ahead, more than the tolerance of "
            f"{tolerance} s",
        )
    body = _text(payload)
    # Each entry is `v1,<base64>`; an entry without the prefix is compared whole, as the
    # official SDK does (so a `v1a,` asymmetric entry never matches an HMAC).
    sent = [
        (part[3:] if part.startswith("v1,") else part).encode("utf-8", "replace")
        for part in signatures.split()
    ]
    for key in keys:
        expected = _signature(key, msg_id, timestamp, body)
        if any(hmac.compare_digest(expected, candidate) for candidate in sent):
            return
    raise WebhookVerificationError(
        "no_matching_signature", "no signature matches the body and the secret"
    )


def parse_event(body: bytes | str | Mapping[str, Any]) -> WebhookEvent:
    """The event in an already verified body: its generated model, or `UnknownWebhookEvent`.

    A fine-tuning event whose body its model rejects parses as `UnknownWebhookEvent` too,
    so a delivery is never lost to a schema change.

    >>> parse_event({"id": "evt_1", "type": "fine_tuning.job.failed", "created_at": 1,
    ...              "data": {"id": "ftjob-abc"}}).data.id
    'ftjob-abc'
    """
    if isinstance(body, Mapping):
        value: Any = body
    else:
        try:
            value = json.loads(_text(body))
        except ValueError:
            value = None
    if not isinstance(value, Mapping):
        raise WebhookVerificationError("invalid_payload", "the body is not a JSON object")
    model = EVENT_TYPES.get(value.get("type"))  # type: ignore[arg-type]
    if model is not None and _fits(value):
        try:
            return model.from_dict(value)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass
    return UnknownWebhookEvent.from_dict(value)


def _fits(value: Mapping[str, Any]) -> bool:
    """The fields a fine-tuning event's model requires, with their types."""
    data = value.get("data")
    return (
        isinstance(value.get("id"), str)
        and _is_int(value.get("created_at"))
        and isinstance(data, Mapping)
        and isinstance(data.get("id"), str)
        and value.get("object", "event") == "event"
    )


def unwrap(
    payload: bytes | str,
    headers: Mapping[str, str],
    *,
    secret: Secrets,
    tolerance: int = DEFAULT_TOLERANCE,
) -> WebhookEvent:
    """`verify_signature`, then the event: a generated model or `UnknownWebhookEvent`.

    >>> body = (b'{"object": "event", "id": "evt_1", "type": "fine_tuning.job.succeeded", '
    ...         b'"created_at": 1735689660, "data": {"id": "ftjob-abc"}}')
    >>> headers = sign(body, secret="whsec_c2VjcmV0", msg_id="wh_1")
    >>> event = unwrap(body, headers, secret="whsec_c2VjcmV0")
    >>> type(event).__name__, event.data.id
    ('WebhookFineTuningJobSucceeded', 'ftjob-abc')
    >>> unwrap(b'{"id": "evt_2", "type": "batch.completed", "created_at": 1, "data": {}}',
    ...        sign(b'{"id": "evt_2", "type": "batch.completed", "created_at": 1, "data": {}}',
    ...             secret="whsec_c2VjcmV0"),
    ...        secret="whsec_c2VjcmV0").type_
    'batch.completed'
    """
    verify_signature(payload, headers, secret=secret, tolerance=tolerance)
    return parse_event(payload)


def sign(
    payload: bytes | str,
    *,
    secret: Secrets,
    msg_id: str | None = None,
    timestamp: int | float | None = None,
) -> dict[str, str]:
    """The Standard Webhooks headers for ``payload``: what a sender adds to its POST.

    One ``v1,`` signature per secret (several while rotating). ``msg_id`` defaults to a
    fresh ``msg_…`` id (keep it across retries of one delivery); ``timestamp`` to now.

    >>> headers = sign(b"{}", secret="whsec_c2VjcmV0", msg_id="wh_1", timestamp=1735689600)
    >>> headers["webhook-signature"]
    'v1,OYMCTD+QS4oiYNWMhEY3GfhIEAp8sh+oZdhGO+TXaM8='
    """
    body = _text(payload)
    msg_id = msg_id if msg_id is not None else "msg_" + os.urandom(12).hex()
    stamp = str(int(_now() if timestamp is None else timestamp))
    signatures = " ".join(
        "v1," + _signature(key, msg_id, stamp, body).decode() for key in _keys(secret)
    )
    return {"webhook-id": msg_id, "webhook-timestamp": stamp, "webhook-signature": signatures}


def generate_secret() -> str:
    """A new random ``whsec_…`` secret (32 bytes), for tests and the fake service.

    >>> generate_secret().startswith("whsec_")
    True
    """
    return _SECRET_PREFIX + base64.b64encode(os.urandom(32)).decode()


def read_webhook_secret(path: str | os.PathLike[str] | None = None) -> str | None:
    """The secret in the file at ``path`` (one line; at most 4 KiB is read), else in
    ``OPENAI_WEBHOOK_SECRET``; ``None`` when neither holds one.

    Read this way, the secret is hidden from then on wherever the package shows text
    (`openai_finetunes.redact`: logs, errors, CLI output). Raises `ValueError` for a file
    that holds no single secret, `OSError` for one that cannot be read.

    >>> read_webhook_secret()  # doctest: +SKIP
    'whsec_...'
    """
    return read_secret(path, SECRET_ENV, what="webhook secret")


# -- receiving ---------------------------------------------------------------------------

#: What a `WebhookReceiver` calls for each verified event.
EventHandler: TypeAlias = Callable[[WebhookEvent], object]
#: What it calls for each rejected delivery.
RejectHandler: TypeAlias = Callable[[WebhookVerificationError], object]


class WebhookReceiver(BackgroundServer):
    """A local HTTP endpoint that verifies webhook deliveries and hands over their events.

    Any ``POST`` path is accepted. A verified delivery is passed to ``on_event`` and
    answered ``200``; one that fails verification goes to ``on_reject`` and is answered
    ``400``; when ``on_event`` raises, the answer is ``500`` so that the sender retries.
    After `stop_accepting` (and while closing) every delivery is answered ``503``, so
    that the sender retries it later or elsewhere; so is one whose ``on_event`` raises
    after it. `close` ends the connections still open (keep-alive ones too): a closed
    receiver answers nothing. Binds to loopback by default. For local development and
    tests: in production, verify with `unwrap` inside your web framework.

    >>> from openai_finetunes.workflows import WebhookInbox  # doctest: +SKIP
    >>> inbox = WebhookInbox()  # doctest: +SKIP
    >>> with WebhookReceiver(inbox.deliver, secret=secret) as receiver:  # doctest: +SKIP
    ...     fake = FakeOpenAI(webhook_url=receiver.url, webhook_secret=secret)
    """

    def __init__(
        self,
        on_event: EventHandler | None = None,
        *,
        secret: Secrets,
        host: str = "127.0.0.1",
        port: int = 0,
        tolerance: int = DEFAULT_TOLERANCE,
        on_reject: RejectHandler | None = None,
    ) -> None:
        _keys(secret)  # an unusable secret fails here, not on the first delivery
        _check_tolerance(tolerance)
        self._secret = secret
        self._tolerance = tolerance
        self._on_event = on_event
        self._on_reject = on_reject
        self._lock = threading.Lock()
        self._received = 0
        self._rejected = 0
        self._accepting = True
        server = self._bind(host, port)
        self.host = host
        self.port: int = server.server_address[1]
        super().__init__(server, f"webhook-receiver:{self.port}")

    def _bind(self, host: str, port: int) -> ClosingHTTPServer:
        import socket
        from http.server import BaseHTTPRequestHandler

        from ._serving import ClosingHTTPServer

        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in separate writes: without this, Nagle's algorithm
            # and the sender's delayed ACK hold every answer back 40 ms.
            disable_nagle_algorithm = True

            def do_POST(self) -> None:
                try:
                    length = int(self.headers.get("content-length") or 0)
                except ValueError:
                    length = -1
                if not 0 <= length <= _MAX_BODY:
                    self._answer(413 if length > _MAX_BODY else 400, "bad content-length")
                    self.close_connection = True
                    return
                body = self.rfile.read(length)
                status, text = receiver._receive(body, dict(self.headers.items()))
                self._answer(status, text)

            def do_GET(self) -> None:
                self._answer(405, "webhook deliveries are POST requests")

            def _answer(self, status: int, text: str) -> None:
                content = (text + "\n").encode()
                self.send_response(status)
                self.send_header("content-type", "text/plain; charset=utf-8")
                self.send_header("content-length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            def log_message(self, format: str, *args: Any) -> None:
                logger.debug("webhook receiver: " + format, *args)

        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        return ClosingHTTPServer((host, port), Handler, family=family)

    def stop_accepting(self) -> None:
        """Answer ``503`` to every delivery from now on (`close` does this first)."""
        self._accepting = False

    def _before_close(self) -> None:
        self.stop_accepting()

    def _receive(self, body: bytes, headers: Mapping[str, str]) -> tuple[int, str]:
        if not self._accepting:
            return 503, "not accepting deliveries"
        try:
            event = unwrap(body, headers, secret=self._secret, tolerance=self._tolerance)
        except WebhookVerificationError as error:
            with self._lock:
                self._rejected += 1
            logger.info("webhook delivery rejected: %s", error)
            if self._on_reject is not None:
                self._on_reject(error)
            return 400, f"rejected: {error}"
        if self._on_event is not None:
            try:
                self._on_event(event)
            except Exception:  # the sender retries a delivery answered 5xx
                if not self._accepting:  # the handler refuses: the receiver is stopping
                    return 503, "not accepting deliveries"
                logger.exception("the webhook event handler failed")
                return 500, "the event handler failed"
        with self._lock:
            self._received += 1
        return 200, "ok"

    @property
    def url(self) -> str:
        """The URL to deliver to, e.g. ``http://127.0.0.1:54321/``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def received(self) -> int:
        """Deliveries verified and accepted (answered ``200``) so far."""
        return self._received

    @property
    def rejected(self) -> int:
        """Deliveries that failed verification so far."""
        return self._rejected

    def __repr__(self) -> str:  # never the secret
        return f"WebhookReceiver(url={self.url!r}, received={self._received}, rejected={self._rejected})"
