"""``connect()``: environment, precedence, headers, timeouts and base URL checks."""

from __future__ import annotations

import httpx
import pytest
from pytest_httpx import HTTPXMock

import openai_finetunes
from openai_finetunes import AuthenticatedClient, ConfigurationError, InternalServerError, connect
from openai_finetunes._config import DEFAULT_BASE_URL
from openai_finetunes._retry import RetryTransport
from openai_finetunes._version import __version__
from openai_finetunes.api.files import list_files
from openai_finetunes.api.fine_tuning import retrieve_fine_tuning_job
from tests import payloads as p
from tests.conftest import API_KEY, BASE_URL

ENV_VARS = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)


def _page() -> dict[str, object]:
    return p.page([p.file()], first_id=p.FILE_ID, last_id=p.FILE_ID)


def _sent_to(httpx_mock: HTTPXMock) -> str:
    """The one request's URL without its query string."""
    request = httpx_mock.get_request()
    assert request is not None
    return str(request.url.copy_with(query=None))


def test_connect_is_exported_from_the_package() -> None:
    assert openai_finetunes.connect is connect
    assert "connect" in openai_finetunes.__all__


def test_returns_an_authenticated_client_with_retries_on_both_transports() -> None:
    client = connect(API_KEY, base_url=BASE_URL)
    assert isinstance(client, AuthenticatedClient)
    sync_transport = client.get_httpx_client()._transport
    async_transport = client.get_async_httpx_client()._transport
    assert isinstance(sync_transport, RetryTransport)
    assert isinstance(async_transport, RetryTransport)
    assert sync_transport.policy.max_retries == 2  # the documented default


def test_max_retries_reaches_the_policy() -> None:
    client = connect(API_KEY, base_url=BASE_URL, max_retries=5)
    transport = client.get_httpx_client()._transport
    assert isinstance(transport, RetryTransport)
    assert transport.policy.max_retries == 5


def test_max_retries_zero_sends_once(httpx_mock: HTTPXMock) -> None:
    client = connect(API_KEY, base_url=BASE_URL, max_retries=0)
    httpx_mock.add_response(status_code=500, json=p.error("boom", "server_error"))
    with pytest.raises(InternalServerError):
        retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)
    assert len(httpx_mock.get_requests()) == 1


def test_negative_max_retries_is_refused() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        connect(API_KEY, base_url=BASE_URL, max_retries=-1)


def test_reads_every_variable_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, httpx_mock: HTTPXMock
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env-Kq81LmZp0o")
    monkeypatch.setenv("OPENAI_BASE_URL", "https://proxy.test.invalid/openai/v1")
    monkeypatch.setenv("OPENAI_ORG_ID", "org-env")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj_env")
    httpx_mock.add_response(json=_page())
    list_files.sync(client=connect(max_retries=0))
    assert _sent_to(httpx_mock) == "https://proxy.test.invalid/openai/v1/files"
    request = httpx_mock.get_request()
    assert request is not None
    assert request.headers["authorization"] == "Bearer sk-env-Kq81LmZp0o"
    assert request.headers["openai-organization"] == "org-env"
    assert request.headers["openai-project"] == "proj_env"
    assert request.headers["user-agent"] == f"openai-finetunes/{__version__}"


