import ssl
from collections.abc import Mapping
from typing import Any, Self

import httpx
from attrs import define, evolve, field

# openai-finetunes: httpx clients that skip the cookie jar for responses setting no cookie;
# derived clients (with_options) and adopted httpx clients (set_httpx_client).
from ._http import NOT_GIVEN, AsyncHTTPClient, HTTPClient, NotGiven, adopt, changed_options


@define
class Client:
    """A class for keeping track of data related to the API

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL

        ``cookies``: A dictionary of cookies to be sent with every request

        ``headers``: A dictionary of headers to be sent with every request

        ``timeout``: The maximum amount of a time a request can take. API functions will raise
        httpx.TimeoutException if this is exceeded.

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False.

        ``httpx_args``: A dictionary of additional arguments to be passed to the ``httpx.Client`` and ``httpx.AsyncClient`` constructor.

        ``sync_httpx_args``, ``async_httpx_args``: Arguments for the ``httpx.Client`` only, or the ``httpx.AsyncClient``
        only, over ``httpx_args`` (what is sync or async by nature: an ``http_client``'s auth and event hooks).


    Attributes:
        raise_on_unexpected_status: Whether or not to raise an errors.UnexpectedStatus if the API returns a
            status code that was not documented in the source OpenAPI document. Can also be provided as a keyword
            argument to the constructor.
    """

    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    _base_url: str = field(alias="base_url")
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies")
    # openai-finetunes: headers carry the Authorization header once a client is built: keep them out of repr.
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers", repr=False)
    _timeout: httpx.Timeout | None = field(default=None, kw_only=True, alias="timeout")
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args", repr=False)
    # openai-finetunes: arguments for one kind of httpx client only (a sync event hook cannot be awaited).
    _sync_httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="sync_httpx_args", repr=False)
    _async_httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="async_httpx_args", repr=False)
    _client: httpx.Client | None = field(default=None, init=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False)

    # openai-finetunes: every with_* returns a new client and leaves this one (and the httpx
    # clients it has built) as it is; the new one builds its own httpx clients over the same
    # connections.
    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
        query: Mapping[str, Any] | None = None,
    ) -> "Client":
        """Get a new client matching this one with some options changed; this one is unchanged

        ``timeout`` (seconds or an ``httpx.Timeout``; ``None``: no limit) replaces this client's;
        ``max_retries`` gives it its own retry policy (a client made by ``connect()``);
        ``headers`` and ``query`` (sent with every request) are merged over this client's.
        Connections are shared, so a derived client per call is cheap.
        """
        return evolve(
            self,
            **changed_options(
                self._headers,
                self._httpx_args,
                timeout=timeout,
                max_retries=max_retries,
                headers=headers,
                query=query,
            ),
        )

    def with_headers(self, headers: dict[str, str]) -> "Client":
        """Get a new client matching this one with additional headers; this one is unchanged"""
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> "Client":
        """Get a new client matching this one with additional cookies; this one is unchanged"""
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout) -> "Client":
        """Get a new client matching this one with a new timeout configuration; this one is unchanged"""
        return evolve(self, timeout=timeout)

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client

        **NOTE**: The client keeps its own cookies, timeout and connections, but gains this client's headers
        (the authentication header among them) and, with a client made by ``connect()``, its retries: both are
        applied to ``client`` in place. Clients derived later (``with_options``) build their own; to share an
        httpx client with them, pass it to ``connect(http_client=...)``.
        """
        self._client = adopt(client, headers=self._headers, transport=self._httpx_args.get("transport"))
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        if self._client is None:
            self._client = HTTPClient(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._headers,
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **{**self._httpx_args, **self._sync_httpx_args},
            )
        return self._client

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient

        **NOTE**: As for ``set_httpx_client``: the client gains this client's headers (authentication included)
        and retries, in place, and keeps its own cookies, timeout and connections.
        """
        self._async_client = adopt(async_client, headers=self._headers, transport=self._httpx_args.get("transport"))
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        if self._async_client is None:
            self._async_client = AsyncHTTPClient(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._headers,
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **{**self._httpx_args, **self._async_httpx_args},
            )
        return self._async_client

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)


