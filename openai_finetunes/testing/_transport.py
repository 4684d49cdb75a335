"""The in-process way in: an httpx transport (sync and async) over the fake, no sockets."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import httpx

from ._blob import Blob, BlobWriter
from ._routes import FakeRequest, FakeResponse
from ._streams import BodyReader, IteratorReader

if TYPE_CHECKING:
    from ._fake import FakeOpenAI

__all__ = ["FakeTransport"]


class _BlobStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A download's body, streamed from the stored blob in chunks."""

    def __init__(self, blob: Blob) -> None:
        self._blob = blob

    def __iter__(self) -> Iterator[bytes]:
        yield from self._blob.iter_chunks()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._blob.iter_chunks():
            yield chunk


class FakeTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Usable as both ``transport=`` of ``httpx.Client`` and of ``httpx.AsyncClient``.

    Faults surface as httpx would report them from a real socket: a dropped or lost
    answer raises ``httpx.RemoteProtocolError``, a slow one ``httpx.ReadTimeout``.

    >>> fake = FakeOpenAI()  # doctest: +SKIP
    >>> httpx.Client(transport=fake.transport(), base_url=fake.base_url)  # doctest: +SKIP
    """

    def __init__(self, fake: FakeOpenAI) -> None:
        self._fake = fake

    def __repr__(self) -> str:
        return "FakeTransport()"

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        stream = request.stream
        if isinstance(stream, httpx.SyncByteStream):
            reader = IteratorReader(stream)
        else:  # pragma: no cover - httpx always gives sync clients a sync stream
            reader = IteratorReader([request.read()])
        return self._respond(request, self._fake.handle(self._request(request, reader)))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        # The core handler reads synchronously: spool the body first (memory, then disk).
        writer = BlobWriter()
        stream = request.stream
        if isinstance(stream, httpx.AsyncByteStream):
            async for chunk in stream:
                writer.write(chunk)
        else:  # pragma: no cover
            writer.write(request.read())
        blob = writer.finish()
        try:
            with blob.open() as body:
                response = self._fake.handle(self._request(request, body))
        finally:
            blob.close()
        return self._respond(request, response)

    @staticmethod
    def _request(request: httpx.Request, body: BodyReader) -> FakeRequest:
        target = request.url.raw_path.decode("ascii")
        headers = {
            name.decode("latin-1"): value.decode("latin-1") for name, value in request.headers.raw
        }
        return FakeRequest.build(request.method, target, headers, body)

    @staticmethod
    def _respond(request: httpx.Request, response: FakeResponse) -> httpx.Response:
        if response.fault in ("drop", "applied_then_lost"):
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        if response.fault == "slow":
            raise httpx.ReadTimeout("The read operation timed out", request=request)
        if isinstance(response.content, Blob):
            return httpx.Response(
                response.status,
                headers=response.headers,
                stream=_BlobStream(response.content),
                request=request,
            )
        return httpx.Response(
            response.status, headers=response.headers, content=response.content, request=request
        )
