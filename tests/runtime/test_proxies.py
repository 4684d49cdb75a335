"""Proxies and connections: environment proxies, ``connect(proxy=, http2=, verify=,
limits=, http_client=)``, each kept under the retries and the auth header.

A real HTTP proxy on the loopback interface stands in for a corporate one: for a plain-HTTP
target httpx sends it the absolute URI (``GET http://host/path``), which it records and
answers. The targets are ``.invalid`` hosts, which never resolve: an answer proves that the
request went through the proxy.
"""

from __future__ import annotations

import collections
import json
import socket
import ssl
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from openai_finetunes import (
    APIConnectionError,
    ConfigurationError,
    InternalServerError,
    MissingDependencyError,
    connect,
    redact,
)
from openai_finetunes._retry import RetryTransport
from openai_finetunes.api.fine_tuning import retrieve_fine_tuning_job
from tests import payloads as p
from tests.conftest import API_KEY
from tests.runtime._support import LoopbackServer, SleepRecorder, recording_policy

PROXIED = "http://api.proxied.invalid/v1"
JOB_URI = f"{PROXIED}/fine_tuning/jobs/{p.JOB_ID}"
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


class Proxy:
    """A plain-HTTP forward proxy that answers itself: records each request's absolute
    URI and headers, and replies from a queue (a job when the queue is empty)."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, dict[str, str]]] = []
        self.replies: collections.deque[int] = collections.deque()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                proxy.seen.append((self.command, self.path, headers))
                status = proxy.replies.popleft() if proxy.replies else 200
                body = json.dumps(p.job() if status == 200 else p.error("bad gateway", "x"))
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def uris(self) -> list[str]:
        return [uri for _, uri, _ in self.seen]

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()


@pytest.fixture
def proxy() -> Iterator[Proxy]:
    server = Proxy()
    yield server
    server.close()


@pytest.fixture
def origin() -> Iterator[LoopbackServer]:
    server = LoopbackServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def no_proxy_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def _refused_url() -> str:
    """A loopback address where nothing listens (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# -- proxies from the environment ------------------------------------------------------


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY"])
def test_an_environment_proxy_carries_the_requests(
    monkeypatch: pytest.MonkeyPatch, proxy: Proxy, variable: str
) -> None:
    monkeypatch.setenv(variable, proxy.url)
    client = connect(API_KEY, base_url=PROXIED, max_retries=0)

    job = retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)

    assert job.id == p.JOB_ID
    assert proxy.uris == [JOB_URI]
    assert proxy.seen[0][2]["authorization"] == f"Bearer {API_KEY}"


