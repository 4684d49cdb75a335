"""``connect()``: one configured client for every generated operation, sync and async."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Final

import httpx

from ._exceptions import ConfigurationError
from ._http import (
    Connections,
    ProxyTypes,
    VerifyTypes,
    as_timeout,
    proxy_routes,
    require_http2,
    transport_of,
)
from ._logs import setup_logging
from ._retry import RetryPolicy, RetryTransport
from ._secrets import remember_secret
from ._version import __version__
from .client import AuthenticatedClient

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_TIMEOUT", "connect"]

DEFAULT_BASE_URL = "https://api.openai.com/v1"
# Per-operation limits, not a total: a 512 MB upload may take minutes, but no single
# read or write should stall for more than a minute. Waiting for a pooled connection
# is not a failure when a thousand jobs are followed at once.
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0, pool=300.0)
DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)
# What httpx.Client(timeout=...) is when not given: an http_client's own timeout is kept
# unless it is this one (the official SDK's rule).
_HTTPX_DEFAULT_TIMEOUT: Final = httpx.Timeout(5.0)
# httpx_args that would put connections beside the retries rather than below them
# (``proxy``, ``verify``, ``http2`` and ``limits`` there are taken as the named arguments).
_BYPASSING_ARGS: Final = ("mounts", "transport", "cert")

setup_logging()  # OPENAI_LOG, once at import (connect() applies a later change)


def connect(
    api_key: str | None = None,
    *,
    base_url: str | None = None,
    organization: str | None = None,
    project: str | None = None,
    timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
    max_retries: int = 2,
    retry_policy: RetryPolicy | None = None,
    transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None,
    headers: Mapping[str, str] | None = None,
    default_query: Mapping[str, Any] | None = None,
    limits: httpx.Limits = DEFAULT_LIMITS,
    proxy: ProxyTypes | None = None,
    http2: bool = False,
    verify: VerifyTypes = True,
    http_client: httpx.Client | httpx.AsyncClient | None = None,
    httpx_args: Mapping[str, Any] | None = None,
) -> AuthenticatedClient:
    """Return a client configured like the official SDK, for sync and async calls.

    Unset arguments come from ``OPENAI_API_KEY``, ``OPENAI_BASE_URL`` (default
    ``https://api.openai.com/v1``), ``OPENAI_ORG_ID`` and ``OPENAI_PROJECT_ID``.
    ``transport`` replaces the network (for example the embedded fake service's
    transport); retries wrap it all the same.

    The connections honour ``HTTP_PROXY``/``HTTPS_PROXY``/``ALL_PROXY`` and ``NO_PROXY``
    as httpx does, unless ``proxy`` names one for every request; ``verify`` (``False``, a
    CA bundle path or an ``ssl.SSLContext``), ``http2`` (the ``http2`` extra) and
    ``limits`` configure them. Proxied or not, every request is retried and authenticated.

    ``http_client`` (an ``httpx.Client`` for sync calls or an ``httpx.AsyncClient`` for
    async ones) lends its connections: its transport and proxy mounts (so its pool, TLS
    and proxy settings), its headers, cookies, query, redirect and ``trust_env``
    settings, and its timeout unless it is httpx's default or ``timeout`` is given (not its
    base URL: ``base_url``/``OPENAI_BASE_URL`` decide where requests go). Its auth and
    event hooks apply to calls of its own kind only; calls of the other kind go through
    connections built here, without them. The SDK's headers (the key among them) and
    retries are added on top; ``http_client`` itself is not changed, and closing the SDK
    client closes its connections. ``default_query`` is added to every request's query
    string.

    Settings are checked here, not at the first request: a CA bundle that cannot be read
    is a ``ConfigurationError``, a SOCKS proxy without the ``socksio`` package a
    ``MissingDependencyError``.

    >>> from openai_finetunes import connect
    >>> from openai_finetunes.api.fine_tuning import retrieve_fine_tuning_job
    >>> client = connect("sk-test", base_url="http://127.0.0.1:8000/v1", max_retries=0)
    >>> client  # the key never appears  # doctest: +ELLIPSIS
    AuthenticatedClient(...base_url='http://127.0.0.1:8000/v1'...)
    >>> # job = retrieve_fine_tuning_job.sync("ftjob-abc123", client=client)
    """
    setup_logging()
    api_key = api_key if api_key is not None else os.environ.get("OPENAI_API_KEY")
    if not api_key:
        raise ConfigurationError(
            "No API key: pass api_key= to connect() or set the OPENAI_API_KEY environment variable."
        )
    remember_secret(api_key)  # hidden from then on, wherever a server echoes it
    base_url = base_url or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
    url = _parse_base_url(base_url)
    organization = organization or os.environ.get("OPENAI_ORG_ID")
    project = project or os.environ.get("OPENAI_PROJECT_ID")

    default_headers = {"User-Agent": f"openai-finetunes/{__version__}"}
    if organization:
        default_headers["OpenAI-Organization"] = organization
    if project:
        default_headers["OpenAI-Project"] = project
    default_headers.update(headers or {})

    extra = dict(httpx_args or {})
    for name in _BYPASSING_ARGS:
        if name in extra:
            raise ConfigurationError(
                f"httpx_args={{{name!r}: ...}} would bypass the retries: pass transport= or "
                "http_client= to connect() instead."
            )
    proxy = extra.pop("proxy", proxy)
    verify = extra.pop("verify", verify)
    http2 = bool(extra.pop("http2", http2))
    limits = extra.pop("limits", limits)
    if (transport is not None or http_client is not None) and (
        proxy is not None or http2 or verify is not True
    ):
        raise ConfigurationError(
            "proxy=, http2= and verify= configure the connections connect() builds: with "
            "transport= or http_client=, configure those instead."
        )
    if transport is not None and http_client is not None:
        raise ConfigurationError("pass transport= or http_client= to connect(), not both.")
    if http2:
        require_http2()

    sync_inner: httpx.BaseTransport | httpx.AsyncBaseTransport | None = transport
    async_inner: httpx.AsyncBaseTransport | None = None
    cookies: dict[str, str] = {}
    follow_redirects = False
    # An http_client's auth and event hooks go to the httpx client of its own kind only:
    # a sync hook cannot be awaited, and an async one is never called by a sync client.
    own_kind: dict[str, Any] = {}
    if http_client is not None:
        if isinstance(http_client, httpx.Client):
            sync_inner = transport_of(http_client)
        else:
            async_inner = transport_of(http_client)
        merged = httpx.Headers(http_client.headers)
        merged.pop("authorization", None)  # the SDK's key is the one sent
        merged.update(default_headers)
        default_headers = dict(merged)
        cookies = {cookie.name: cookie.value or "" for cookie in http_client.cookies.jar}
        follow_redirects = http_client.follow_redirects
        own_kind = {
            name: value
            for name, value in (
                ("auth", http_client.auth),
                ("event_hooks", http_client.event_hooks),
            )
            if name not in extra
        }
        extra = {
            "params": http_client.params,
            "max_redirects": http_client.max_redirects,
            "trust_env": http_client.trust_env,
            **extra,
        }
        if timeout is DEFAULT_TIMEOUT and http_client.timeout != _HTTPX_DEFAULT_TIMEOUT:
            timeout = http_client.timeout
    if default_query:
        extra["params"] = httpx.QueryParams(extra.get("params")).merge(dict(default_query))

    # After the http_client's settings: its trust_env=False keeps the environment's
    # proxies off the connections built here (those of the other kind of call).
    try:
        proxies = proxy_routes(proxy, trust_env=bool(extra.get("trust_env", True)))
    except (ValueError, httpx.InvalidURL) as error:
        raise ConfigurationError(f"Invalid proxy: {error}") from None
    for route in proxies.values():
        if route is not None and route.auth is not None:
            remember_secret(route.auth[1])  # a proxy password is a secret too
    connections = Connections(limits=limits, verify=verify, http2=http2, proxies=proxies)
    # Connections are built here unless a transport serves both kinds of call (the fake's):
    # an unreadable CA bundle or a SOCKS proxy without socksio is found now, not at the
    # first request.
    if not (
        isinstance(transport, httpx.BaseTransport)
        and isinstance(transport, httpx.AsyncBaseTransport)
    ):
        connections.check(from_environment=proxy is None)

    if retry_policy is None:
        retry_policy = RetryPolicy(max_retries=max_retries)
    retrying = RetryTransport(
        retry_policy,
        transport=sync_inner,
        async_transport=async_inner,
        transport_factory=connections.sync_transport,
        async_transport_factory=connections.async_transport,
        # Only the network pool needs the gate; a user's transport (the fake) has none.
        max_concurrency=limits.max_connections
        if transport is None and async_inner is None
        else None,
    )
    return AuthenticatedClient(
        base_url=str(url).rstrip("/"),
        token=api_key,
        headers=default_headers,
        cookies=cookies,
        timeout=as_timeout(timeout),
        follow_redirects=follow_redirects,
        httpx_args={**extra, "transport": retrying},
        sync_httpx_args=own_kind if isinstance(http_client, httpx.Client) else {},
        async_httpx_args=own_kind if isinstance(http_client, httpx.AsyncClient) else {},
    )


def _parse_base_url(base_url: str) -> httpx.URL:
    problem = f"Invalid base URL {base_url!r}: expected http(s)://host[:port][/path]."
    if any(char.isspace() for char in base_url):
        raise ConfigurationError(problem)
    try:
        url = httpx.URL(base_url)
        port = url.port
    except (httpx.InvalidURL, ValueError) as error:
        raise ConfigurationError(f"{problem} ({error})") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError(problem)
    if port is not None and not 0 < port < 65536:
        raise ConfigurationError(f"{problem} (port {port} is out of range)")
    return url