@define
class AuthenticatedClient:
    """A Client which has been authenticated for use on secured endpoints

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL

        ``cookies``: A dictionary of cookies to be sent with every request

        ``headers``: A dictionary of headers to be sent with every request

        ``timeout``: The maximum amount of a time a request can take. API functions will raise
        httpx.TimeoutException if this is exceeded.

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False.

        ``httpx_args``: A dictionary of additional arguments to be passed to the ``httpx.Client`` and ``httpx.AsyncClient`` constructor.

        ``sync_httpx_args``, ``async_httpx_args``: Arguments for the ``httpx.Client`` only, or the ``httpx.AsyncClient``
        only, over ``httpx_args`` (what is sync or async by nature: an ``http_client``'s auth and event hooks).


    Attributes:
        raise_on_unexpected_status: Whether or not to raise an errors.UnexpectedStatus if the API returns a
            status code that was not documented in the source OpenAPI document. Can also be provided as a keyword
            argument to the constructor.
        token: The token to use for authentication (never shown in repr)
        prefix: The prefix to use for the Authorization header
        auth_header_name: The name of the Authorization header
    """

    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    _base_url: str = field(alias="base_url")
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies")
    # openai-finetunes: headers carry the Authorization header once a client is built: keep them out of repr.
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers", repr=False)
    _timeout: httpx.Timeout | None = field(default=None, kw_only=True, alias="timeout")
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args", repr=False)
    # openai-finetunes: arguments for one kind of httpx client only (a sync event hook cannot be awaited).
    _sync_httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="sync_httpx_args", repr=False)
    _async_httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="async_httpx_args", repr=False)
    _client: httpx.Client | None = field(default=None, init=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False)

    token: str = field(repr=False)
    prefix: str = "Bearer"
    auth_header_name: str = "Authorization"

    # openai-finetunes: every with_* returns a new client and leaves this one (and the httpx
    # clients it has built) as it is; the new one builds its own httpx clients over the same
    # connections.
    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
        query: Mapping[str, Any] | None = None,
    ) -> "AuthenticatedClient":
        """Get a new client matching this one with some options changed; this one is unchanged

        ``timeout`` (seconds or an ``httpx.Timeout``; ``None``: no limit) replaces this client's;
        ``max_retries`` gives it its own retry policy (a client made by ``connect()``);
        ``headers`` and ``query`` (sent with every request) are merged over this client's.
        Connections are shared, so a derived client per call is cheap.
        """
        return evolve(
            self,
            **changed_options(
                self._headers,
                self._httpx_args,
                timeout=timeout,
                max_retries=max_retries,
                headers=headers,
                query=query,
            ),
        )

    def with_headers(self, headers: dict[str, str]) -> "AuthenticatedClient":
        """Get a new client matching this one with additional headers; this one is unchanged"""
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> "AuthenticatedClient":
        """Get a new client matching this one with additional cookies; this one is unchanged"""
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout) -> "AuthenticatedClient":
        """Get a new client matching this one with a new timeout configuration; this one is unchanged"""
        return evolve(self, timeout=timeout)

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client

        **NOTE**: The client keeps its own cookies, timeout and connections, but gains this client's headers
        (the authentication header among them) and, with a client made by ``connect()``, its retries: both are
        applied to ``client`` in place. Clients derived later (``with_options``) build their own; to share an
        httpx client with them, pass it to ``connect(http_client=...)``.
        """
        self._headers[self.auth_header_name] = f"{self.prefix} {self.token}" if self.prefix else self.token
        self._client = adopt(client, headers=self._headers, transport=self._httpx_args.get("transport"))
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        if self._client is None:
            self._headers[self.auth_header_name] = f"{self.prefix} {self.token}" if self.prefix else self.token
            self._client = HTTPClient(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._headers,
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **{**self._httpx_args, **self._sync_httpx_args},
            )
        return self._client

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient

        **NOTE**: As for ``set_httpx_client``: the client gains this client's headers (authentication included)
        and retries, in place, and keeps its own cookies, timeout and connections.
        """
        self._headers[self.auth_header_name] = f"{self.prefix} {self.token}" if self.prefix else self.token
        self._async_client = adopt(async_client, headers=self._headers, transport=self._httpx_args.get("transport"))
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        if self._async_client is None:
            self._headers[self.auth_header_name] = f"{self.prefix} {self.token}" if self.prefix else self.token
            self._async_client = AsyncHTTPClient(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._headers,
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **{**self._httpx_args, **self._async_httpx_args},
            )
        return self._async_client

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)
