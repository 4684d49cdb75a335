"""The httpx clients that the generated client builds, and the connections below them.

httpx hands every response to its cookie jar, wrapping request and response in urllib's
compatibility shims first, whether or not the response sets a cookie. That was 7% of the
CPU of a thousand jobs followed at once. These clients keep the jar (a cookie the server
sets is stored and sent back as before) but only consult it for responses that carry a
``Set-Cookie`` header.

Below the clients: `Connections` (the pools ``connect()`` builds, with proxies, TLS and
HTTP/2, all under the retries), `adopt` (an httpx client set by the user gains the
headers and retries) and `changed_options` (what ``with_options()`` changes).
"""

from __future__ import annotations

import importlib
import os
import ssl
from collections.abc import Callable, Mapping
from http.cookiejar import CookieJar
from typing import Any, Final, Generic, TypeAlias, TypeVar, overload

import attrs
import httpx

# Private in httpx (<1), and exactly what httpx.Client uses to read proxies: kept identical.
from httpx._utils import URLPattern, get_environment_proxies

from ._exceptions import ConfigurationError, MissingDependencyError
from ._pool import ShardedAsyncPool
from ._retry import RetryTransport

__all__ = [
    "NOT_GIVEN",
    "AsyncHTTPClient",
    "AsyncRoutedTransport",
    "Connections",
    "HTTPClient",
    "NotGiven",
    "RoutedTransport",
    "adopt",
    "as_timeout",
    "changed_options",
    "proxy_routes",
    "require_http2",
    "transport_of",
]

T = TypeVar("T")
C = TypeVar("C", httpx.Client, httpx.AsyncClient)
#: The connect timeout a plain number of seconds is capped at.
CONNECT_TIMEOUT: Final = 10.0

CookieTypes: TypeAlias = httpx.Cookies | CookieJar | dict[str, str] | list[tuple[str, str]]


class _Cookies(httpx.Cookies):
    def extract_cookies(self, response: httpx.Response) -> None:
        if "set-cookie" in response.headers:
            super().extract_cookies(response)


