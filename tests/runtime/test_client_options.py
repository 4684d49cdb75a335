"""Per-call options: ``with_options(timeout=, max_retries=, headers=, query=)`` and the
``with_*`` builders return independent clients, a default query, and the server's
``x-should-retry`` header honoured both ways."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pytest_httpx import HTTPXMock

from openai_finetunes import (
    AuthenticatedClient,
    BadRequestError,
    Client,
    ConfigurationError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    connect,
)
from openai_finetunes._retry import RetryTransport
from openai_finetunes.api.files import list_files
from openai_finetunes.api.fine_tuning import retrieve_fine_tuning_job
from tests import payloads as p
from tests.conftest import API_KEY, BASE_URL
from tests.runtime._support import SleepRecorder, recording_policy

JOB_URL = f"{BASE_URL}/fine_tuning/jobs/{p.JOB_ID}"


class Server:
    """A MockTransport handler recording requests; answers from ``statuses``, then 200."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.statuses: list[int] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status = self.statuses.pop(0) if self.statuses else 200
        if status != 200:
            body = p.error("boom", "server_error")
        elif request.url.path.endswith("/files"):
            body = p.page([p.file()], first_id=p.FILE_ID, last_id=p.FILE_ID)
        else:
            body = p.job()
        return httpx.Response(status, json=body)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


@pytest.fixture
def server() -> Server:
    return Server()


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def client(server: Server, sleeps: SleepRecorder) -> AuthenticatedClient:
    """A client that has been used (its httpx clients exist), retrying twice."""
    api = connect(
        API_KEY,
        base_url=BASE_URL,
        transport=httpx.MockTransport(server),
        retry_policy=recording_policy(sleeps, max_retries=2),
    )
    retrieve_fine_tuning_job.sync(p.JOB_ID, client=api)
    return api


def _get(client: AuthenticatedClient) -> None:
    retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)


# -- independence ----------------------------------------------------------------------


def test_with_options_changes_the_new_client_and_never_the_original(
    client: AuthenticatedClient, server: Server, sleeps: SleepRecorder
) -> None:
    derived = client.with_options(
        timeout=3.0, max_retries=0, headers={"X-Extra": "1"}, query={"tag": "a"}
    )

    server.statuses = [500]
    with pytest.raises(InternalServerError):
        _get(derived)
    assert len(sleeps.delays) == 0  # max_retries=0: sent once
    sent = server.last
    assert sent.headers["x-extra"] == "1"
    assert sent.url.params["tag"] == "a"
    assert sent.extensions["timeout"] == {"connect": 3.0, "read": 3.0, "write": 3.0, "pool": 3.0}

    server.statuses = [500]
    _get(client)  # the original still retries, without the new header, query or timeout
    assert len(sleeps.delays) == 1
    sent = server.last
    assert "x-extra" not in sent.headers
    assert "tag" not in sent.url.params
    assert sent.extensions["timeout"]["read"] == 60.0
    assert sent.headers["authorization"] == f"Bearer {API_KEY}"


Builder = Callable[[AuthenticatedClient], AuthenticatedClient]
BUILDERS: dict[str, Builder] = {
    "with_headers": lambda c: c.with_headers({"X-Extra": "1"}),
    "with_cookies": lambda c: c.with_cookies({"extra": "1"}),
    "with_timeout": lambda c: c.with_timeout(httpx.Timeout(1.0)),
    "with_options": lambda c: c.with_options(headers={"X-Extra": "1"}, timeout=1.0),
}


def _shape(request: httpx.Request) -> tuple[Any, ...]:
    return (
        request.headers.get("x-extra"),
        request.headers.get("cookie"),
        request.extensions["timeout"]["read"],
    )


@pytest.mark.parametrize("name", BUILDERS)
def test_a_builder_on_a_used_client_leaves_the_original_as_it_was(
    client: AuthenticatedClient, server: Server, name: str
) -> None:
    before = _shape(server.last)
    httpx_client = client.get_httpx_client()
    headers, timeout = dict(httpx_client.headers), httpx_client.timeout

    derived = BUILDERS[name](client)
    _get(derived)
    changed = _shape(server.last)
    _get(client)

    assert changed != before  # the derived client has the change
    assert _shape(server.last) == before  # the original does not
    assert client.get_httpx_client() is httpx_client
    assert dict(httpx_client.headers) == headers
    assert httpx_client.timeout == timeout
    assert derived.get_httpx_client() is not httpx_client


@pytest.mark.parametrize("name", BUILDERS)
async def test_a_builder_leaves_the_original_async_client_as_it_was(
    server: Server, name: str
) -> None:
    client = connect(API_KEY, base_url=BASE_URL, transport=httpx.MockTransport(server))
    await retrieve_fine_tuning_job.asyncio(p.JOB_ID, client=client)
    before = _shape(server.last)

    derived = BUILDERS[name](client)
    await retrieve_fine_tuning_job.asyncio(p.JOB_ID, client=derived)
    await retrieve_fine_tuning_job.asyncio(p.JOB_ID, client=client)

    assert _shape(server.last) == before


