"""tiktoken is used only when its o200k_base encoding is cached locally and intact."""

from __future__ import annotations

import hashlib
import sys
import types
from pathlib import Path

import pytest

from openai_finetunes.validation import _tokens, validate_training_file

GOOD_CHAT = Path(__file__).resolve().parent.parent / "data" / "good" / "chat.jsonl"
CACHE_NAME = hashlib.sha1(
    b"https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken"
).hexdigest()
FAKE_ENCODING_FILE = b"fake o200k_base ranks\n"


class _FakeEncoding:
    """Counts one token per whitespace-separated word."""

    def encode_ordinary(self, text: str) -> list[int]:
        return [0] * len(text.split())


@pytest.fixture
def fake_tiktoken(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """Install a fake tiktoken; return the list of encodings it was asked for."""
    requested: list[str] = []

    def get_encoding(name: str) -> _FakeEncoding:
        requested.append(name)
        return _FakeEncoding()

    tiktoken = types.ModuleType("tiktoken")
    tiktoken.get_encoding = get_encoding  # type: ignore[attr-defined]
    load = types.ModuleType("tiktoken.load")
    monkeypatch.setitem(sys.modules, "tiktoken", tiktoken)
    monkeypatch.setitem(sys.modules, "tiktoken.load", load)
    monkeypatch.setattr(_tokens, "_ENCODING_SHA256", hashlib.sha256(FAKE_ENCODING_FILE).hexdigest())
    monkeypatch.delenv("TIKTOKEN_ENCODINGS_BASE", raising=False)
    monkeypatch.delenv("DATA_GYM_CACHE_DIR", raising=False)
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    return requested


def test_cached_encoding_gives_exact_counts(fake_tiktoken: list[str], tmp_path: Path) -> None:
    (tmp_path / CACHE_NAME).write_bytes(FAKE_ENCODING_FILE)

    report = validate_training_file(GOOD_CHAT)

    assert fake_tiktoken == ["o200k_base"]
    assert report.tokens.exact is True
    assert report.tokens.method == "tiktoken o200k_base"
    assert report.ok

    # One token per word here, where the 4-characters rule would give 4 + 3.
    legacy = b'{"prompt": "one two three", "completion": " four five"}\n' * 10
    assert validate_training_file(legacy).tokens.per_example == [5] * 10
    assert fake_tiktoken == ["o200k_base"]  # the loaded encoding is reused


def test_missing_cache_file_means_approximation_without_loading(
    fake_tiktoken: list[str],
) -> None:
    report = validate_training_file(GOOD_CHAT)
    assert fake_tiktoken == []
    assert report.tokens.exact is False
    assert report.tokens.method == "approximation: ~4 characters per token"


def test_corrupt_cache_file_is_not_handed_to_tiktoken(
    fake_tiktoken: list[str], tmp_path: Path
) -> None:
    # tiktoken would delete a file with the wrong checksum and download it again.
    (tmp_path / CACHE_NAME).write_bytes(b"truncated")
    report = validate_training_file(GOOD_CHAT)
    assert fake_tiktoken == []
    assert report.tokens.exact is False


def test_disabled_cache_means_approximation(
    fake_tiktoken: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", "")
    assert validate_training_file(GOOD_CHAT).tokens.exact is False
    assert fake_tiktoken == []


def test_custom_encodings_base_means_approximation(
    fake_tiktoken: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / CACHE_NAME).write_bytes(FAKE_ENCODING_FILE)
    monkeypatch.setenv("TIKTOKEN_ENCODINGS_BASE", str(tmp_path))
    assert validate_training_file(GOOD_CHAT).tokens.exact is False
    assert fake_tiktoken == []


def test_default_cache_dir_comes_from_tiktoken(
    fake_tiktoken: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    default_dir = tmp_path / "default-cache"
    default_dir.mkdir()
    (default_dir / CACHE_NAME).write_bytes(FAKE_ENCODING_FILE)
    monkeypatch.delenv("TIKTOKEN_CACHE_DIR")
    monkeypatch.setattr(
        sys.modules["tiktoken.load"], "_default_cache_dir", lambda: str(default_dir), raising=False
    )
    assert validate_training_file(GOOD_CHAT).tokens.exact is True


def test_tiktoken_failure_falls_back_to_approximation(
    fake_tiktoken: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / CACHE_NAME).write_bytes(FAKE_ENCODING_FILE)

    def broken(name: str) -> None:
        raise ValueError("unknown encoding")

    monkeypatch.setattr(sys.modules["tiktoken"], "get_encoding", broken)
    report = validate_training_file(GOOD_CHAT)
    assert report.tokens.exact is False
    assert report.ok


def test_without_tiktoken_installed_counts_are_approximate() -> None:
    # The autouse fixture hides tiktoken, whether or not it is installed.
    report = validate_training_file(GOOD_CHAT)
    assert report.tokens.exact is False
    assert "approximation" in report.tokens.method


def test_a_missing_tiktoken_is_searched_for_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Python does not cache a failed import; a thousand runs started at once each
    # searched sys.path again, which was a visible part of their start-up.
    attempts: list[str] = []

    def import_module(name: str) -> types.ModuleType:
        attempts.append(name)
        raise ImportError(name)

    monkeypatch.delitem(sys.modules, "tiktoken.load", raising=False)
    monkeypatch.setattr(_tokens, "_tiktoken_missing", False)
    monkeypatch.setattr(_tokens.importlib, "import_module", import_module)
    assert _tokens.get_tokenizer() is _tokens.APPROXIMATE
    assert _tokens.get_tokenizer() is _tokens.APPROXIMATE
    assert attempts == ["tiktoken.load"]


def test_a_tiktoken_installed_later_in_the_process_is_still_used(
    fake_tiktoken: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(_tokens, "_tiktoken_missing", True)  # an earlier search failed
    (tmp_path / CACHE_NAME).write_bytes(FAKE_ENCODING_FILE)
    assert validate_training_file(GOOD_CHAT).tokens.exact is True