async def test_an_environment_proxy_carries_async_requests(
    monkeypatch: pytest.MonkeyPatch, proxy: Proxy
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    client = connect(API_KEY, base_url=PROXIED, max_retries=0)

    job = await retrieve_fine_tuning_job.asyncio(p.JOB_ID, client=client)

    assert job.id == p.JOB_ID
    assert proxy.uris == [JOB_URI]


def test_no_proxy_exempts_its_hosts_and_only_them(
    monkeypatch: pytest.MonkeyPatch, proxy: Proxy, origin: LoopbackServer
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
    origin.reply(200, p.job())

    direct = connect(API_KEY, base_url=origin.base_url, max_retries=0)
    proxied = connect(API_KEY, base_url=PROXIED, max_retries=0)
    retrieve_fine_tuning_job.sync(p.JOB_ID, client=direct)
    retrieve_fine_tuning_job.sync(p.JOB_ID, client=proxied)

    assert [r.path for r in origin.requests] == [f"/v1/fine_tuning/jobs/{p.JOB_ID}"]
    assert proxy.uris == [JOB_URI]  # the exempt host's request never reached the proxy


def test_trust_env_false_ignores_the_environment_proxies(
    monkeypatch: pytest.MonkeyPatch, origin: LoopbackServer
) -> None:
    monkeypatch.setenv("HTTP_PROXY", _refused_url())
    origin.reply(200, p.job())
    client = connect(
        API_KEY, base_url=origin.base_url, max_retries=0, httpx_args={"trust_env": False}
    )

    assert retrieve_fine_tuning_job.sync(p.JOB_ID, client=client).id == p.JOB_ID


def test_a_502_from_an_environment_proxy_is_retried(
    monkeypatch: pytest.MonkeyPatch, proxy: Proxy
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    proxy.replies.extend([502, 502])
    sleeps = SleepRecorder()
    client = connect(API_KEY, base_url=PROXIED, retry_policy=recording_policy(sleeps))

    assert retrieve_fine_tuning_job.sync(p.JOB_ID, client=client).id == p.JOB_ID
    assert len(proxy.seen) == 3
    assert len(sleeps.delays) == 2


# -- an explicit proxy -----------------------------------------------------------------


def _with_proxy(how: str, url: str, **kwargs: Any) -> Any:
    if how == "proxy=":
        return connect(API_KEY, base_url=PROXIED, proxy=url, **kwargs)
    return connect(API_KEY, base_url=PROXIED, httpx_args={"proxy": url}, **kwargs)


@pytest.mark.parametrize("how", ["proxy=", "httpx_args"])
def test_a_502_from_an_explicit_proxy_is_retried_max_retries_times(proxy: Proxy, how: str) -> None:
    proxy.replies.extend([502] * 5)
    sleeps = SleepRecorder()
    client = _with_proxy(how, proxy.url, retry_policy=recording_policy(sleeps, max_retries=2))

    with pytest.raises(InternalServerError) as caught:
        retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)

    assert caught.value.status_code == 502
    assert proxy.uris == [JOB_URI] * 3  # the first attempt and 2 retries
    assert len(sleeps.delays) == 2
    assert all(headers["authorization"] == f"Bearer {API_KEY}" for _, _, headers in proxy.seen)


async def test_an_explicit_proxy_retries_async_requests(proxy: Proxy) -> None:
    proxy.replies.extend([502])
    sleeps = SleepRecorder()
    client = connect(
        API_KEY, base_url=PROXIED, proxy=proxy.url, retry_policy=recording_policy(sleeps)
    )

    job = await retrieve_fine_tuning_job.asyncio(p.JOB_ID, client=client)

    assert job.id == p.JOB_ID
    assert len(proxy.seen) == 2


@pytest.mark.parametrize("how", ["proxy=", "httpx_args"])
def test_a_refused_proxy_is_an_api_connection_error_after_the_retries(how: str) -> None:
    sleeps = SleepRecorder()
    client = _with_proxy(how, _refused_url(), retry_policy=recording_policy(sleeps, max_retries=2))

    with pytest.raises(APIConnectionError) as caught:
        retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)

    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert len(sleeps.delays) == 2  # a connection never made is always safe to retry


def test_an_explicit_proxy_wins_over_the_environment(
    monkeypatch: pytest.MonkeyPatch, proxy: Proxy
) -> None:
    monkeypatch.setenv("HTTP_PROXY", _refused_url())
    client = connect(API_KEY, base_url=PROXIED, proxy=proxy.url, max_retries=0)

    retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)

    assert proxy.uris == [JOB_URI]


def test_a_proxy_password_is_a_secret(proxy: Proxy) -> None:
    password = "proxy-pass-Qm7Lr2Xk9"
    host = proxy.url.removeprefix("http://")
    connect(API_KEY, base_url=PROXIED, proxy=f"http://alice:{password}@{host}")

    assert redact(f"proxy said {password}") == "proxy said [REDACTED]"


@pytest.mark.parametrize("bad", ["ftp://proxy.test:21", "http://[::1"])
def test_an_invalid_proxy_is_a_configuration_error(bad: str) -> None:
    with pytest.raises(ConfigurationError, match="proxy"):
        connect(API_KEY, base_url=PROXIED, proxy=bad)


def test_network_options_with_a_transport_are_refused() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200))
    with pytest.raises(ConfigurationError, match="transport= or http_client="):
        connect(API_KEY, proxy="http://127.0.0.1:1", transport=transport)
    with pytest.raises(ConfigurationError, match="bypass the retries"):
        connect(API_KEY, httpx_args={"mounts": {}})


# -- HTTP/2, TLS and pool limits --------------------------------------------------------


def _inner(client: Any) -> tuple[Any, Any]:
    """The sync and async transports below the retries (built on first use)."""
    retrying = client.get_httpx_client()._transport
    assert isinstance(retrying, RetryTransport)
    return retrying._shared_sync(), retrying._shared_async()


def test_http2_reaches_every_pool() -> None:
    sync, async_ = _inner(connect(API_KEY, http2=True))

    assert sync._pool._http2 is True
    assert all(shard._pool._http2 is True for shard in async_._shards)


def test_http2_is_off_by_default() -> None:
    sync, async_ = _inner(connect(API_KEY))

    assert sync._pool._http2 is False
    assert async_._shards[0]._pool._http2 is False


def test_http2_without_h2_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "h2", None)  # as if not installed

    with pytest.raises(MissingDependencyError, match=r"pip install 'openai-finetunes\[http2\]'"):
        connect(API_KEY, http2=True)


def test_verify_and_limits_reach_the_pools() -> None:
    context = ssl.create_default_context()
    limits = httpx.Limits(max_connections=8, max_keepalive_connections=2)
    sync, async_ = _inner(connect(API_KEY, verify=context, limits=limits))

    assert sync._pool._ssl_context is context
    assert sync._pool._max_connections == 8
    assert all(shard._pool._ssl_context is context for shard in async_._shards)
    assert sum(shard._pool._max_connections for shard in async_._shards) == 8


