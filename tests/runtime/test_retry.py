"""Retries: schedule, jitter, Retry-After, what is retried, and what never is."""

from __future__ import annotations

import email.utils
import logging
import time

import httpx
import pytest
from pytest_httpx import HTTPXMock

from openai_finetunes import (
    APIConnectionError,
    APITimeoutError,
    AuthenticatedClient,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    connect,
)
from openai_finetunes._retry import RetryPolicy, retries_disabled, retry_after_seconds
from openai_finetunes.api.fine_tuning import (
    create_fine_tuning_job,
    list_paginated_fine_tuning_jobs,
    retrieve_fine_tuning_job,
)
from openai_finetunes.models import CreateFineTuningJobRequest
from tests import payloads as p
from tests.conftest import API_KEY, BASE_URL
from tests.runtime._support import SleepRecorder, StreamTransport, recording_policy

JOB_URL = f"{BASE_URL}/fine_tuning/jobs/{p.JOB_ID}"
CREATE_BODY = {"model": p.MODEL, "training_file": p.FILE_ID, "suffix": "support", "seed": 7}


def _create_request() -> CreateFineTuningJobRequest:
    return CreateFineTuningJobRequest.from_dict(CREATE_BODY)


def _client(sleeps: SleepRecorder, **policy: object) -> AuthenticatedClient:
    return connect(API_KEY, base_url=BASE_URL, retry_policy=recording_policy(sleeps, **policy))  # type: ignore[arg-type]


def _server_error(httpx_mock: HTTPXMock, status: int = 503, **headers: str) -> None:
    httpx_mock.add_response(
        status_code=status, json=p.error("overloaded", "server_error"), headers=headers
    )


# -- the schedule ---------------------------------------------------------------------


def test_policy_delays_double_and_are_capped() -> None:
    policy = RetryPolicy(random=lambda: 0.0)
    assert [policy.delay(n) for n in range(7)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    custom = RetryPolicy(initial_delay=0.25, max_delay=1.5, random=lambda: 0.0)
    assert [custom.delay(n) for n in range(5)] == [0.25, 0.5, 1.0, 1.5, 1.5]


def test_jitter_shortens_within_bounds() -> None:
    assert RetryPolicy(random=lambda: 1.0).delay(0) == pytest.approx(0.5 * 0.75)
    assert RetryPolicy(random=lambda: 0.5).delay(2) == pytest.approx(2.0 * 0.875)
    assert RetryPolicy(random=lambda: 1.0, jitter=0.0).delay(3) == 4.0
    real = RetryPolicy()  # the real random source
    for retry in range(8):
        backoff = min(0.5 * 2**retry, 8.0)
        for _ in range(50):
            assert 0.75 * backoff <= real.delay(retry) <= backoff


def test_sync_schedule_until_success(
    sleeps: SleepRecorder, retry_client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    for _ in range(3):
        _server_error(httpx_mock)
    httpx_mock.add_response(json=p.job())
    job = retrieve_fine_tuning_job.sync(p.JOB_ID, client=retry_client)
    assert job.id == p.JOB_ID
    assert sleeps.delays == [0.5, 1.0, 2.0]
    assert len(httpx_mock.get_requests()) == 4


def test_sync_schedule_is_capped_at_max_delay(sleeps: SleepRecorder, httpx_mock: HTTPXMock) -> None:
    client = _client(sleeps, max_retries=6, max_delay=3.0)
    for _ in range(6):
        _server_error(httpx_mock, 500)
    httpx_mock.add_response(json=p.job())
    retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)
    assert sleeps.delays == [0.5, 1.0, 2.0, 3.0, 3.0, 3.0]


def test_jittered_schedule_uses_the_injected_random(
    sleeps: SleepRecorder, httpx_mock: HTTPXMock
) -> None:
    client = _client(sleeps, max_retries=2, random=lambda: 1.0)
    _server_error(httpx_mock)
    _server_error(httpx_mock)
    httpx_mock.add_response(json=p.job())
    retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)
    assert sleeps.delays == [0.375, 0.75]


