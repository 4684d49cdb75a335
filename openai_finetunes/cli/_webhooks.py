"""``openai-finetunes webhooks listen``: verify and print webhook deliveries, locally.

In the spirit of ``stripe listen``: point a sender (the fake's ``serve --webhook-url``,
or a tunnel to OpenAI) at the printed URL and watch the events arrive, one line each
(``--json``: one JSON object per line). Valid deliveries are answered ``200``, invalid
ones ``400`` with the reason on stderr. The secret comes from ``--secret-file`` or
``OPENAI_WEBHOOK_SECRET``, never from the command line.
"""

from __future__ import annotations

import argparse
import json
import os
import threading
from pathlib import Path
from typing import Final

from .. import ConfigurationError
from ..webhooks import (
    UnknownWebhookEvent,
    WebhookEvent,
    WebhookReceiver,
    WebhookVerificationError,
)
from ._output import Output, format_time

__all__ = ["cmd_webhooks"]

EXIT_OK: Final = 0
_MAX_SECRET_FILE: Final = 4096


def _secret(path: str | None) -> str:
    if path is not None:
        raw = Path(path).read_bytes()[: _MAX_SECRET_FILE + 1]
        try:
            secret = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            raise ConfigurationError(f"{path}: the secret file is not UTF-8 text") from None
        if not secret or len(raw) > _MAX_SECRET_FILE or any(c.isspace() for c in secret):
            raise ConfigurationError(f"{path}: a secret file holds one secret on one line")
        return secret
    secret = os.environ.get("OPENAI_WEBHOOK_SECRET", "").strip()
    if not secret:
        raise ConfigurationError(
            "no webhook secret: set OPENAI_WEBHOOK_SECRET or pass --secret-file PATH"
        )
    return secret


def _line(event: WebhookEvent) -> str:
    if isinstance(event, UnknownWebhookEvent):
        kind, subject = event.type, str(event.data.get("id", "-"))
    else:
        kind, subject = str(event.type_), event.data.id
    return f"{format_time(event.created_at)}  {kind}  {subject}  {event.id}"


def cmd_webhooks(args: argparse.Namespace, out: Output) -> int:
    """``webhooks listen``: serve until Ctrl-C (or ``--max-events``), printing each event."""
    secret = _secret(args.secret_file)
    lock = threading.Lock()
    done = threading.Event()
    seen = 0

    def on_event(event: WebhookEvent) -> None:
        nonlocal seen
        with lock:
            if done.is_set():
                return
            if out.json:
                out.line(json.dumps(event.to_dict(), separators=(",", ":"), sort_keys=True))
            else:
                out.line(_line(event))
            seen += 1
            if args.max_events is not None and seen >= args.max_events:
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