def test_verify_false_turns_certificate_checks_off() -> None:
    sync, async_ = _inner(connect(API_KEY, verify=False))

    assert sync._pool._ssl_context.verify_mode == ssl.CERT_NONE
    assert async_._shards[0]._pool._ssl_context.verify_mode == ssl.CERT_NONE


# -- an httpx client of the user's -----------------------------------------------------


class Recorder:
    """An httpx MockTransport handler: answers ``statuses`` in turn, then 200."""

    def __init__(self, *statuses: int) -> None:
        self.statuses = collections.deque(statuses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status = self.statuses.popleft() if self.statuses else 200
        return httpx.Response(status, json=p.job() if status == 200 else p.error("x", "y"))


def test_connect_http_client_keeps_auth_retries_and_its_settings() -> None:
    server = Recorder(500)
    user = httpx.Client(
        transport=httpx.MockTransport(server),
        headers={"X-Team": "support"},
        params={"team": "support"},
        timeout=7.0,
    )
    sleeps = SleepRecorder()
    client = connect(
        API_KEY,
        base_url=PROXIED,
        http_client=user,
        retry_policy=recording_policy(sleeps),
        default_query={"region": "eu"},
    )

    retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)

    assert len(server.requests) == 2
    assert len(sleeps.delays) == 1
    sent = server.requests[-1]
    assert sent.headers["authorization"] == f"Bearer {API_KEY}"
    assert sent.headers["x-team"] == "support"
    assert dict(sent.url.params) == {"team": "support", "region": "eu"}
    assert sent.extensions["timeout"]["read"] == 7.0  # its own timeout, not httpx's default
    assert "authorization" not in user.headers  # the user's client is not changed


async def test_connect_async_http_client_keeps_auth_and_retries() -> None:
    server = Recorder(503)
    user = httpx.AsyncClient(transport=httpx.MockTransport(server))
    sleeps = SleepRecorder()
    client = connect(
        API_KEY, base_url=PROXIED, http_client=user, retry_policy=recording_policy(sleeps)
    )

    await retrieve_fine_tuning_job.asyncio(p.JOB_ID, client=client)

    assert len(server.requests) == 2
    assert server.requests[-1].headers["authorization"] == f"Bearer {API_KEY}"


def test_connect_http_client_keeps_its_proxy_under_the_retries(proxy: Proxy) -> None:
    proxy.replies.extend([502])
    sleeps = SleepRecorder()
    client = connect(
        API_KEY,
        base_url=PROXIED,
        http_client=httpx.Client(proxy=proxy.url),
        retry_policy=recording_policy(sleeps),
    )

    assert retrieve_fine_tuning_job.sync(p.JOB_ID, client=client).id == p.JOB_ID
    assert proxy.uris == [JOB_URI] * 2


def test_clients_derived_from_an_http_client_share_it() -> None:
    server = Recorder()
    client = connect(
        API_KEY, base_url=PROXIED, http_client=httpx.Client(transport=httpx.MockTransport(server))
    )

    retrieve_fine_tuning_job.sync(p.JOB_ID, client=client.with_options(headers={"X-A": "1"}))

    assert server.requests[0].headers["x-a"] == "1"
    assert server.requests[0].headers["authorization"] == f"Bearer {API_KEY}"


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_set_httpx_client_keeps_auth_and_retries(kind: str) -> None:
    server = Recorder(500, 502)
    sleeps = SleepRecorder()
    client = connect(API_KEY, base_url=PROXIED, retry_policy=recording_policy(sleeps))
    if kind == "sync":
        user = httpx.Client(base_url=PROXIED, transport=httpx.MockTransport(server))
        client.set_httpx_client(user)
        retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)
        assert client.get_httpx_client() is user
    else:
        auser = httpx.AsyncClient(base_url=PROXIED, transport=httpx.MockTransport(server))
        client.set_async_httpx_client(auser)
        await retrieve_fine_tuning_job.asyncio(p.JOB_ID, client=client)
        assert client.get_async_httpx_client() is auser

    assert len(server.requests) == 3
    assert len(sleeps.delays) == 2
    assert all(r.headers["authorization"] == f"Bearer {API_KEY}" for r in server.requests)


# -- an http_client's hooks and auth stay with its kind of call ----------------------------


def _marking_auth(mark: str) -> Any:
    def auth(request: httpx.Request) -> httpx.Request:
        request.headers["X-Lent-Auth"] = mark
        return request

    return auth


