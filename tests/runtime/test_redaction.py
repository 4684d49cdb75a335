"""The API key never shows: not in reprs, exceptions, tracebacks or DEBUG logs."""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Iterator

import httpx
import pytest
from pytest_httpx import HTTPXMock

from openai_finetunes import (
    APIResponseValidationError,
    APIStatusError,
    AuthenticatedClient,
    AuthenticationError,
    BadRequestError,
    connect,
)
from openai_finetunes._exceptions import redact
from openai_finetunes.api.fine_tuning import create_fine_tuning_job, retrieve_fine_tuning_job
from openai_finetunes.models import CreateFineTuningJobRequest
from tests import payloads as p
from tests.conftest import API_KEY, BASE_URL
from tests.runtime._support import LoopbackServer, SleepRecorder, recording_policy

LOGGERS = ("openai_finetunes", "httpx", "httpcore")


def _echo_401() -> dict[str, object]:
    # Some gateways echo the whole key back; OpenAI itself masks most of it.
    return p.error(f"Incorrect API key provided: {API_KEY}.", code="invalid_api_key")


def _all_text(exc: BaseException) -> Iterator[str]:
    yield str(exc)
    yield repr(exc)
    yield "".join(traceback.format_exception(exc))
    yield " ".join(str(arg) for arg in exc.args)
    if isinstance(exc, APIStatusError):
        yield exc.message
        yield repr(exc.response.request.headers)


def _assert_clean(exc: BaseException) -> None:
    for text in _all_text(exc):
        assert API_KEY not in text, text


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    with caplog.at_level(logging.DEBUG):  # the root logger: everything propagates to it
        for name in LOGGERS:
            caplog.set_level(logging.DEBUG, logger=name)
        yield caplog


def _assert_logs_clean(caplog: pytest.LogCaptureFixture) -> None:
    assert API_KEY not in caplog.text
    for record in caplog.records:
        assert API_KEY not in record.getMessage()
        assert API_KEY not in repr(record.args)


# -- the client -----------------------------------------------------------------------


def test_repr_of_a_fresh_client(client: AuthenticatedClient) -> None:
    assert API_KEY not in repr(client)
    assert API_KEY not in str(client)
    assert "api.test.invalid" in repr(client)


async def test_repr_after_the_httpx_clients_are_built(client: AuthenticatedClient) -> None:
    sync_client = client.get_httpx_client()
    async_client = client.get_async_httpx_client()
    # The key really is in the built clients' headers...
    assert sync_client.headers["authorization"] == f"Bearer {API_KEY}"
    assert async_client.headers["authorization"] == f"Bearer {API_KEY}"
    # ...and in none of the reprs.
    for text in (
        repr(client),
        str(client),
        repr(sync_client.headers),
        repr(client.with_headers({"X-Extra": "1"})),
        repr(sync_client._transport),
        repr(async_client._transport),
    ):
        assert API_KEY not in text, text
    await async_client.aclose()
    sync_client.close()


def test_repr_of_a_client_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    client = connect(base_url=BASE_URL)
    client.get_httpx_client()
    assert API_KEY not in repr(client)


# -- exceptions -----------------------------------------------------------------------


def test_401_echoing_the_key(
    client: AuthenticatedClient, httpx_mock: HTTPXMock, debug_logs: pytest.LogCaptureFixture
) -> None:
    httpx_mock.add_response(status_code=401, json=_echo_401(), headers={"x-request-id": "req_1"})
    with pytest.raises(AuthenticationError) as caught:
        retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)
    exc = caught.value
    assert "Incorrect API key provided" in exc.message
    assert "[REDACTED]" in str(exc)
    _assert_clean(exc)
    assert any(r.name == "openai_finetunes" for r in debug_logs.records)  # logs were captured
    _assert_logs_clean(debug_logs)


