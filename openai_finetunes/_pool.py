"""An async connection pool made of several small httpcore pools.

httpcore's pool does O(connections²) bookkeeping each time a request starts or ends (for
every idle connection it re-counts all of them). With a hundred connections serving a
thousand followed jobs, that bookkeeping was most of the client's CPU. Several pools of a
few connections each keep it near-constant; requests go to the least busy one.

Streamed request bodies are also joined into fewer, larger writes: httpx renders a
multipart body as a dozen small pieces, and every piece costs a system call and a trip
through httpcore and anyio.
"""

from __future__ import annotations

import functools
import math
import ssl
from collections.abc import AsyncIterator
from typing import Final

import httpx

from ._retry import STREAM, release_on_close

__all__ = ["ShardedAsyncPool"]

CONNECTIONS_PER_SHARD: Final = 4
WRITE_BYTES: Final = 64 * 1024  # httpx reads files in 64 KiB chunks: those pass as they are


class _CoalescedBody(httpx.AsyncByteStream):
    """``stream``'s pieces joined into writes of up to ``WRITE_BYTES``, in order."""

    def __init__(self, stream: httpx.AsyncByteStream) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        pending: list[bytes] = []
        size = 0
        async for piece in self._stream:
            if pending and size + len(piece) > WRITE_BYTES:
                yield b"".join(pending)
                pending, size = [], 0
            if len(piece) >= WRITE_BYTES:
                yield piece
            elif piece:
                pending.append(piece)
                size += len(piece)
        if pending:
            yield b"".join(pending)

    async def aclose(self) -> None:
        await self._stream.aclose()


def _coalesced(request: httpx.Request) -> httpx.Request:
    stream = request.stream
    if isinstance(stream, httpx.ByteStream) or not isinstance(stream, httpx.AsyncByteStream):
        return request  # already one piece (or not async-iterable: let httpx complain)
    return httpx.Request(
        request.method,
        request.url,
        headers=request.headers,
        stream=_CoalescedBody(stream),
        extensions=request.extensions,
    )


class ShardedAsyncPool(httpx.AsyncBaseTransport):
    """``limits.max_connections`` connections, spread over pools of a few each.

    Callers must bound concurrency to ``max_connections`` (``RetryTransport`` does), so a
    shard never has to queue. Each response is read before its slot is released, except
    a streamed one (``STREAM``), whose slot is released when its body is closed.
    """

    def __init__(
        self,
        limits: httpx.Limits,
        per_shard: int = CONNECTIONS_PER_SHARD,
        *,
        verify: ssl.SSLContext | None = None,
        http2: bool = False,
        proxy: httpx.Proxy | None = None,
    ) -> None:
        total = limits.max_connections or 100
        count = max(1, math.ceil(total / per_shard))
        size = math.ceil(total / count)
        keepalive = limits.max_keepalive_connections
        shard_limits = httpx.Limits(
            max_connections=size,
            max_keepalive_connections=size
            if keepalive is None
            else max(1, math.ceil(keepalive / count)),
            keepalive_expiry=limits.keepalive_expiry,
        )
        # One TLS context for all shards: building one loads the CA bundle (tens of ms).
        tls = verify if verify is not None else httpx.create_ssl_context()
        self._shards = [
            httpx.AsyncHTTPTransport(limits=shard_limits, verify=tls, http2=http2, proxy=proxy)
            for _ in range(count)
        ]
        self._busy = [0] * count

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        index = min(range(len(self._shards)), key=self._busy.__getitem__)
        self._busy[index] += 1
        held = False
        try:
            response = await self._shards[index].handle_async_request(_coalesced(request))
            if request.extensions.get(STREAM) and response.status_code < 400:
                release_on_close(response, functools.partial(self._release, index))
                held = True
                return response
            try:
                await response.aread()  # the connection goes back to its shard here
            except BaseException:
                await response.aclose()
                raise
            return response
        finally:
            if not held:
                self._release(index)

    def _release(self, index: int) -> None:
        self._busy[index] -= 1

    async def aclose(self) -> None:
        for shard in self._shards:
            await shard.aclose()