def test_exhausted_retries_raise_the_last_error(
    sleeps: SleepRecorder, retry_client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    for _ in range(4):
        _server_error(httpx_mock)
    with pytest.raises(InternalServerError) as caught:
        retrieve_fine_tuning_job.sync(p.JOB_ID, client=retry_client)
    assert caught.value.status_code == 503
    assert len(httpx_mock.get_requests()) == 4
    assert sleeps.delays == [0.5, 1.0, 2.0]


async def test_async_schedule_until_success(
    sleeps: SleepRecorder, retry_client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    for _ in range(3):
        _server_error(httpx_mock, 502)
    httpx_mock.add_response(json=p.job())
    job = await retrieve_fine_tuning_job.asyncio(p.JOB_ID, client=retry_client)
    assert job.id == p.JOB_ID
    assert sleeps.delays == [0.5, 1.0, 2.0]


async def test_async_exhausted_retries(
    sleeps: SleepRecorder, retry_client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    for _ in range(4):
        httpx_mock.add_response(status_code=429, json=p.error("slow", "requests"))
    with pytest.raises(RateLimitError):
        await retrieve_fine_tuning_job.asyncio(p.JOB_ID, client=retry_client)
    assert len(httpx_mock.get_requests()) == 4
    assert sleeps.delays == [0.5, 1.0, 2.0]


# -- Retry-After ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "0.25"}, 0.25),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        ({"retry-after-ms": "soon", "retry-after": "2"}, 2.0),
        ({"retry-after": "0"}, 0.0),
        ({"retry-after": "120"}, 0.5),  # over the 60 s cap: ignored, backoff used
        ({"retry-after-ms": "90000"}, 0.5),
        ({"retry-after": "-5"}, 0.5),
        ({"retry-after": "soon"}, 0.5),  # unparseable: ignored
        ({"retry-after": ""}, 0.5),
        ({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, 0.5),  # in the past
    ],
)
def test_retry_after_is_honoured_within_the_cap(
    headers: dict[str, str], expected: float, sleeps: SleepRecorder, httpx_mock: HTTPXMock
) -> None:
    client = _client(sleeps, max_retries=1)
    httpx_mock.add_response(status_code=429, json=p.error("slow", "requests"), headers=headers)
    httpx_mock.add_response(json=p.job())
    retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)
    assert sleeps.delays == [expected]


def test_retry_after_http_date_in_the_future(sleeps: SleepRecorder, httpx_mock: HTTPXMock) -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    client = _client(sleeps, max_retries=1)
    httpx_mock.add_response(status_code=503, headers={"retry-after": when})
    httpx_mock.add_response(json=p.job())
    retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)
    [delay] = sleeps.delays
    assert 25 < delay <= 30


def test_retry_after_cap_is_configurable(sleeps: SleepRecorder, httpx_mock: HTTPXMock) -> None:
    client = _client(sleeps, max_retries=2, max_retry_after=5.0)
    httpx_mock.add_response(status_code=429, headers={"retry-after": "5"})
    httpx_mock.add_response(status_code=429, headers={"retry-after": "6"})
    httpx_mock.add_response(json=p.job())
    retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)
    assert sleeps.delays == [5.0, 1.0]


def test_retry_after_seconds_never_raises() -> None:
    for value in ["soon", "", "  ", "Wed, 99 Foo 2015", "nan", "inf", "1e400", "\x00"]:
        retry_after_seconds(httpx.Headers({"retry-after": value}))
        retry_after_seconds(httpx.Headers({"retry-after-ms": value}))


async def test_async_retry_after(sleeps: SleepRecorder, httpx_mock: HTTPXMock) -> None:
    client = _client(sleeps, max_retries=2)
    httpx_mock.add_response(status_code=429, headers={"retry-after-ms": "700"})
    httpx_mock.add_response(status_code=503, headers={"retry-after": "4"})
    httpx_mock.add_response(json=p.job())
    await retrieve_fine_tuning_job.asyncio(p.JOB_ID, client=client)
    assert sleeps.delays == [0.7, 4.0]


# -- what is retried ------------------------------------------------------------------


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
def test_retried_statuses(status: int, sleeps: SleepRecorder, httpx_mock: HTTPXMock) -> None:
    client = _client(sleeps, max_retries=2)
    httpx_mock.add_response(status_code=status, json=p.error("try again"))
    httpx_mock.add_response(json=p.job(status="queued"))
    job = create_fine_tuning_job.sync(client=client, body=_create_request())
    assert job.status == "queued"
    requests = httpx_mock.get_requests()
    assert len(requests) == 2
    assert sleeps.delays == [0.5]


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (404, NotFoundError),
        (403, PermissionDeniedError),
    ],
)
def test_client_errors_are_not_retried(
    status: int, cls: type[Exception], sleeps: SleepRecorder, httpx_mock: HTTPXMock
) -> None:
    client = _client(sleeps, max_retries=3)
    httpx_mock.add_response(status_code=status, json=p.error("no"))
    with pytest.raises(cls):
        retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)
    assert len(httpx_mock.get_requests()) == 1
    assert sleeps.delays == []