class _CookiesWhenSet:
    """Replaces httpx's ``cookies`` (one jar per client, as before) with ``_Cookies``."""

    def __init__(self, *, cookies: CookieTypes | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_cookies = _Cookies(cookies)

    @property
    def cookies(self) -> httpx.Cookies:
        return self._set_cookies

    @cookies.setter
    def cookies(self, cookies: CookieTypes) -> None:
        self._set_cookies = _Cookies(cookies)


class HTTPClient(_CookiesWhenSet, httpx.Client):
    """``httpx.Client`` that reads cookies only from responses that set one."""


class AsyncHTTPClient(_CookiesWhenSet, httpx.AsyncClient):
    """``httpx.AsyncClient`` that reads cookies only from responses that set one."""


# -- connections: proxies, TLS, HTTP/2 --------------------------------------------------

ProxyTypes: TypeAlias = str | httpx.URL | httpx.Proxy
VerifyTypes: TypeAlias = bool | str | ssl.SSLContext


def proxy_routes(
    proxy: ProxyTypes | None, *, trust_env: bool = True
) -> dict[str, httpx.Proxy | None]:
    """URL pattern -> proxy (``None``: connect directly), as ``httpx.Client`` builds it.

    An explicit ``proxy`` takes every request; otherwise, with ``trust_env``, the
    environment's ``HTTP_PROXY``/``HTTPS_PROXY``/``ALL_PROXY``, with ``NO_PROXY`` exempting
    hosts (read now, as httpx reads them when a client is built).
    """
    if proxy is not None:
        return {"all://": proxy if isinstance(proxy, httpx.Proxy) else httpx.Proxy(url=proxy)}
    if not trust_env:
        return {}
    return {
        pattern: None if url is None else httpx.Proxy(url=url)
        for pattern, url in get_environment_proxies().items()
    }


class _Routes(Generic[T]):
    """httpx's mounts, below the retries: each request goes through the transport of the
    most specific URL pattern it matches (``None``: the default), else the default."""

    def __init__(self, default: T, routes: Mapping[URLPattern, T | None]) -> None:
        self._default = default
        self._routes = sorted(routes.items())  # most specific first, as httpx orders them

    def _pick(self, url: httpx.URL) -> T:
        for pattern, transport in self._routes:
            if pattern.matches(url):
                return self._default if transport is None else transport
        return self._default

    def _transports(self) -> list[T]:
        found = [self._default, *(t for _, t in self._routes if t is not None)]
        return list({id(t): t for t in found}.values())


class RoutedTransport(_Routes[httpx.BaseTransport], httpx.BaseTransport):
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._pick(request.url).handle_request(request)

    def close(self) -> None:
        for transport in self._transports():
            transport.close()


class AsyncRoutedTransport(_Routes[httpx.AsyncBaseTransport], httpx.AsyncBaseTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._pick(request.url).handle_async_request(request)

    async def aclose(self) -> None:
        for transport in self._transports():
            await transport.aclose()


@overload
def transport_of(client: httpx.Client) -> httpx.BaseTransport: ...
@overload
def transport_of(client: httpx.AsyncClient) -> httpx.AsyncBaseTransport: ...
def transport_of(
    client: httpx.Client | httpx.AsyncClient,
) -> httpx.BaseTransport | httpx.AsyncBaseTransport:
    """Everything ``client`` sends through: its transport and its mounts (proxies)."""
    if isinstance(client, httpx.Client):
        sync_mounts = client._mounts
        if not sync_mounts:
            return client._transport
        return RoutedTransport(client._transport, sync_mounts)
    async_mounts = client._mounts
    if not async_mounts:
        return client._transport
    return AsyncRoutedTransport(client._transport, async_mounts)


@attrs.define(kw_only=True)
class Connections:
    """The connections ``connect()`` builds: pool limits, TLS, HTTP/2 and proxies.

    Retries wrap these transports, so a proxied request is retried like any other (httpx
    would otherwise put its proxy mounts beside the retrying transport, not below it).
    """

    limits: httpx.Limits
    verify: VerifyTypes = True
    http2: bool = False
    proxies: dict[str, httpx.Proxy | None] = attrs.field(factory=dict)
    _tls: ssl.SSLContext | None = attrs.field(default=None, init=False)

    def _tls_context(self) -> ssl.SSLContext:
        # One context for every pool: building one loads the CA bundle (tens of ms).
        if self._tls is None:
            verify = self.verify
            if isinstance(verify, ssl.SSLContext):
                self._tls = verify
            elif isinstance(verify, str):  # a CA bundle file or directory
                self._tls = (
                    ssl.create_default_context(capath=verify)
                    if os.path.isdir(verify)
                    else ssl.create_default_context(cafile=verify)
                )
            else:
                self._tls = httpx.create_ssl_context(verify=verify)
        return self._tls

    def check(self, *, from_environment: bool) -> None:
        """Build the TLS context and check that the proxies can be used, so that a bad
        setting fails in ``connect()`` rather than at the first request.

        Raises `ConfigurationError` for a CA bundle that cannot be loaded and
        `MissingDependencyError` for a SOCKS proxy without ``socksio`` (``from_environment``:
        the proxies came from ``ALL_PROXY``/``HTTPS_PROXY``/``HTTP_PROXY``).
        """
        try:
            self._tls_context()
        except (OSError, ValueError) as error:  # ssl.SSLError is an OSError
            verify = self.verify
            where = f"verify={verify!r}" if isinstance(verify, str) else _default_bundle()
            reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
            raise ConfigurationError(
                f"cannot load the CA certificates of {where}: {reason}"
            ) from error
        socks = sorted(
            {
                f"{proxy.url.scheme}://{proxy.url.host}"
                for proxy in self.proxies.values()
                if proxy is not None and proxy.url.scheme in ("socks5", "socks5h")
            }
        )
        if socks:
            try:
                importlib.import_module("socksio")
            except ImportError:
                source = (
                    "the environment (ALL_PROXY/HTTPS_PROXY/HTTP_PROXY)"
                    if from_environment
                    else "proxy="
                )
                raise MissingDependencyError(
                    f"the SOCKS proxy {', '.join(socks)} from {source} needs the socksio "
                    "package: pip install 'httpx[socks]'"
                ) from None

    def sync_transport(self) -> httpx.BaseTransport:
        def pool(proxy: httpx.Proxy | None) -> httpx.BaseTransport:
            return httpx.HTTPTransport(
                verify=self._tls_context(), http2=self.http2, limits=self.limits, proxy=proxy
            )

        return self._routed(pool, RoutedTransport)

    def async_transport(self) -> httpx.AsyncBaseTransport:
        def pool(proxy: httpx.Proxy | None) -> httpx.AsyncBaseTransport:
            return ShardedAsyncPool(
                self.limits, verify=self._tls_context(), http2=self.http2, proxy=proxy
            )

        return self._routed(pool, AsyncRoutedTransport)

    def _routed(
        self,
        pool: Callable[[httpx.Proxy | None], T],
        routed: Callable[[T, dict[URLPattern, T | None]], T],
    ) -> T:
        default = pool(None)
        if not self.proxies:
            return default
        return routed(
            default,
            {
                URLPattern(pattern): None if proxy is None else pool(proxy)
                for pattern, proxy in self.proxies.items()
            },
        )


def _default_bundle() -> str:
    """Where ``verify=True`` reads its CA certificates from (as httpx chooses)."""
    for variable in ("SSL_CERT_FILE", "SSL_CERT_DIR"):
        if os.environ.get(variable):
            return f"{variable}={os.environ[variable]!r}"
    return "the default CA bundle (certifi)"


def require_http2() -> None:
    """Raise `MissingDependencyError` unless the ``h2`` package (HTTP/2) is installed."""
    try:
        importlib.import_module("h2")
    except ImportError:
        raise MissingDependencyError(
            "http2=True needs the h2 package: pip install 'openai-finetunes[http2]'"
        ) from None


# -- options of a derived client ------------------------------------------------------


class NotGiven:
    """An argument left out (``None`` is a value: for a timeout it means none)."""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()


def as_timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout | None:
    """``timeout`` as an ``httpx.Timeout``: seconds bound every phase, connecting to at most
    ``CONNECT_TIMEOUT``; ``None`` waits without limit."""
    if timeout is None or isinstance(timeout, httpx.Timeout):
        return timeout
    return httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT))


