"""ShardedAsyncPool spreads requests over small pools and releases each slot once read."""

from __future__ import annotations

import asyncio

import httpx

from openai_finetunes._pool import ShardedAsyncPool


async def test_requests_go_to_the_least_busy_shard(monkeypatch: object) -> None:
    pool = ShardedAsyncPool(httpx.Limits(max_connections=8), per_shard=4)
    assert len(pool._shards) == 2
    seen: list[int] = []

    def fake_shard(index: int) -> httpx.AsyncBaseTransport:
        class Shard(httpx.AsyncBaseTransport):
            async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
                seen.append(index)
                await asyncio.sleep(0.001)
                return httpx.Response(200, content=b"ok")

        return Shard()

    pool._shards = [fake_shard(0), fake_shard(1)]  # type: ignore[list-item]
    request = httpx.Request("GET", "http://pool.test/")
    responses = await asyncio.gather(*(pool.handle_async_request(request) for _ in range(8)))
    assert sorted(seen) == [0, 0, 0, 0, 1, 1, 1, 1]  # balanced while all are in flight
    assert all(r.content == b"ok" for r in responses)  # read before the slot is released
    assert pool._busy == [0, 0]


def test_shards_share_one_tls_context() -> None:
    # Each context loads the CA bundle (tens of ms): 25 of them made the first async
    # request of every client most of a second slower.
    pool = ShardedAsyncPool(httpx.Limits(max_connections=100))
    contexts = {id(shard._pool._ssl_context) for shard in pool._shards}  # type: ignore[attr-defined]
    assert len(pool._shards) == 25
    assert len(contexts) == 1
