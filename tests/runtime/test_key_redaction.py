"""Issue 15, item 6: the one redaction helper (`openai_finetunes.redact`), the log filter,
exceptions whatever their message, and key files."""

from __future__ import annotations

import logging
import os
import threading
import traceback
from pathlib import Path

import pytest

import openai_finetunes
from openai_finetunes import InvalidArgumentError, OpenAIFinetunesError, connect
from openai_finetunes._secrets import read_key_file, redact, redact_value, remember_secret

SHAPED = [
    "sk-proj-Fz3Lq8Wm1Np6Rt0Vx4Yb7Hc2Jd5Kg9Se_x-Y",
    "sk-svcacct-Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St",
    "sk-admin-Zz9Yy8Xx7Ww6Vv5Uu4Tt3",
    "sk-Q1w2E3r4T5y6U7i8O9p0Aa",
]
NOT_KEYS = [
    "sk-short",
    "task-Q1w2E3r4T5y6U7i8O9p0Aa",  # sk- inside a word
    "Incorrect API key provided: sk-proj-********************NtY.",  # OpenAI's own mask
    "ftjob-abc123DEF456ghi789JKL0 file-abc123DEF456ghi789JKL0",
]


@pytest.mark.parametrize("key", SHAPED)
def test_anything_shaped_like_an_openai_key_is_hidden(key: str) -> None:
    assert redact(f"echo: {key}.") == "echo: [REDACTED]."
    assert redact(f'{{"key":"{key}"}}') == '{"key":"[REDACTED]"}'
    assert openai_finetunes.redact(f"Bearer {key}") == "Bearer [REDACTED]"


@pytest.mark.parametrize("text", NOT_KEYS)
def test_other_text_is_left_alone(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    assert redact(text) == text


def test_configured_keys_of_any_shape_are_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "env-Key-Of-Any-Shape-31")
    assert redact("got env-Key-Of-Any-Shape-31") == "got [REDACTED]"
    connect("connected-Key-77-Zq", base_url="http://127.0.0.1:9/v1")
    assert redact("got connected-Key-77-Zq!") == "got [REDACTED]!"
    # A key that contains another is replaced whole; short strings are no secrets.
    remember_secret("Vq7Lm2Xp")
    remember_secret("Vq7Lm2Xp-and-more")
    remember_secret("short")
    assert redact("x Vq7Lm2Xp-and-more y Vq7Lm2Xp z short") == "x [REDACTED] y [REDACTED] z short"
    assert redact("k=given-Secret-1234", secrets=["given-Secret-1234", None, ""]) == "k=[REDACTED]"


def test_redact_value_walks_bodies_without_changing_them() -> None:
    key = SHAPED[0]
    body = {
        "error": {"message": f"bad {key}", "param": key, "n": 3, "ok": None},
        key: [key, (1, key)],
    }
    clean = redact_value(body)
    assert clean == {
        "error": {"message": "bad [REDACTED]", "param": "[REDACTED]", "n": 3, "ok": None},
        "[REDACTED]": ["[REDACTED]", (1, "[REDACTED]")],
    }
    assert body["error"]["param"] == key  # the original is untouched


@pytest.mark.parametrize("name", ["openai_finetunes", "openai_finetunes.testing"])
def test_the_package_logs_are_scrubbed(name: str, caplog: pytest.LogCaptureFixture) -> None:
    key = SHAPED[1]
    caplog.set_level(logging.DEBUG, logger=name)
    logger = logging.getLogger(name)
    logger.debug("answer %s from %s", {"error": key}, "server")
    try:
        raise RuntimeError(f"echoed {key}")
    except RuntimeError:
        logger.exception("failed with %s", key)
    logger.info("nothing secret: %s", 42)
    assert key not in caplog.text
    assert "[REDACTED]" in caplog.text
    for record in caplog.records:
        assert key not in record.getMessage()
        assert key not in repr(record.args)
    assert caplog.records[-1].args == (42,)  # records without keys keep their arguments


def test_every_exception_of_the_package_hides_keys() -> None:
    from openai_finetunes.arazzo import ArazzoError

    key = SHAPED[2]
    remember_secret("remembered-Key-55-abc")
    for error in (
        OpenAIFinetunesError(f"echo {key} and remembered-Key-55-abc"),
        ArazzoError(f"echo {key}"),
        InvalidArgumentError("suffix", f"got {key!r}"),
    ):
        for text in (str(error), repr(error), "".join(traceback.format_exception(error))):
            assert key not in text
            assert "remembered-Key-55-abc" not in text
    assert key not in repr(InvalidArgumentError("x", key).args)


def test_key_files(tmp_path: Path) -> None:
    path = tmp_path / "key"
    path.write_text("  file-Key-Abc-12345\n")
    assert read_key_file(path) == "file-Key-Abc-12345"
    assert redact("file-Key-Abc-12345") == "[REDACTED]"  # remembered
    for content, problem in [
        ("", "empty"),
        ("\n \n", "empty"),
        ("one\ntwo", "one key"),
        ("a b", "one key"),
        ("k" * 5000, "one key"),
    ]:
        path.write_text(content)
        with pytest.raises(ValueError, match=problem) as refused:
            read_key_file(path)
        if content.strip():  # the content is never echoed
            assert content.strip()[:20] not in str(refused.value)
    with pytest.raises(FileNotFoundError):
        read_key_file(tmp_path / "missing")


def test_a_key_file_may_be_a_pipe() -> None:
    read, write = os.pipe()

    def feed() -> None:
        with os.fdopen(write, "w") as pipe:
            pipe.write("piped-Key-Abc-12345\n")

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        assert read_key_file(f"/dev/fd/{read}") == "piped-Key-Abc-12345"
    finally:
        writer.join()
        os.close(read)