async def test_401_echoing_the_key_async(
    client: AuthenticatedClient, httpx_mock: HTTPXMock, debug_logs: pytest.LogCaptureFixture
) -> None:
    httpx_mock.add_response(status_code=401, json=_echo_401())
    with pytest.raises(AuthenticationError) as caught:
        await retrieve_fine_tuning_job.asyncio(p.JOB_ID, client=client)
    _assert_clean(caught.value)
    _assert_logs_clean(debug_logs)


def test_non_json_body_echoing_the_key(client: AuthenticatedClient, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        status_code=401, html=f"<html><body><p>Bad token Bearer {API_KEY}</p></body></html>"
    )
    with pytest.raises(AuthenticationError) as caught:
        retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)
    assert "Bad token" in caught.value.message
    _assert_clean(caught.value)


def test_key_echoed_in_param_and_code(client: AuthenticatedClient, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        status_code=400,
        json={"error": {"message": "bad", "type": "x", "param": API_KEY, "code": API_KEY}},
    )
    with pytest.raises(BadRequestError) as caught:
        retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)
    _assert_clean(caught.value)


def test_unparseable_2xx_echoing_the_key(
    client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(content=json.dumps({"debug": API_KEY}).encode()[:-1])
    with pytest.raises(APIResponseValidationError) as caught:
        retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)
    _assert_clean(caught.value)


def test_redact_function() -> None:
    request = httpx.Request("GET", BASE_URL, headers={"Authorization": f"Bearer {API_KEY}"})
    assert redact(f"key={API_KEY}; again {API_KEY}", request) == "key=[REDACTED]; again [REDACTED]"
    assert redact("nothing here", request) == "nothing here"
    # Without a request, a key is still found by its shape (sk- and 20+ characters).
    assert redact(f"no request {API_KEY}") == "no request [REDACTED]"
    assert redact("no request, nothing shaped like a key: sk-short") == (
        "no request, nothing shaped like a key: sk-short"
    )


# -- logs during retries and over a real socket ---------------------------------------


def test_retry_logs_are_clean(
    sleeps: SleepRecorder, httpx_mock: HTTPXMock, debug_logs: pytest.LogCaptureFixture
) -> None:
    client = connect(API_KEY, base_url=BASE_URL, retry_policy=recording_policy(sleeps))
    httpx_mock.add_response(status_code=503, json=p.error(f"upstream saw {API_KEY}"))
    httpx_mock.add_exception(httpx.ConnectError(f"refused for {BASE_URL}"))
    httpx_mock.add_response(status_code=401, json=_echo_401())
    body = CreateFineTuningJobRequest.from_dict({"model": p.MODEL, "training_file": p.FILE_ID})
    with pytest.raises(AuthenticationError) as caught:
        create_fine_tuning_job.sync(client=client, body=body)
    assert sleeps.delays == [0.5, 1.0]
    assert sum("retrying" in r.getMessage() for r in debug_logs.records) == 2
    _assert_clean(caught.value)
    _assert_logs_clean(debug_logs)


@pytest.mark.parametrize("use_async", [False, True])
async def test_debug_logs_over_a_real_socket_are_clean(
    use_async: bool, loopback: LoopbackServer, debug_logs: pytest.LogCaptureFixture
) -> None:
    loopback.reply(401, _echo_401(), headers={"x-request-id": "req_loop"})
    client = connect(API_KEY, base_url=loopback.base_url, max_retries=0)

    async def call() -> object:
        if use_async:
            return await retrieve_fine_tuning_job.asyncio(p.JOB_ID, client=client)
        return retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)

    with pytest.raises(AuthenticationError) as caught:
        await call()
    # The key did go over the wire; it just is not in the logs.
    assert loopback.requests[0].headers["authorization"] == f"Bearer {API_KEY}"
    names = {r.name.split(".")[0] for r in debug_logs.records}
    assert {"httpx", "httpcore", "openai_finetunes"} <= names
    _assert_clean(caught.value)
    _assert_logs_clean(debug_logs)
