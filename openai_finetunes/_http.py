"""The httpx clients that the generated client builds.

httpx hands every response to its cookie jar, wrapping request and response in urllib's
compatibility shims first, whether or not the response sets a cookie. That was 7% of the
CPU of a thousand jobs followed at once. These clients keep the jar (a cookie the server
sets is stored and sent back as before) but only consult it for responses that carry a
``Set-Cookie`` header.
"""

from __future__ import annotations

from http.cookiejar import CookieJar
from typing import Any, TypeAlias

import httpx

__all__ = ["AsyncHTTPClient", "HTTPClient"]

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