async def test_environment_applies_to_async_calls(
    monkeypatch: pytest.MonkeyPatch, httpx_mock: HTTPXMock
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env-Kq81LmZp0o")
    monkeypatch.setenv("OPENAI_ORG_ID", "org-env")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj_env")
    httpx_mock.add_response(json=_page())
    await list_files.asyncio(client=connect(max_retries=0))
    assert _sent_to(httpx_mock) == f"{DEFAULT_BASE_URL}/files"
    request = httpx_mock.get_request()
    assert request is not None
    assert request.headers["authorization"] == "Bearer sk-env-Kq81LmZp0o"
    assert request.headers["openai-organization"] == "org-env"
    assert request.headers["openai-project"] == "proj_env"


def test_explicit_arguments_beat_the_environment(
    monkeypatch: pytest.MonkeyPatch, httpx_mock: HTTPXMock
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env-Kq81LmZp0o")
    monkeypatch.setenv("OPENAI_BASE_URL", "https://env.test.invalid/v1")
    monkeypatch.setenv("OPENAI_ORG_ID", "org-env")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj_env")
    httpx_mock.add_response(json=_page())
    client = connect(
        API_KEY, base_url=BASE_URL, organization="org-arg", project="proj_arg", max_retries=0
    )
    list_files.sync(client=client)
    assert _sent_to(httpx_mock) == f"{BASE_URL}/files"
    request = httpx_mock.get_request()
    assert request is not None
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.headers["openai-organization"] == "org-arg"
    assert request.headers["openai-project"] == "proj_arg"


def test_default_base_url_is_openai(httpx_mock: HTTPXMock) -> None:
    assert DEFAULT_BASE_URL == "https://api.openai.com/v1"
    httpx_mock.add_response(json=_page())
    list_files.sync(client=connect(API_KEY, max_retries=0))
    assert _sent_to(httpx_mock) == "https://api.openai.com/v1/files"


def test_trailing_slash_in_base_url_is_harmless(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=_page())
    list_files.sync(client=connect(API_KEY, base_url=BASE_URL + "/", max_retries=0))
    assert _sent_to(httpx_mock) == f"{BASE_URL}/files"


def test_no_organization_or_project_headers_unless_configured(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=_page())
    list_files.sync(client=connect(API_KEY, base_url=BASE_URL, max_retries=0))
    request = httpx_mock.get_request()
    assert request is not None
    assert "openai-organization" not in request.headers
    assert "openai-project" not in request.headers


def test_extra_headers_are_sent(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=_page())
    client = connect(API_KEY, base_url=BASE_URL, max_retries=0, headers={"X-Team": "support"})
    list_files.sync(client=client)
    request = httpx_mock.get_request()
    assert request is not None
    assert request.headers["x-team"] == "support"
    assert request.headers["authorization"] == f"Bearer {API_KEY}"


@pytest.mark.parametrize("value", [None, ""])
def test_missing_key_names_the_environment_variable(
    monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    if value is not None:
        monkeypatch.setenv("OPENAI_API_KEY", value)
    with pytest.raises(ConfigurationError, match="OPENAI_API_KEY") as caught:
        connect(base_url=BASE_URL)
    assert isinstance(caught.value, ValueError)


def _assert_finite(timeout: httpx.Timeout) -> None:
    for name in ("connect", "read", "write", "pool"):
        value = getattr(timeout, name)
        assert value is not None, f"{name} timeout is unlimited"
        assert 0 < value < float("inf"), f"{name} timeout is {value}"


def test_default_timeout_is_finite_on_the_wire(httpx_mock: HTTPXMock) -> None:
    client = connect(API_KEY, base_url=BASE_URL, max_retries=0)
    _assert_finite(client.get_httpx_client().timeout)
    _assert_finite(client.get_async_httpx_client().timeout)
    httpx_mock.add_response(json=_page())
    list_files.sync(client=client)
    request = httpx_mock.get_request()
    assert request is not None
    sent = request.extensions["timeout"]
    assert all(sent[name] is not None and sent[name] > 0 for name in sent)
    assert set(sent) == {"connect", "read", "write", "pool"}


def test_a_number_is_a_finite_timeout_for_every_phase() -> None:
    client = connect(API_KEY, base_url=BASE_URL, timeout=5)
    timeout = client.get_httpx_client().timeout
    _assert_finite(timeout)
    assert timeout.read == timeout.write == 5
    assert timeout.connect is not None
    assert timeout.connect <= 5


def test_an_httpx_timeout_is_used_as_given() -> None:
    given = httpx.Timeout(3.0, connect=1.0)
    client = connect(API_KEY, base_url=BASE_URL, timeout=given)
    assert client.get_httpx_client().timeout == given


@pytest.mark.parametrize(
    "base_url",
    [
        "api.openai.com/v1",
        "ftp://api.openai.com/v1",
        "http://",
        "://api.openai.com",
        "not a url",
        "https://[::1",
        "https://api.openai .com/v1",
        "http://localhost:99999/v1",
    ],
)
def test_invalid_base_url_is_a_configuration_error(base_url: str) -> None:
    with pytest.raises(ConfigurationError, match="base URL"):
        connect(API_KEY, base_url=base_url)


def test_invalid_base_url_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "api.openai.com/v1")
    with pytest.raises(ConfigurationError, match=r"api\.openai\.com/v1"):
        connect(API_KEY)


@pytest.mark.parametrize(
    "base_url",
    ["http://127.0.0.1:8000/v1", "https://example.azure.test/openai", "http://localhost"],
)
def test_valid_base_urls_are_accepted(base_url: str) -> None:
    client = connect(API_KEY, base_url=base_url)
    assert str(client.get_httpx_client().base_url).rstrip("/") == base_url
