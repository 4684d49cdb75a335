"""Token counting: exact with a locally cached tiktoken encoding, else approximate.

tiktoken downloads encodings on first use. A validator must work offline and
must never stall on the network, so tiktoken is used only when the encoding
file is already in tiktoken's cache with the expected checksum (tiktoken then
reads it from disk). Everything else falls back to a clearly labelled
approximation.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from typing import Any, TypeGuard

import attrs

ENCODING_NAME = "o200k_base"
_ENCODING_URL = "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken"
# sha256 of the o200k_base file, the same value tiktoken verifies against; a
# mismatch would make tiktoken delete the cache entry and download it again.
_ENCODING_SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"

APPROX_CHARS_PER_TOKEN = 4
APPROX_LABEL = "approximation: ~4 characters per token"
EXACT_LABEL = f"tiktoken {ENCODING_NAME}"

# Per the OpenAI cookbook's counting recipe for chat models.
TOKENS_PER_MESSAGE = 3
TOKENS_PER_EXAMPLE = 3


@attrs.frozen
class Tokenizer:
    """Counts tokens in a piece of text; ``label`` says how."""

    count: Callable[[str], int]
    exact: bool
    label: str


def _approx_count(text: str) -> int:
    return -(-len(text) // APPROX_CHARS_PER_TOKEN)


APPROXIMATE = Tokenizer(_approx_count, exact=False, label=APPROX_LABEL)


def get_tokenizer() -> Tokenizer:
    """The exact tiktoken counter if it can be loaded offline, else `APPROXIMATE`."""
    cache_file = _tiktoken_cache_file()
    if cache_file is None:
        return APPROXIMATE
    try:
        stat = os.stat(cache_file)
    except OSError:
        return APPROXIMATE
    tokenizer = _load_tiktoken(cache_file, stat.st_mtime_ns, stat.st_size)
    return tokenizer if tokenizer is not None else APPROXIMATE


_tiktoken_missing = False


def _tiktoken_load_module() -> Any:
    """``tiktoken.load``, or None. A failed import is remembered: Python does not cache
    ImportError, and searching sys.path again for every validated file is slow."""
    global _tiktoken_missing
    module = sys.modules.get("tiktoken.load")
    if module is not None or _tiktoken_missing:
        return module
    try:
        return importlib.import_module("tiktoken.load")
    except ImportError:
        _tiktoken_missing = True
        return None


def _tiktoken_cache_file() -> str | None:
    """Where tiktoken would look for o200k_base, or None if tiktoken is unusable."""
    tiktoken_load = _tiktoken_load_module()
    if tiktoken_load is None:
        return None
    if os.environ.get("TIKTOKEN_ENCODINGS_BASE"):
        # Encodings come from a custom location whose cache key we cannot predict.
        return None
    if "TIKTOKEN_CACHE_DIR" in os.environ:
        cache_dir = os.environ["TIKTOKEN_CACHE_DIR"]
    elif "DATA_GYM_CACHE_DIR" in os.environ:
        cache_dir = os.environ["DATA_GYM_CACHE_DIR"]
    else:
        default_dir = getattr(tiktoken_load, "_default_cache_dir", None)
        if callable(default_dir):
            cache_dir = str(default_dir())
        else:  # older tiktoken releases
            cache_dir = os.path.join(tempfile.gettempdir(), "data-gym-cache")
    if not cache_dir:  # caching disabled: tiktoken would always download
        return None
    return os.path.join(
        cache_dir, hashlib.sha1(_ENCODING_URL.encode(), usedforsecurity=False).hexdigest()
    )


@functools.lru_cache(maxsize=4)
def _load_tiktoken(cache_file: str, mtime_ns: int, size: int) -> Tokenizer | None:
    # mtime_ns and size are part of the cache key so a replaced file is re-checked.
    del mtime_ns, size
    try:
        with open(cache_file, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        if digest != _ENCODING_SHA256:
            return None
        tiktoken = importlib.import_module("tiktoken")
        encoding = tiktoken.get_encoding(ENCODING_NAME)
        encode: Callable[[str], list[int]] = encoding.encode_ordinary
    except Exception:
        return None
    return Tokenizer(lambda text: len(encode(text)), exact=True, label=EXACT_LABEL)


def count_example_tokens(example: dict[str, Any], fmt: str, count: Callable[[str], int]) -> int:
    """Token count of one parsed example, tolerant of malformed fields.

    Counts what the model reads: message contents (text parts only), names,
    tool calls, and tool/function definitions serialized as JSON.
    """
    if fmt == "prompt_completion":
        fields = (example.get("prompt"), example.get("completion"))
        return sum(count(v) for v in fields if _s(v))
    if fmt == "preference":
        inp = example.get("input")
        total = TOKENS_PER_EXAMPLE
        if isinstance(inp, dict):
            total += _messages_tokens(inp.get("messages"), count)
            total += _definitions_tokens(inp, count)
        total += _messages_tokens(example.get("preferred_output"), count)
        total += _messages_tokens(example.get("non_preferred_output"), count)
        return total
    return (
        TOKENS_PER_EXAMPLE
        + _messages_tokens(example.get("messages"), count)
        + _definitions_tokens(example, count)
    )


def _s(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value)


def _definitions_tokens(container: dict[str, Any], count: Callable[[str], int]) -> int:
    total = 0
    for key in ("tools", "functions"):
        value = container.get(key)
        if value:
            total += count(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    return total


def _messages_tokens(messages: object, count: Callable[[str], int]) -> int:
    if not isinstance(messages, list):
        return 0
    total = 0
    for message in messages:
        if not isinstance(message, dict):
            continue
        total += TOKENS_PER_MESSAGE
        total += sum(count(text) for text in _message_texts(message))
    return total


def _message_texts(message: dict[str, Any]) -> Iterable[str]:
    for key in ("role", "name", "refusal"):
        value = message.get(key)
        if _s(value):
            yield value
    content = message.get("content")
    if _s(content):
        yield content
    elif isinstance(content, list):
        for part in content:
            text = part.get("text") if isinstance(part, dict) else None
            if _s(text):
                yield text
    calls = message.get("tool_calls")
    if isinstance(calls, list):
        for call in calls:
            if isinstance(call, dict):
                yield from _function_texts(call.get("function"))
    yield from _function_texts(message.get("function_call"))


def _function_texts(function: object) -> Iterable[str]:
    if isinstance(function, dict):
        for key in ("name", "arguments"):
            value = function.get(key)
            if _s(value):
                yield value
