"""``openai-finetunes webhooks listen``: verify and print webhook deliveries, locally.

In the spirit of ``stripe listen``: point a sender (the fake's ``serve --webhook-url``,
or a tunnel to OpenAI) at the printed URL and watch the events arrive, one line each
(``--json``: one JSON object per line). Valid deliveries are answered ``200``, invalid
ones ``400`` with the reason on stderr; once ``--max-events`` events are printed, the
rest are answered ``503`` (not printed, so the sender must keep them). The secret comes
from ``--secret-file`` or ``OPENAI_WEBHOOK_SECRET``, never from the command line.
"""

from __future__ import annotations

import argparse
import json
import threading
from typing import Final

from .. import ConfigurationError
from ..webhooks import (
    SECRET_ENV,
    UnknownWebhookEvent,
    WebhookEvent,
    WebhookReceiver,
    WebhookVerificationError,
    read_webhook_secret,
)
from ._output import Output, format_time

__all__ = ["cmd_webhooks"]

EXIT_OK: Final = 0


class _Done(Exception):
    """Raised by the event handler once ``--max-events`` are printed: answered 503."""


def _secret(path: str | None) -> str:
    try:
        secret = read_webhook_secret(path)
    except ValueError as error:
        raise ConfigurationError(str(error)) from None
    if secret is None:
        raise ConfigurationError(f"no webhook secret: set {SECRET_ENV} or pass --secret-file PATH")
    return secret


def _line(event: WebhookEvent) -> str:
    if isinstance(event, UnknownWebhookEvent):
        subject = str(event.data.get("id", "-"))
    else:
        subject = event.data.id
    return f"{format_time(event.created_at)}  {event.type_}  {subject}  {event.id}"


def cmd_webhooks(args: argparse.Namespace, out: Output) -> int:
    """``webhooks listen``: serve until Ctrl-C (or ``--max-events``), printing each event."""
    secret = _secret(args.secret_file)
    lock = threading.Lock()
    done = threading.Event()
    seen = 0

    def on_event(event: WebhookEvent) -> None:
        nonlocal seen
        with lock:
            if done.is_set():  # not printed: the sender must not count it as delivered
                raise _Done
            if out.json:
                out.line(json.dumps(event.to_dict(), separators=(",", ":"), sort_keys=True))
            else:
                out.line(_line(event))
            seen += 1
            if args.max_events is not None and seen >= args.max_events:
                receiver.stop_accepting()  # later deliveries: 503, and _Done here is too
                done.set()

    def on_reject(error: WebhookVerificationError) -> None:
        out.alert(f"rejected a delivery ({error.reason}): {error}")

    receiver = WebhookReceiver(
        on_event,
        secret=secret,
        host=args.host,
        port=args.port,
        tolerance=args.tolerance,
        on_reject=on_reject,
    )
    out.note(f"Listening for webhook deliveries on {receiver.url} (Ctrl-C to stop)")
    receiver.start()
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    finally:
        receiver.close()
    out.note(f"Received {receiver.received} event(s), rejected {receiver.rejected}.")
    return EXIT_OK