def test_conflict_is_raised_after_retries(sleeps: SleepRecorder, httpx_mock: HTTPXMock) -> None:
    client = _client(sleeps, max_retries=1)
    httpx_mock.add_response(status_code=409, json=p.error("busy", code="conflict"))
    httpx_mock.add_response(status_code=409, json=p.error("busy", code="conflict"))
    with pytest.raises(ConflictError):
        retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)


def test_zero_retries_disables(sleeps: SleepRecorder, httpx_mock: HTTPXMock) -> None:
    client = _client(sleeps, max_retries=0)
    _server_error(httpx_mock)
    with pytest.raises(InternalServerError):
        retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)
    assert len(httpx_mock.get_requests()) == 1
    assert sleeps.delays == []


async def test_zero_retries_disables_async(sleeps: SleepRecorder, httpx_mock: HTTPXMock) -> None:
    client = _client(sleeps, max_retries=0)
    httpx_mock.add_exception(httpx.ConnectError("refused"))
    with pytest.raises(APIConnectionError):
        await retrieve_fine_tuning_job.asyncio(p.JOB_ID, client=client)
    assert sleeps.delays == []


# -- connection errors ----------------------------------------------------------------


@pytest.mark.parametrize(
    "error", [httpx.ConnectError("refused"), httpx.ConnectTimeout("slow connect")]
)
def test_connect_failures_are_retried_even_for_post(
    error: Exception, sleeps: SleepRecorder
) -> None:
    transport = StreamTransport(error, httpx.Response(200, json=p.job(status="queued")))
    client = connect(
        API_KEY, base_url=BASE_URL, transport=transport, retry_policy=recording_policy(sleeps)
    )
    job = create_fine_tuning_job.sync(client=client, body=_create_request())
    assert job.status == "queued"
    assert [s.method for s in transport.sent] == ["POST", "POST"]
    # The whole JSON body is sent again, not an empty stream.
    assert transport.sent[0].body == transport.sent[1].body
    assert b'"training_file"' in transport.sent[1].body
    assert sleeps.delays == [0.5]


