"""ShardedAsyncPool spreads requests over small pools and releases each slot once read."""

from __future__ import annotations

import asyncio
import io

import httpx

from openai_finetunes._pool import WRITE_BYTES, ShardedAsyncPool


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


class _Capture(httpx.AsyncBaseTransport):
    """A shard that records the body pieces as they would be written to the socket."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        async for piece in request.stream:  # type: ignore[union-attr]
            self.writes.append(piece)
        return httpx.Response(200, content=b"ok")


def _pool_with(shard: httpx.AsyncBaseTransport) -> ShardedAsyncPool:
    pool = ShardedAsyncPool(httpx.Limits(max_connections=4))
    pool._shards = [shard]  # type: ignore[list-item]
    pool._busy = [0]
    return pool


async def test_a_small_multipart_body_is_written_at_once() -> None:
    capture = _Capture()
    request = httpx.Request(
        "POST",
        "http://pool.test/v1/files",
        files={"file": ("train.jsonl", b'{"messages": []}\n' * 10, "text/jsonl")},
        data={"purpose": "fine-tune"},
    )
    expected = b"".join(request.stream)  # type: ignore[union-attr]
    assert len(list(request.stream)) > 5  # type: ignore[arg-type]  # httpx renders many pieces
    await _pool_with(capture).handle_async_request(request)
    assert capture.writes == [expected]


async def test_a_large_body_keeps_its_bytes_and_bounded_writes() -> None:
    capture = _Capture()
    content = bytes(range(256)) * 1500  # 375 KiB: several file chunks plus small pieces
    request = httpx.Request(
        "POST", "http://pool.test/v1/files", files={"file": ("big.jsonl", io.BytesIO(content))}
    )
    expected = b"".join(request.stream)  # type: ignore[union-attr]
    await _pool_with(capture).handle_async_request(request)
    assert b"".join(capture.writes) == expected
    assert max(len(w) for w in capture.writes) <= WRITE_BYTES
    assert len(capture.writes) <= len(expected) // WRITE_BYTES + 2


async def test_a_byte_body_is_passed_as_it_is() -> None:
    seen: list[httpx.Request] = []

    class Shard(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return httpx.Response(200)

    request = httpx.Request("POST", "http://pool.test/v1/fine_tuning/jobs", json={"a": 1})
    await _pool_with(Shard()).handle_async_request(request)
    assert seen == [request]
