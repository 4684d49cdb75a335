"""Keys: out of every text the package shows (exceptions, their attributes, logs, CLI
output), and out of command lines (`read_key_file`, `read_secret`).

`redact` replaces, with ``[REDACTED]``:

- the request's bearer token, when a request is given;
- every key this process configured (`connect` remembers its key, see `remember_secret`)
  and ``OPENAI_API_KEY``;
- anything shaped like an OpenAI key: ``sk-`` and 20 or more key characters
  (``sk-proj-…``, ``sk-svcacct-…``, ``sk-admin-…`` too), so that a key echoed by a
  server is hidden even when it is not the one configured.

Keys shorter than 8 characters are not treated as secrets (they would mask ordinary
words). The package's loggers (``openai_finetunes`` and ``openai_finetunes.testing``)
carry `RedactingFilter`, so their records are scrubbed before any handler sees them.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from typing import Any, Final

import httpx

__all__ = [
    "ARGV_KEY_WARNING",
    "MASK",
    "RedactingFilter",
    "read_key_file",
    "read_secret",
    "redact",
    "redact_value",
    "remember_secret",
]

MASK: Final = "[REDACTED]"
_MIN_SECRET: Final = 8
_MAX_REMEMBERED: Final = 64
_MAX_KEY_FILE_BYTES: Final = 4096
#: What the commands print when a key is given on their command line.
ARGV_KEY_WARNING: Final = (
    "warning: --api-key puts the key on the command line, where other users of this machine "
    "can read it (ps, /proc); set OPENAI_API_KEY or use --api-key-file PATH instead."
)
#: ``sk-`` then 20+ key characters, not inside a longer word (``task-…`` is not a key).
_KEY_SHAPE: Final = re.compile(r"(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20,}")
#: Keys configured in this process; replaced whole (reads need no lock).
_remembered: tuple[str, ...] = ()


def remember_secret(secret: str | None) -> None:
    """Treat ``secret`` as a key from now on: `redact` hides it wherever it appears.

    >>> remember_secret("fake-key-for-doctest-x1")
    >>> redact("the server said fake-key-for-doctest-x1")
    'the server said [REDACTED]'
    """
    global _remembered
    if not isinstance(secret, str) or len(secret) < _MIN_SECRET or secret in _remembered:
        return
    # The newest first; a process configuring keys without end keeps the latest few.
    _remembered = (secret, *_remembered)[:_MAX_REMEMBERED]


def redact(
    text: str, request: httpx.Request | None = None, *, secrets: Iterable[str | None] = ()
) -> str:
    """``text`` without the request's token, the known keys or anything shaped like a key.

    >>> redact("Incorrect API key provided: sk-proj-AbCdEfGhIjKlMnOpQrStUvWx.")
    'Incorrect API key provided: [REDACTED].'
    >>> redact("key=hunter2-very-secret", secrets=["hunter2-very-secret"])
    'key=[REDACTED]'
    """
    if not isinstance(text, str) or not text:
        return text
    candidates = [*secrets, os.environ.get("OPENAI_API_KEY"), *_remembered]
    if request is not None:
        authorization = request.headers.get("authorization", "")
        candidates.insert(0, authorization.split(" ", 1)[1] if " " in authorization else None)
    # The longest first, so that a key containing another is replaced whole.
    known = sorted(
        {s.strip() for s in candidates if isinstance(s, str) and len(s.strip()) >= _MIN_SECRET},
        key=len,
        reverse=True,
    )
    for secret in known:
        if secret in text:
            text = text.replace(secret, MASK)
    if "sk-" in text:
        text = _KEY_SHAPE.sub(MASK, text)
    return text


def redact_value(value: Any, request: httpx.Request | None = None) -> Any:
    """``value`` with `redact` applied to every string in it, keys of dicts included.

    Dicts, lists and tuples are copied; other values are returned as they are.

    >>> redact_value({"error": {"param": "sk-svcacct-AbCdEfGhIjKlMnOpQrStUvWx", "n": [1]}})
    {'error': {'param': '[REDACTED]', 'n': [1]}}
    """
    if isinstance(value, str):
        return redact(value, request)
    if isinstance(value, dict):
        return {redact_value(k, request): redact_value(v, request) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_value(item, request) for item in value]
    if isinstance(value, tuple):
        return tuple(redact_value(item, request) for item in value)
    return value


def read_key_file(path: str | os.PathLike[str], *, what: str = "key") -> str:
    """The key stored in ``path`` (surrounding whitespace removed), remembered as a secret.

    A pipe works too (``--api-key-file <(pass show openai)``); at most 4 KiB is read, so
    ``/dev/zero`` is refused rather than read for ever. Raises `ValueError` for an empty
    or oversized file or more than one line, `OSError` when it cannot be read. ``what``
    names the secret in those messages (``"key"``, ``"webhook secret"``).
    """
    name = os.fspath(path)
    with open(path, "rb") as file:
        raw = file.read(_MAX_KEY_FILE_BYTES + 1)
    if len(raw) > _MAX_KEY_FILE_BYTES:
        raise ValueError(f"{name}: a {what} file holds one {what}, not {len(raw)}+ bytes")
    try:
        key = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise ValueError(f"{name}: the {what} file is not UTF-8 text") from None
    if not key:
        raise ValueError(f"{name}: the {what} file is empty")
    if any(c.isspace() for c in key):
        raise ValueError(f"{name}: a {what} file holds one {what}, without spaces or lines")
    remember_secret(key)
    return key


def read_secret(
    path: str | os.PathLike[str] | None, env_var: str, *, what: str = "secret"
) -> str | None:
    """A secret from the file at ``path`` (`read_key_file`), else from ``env_var``
    (surrounding whitespace removed); ``None`` when neither gives one. Remembered as a
    secret either way, so `redact` hides it. Raises as `read_key_file` does.

    >>> read_secret(None, "OPENAI_FINETUNES_DOCTEST_UNSET") is None
    True
    """
    if path is not None:
        return read_key_file(path, what=what)
    secret = os.environ.get(env_var, "").strip()
    if not secret:
        return None
    remember_secret(secret)
    return secret


class RedactingFilter(logging.Filter):
    """Scrub a record's message (arguments merged in) and its traceback text in place."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: let the handler report it as usual
            return True
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def _install(names: Iterable[str]) -> None:
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())


_install(("openai_finetunes", "openai_finetunes.testing"))
