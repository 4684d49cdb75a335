"""``OPENAI_LOG``: the SDK's logging switch, as in the official ``openai`` package.

``OPENAI_LOG=info`` shows retries (what failed, how long the wait); ``OPENAI_LOG=debug``
adds one line per answer (method, path, status, request id) and the embedded fake's
requests. ``warning``, ``error`` and ``critical`` are accepted too; anything else is
ignored. The level applies to the ``openai_finetunes`` logger and a stderr handler that
carries the redaction filter, so no key reaches the terminal. httpx's and httpcore's
loggers are left to the application, as the official SDK leaves them (they log URLs).

With that handler installed the logger stops propagating its records to the root logger:
an application that configured logging itself (``logging.basicConfig``) would otherwise
print every line twice. Leave ``OPENAI_LOG`` unset to route the SDK's records through the
application's own handlers instead.
"""

from __future__ import annotations

import logging
import os
from typing import Final

from ._secrets import RedactingFilter

__all__ = ["LOG_FORMAT", "setup_logging"]

#: The official SDK's format: ``[2026-01-05 14:12:26 - openai_finetunes:818 - INFO] ...``.
LOG_FORMAT: Final = "[%(asctime)s - %(name)s:%(lineno)d - %(levelname)s] %(message)s"
_DATE_FORMAT: Final = "%Y-%m-%d %H:%M:%S"
_LEVELS: Final = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "error": logging.ERROR,
    "critical": logging.CRITICAL,
}


class _OpenAILogHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The one handler ``OPENAI_LOG`` adds (to stderr)."""


def setup_logging() -> None:
    """Apply ``OPENAI_LOG`` to the ``openai_finetunes`` logger; calling again only
    updates the level (one handler, however often it runs). The logger then no longer
    propagates to the root logger's handlers (each line is printed once).

    >>> import os
    >>> os.environ.get("OPENAI_LOG") is None or setup_logging() is None
    True
    """
    level = _LEVELS.get(os.environ.get("OPENAI_LOG", "").strip().lower())
    if level is None:
        return
    logger = logging.getLogger("openai_finetunes")
    handler = next((h for h in logger.handlers if isinstance(h, _OpenAILogHandler)), None)
    if handler is None:
        handler = _OpenAILogHandler()  # stderr
        handler.setFormatter(logging.Formatter(LOG_FORMAT, _DATE_FORMAT))
        # The logger's own filter sees only its records; this one sees its children's too.
        handler.addFilter(RedactingFilter())
        logger.addHandler(handler)
        logger.propagate = False  # the root's handlers would print each line again
    handler.setLevel(level)
    logger.setLevel(level)