async def test_a_sync_http_clients_hooks_and_auth_stay_on_sync_calls(
    origin: LoopbackServer,
) -> None:
    origin.reply(200, p.job())
    origin.reply(200, p.job())
    hooked: list[str] = []
    user = httpx.Client(
        event_hooks={"request": [lambda request: hooked.append(request.method)]},
        auth=_marking_auth("sync"),
    )
    client = connect(API_KEY, base_url=origin.base_url, http_client=user, max_retries=0)

    retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)
    # A sync hook given to the async client too made this a TypeError (None awaited).
    job = await retrieve_fine_tuning_job.asyncio(p.JOB_ID, client=client)

    assert job.id == p.JOB_ID
    assert hooked == ["GET"]  # the sync call only
    assert [r.headers.get("x-lent-auth") for r in origin.requests] == ["sync", None]
    assert all(r.headers["authorization"] == f"Bearer {API_KEY}" for r in origin.requests)


async def test_an_async_http_clients_hooks_and_auth_stay_on_async_calls(
    origin: LoopbackServer,
) -> None:
    origin.reply(200, p.job())
    origin.reply(200, p.job())
    hooked: list[str] = []

    async def hook(request: httpx.Request) -> None:
        hooked.append(request.method)

    user = httpx.AsyncClient(event_hooks={"request": [hook]}, auth=_marking_auth("async"))
    client = connect(API_KEY, base_url=origin.base_url, http_client=user, max_retries=0)

    await retrieve_fine_tuning_job.asyncio(p.JOB_ID, client=client)
    retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)  # an un-awaited coroutine before

    assert hooked == ["GET"]
    assert [r.headers.get("x-lent-auth") for r in origin.requests] == ["async", None]


def test_hooks_given_in_httpx_args_win_over_the_http_clients() -> None:
    server = Recorder()
    mine: list[str] = []
    user = httpx.Client(
        transport=httpx.MockTransport(server),
        event_hooks={"request": [lambda request: pytest.fail("the lent client's hook ran")]},
    )
    client = connect(
        API_KEY,
        base_url=PROXIED,
        http_client=user,
        httpx_args={"event_hooks": {"request": [lambda request: mine.append("x")]}},
    )

    retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)

    assert mine == ["x"]


async def test_an_http_clients_trust_env_false_keeps_environment_proxies_off(
    monkeypatch: pytest.MonkeyPatch, origin: LoopbackServer
) -> None:
    # The async calls of a client lent a sync httpx.Client go through connections built
    # by connect(): its trust_env=False must keep the environment's proxy off them too.
    monkeypatch.setenv("HTTP_PROXY", _refused_url())
    origin.reply(200, p.job())
    client = connect(
        API_KEY,
        base_url=origin.base_url,
        http_client=httpx.Client(trust_env=False),
        max_retries=0,
    )

    job = await retrieve_fine_tuning_job.asyncio(p.JOB_ID, client=client)

    assert job.id == p.JOB_ID
    assert len(origin.requests) == 1


# -- settings checked in connect() -------------------------------------------------------


def test_an_unreadable_ca_bundle_is_a_configuration_error_in_connect(tmp_path: Any) -> None:
    with pytest.raises(ConfigurationError, match=r"verify='.*missing\.pem'"):
        connect(API_KEY, verify=str(tmp_path / "missing.pem"))
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate\n")
    with pytest.raises(ConfigurationError, match=r"garbage\.pem"):
        connect(API_KEY, verify=str(garbage))


def test_an_unreadable_ssl_cert_file_is_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "nowhere.pem"))
    with pytest.raises(ConfigurationError, match="SSL_CERT_FILE="):
        connect(API_KEY)


def test_a_readable_ca_bundle_is_loaded_once_in_connect() -> None:
    import certifi

    sync, async_ = _inner(connect(API_KEY, verify=certifi.where()))

    assert sync._pool._ssl_context is async_._shards[0]._pool._ssl_context


@pytest.mark.parametrize("how", ["ALL_PROXY", "HTTPS_PROXY", "proxy="])
def test_a_socks_proxy_without_socksio_is_a_missing_dependency_in_connect(
    monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    monkeypatch.setitem(sys.modules, "socksio", None)  # as if not installed
    if how == "proxy=":
        arguments: dict[str, Any] = {"proxy": "socks5://127.0.0.1:1080"}
    else:
        monkeypatch.setenv(how, "socks5h://127.0.0.1:1080")
        arguments = {}

    with pytest.raises(MissingDependencyError, match=r"socksio.*pip install 'httpx\[socks\]'"):
        connect(API_KEY, **arguments)


def test_a_socks_proxy_is_not_checked_when_a_transport_serves_every_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "socksio", None)
    monkeypatch.setenv("ALL_PROXY", "socks5://127.0.0.1:1080")
    server = Recorder()

    client = connect(API_KEY, base_url=PROXIED, transport=httpx.MockTransport(server))

    assert retrieve_fine_tuning_job.sync(p.JOB_ID, client=client).id == p.JOB_ID