def changed_options(
    current_headers: Mapping[str, str],
    httpx_args: Mapping[str, Any],
    *,
    timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    max_retries: int | None = None,
    headers: Mapping[str, str] | None = None,
    query: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The ``attrs.evolve`` changes for ``with_options()``: new values, never mutations.

    ``max_retries`` gives the derived client its own retry policy over the same
    connections; it needs the retrying transport of ``connect()``.
    """
    changes: dict[str, Any] = {}
    if not isinstance(timeout, NotGiven):
        changes["timeout"] = as_timeout(timeout)
    if headers:
        changes["headers"] = {**current_headers, **headers}
    args = dict(httpx_args)
    if query:
        args["params"] = httpx.QueryParams(args.get("params")).merge(dict(query))
    if max_retries is not None:
        transport = args.get("transport")
        if not isinstance(transport, RetryTransport):
            raise ConfigurationError(
                "with_options(max_retries=...) needs a client made by connect(): "
                "this client has no retrying transport."
            )
        args["transport"] = transport.with_policy(
            attrs.evolve(transport.policy, max_retries=max_retries)
        )
    if args != httpx_args:
        changes["httpx_args"] = args
    return changes


def adopt(client: C, *, headers: Mapping[str, str], transport: object) -> C:
    """``client``, set by the user, made to send ``headers`` (the auth header among them)
    and, when ``transport`` is a `RetryTransport`, to retry with its policy.

    The client is changed in place: its transport and proxy mounts go under the retries.
    """
    client.headers.update(headers)
    if isinstance(transport, RetryTransport) and not isinstance(client._transport, RetryTransport):
        if isinstance(client, httpx.Client):
            client._transport = RetryTransport(transport.policy, transport=transport_of(client))
            client._mounts = {}
        else:
            client._transport = RetryTransport(
                transport.policy, async_transport=transport_of(client)
            )
            client._mounts = {}
    return client
