"""The generated client's httpx clients: cookies kept, the jar consulted only when set."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from openai_finetunes import connect
from openai_finetunes._http import AsyncHTTPClient, HTTPClient
from openai_finetunes.api.fine_tuning import retrieve_fine_tuning_job
from tests import payloads as p


class CookieServer:
    """Sets a cookie on the first answer; records the Cookie header of every request."""

    def __init__(self) -> None:
        self.sent: list[str | None] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request.headers.get("cookie"))
        headers = {"set-cookie": "__cf_bm=abc123; Path=/"} if len(self.sent) == 1 else {}
        return httpx.Response(200, json=p.job(), headers=headers)


@pytest.fixture
def jar_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts how often httpx's own cookie extraction runs."""
    calls: list[int] = []
    real = httpx.Cookies.extract_cookies

    def counting(self: httpx.Cookies, response: httpx.Response) -> None:
        calls.append(response.status_code)
        real(self, response)

    monkeypatch.setattr(httpx.Cookies, "extract_cookies", counting)
    return calls


def test_a_cookie_the_server_sets_is_sent_back(jar_calls: list[int]) -> None:
    server = CookieServer()
    client = connect(
        "sk-test", base_url="http://api.test/v1", transport=httpx.MockTransport(server)
    )
    for _ in range(3):
        retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)
    assert isinstance(client.get_httpx_client(), HTTPClient)
    assert server.sent == [None, "__cf_bm=abc123", "__cf_bm=abc123"]
    assert jar_calls == [200]  # the jar only saw the answer that set a cookie


async def test_async_client_keeps_cookies_the_same_way(jar_calls: list[int]) -> None:
    server = CookieServer()
    client = connect(
        "sk-test", base_url="http://api.test/v1", transport=httpx.MockTransport(server)
    )
    for _ in range(3):
        await retrieve_fine_tuning_job.asyncio(p.JOB_ID, client=client)
    assert isinstance(client.get_async_httpx_client(), AsyncHTTPClient)
    assert server.sent == [None, "__cf_bm=abc123", "__cf_bm=abc123"]
    assert jar_calls == [200]


def test_cookies_given_or_set_later_are_sent() -> None:
    seen: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("cookie"))
        return httpx.Response(200, json=p.job())

    with HTTPClient(
        base_url="http://api.test", cookies={"a": "1"}, transport=httpx.MockTransport(handler)
    ) as http:
        http.get("/")
        http.cookies = {"b": "2"}
        http.get("/")
    assert seen == ["a=1", "b=2"]