def test_read_timeout_is_retried_for_get(
    sleeps: SleepRecorder, retry_client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_exception(httpx.ReadTimeout("read timed out"))
    httpx_mock.add_exception(httpx.RemoteProtocolError("server disconnected"))
    httpx_mock.add_response(json=p.job())
    assert retrieve_fine_tuning_job.sync(p.JOB_ID, client=retry_client).id == p.JOB_ID
    assert len(httpx_mock.get_requests()) == 3
    assert sleeps.delays == [0.5, 1.0]


def test_read_timeout_on_post_is_never_retried(
    sleeps: SleepRecorder, retry_client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    """The no-duplicate-jobs guarantee: a POST whose answer was lost is sent once."""
    httpx_mock.add_exception(httpx.ReadTimeout("read timed out"))
    with pytest.raises(APITimeoutError) as caught:
        create_fine_tuning_job.sync(client=retry_client, body=_create_request())
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert caught.value.request is not None
    assert caught.value.request.method == "POST"
    assert len(httpx_mock.get_requests()) == 1
    assert sleeps.delays == []


@pytest.mark.parametrize(
    "error",
    [
        httpx.RemoteProtocolError("server disconnected without response"),
        httpx.ReadError("connection reset"),
        httpx.WriteTimeout("write timed out"),
    ],
)
def test_other_post_failures_after_sending_are_not_retried(
    error: Exception,
    sleeps: SleepRecorder,
    retry_client: AuthenticatedClient,
    httpx_mock: HTTPXMock,
) -> None:
    httpx_mock.add_exception(error)
    with pytest.raises(APIConnectionError):
        create_fine_tuning_job.sync(client=retry_client, body=_create_request())
    assert len(httpx_mock.get_requests()) == 1
    assert sleeps.delays == []


def test_connection_errors_exhausted_on_get(
    sleeps: SleepRecorder, retry_client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    for _ in range(4):
        httpx_mock.add_exception(httpx.ReadTimeout("read timed out"))
    with pytest.raises(APITimeoutError):
        retrieve_fine_tuning_job.sync(p.JOB_ID, client=retry_client)
    assert len(httpx_mock.get_requests()) == 4
    assert sleeps.delays == [0.5, 1.0, 2.0]


def test_connect_error_is_an_api_connection_error_not_a_timeout(
    client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_exception(httpx.ConnectError("refused"))
    with pytest.raises(APIConnectionError) as caught:
        retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)
    assert not isinstance(caught.value, APITimeoutError)
    assert isinstance(caught.value.__cause__, httpx.ConnectError)


async def test_async_read_timeout_on_post_is_never_retried(
    sleeps: SleepRecorder, retry_client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_exception(httpx.ReadTimeout("read timed out"))
    with pytest.raises(APITimeoutError):
        await create_fine_tuning_job.asyncio(client=retry_client, body=_create_request())
    assert len(httpx_mock.get_requests()) == 1
    assert sleeps.delays == []


async def test_async_connect_error_retried_for_post(sleeps: SleepRecorder) -> None:
    transport = StreamTransport(
        httpx.ConnectError("refused"),
        httpx.ConnectError("refused"),
        httpx.Response(200, json=p.job(status="queued")),
    )
    client = connect(
        API_KEY, base_url=BASE_URL, transport=transport, retry_policy=recording_policy(sleeps)
    )
    job = await create_fine_tuning_job.asyncio(client=client, body=_create_request())
    assert job.status == "queued"
    assert len({s.body for s in transport.sent}) == 1
    assert len(transport.sent) == 3
    assert sleeps.delays == [0.5, 1.0]


async def test_async_read_timeout_retried_for_get(
    sleeps: SleepRecorder, retry_client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_exception(httpx.ReadTimeout("read timed out"))
    httpx_mock.add_response(json=p.page([p.job()]))
    page = await list_paginated_fine_tuning_jobs.asyncio(client=retry_client)
    assert page.data[0].id == p.JOB_ID
    assert sleeps.delays == [0.5]


# -- retries_disabled() ---------------------------------------------------------------


def test_retries_disabled_sends_once_then_restores(
    sleeps: SleepRecorder, retry_client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    _server_error(httpx_mock)
    with retries_disabled(), pytest.raises(InternalServerError):
        retrieve_fine_tuning_job.sync(p.JOB_ID, client=retry_client)
    assert len(httpx_mock.get_requests()) == 1
    assert sleeps.delays == []
    # Outside the block the policy applies again.
    _server_error(httpx_mock)
    httpx_mock.add_response(json=p.job())
    retrieve_fine_tuning_job.sync(p.JOB_ID, client=retry_client)
    assert sleeps.delays == [0.5]


def test_retries_disabled_also_covers_connect_errors(
    sleeps: SleepRecorder, retry_client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_exception(httpx.ConnectError("refused"))
    with retries_disabled(), pytest.raises(APIConnectionError):
        create_fine_tuning_job.sync(client=retry_client, body=_create_request())
    assert len(httpx_mock.get_requests()) == 1


async def test_retries_disabled_async(
    sleeps: SleepRecorder, retry_client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(status_code=429, headers={"retry-after": "1"})
    with retries_disabled(), pytest.raises(RateLimitError):
        await retrieve_fine_tuning_job.asyncio(p.JOB_ID, client=retry_client)
    assert sleeps.delays == []


def test_retries_disabled_restores_after_an_exception() -> None:
    from openai_finetunes._retry import _retries_enabled

    def fail_inside() -> None:
        with retries_disabled():
            assert _retries_enabled.get() is False
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_inside()
    assert _retries_enabled.get() is True


# -- logging --------------------------------------------------------------------------


def test_retries_are_logged(
    caplog: pytest.LogCaptureFixture,
    sleeps: SleepRecorder,
    retry_client: AuthenticatedClient,
    httpx_mock: HTTPXMock,
) -> None:
    _server_error(httpx_mock)
    httpx_mock.add_response(json=p.job())
    with caplog.at_level(logging.INFO, logger="openai_finetunes"):
        retrieve_fine_tuning_job.sync(p.JOB_ID, client=retry_client)
    retries = [r for r in caplog.records if r.name == "openai_finetunes" and "retrying" in r.msg]
    assert len(retries) == 1
    assert "503" in retries[0].getMessage()
    assert "retry 1 of 3" in retries[0].getMessage()


async def test_async_requests_are_gated_to_the_pool_size() -> None:
    import asyncio

    from openai_finetunes._retry import RetryPolicy, RetryTransport

    in_flight = 0
    peak = 0

    class Slow(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            nonlocal in_flight, peak
            in_flight += 1
            peak = max(peak, in_flight)
            await asyncio.sleep(0.001)
            in_flight -= 1
            return httpx.Response(200, json={})

    gated = RetryTransport(
        RetryPolicy(max_retries=0), async_transport_factory=Slow, max_concurrency=3
    )
    async with httpx.AsyncClient(transport=gated, base_url="http://pool.test") as http:
        await asyncio.gather(*(http.get("/x") for _ in range(40)))
    assert peak == 3