def test_with_options_merges_over_the_current_options(
    client: AuthenticatedClient, server: Server
) -> None:
    first = client.with_options(headers={"X-A": "1"}, query={"a": "1"})
    second = first.with_options(headers={"X-B": "2"}, query={"b": "2"})

    _get(second)

    assert (server.last.headers["x-a"], server.last.headers["x-b"]) == ("1", "2")
    assert dict(server.last.url.params) == {"a": "1", "b": "2"}


def test_with_options_timeout_none_means_no_limit(
    client: AuthenticatedClient, server: Server
) -> None:
    _get(client.with_options(timeout=None))

    assert server.last.extensions["timeout"] == {
        "connect": None,
        "read": None,
        "write": None,
        "pool": None,
    }


def test_with_options_max_retries_shares_the_connections_and_gate(
    client: AuthenticatedClient,
) -> None:
    original = client.get_httpx_client()._transport
    derived = client.with_options(max_retries=5).get_httpx_client()._transport
    assert isinstance(original, RetryTransport)
    assert isinstance(derived, RetryTransport)

    assert derived.policy.max_retries == 5
    assert original.policy.max_retries == 2
    assert derived._shared_sync() is original._shared_sync()
    assert derived._shared_async() is original._shared_async()
    assert derived._gate_owner is original


def test_with_options_max_retries_needs_a_retrying_client() -> None:
    plain = Client(base_url=BASE_URL)

    with pytest.raises(ConfigurationError, match="connect"):
        plain.with_options(max_retries=1)


def test_negative_max_retries_in_with_options_is_refused(client: AuthenticatedClient) -> None:
    with pytest.raises(ValueError, match="max_retries"):
        client.with_options(max_retries=-1)


# -- a default query -------------------------------------------------------------------


def test_default_query_goes_with_every_request(server: Server) -> None:
    client = connect(
        API_KEY,
        base_url=BASE_URL,
        transport=httpx.MockTransport(server),
        default_query={"api-version": "2026-01-01"},
    )

    _get(client)
    job_request = server.last
    list_files.sync(client=client.with_options(query={"extra": "1"}), limit=3)

    assert job_request.url.params["api-version"] == "2026-01-01"
    assert dict(server.last.url.params) == {
        "api-version": "2026-01-01",
        "extra": "1",
        "limit": "3",
        "order": "desc",
    }


# -- x-should-retry --------------------------------------------------------------------


def _respond(httpx_mock: HTTPXMock, status: int, hint: str | None, times: int = 1) -> None:
    headers = {} if hint is None else {"x-should-retry": hint}
    for _ in range(times):
        httpx_mock.add_response(
            url=JOB_URL, status_code=status, headers=headers, json=p.error("x", "y")
        )


def _retrying(sleeps: SleepRecorder, retries: int = 2) -> AuthenticatedClient:
    return connect(
        API_KEY, base_url=BASE_URL, retry_policy=recording_policy(sleeps, max_retries=retries)
    )


@pytest.mark.parametrize(
    ("status", "error"),
    [(500, InternalServerError), (503, InternalServerError), (429, RateLimitError)],
)
def test_x_should_retry_false_suppresses_a_retry(
    httpx_mock: HTTPXMock, sleeps: SleepRecorder, status: int, error: type[Exception]
) -> None:
    _respond(httpx_mock, status, "false")

    with pytest.raises(error):
        _get(_retrying(sleeps))

    assert len(httpx_mock.get_requests()) == 1
    assert sleeps.delays == []


@pytest.mark.parametrize(("status", "error"), [(400, BadRequestError), (404, NotFoundError)])
def test_x_should_retry_true_retries_an_answer_that_is_never_retried(
    httpx_mock: HTTPXMock, sleeps: SleepRecorder, status: int, error: type[Exception]
) -> None:
    _respond(httpx_mock, status, "true", times=3)

    with pytest.raises(error):
        _get(_retrying(sleeps, retries=2))

    assert len(httpx_mock.get_requests()) == 3  # the first attempt and max_retries retries


def test_x_should_retry_true_then_success(httpx_mock: HTTPXMock, sleeps: SleepRecorder) -> None:
    _respond(httpx_mock, 409 + 1, "true")  # 410 Gone, retried because the server says so
    httpx_mock.add_response(url=JOB_URL, json=p.job())

    assert retrieve_fine_tuning_job.sync(p.JOB_ID, client=_retrying(sleeps)).id == p.JOB_ID
    assert len(sleeps.delays) == 1


async def test_x_should_retry_is_honoured_by_async_calls(
    httpx_mock: HTTPXMock, sleeps: SleepRecorder
) -> None:
    _respond(httpx_mock, 500, "false")
    _respond(httpx_mock, 400, "true")
    httpx_mock.add_response(url=JOB_URL, json=p.job())
    client = _retrying(sleeps)

    with pytest.raises(InternalServerError):
        await retrieve_fine_tuning_job.asyncio(p.JOB_ID, client=client)
    job = await retrieve_fine_tuning_job.asyncio(p.JOB_ID, client=client)

    assert job.id == p.JOB_ID
    assert len(httpx_mock.get_requests()) == 3
