"""``OPENAI_LOG=info|debug``: the SDK's logger and one stderr handler at that level, keys
redacted, as in the official SDK."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from openai_finetunes import connect
from openai_finetunes._logs import setup_logging
from openai_finetunes.api.fine_tuning import retrieve_fine_tuning_job
from tests import payloads as p
from tests.conftest import API_KEY, BASE_URL, ROOT
from tests.runtime._support import SleepRecorder, recording_policy

LOGGER = logging.getLogger("openai_finetunes")


def _ours() -> list[logging.Handler]:
    return [h for h in LOGGER.handlers if type(h).__name__ == "_OpenAILogHandler"]


@pytest.fixture(autouse=True)
def restore_logger(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("OPENAI_LOG", raising=False)
    level, handlers, propagate = LOGGER.level, list(LOGGER.handlers), LOGGER.propagate
    yield
    LOGGER.setLevel(level)
    LOGGER.handlers[:] = handlers
    LOGGER.propagate = propagate


def _flaky_client(sleeps: SleepRecorder) -> object:
    answers = [httpx.Response(503, json=p.error("busy", "server_error"))]

    def handler(request: httpx.Request) -> httpx.Response:
        return answers.pop(0) if answers else httpx.Response(200, json=p.job())

    return connect(
        API_KEY,
        base_url=BASE_URL,
        transport=httpx.MockTransport(handler),
        retry_policy=recording_policy(sleeps, max_retries=1),
    )


@pytest.mark.parametrize(("value", "level"), [("info", logging.INFO), ("debug", logging.DEBUG)])
def test_openai_log_sets_the_level_and_one_stderr_handler(
    monkeypatch: pytest.MonkeyPatch, value: str, level: int
) -> None:
    monkeypatch.setenv("OPENAI_LOG", value)

    connect(API_KEY)
    connect(API_KEY)  # applied once: still one handler

    assert LOGGER.level == level
    handlers = _ours()
    assert len(handlers) == 1
    assert handlers[0].level == level
    assert getattr(handlers[0], "stream", None) is sys.stderr


@pytest.mark.parametrize(
    ("value", "answers_shown"), [("info", False), ("debug", True)], ids=["info", "debug"]
)
def test_info_shows_retries_and_debug_each_answer_too(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    value: str,
    answers_shown: bool,
) -> None:
    monkeypatch.setenv("OPENAI_LOG", value)
    client = _flaky_client(SleepRecorder())

    retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)  # type: ignore[arg-type]

    err = capsys.readouterr().err
    assert "INFO] retrying GET /v1/fine_tuning/jobs/" in err
    assert "after 503" in err
    assert ("DEBUG] GET /v1/fine_tuning/jobs/" in err) is answers_shown
    assert ("-> 200" in err) is answers_shown
    assert "- openai_finetunes:" in err  # the official SDK's format: [time - logger:line - LEVEL]


def test_keys_stay_redacted_in_the_handler(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OPENAI_LOG", "debug")
    connect(API_KEY)

    # A child logger's record does not pass the parent logger's filter: the handler's does.
    logging.getLogger("openai_finetunes.workflows.example").debug("key is %s", API_KEY)

    err = capsys.readouterr().err
    assert "key is [REDACTED]" in err
    assert API_KEY not in err


@pytest.mark.parametrize("value", [None, "", "verbose"])
def test_without_a_known_level_nothing_is_configured(
    monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    if value is not None:
        monkeypatch.setenv("OPENAI_LOG", value)

    setup_logging()
    connect(API_KEY)

    assert _ours() == []


def test_openai_log_applies_at_import() -> None:
    code = (
        "import logging, openai_finetunes; "
        "logger = logging.getLogger('openai_finetunes'); "
        "print(logger.level, len(logger.handlers))"
    )
    env = {**os.environ, "OPENAI_LOG": "debug"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )

    assert done.stdout.split() == [str(logging.DEBUG), "1"]


@pytest.mark.parametrize("order", ["configured first", "imported first"])
def test_an_app_with_root_logging_prints_each_line_once(order: str) -> None:
    configure = "logging.basicConfig(level=logging.INFO)"
    steps = [configure, "import openai_finetunes"]
    if order == "imported first":
        steps.reverse()
    code = "; ".join(
        ["import logging", *steps, "logging.getLogger('openai_finetunes').info('one line')"]
    )
    env = {**os.environ, "OPENAI_LOG": "info"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )

    assert done.stderr.count("one line") == 1  # twice before: OPENAI_LOG's and the root's
    assert "- openai_finetunes:" in done.stderr  # OPENAI_LOG's handler printed it


def test_without_openai_log_records_reach_the_apps_handlers(
    caplog: pytest.LogCaptureFixture,
) -> None:
    setup_logging()  # OPENAI_LOG unset: nothing changes

    with caplog.at_level(logging.INFO, logger="openai_finetunes"):
        logging.getLogger("openai_finetunes").info("through the root")

    assert LOGGER.propagate
    assert "through the root" in caplog.text
