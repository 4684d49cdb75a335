"""``download_file``: streamed to disk in constant memory, written atomically, resumed.

The fake serves a file's content from its blob (on disk past 8 MiB) and ignores ``Range``;
``_Flaky`` wraps its in-process transport to break bodies off mid-way, slow them down, or
honour ``Range`` like a server that can resume.
"""

from __future__ import annotations

import asyncio
import errno
import hashlib
import io
import os
import threading
import time
import tracemalloc
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from openai_finetunes import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticatedClient,
    DownloadError,
    InvalidArgumentError,
    NotFoundError,
    OpenAIFinetunesError,
    _downloads,
    adownload_file,
    connect,
    download_file,
)
from openai_finetunes._deadline import Deadline, deadline_scope
from openai_finetunes._pool import ShardedAsyncPool
from openai_finetunes._retry import STREAM, RetryPolicy, RetryTransport, retries_disabled
from openai_finetunes.testing import FakeOpenAI, ManualClock
from openai_finetunes.testing._blob import BlobWriter
from openai_finetunes.workflows import (
    aattach,
    astart_fine_tuning_job,
    attach,
    start_fine_tuning_job,
)
from tests.runtime._support import SleepRecorder, recording_policy

MIB = 1024 * 1024
KEY = "sk-download-test"
ROOT = Path(__file__).resolve().parents[2]
TRAIN = ROOT / "examples" / "data" / "support-chat.jsonl"
MODEL = "gpt-4o-mini-2024-07-18"


def _block(index: int) -> bytes:
    """1 MiB that differs from every other block: an offset error changes the digest."""
    seed = hashlib.sha256(index.to_bytes(8, "big")).digest()
    return (seed * (MIB // len(seed) + 1))[:MIB]


def _store(fake: FakeOpenAI, size: int, filename: str = "data.bin") -> tuple[str, str]:
    """A file of ``size`` bytes stored in the fake without building it in memory;
    returns its id and the sha256 of its content."""
    writer = BlobWriter()
    digest = hashlib.sha256()
    for index in range(0, size, MIB):
        block = _block(index // MIB)[: size - index]
        writer.write(block)
        digest.update(block)
    record = fake._state.add_file(writer.finish(), filename, "fine-tune")
    return str(record["id"]), digest.hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(MIB):
            digest.update(block)
    return digest.hexdigest()


class _Body(httpx.SyncByteStream, httpx.AsyncByteStream):
    def __init__(self, inner: Any, skip: int, cut: int | None, delay: float) -> None:
        self._inner, self._skip, self._cut, self._delay = inner, skip, cut, delay

    def _pieces(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        skip, sent = self._skip, 0
        for chunk in chunks:
            if skip:
                dropped = min(skip, len(chunk))
                chunk, skip = chunk[dropped:], skip - dropped
            if self._cut is not None and sent + len(chunk) >= self._cut:
                yield chunk[: self._cut - sent]
                raise httpx.RemoteProtocolError(
                    "peer closed connection without sending complete message body"
                )
            sent += len(chunk)
            yield chunk

    def __iter__(self) -> Iterator[bytes]:
        for piece in self._pieces(iter(self._inner)):
            yield piece
            time.sleep(self._delay)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self._pieces(iter(self._inner)):  # the fake's blob stream is both
            yield piece
            await asyncio.sleep(self._delay)


class _Flaky(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The fake's transport; download bodies break off after ``cuts`` bytes (one per
    attempt, then whole), come ``delay`` seconds per chunk, and honour ``Range`` when
    ``ranges``. ``statuses`` answer the first downloads instead of the fake."""

    def __init__(
        self,
        fake: FakeOpenAI,
        *,
        cuts: tuple[int, ...] = (),
        ranges: bool | str = False,
        delay: float = 0.0,
        statuses: tuple[int, ...] = (),
    ) -> None:
        self._inner = fake.transport()
        self._fake = fake
        self.cuts, self.ranges, self.delay = list(cuts), ranges, delay
        self.statuses = list(statuses)
        self.downloads: list[httpx.Request] = []

    def _shape(self, request: httpx.Request, response: httpx.Response) -> httpx.Response:
        if not request.url.path.endswith("/content") or response.status_code != 200:
            return response
        self.downloads.append(request)
        if self.statuses:
            return httpx.Response(self.statuses.pop(0), json={"error": {"message": "busy"}})
        if self.ranges == "refused" and "range" in request.headers:
            return httpx.Response(416, json={"error": {"message": "Range Not Satisfiable"}})
        cut = self.cuts.pop(0) if self.cuts else None
        headers = dict(response.headers)
        status, skip = 200, 0
        if self.ranges is True and (wanted := request.headers.get("range")):
            skip = int(wanted.removeprefix("bytes=").rstrip("-"))
            total = self._fake._state.file_blob(request.url.path.split("/")[-2]).size
            status = 206
            headers["content-range"] = f"bytes {skip}-{total - 1}/{total}"
        body = _Body(response.stream, skip, cut, self.delay)
        return httpx.Response(status, headers=headers, stream=body, request=request)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._shape(request, self._inner.handle_request(request))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return self._shape(request, await self._inner.handle_async_request(request))


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(api_key=KEY) as fake:
        yield fake


def _client(transport: httpx.BaseTransport, sleeps: SleepRecorder, **kwargs: Any) -> Any:
    return connect(
        KEY,
        base_url=FakeOpenAI.base_url,
        transport=transport,
        retry_policy=recording_policy(sleeps, **kwargs),
    )


def _leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


# -- the retry layer -----------------------------------------------------------------


class _Counting(httpx.SyncByteStream, httpx.AsyncByteStream):
    def __init__(self, pieces: int) -> None:
        self.pieces, self.read = pieces, 0

    def __iter__(self) -> Iterator[bytes]:
        for _ in range(self.pieces):
            self.read += 1
            yield b"x" * 1024

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self:
            yield piece


def test_the_retry_transport_hands_a_streamed_body_back_unread() -> None:
    body = _Counting(100)
    transport = RetryTransport(
        RetryPolicy(max_retries=0),
        transport=httpx.MockTransport(lambda request: httpx.Response(200, stream=body)),
    )
    with httpx.Client(transport=transport, base_url="http://x") as http:
        request = http.build_request("GET", "/files/f/content", extensions={STREAM: True})
        response = http.send(request, stream=True)
        assert body.read == 0  # nothing read yet: the caller streams it
        assert sum(len(chunk) for chunk in response.iter_bytes()) == 100 * 1024
        response.close()
        # Without the extension the transport still reads the whole answer (retries need it).
        plain = _Counting(3)
        transport._sync = httpx.MockTransport(lambda request: httpx.Response(200, stream=plain))
        http.send(http.build_request("GET", "/files"), stream=True).close()
        assert plain.read == 3


def _pool_over(shard: httpx.AsyncBaseTransport) -> ShardedAsyncPool:
    """A one-shard ``ShardedAsyncPool`` (what connect() builds) answering from ``shard``."""
    pool = ShardedAsyncPool(httpx.Limits(max_connections=4))
    pool._shards = [shard]  # type: ignore[list-item]
    pool._busy = [0]
    return pool


async def test_the_async_retry_transport_and_pool_hand_a_streamed_body_back_unread() -> None:
    body = _Counting(100)
    policy = RetryPolicy(max_retries=0)
    pool = _pool_over(httpx.MockTransport(lambda request: httpx.Response(200, stream=body)))
    transport = RetryTransport(policy, async_transport=pool, max_concurrency=1)
    async with httpx.AsyncClient(transport=transport, base_url="http://x") as http:
        request = http.build_request("GET", "/files/f/content", extensions={STREAM: True})
        response = await http.send(request, stream=True)
        assert body.read == 0  # neither the transport nor the pool read it
        # The admission gate and the pool's slot stay held while the body is open, and
        # are freed on close.
        gate = transport._async_gate()
        assert (gate._free, pool._busy) == (0, [1])
        assert sum([len(chunk) async for chunk in response.aiter_bytes()]) == 100 * 1024
        await response.aclose()
        assert (gate._free, pool._busy) == (1, [0])


class _Endless(httpx.AsyncByteStream):
    """An async-only body that never ends (a piece every 5 ms) and records its closing."""

    def __init__(self) -> None:
        self.pieces = 0
        self.closed = False
        self.started = asyncio.Event()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while True:
            self.pieces += 1
            self.started.set()
            yield b"y" * 4096
            await asyncio.sleep(0.005)

    async def aclose(self) -> None:
        self.closed = True


async def test_a_cancelled_download_gives_the_pools_slot_back(tmp_path: Path) -> None:
    body = _Endless()

    async def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=body)

    pool = _pool_over(httpx.MockTransport(answer))
    client = connect(KEY, base_url=FakeOpenAI.base_url, transport=pool, max_retries=0)
    task = asyncio.create_task(adownload_file("file-x", tmp_path / "out.bin", client=client))
    await asyncio.wait_for(body.started.wait(), 5)
    assert pool._busy == [1]

    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert body.closed
    assert pool._busy == [0]
    assert _leftovers(tmp_path) == []


async def test_the_pool_reads_and_releases_a_streamed_error_answer() -> None:
    body = _Counting(3)
    pool = _pool_over(httpx.MockTransport(lambda request: httpx.Response(404, stream=body)))
    request = httpx.Request("GET", "http://x/files/f/content", extensions={STREAM: True})

    response = await pool.handle_async_request(request)

    assert (body.read, pool._busy) == (3, [0])
    assert response.content == b"x" * 3 * 1024


class _AsyncOnlyBody(httpx.AsyncByteStream):
    """A body that, like a real async connection's, cannot be read synchronously."""

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b"<html>moved</html>"


async def test_a_redirect_on_an_async_stream_is_a_typed_error(tmp_path: Path) -> None:
    async def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "/elsewhere"}, stream=_AsyncOnlyBody())

    client = connect(
        KEY, base_url=FakeOpenAI.base_url, transport=httpx.MockTransport(answer), max_retries=0
    )

    # Reading it with the sync read() raised "Attempted to call a sync iterator on an
    # async stream" (a RuntimeError).
    with pytest.raises(APIStatusError) as caught:
        await adownload_file("file-x", tmp_path / "out.bin", client=client)

    assert caught.value.status_code == 302
    assert _leftovers(tmp_path) == []


def test_a_streamed_error_status_is_read_and_raised_typed(retry_client: Any) -> None:
    transport = RetryTransport(
        RetryPolicy(max_retries=0),
        transport=httpx.MockTransport(
            lambda request: httpx.Response(404, json={"error": {"message": "No such File"}})
        ),
    )
    with httpx.Client(transport=transport, base_url="http://x") as http:
        request = http.build_request("GET", "/files/f/content", extensions={STREAM: True})
        with pytest.raises(NotFoundError, match="No such File"):
            http.send(request, stream=True)


# -- memory --------------------------------------------------------------------------


def test_a_64_mib_download_streams_in_constant_memory(fake: FakeOpenAI, tmp_path: Path) -> None:
    file_id, digest = _store(fake, 64 * MIB)
    client = fake.client()
    tracemalloc.start()
    try:
        path = download_file(file_id, tmp_path / "data.bin", client=client)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert path == tmp_path / "data.bin"
    assert _sha256(path) == digest
    assert peak < 8 * MIB, f"peak {peak / MIB:.1f} MiB for a 64 MiB file"


async def test_an_async_download_over_tcp_streams_in_constant_memory(
    fake: FakeOpenAI, tmp_path: Path
) -> None:
    # Over the network the async client goes through the sharded pool, which reads every
    # other answer whole before freeing its slot.
    file_id, digest = _store(fake, 64 * MIB)
    with fake.serve(port=0) as server:
        client = connect(KEY, base_url=server.base_url)
        tracemalloc.start()
        try:
            path = await adownload_file(file_id, tmp_path / "data.bin", client=client)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        await client.get_async_httpx_client().aclose()
    assert _sha256(path) == digest
    assert peak < 16 * MIB, f"peak {peak / MIB:.1f} MiB for a 64 MiB file"


# -- atomic writes -------------------------------------------------------------------


def test_a_failure_mid_stream_leaves_neither_the_file_nor_a_temporary_one(
    fake: FakeOpenAI, tmp_path: Path, sleeps: SleepRecorder
) -> None:
    file_id, _ = _store(fake, 3 * MIB)
    flaky = _Flaky(fake, cuts=(MIB + 5, MIB + 5, MIB + 5))
    with pytest.raises(APIConnectionError, match="RemoteProtocolError"):
        download_file(file_id, tmp_path / "out.bin", client=_client(flaky, sleeps, max_retries=2))
    assert len(flaky.downloads) == 3  # the first try and two retries
    assert _leftovers(tmp_path) == []


def test_an_existing_destination_is_left_intact_on_failure(
    fake: FakeOpenAI, tmp_path: Path, sleeps: SleepRecorder
) -> None:
    file_id, digest = _store(fake, 2 * MIB)
    target = tmp_path / "out.bin"
    target.write_bytes(b"the previous results")
    target.chmod(0o640)
    flaky = _Flaky(fake, cuts=(MIB,))
    with pytest.raises(APIConnectionError):
        download_file(file_id, target, client=_client(flaky, sleeps, max_retries=0))
    assert target.read_bytes() == b"the previous results"
    assert _leftovers(tmp_path) == ["out.bin"]
    # A successful download replaces it whole, keeping its permissions.
    download_file(file_id, target, client=fake.client())
    assert _sha256(target) == digest
    assert target.stat().st_mode & 0o777 == 0o640
    assert _leftovers(tmp_path) == ["out.bin"]


def test_a_new_file_gets_the_usual_permissions(fake: FakeOpenAI, tmp_path: Path) -> None:
    file_id, _ = _store(fake, 10)
    umask = os.umask(0o022)
    os.umask(umask)
    path = download_file(file_id, tmp_path / "new.bin", client=fake.client())
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's 0o600


def test_a_full_disk_is_a_download_error_and_leaves_nothing(
    fake: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file_id, _ = _store(fake, MIB)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("openai_finetunes._downloads.os.fsync", full)
    with pytest.raises(DownloadError, match="No space left") as raised:
        download_file(file_id, tmp_path / "out.bin", client=fake.client())
    assert raised.value.errno == errno.ENOSPC
    assert isinstance(raised.value, OpenAIFinetunesError)
    assert isinstance(raised.value, OSError)
    assert _leftovers(tmp_path) == []


# -- retries -------------------------------------------------------------------------


def test_a_dropped_body_is_fetched_again_and_the_bytes_are_exact(
    fake: FakeOpenAI, tmp_path: Path, sleeps: SleepRecorder
) -> None:
    # The fake ignores Range: the retry gets the whole body and skips what was written
    # (whole chunks: the bytes of a chunk cut short are fetched again).
    file_id, digest = _store(fake, 5 * MIB + 123)
    flaky = _Flaky(fake, cuts=(MIB + 5000, 2 * MIB + 1))
    client = _client(flaky, sleeps)
    path = download_file(file_id, tmp_path / "out.bin", client=client, chunk_size=4096)
    assert _sha256(path) == digest
    assert len(flaky.downloads) == 3
    assert "range" not in flaky.downloads[0].headers
    assert flaky.downloads[1].headers["range"] == f"bytes={MIB + 4096}-"
    assert flaky.downloads[2].headers["range"] == f"bytes={2 * MIB}-"
    # Each try made progress, so each retry starts the count again (first back-off).
    assert sleeps.delays == [0.5, 0.5]
    assert _leftovers(tmp_path) == ["out.bin"]


def test_a_server_that_honours_range_resumes_where_the_body_broke_off(
    fake: FakeOpenAI, tmp_path: Path, sleeps: SleepRecorder
) -> None:
    file_id, digest = _store(fake, 4 * MIB)
    flaky = _Flaky(fake, cuts=(MIB + 12288, MIB), ranges=True)
    client = _client(flaky, sleeps)
    path = download_file(file_id, tmp_path / "out.bin", client=client, chunk_size=4096)
    assert _sha256(path) == digest
    assert [r.headers.get("range") for r in flaky.downloads] == [
        None,
        f"bytes={MIB + 12288}-",
        f"bytes={2 * MIB + 12288}-",
    ]
    assert flaky.downloads[1].headers["accept-encoding"] == "identity"


def test_a_refused_range_is_asked_again_whole(
    fake: FakeOpenAI, tmp_path: Path, sleeps: SleepRecorder
) -> None:
    file_id, digest = _store(fake, 3 * MIB)
    flaky = _Flaky(fake, cuts=(MIB,), ranges="refused")
    path = download_file(file_id, tmp_path / "out.bin", client=_client(flaky, sleeps))
    assert _sha256(path) == digest
    assert [r.headers.get("range") for r in flaky.downloads] == [None, f"bytes={MIB}-", None]


def test_retries_end_after_attempts_without_progress(
    fake: FakeOpenAI, tmp_path: Path, sleeps: SleepRecorder
) -> None:
    file_id, _ = _store(fake, 2 * MIB)
    flaky = _Flaky(fake, cuts=(MIB, MIB, MIB, MIB))  # the same MiB, never more
    with pytest.raises(APIConnectionError):
        download_file(file_id, tmp_path / "out.bin", client=_client(flaky, sleeps, max_retries=2))
    assert len(flaky.downloads) == 3
    assert sleeps.delays == [0.5, 1.0]  # the back-off grows when a try brings nothing new


def test_retries_disabled_sends_one_attempt(
    fake: FakeOpenAI, tmp_path: Path, sleeps: SleepRecorder
) -> None:
    file_id, _ = _store(fake, 2 * MIB)
    flaky = _Flaky(fake, cuts=(MIB,))
    with retries_disabled(), pytest.raises(APIConnectionError):
        download_file(file_id, tmp_path / "out.bin", client=_client(flaky, sleeps))
    assert len(flaky.downloads) == 1


def test_an_error_status_before_the_body_is_retried_by_the_transport(
    fake: FakeOpenAI, tmp_path: Path, sleeps: SleepRecorder
) -> None:
    file_id, digest = _store(fake, MIB)
    flaky = _Flaky(fake, statuses=(503, 502))
    path = download_file(file_id, tmp_path / "out.bin", client=_client(flaky, sleeps))
    assert _sha256(path) == digest
    assert len(flaky.downloads) == 3


def test_an_unknown_file_is_not_found_and_leaves_nothing(fake: FakeOpenAI, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="file-nope"):
        download_file("file-nope", tmp_path / "out.bin", client=fake.client())
    assert _leftovers(tmp_path) == []


# -- destinations --------------------------------------------------------------------


def test_a_binary_file_object_receives_the_bytes(fake: FakeOpenAI) -> None:
    file_id, digest = _store(fake, 2 * MIB + 3)
    buffer = io.BytesIO(b"header:")
    buffer.seek(0, io.SEEK_END)
    written = download_file(file_id, buffer, client=fake.client())
    assert written == 2 * MIB + 3
    content = buffer.getvalue()
    assert content.startswith(b"header:")
    assert hashlib.sha256(content[7:]).hexdigest() == digest


def test_a_failed_download_into_a_file_object_is_truncated_back(
    fake: FakeOpenAI, sleeps: SleepRecorder
) -> None:
    file_id, _ = _store(fake, 2 * MIB)
    buffer = io.BytesIO(b"keep me")
    buffer.seek(0, io.SEEK_END)
    flaky = _Flaky(fake, cuts=(MIB,))
    with pytest.raises(APIConnectionError):
        download_file(file_id, buffer, client=_client(flaky, sleeps, max_retries=0))
    assert buffer.getvalue() == b"keep me"


def test_a_text_mode_file_object_is_refused_before_any_request(
    fake: FakeOpenAI, tmp_path: Path
) -> None:
    file_id, _ = _store(fake, 10)
    with (
        (tmp_path / "out.txt").open("w") as text,
        pytest.raises(InvalidArgumentError, match="binary"),
    ):
        download_file(file_id, text, client=fake.client())  # type: ignore[call-overload]
    with pytest.raises(InvalidArgumentError, match="binary"):
        download_file(file_id, io.StringIO(), client=fake.client())  # type: ignore[call-overload]
    assert fake.stats().requests.get("downloadFile", 0) == 0


def test_a_directory_is_refused_unless_meant(fake: FakeOpenAI, tmp_path: Path) -> None:
    file_id, digest = _store(fake, 10, filename="results.csv")
    with pytest.raises(InvalidArgumentError, match="is a directory"):
        download_file(file_id, tmp_path, client=fake.client())
    with pytest.raises(InvalidArgumentError, match="no such directory"):
        download_file(file_id, tmp_path / "missing" / "x.csv", client=fake.client())
    assert fake.stats().requests.get("downloadFile", 0) == 0
    # A trailing slash means "into this directory", under the file's own name.
    path = download_file(file_id, f"{tmp_path}/", client=fake.client())
    assert path == tmp_path / "results.csv"
    assert _sha256(path) == digest
    path = download_file(file_id, f"{tmp_path}/new/", client=fake.client())
    assert path == tmp_path / "new" / "results.csv"


def test_a_file_name_from_the_server_cannot_leave_the_directory(
    fake: FakeOpenAI, tmp_path: Path
) -> None:
    file_id, _ = _store(fake, 10, filename="../../escaped.csv")
    inside = tmp_path / "inside"
    path = download_file(file_id, f"{inside}/", client=fake.client())
    assert path == inside / "escaped.csv"
    file_id, _ = _store(fake, 10, filename="..")
    assert download_file(file_id, f"{inside}/", client=fake.client()) == inside / file_id


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("chunk_size", 0),
        ("chunk_size", 1.5),
        ("timeout", -1),
        ("timeout", float("nan")),
        ("timeout", float("inf")),
    ],
)
def test_bad_options_are_refused(
    fake: FakeOpenAI, tmp_path: Path, argument: str, value: Any
) -> None:
    with pytest.raises(InvalidArgumentError, match=argument):
        download_file("file-x", tmp_path / "x", client=fake.client(), **{argument: value})


# -- deadlines -----------------------------------------------------------------------


def test_timeout_bounds_the_whole_download(fake: FakeOpenAI, tmp_path: Path) -> None:
    file_id, _ = _store(fake, 8 * MIB)
    slow = _Flaky(fake, delay=0.1)  # 1 MiB every 0.1 s: 0.8 s in all
    client = connect(KEY, base_url=FakeOpenAI.base_url, transport=slow)
    started = time.monotonic()
    with pytest.raises(APITimeoutError):
        download_file(file_id, tmp_path / "out.bin", client=client, timeout=0.25)
    assert time.monotonic() - started < 0.6
    assert _leftovers(tmp_path) == []


def test_an_active_deadline_bounds_the_download(fake: FakeOpenAI, tmp_path: Path) -> None:
    file_id, _ = _store(fake, 8 * MIB)
    client = connect(KEY, base_url=FakeOpenAI.base_url, transport=_Flaky(fake, delay=0.1))
    started = time.monotonic()
    with deadline_scope(Deadline.after(0.25)), pytest.raises(APITimeoutError):
        download_file(file_id, tmp_path / "out.bin", client=client)
    assert time.monotonic() - started < 0.6
    assert _leftovers(tmp_path) == []


def test_a_zero_timeout_is_out_of_time_before_any_request(fake: FakeOpenAI, tmp_path: Path) -> None:
    file_id, _ = _store(fake, 10)
    with pytest.raises(APITimeoutError):
        download_file(file_id, tmp_path / "out.bin", client=fake.client(), timeout=0)
    assert fake.stats().requests == {}
    assert _leftovers(tmp_path) == []


# -- the async twin ------------------------------------------------------------------


async def test_the_async_twin_retries_and_writes_the_exact_bytes(
    fake: FakeOpenAI, tmp_path: Path, sleeps: SleepRecorder
) -> None:
    file_id, digest = _store(fake, 3 * MIB + 11, filename="async.bin")
    flaky = _Flaky(fake, cuts=(2 * MIB + 1,))
    path = await adownload_file(file_id, f"{tmp_path}/", client=_client(flaky, sleeps))
    assert path == tmp_path / "async.bin"
    assert _sha256(path) == digest
    assert len(flaky.downloads) == 2
    assert _leftovers(tmp_path) == ["async.bin"]


async def test_the_async_twin_cleans_up_and_raises_typed_errors(
    fake: FakeOpenAI, tmp_path: Path, sleeps: SleepRecorder
) -> None:
    file_id, _ = _store(fake, 3 * MIB)
    flaky = _Flaky(fake, cuts=(MIB,))
    with pytest.raises(APIConnectionError):
        await adownload_file(
            file_id, tmp_path / "out.bin", client=_client(flaky, sleeps, max_retries=0)
        )
    with pytest.raises(NotFoundError):
        await adownload_file("file-nope", tmp_path / "out.bin", client=fake.client())
    slow = connect(KEY, base_url=FakeOpenAI.base_url, transport=_Flaky(fake, delay=0.1))
    with pytest.raises(APITimeoutError):
        await adownload_file(file_id, tmp_path / "out.bin", client=slow, timeout=0.15)
    assert _leftovers(tmp_path) == []


# -- a job's result files ------------------------------------------------------------


def _finished_job(fake: FakeOpenAI, client: AuthenticatedClient) -> str:
    handle = start_fine_tuning_job(TRAIN, MODEL, client=client, progress=False)
    fake.advance(3600)
    return handle.id


def test_download_results_saves_every_result_file(tmp_path: Path) -> None:
    with FakeOpenAI(api_key=KEY, clock=ManualClock()) as fake:
        client = fake.client()
        job_id = _finished_job(fake, client)
        handle = attach(job_id, client=client, progress=False)  # as last seen: not finished
        paths = handle.download_results(tmp_path / "results")
        (result_id,) = fake.jobs[0]["result_files"]
        assert paths == [tmp_path / "results" / "step_metrics.csv"]
        assert paths[0].read_bytes() == fake.file_content(result_id)
        assert handle.status == "succeeded"


async def test_async_download_results_saves_every_result_file(tmp_path: Path) -> None:
    with FakeOpenAI(api_key=KEY, clock=ManualClock()) as fake:
        client = fake.client()
        job_id = _finished_job(fake, client)
        handle = await aattach(job_id, client=client, progress=False)
        paths = await handle.download_results(tmp_path)
        (result_id,) = fake.jobs[0]["result_files"]
        assert paths == [tmp_path / "step_metrics.csv"]
        assert paths[0].read_bytes() == fake.file_content(result_id)


# -- cancelled while committing ------------------------------------------------------


class _HeldCommit:
    """Holds ``_AtomicFile.commit`` in its worker thread until ``release`` is set."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, fail: bool = False) -> None:
        self.entered, self.release, self.ended = (threading.Event() for _ in range(3))
        real = _downloads._AtomicFile.commit

        def commit(sink: Any) -> None:
            self.entered.set()
            self.release.wait(5)
            try:
                if fail:
                    raise _downloads.DownloadError(errno.ENOSPC, "No space left on device")
                real(sink)
            finally:
                self.ended.set()

        monkeypatch.setattr(_downloads._AtomicFile, "commit", commit)


async def test_a_download_cancelled_while_committing_waits_and_the_file_stands(
    fake: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file_id, digest = _store(fake, MIB + 5)
    held = _HeldCommit(monkeypatch)
    task = asyncio.create_task(adownload_file(file_id, tmp_path / "out.bin", client=fake.client()))
    assert await asyncio.to_thread(held.entered.wait, 5)

    task.cancel()
    await asyncio.sleep(0.05)
    # Before: the task ended at once and discarded the temporary file under the
    # commit thread's feet, which went on to rename it (or failed) after the call raised.
    assert not task.done()
    held.release.set()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert held.ended.is_set()  # nothing still runs after the call has ended
    assert _sha256(tmp_path / "out.bin") == digest  # the completed commit stands
    assert _leftovers(tmp_path) == ["out.bin"]


async def test_a_commit_that_fails_while_cancelled_leaves_nothing(
    fake: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file_id, _ = _store(fake, 1000)
    held = _HeldCommit(monkeypatch, fail=True)
    task = asyncio.create_task(adownload_file(file_id, tmp_path / "out.bin", client=fake.client()))
    assert await asyncio.to_thread(held.entered.wait, 5)
    task.cancel()
    await asyncio.sleep(0.01)
    held.release.set()

    with pytest.raises(asyncio.CancelledError):
        await task

    assert _leftovers(tmp_path) == []


async def test_a_failed_commit_is_a_download_error_and_leaves_nothing(
    fake: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file_id, _ = _store(fake, 1000)
    held = _HeldCommit(monkeypatch, fail=True)
    held.release.set()

    with pytest.raises(DownloadError, match="No space left"):
        await adownload_file(file_id, tmp_path / "out.bin", client=fake.client())

    assert _leftovers(tmp_path) == []


# -- download_results: one deadline, errors that name the job -------------------------


class _SlowJobs(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The fake's transport, answering a job lookup ``delay`` seconds late."""

    def __init__(self, fake: FakeOpenAI, delay: float) -> None:
        self._inner, self.delay = fake.transport(), delay

    def _slow(self, request: httpx.Request) -> bool:
        return "/fine_tuning/jobs/" in request.url.path and request.method == "GET"

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self._slow(request):
            time.sleep(self.delay)
        return self._inner.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._slow(request):
            await asyncio.sleep(self.delay)
        return await self._inner.handle_async_request(request)


async def _download_results(
    kind: str, job_id: str, client: AuthenticatedClient, directory: Path, **options: Any
) -> list[Path]:
    if kind == "sync":
        return attach(job_id, client=client, progress=False).download_results(directory, **options)
    handle = await aattach(job_id, client=client, progress=False)
    return await handle.download_results(directory, **options)


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_download_results_timeout_covers_the_job_lookup(kind: str, tmp_path: Path) -> None:
    with FakeOpenAI(api_key=KEY, clock=ManualClock()) as fake:
        client = connect(KEY, base_url=FakeOpenAI.base_url, transport=_SlowJobs(fake, 0.3))
        if kind == "sync":
            handle: Any = start_fine_tuning_job(TRAIN, MODEL, client=client, progress=False)
        else:
            handle = await astart_fine_tuning_job(TRAIN, MODEL, client=client, progress=False)
        fake.advance(3600)  # finished, but the handle has not seen it: it looks the job up
        # The lookup takes 0.3 s of a 0.2 s timeout: nothing is left for the download.
        # Before, the deadline began after the lookup and the download went through.
        with pytest.raises(APITimeoutError) as caught:
            await _maybe(handle.download_results(tmp_path, timeout=0.2))
        assert caught.value.job_id == handle.id  # type: ignore[attr-defined]
        assert _leftovers(tmp_path) == []


async def _maybe(value: Any) -> Any:
    return await value if asyncio.iscoroutine(value) else value


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_download_results_errors_name_the_job(kind: str, tmp_path: Path) -> None:
    not_a_directory = tmp_path / "results"
    not_a_directory.write_text("a file")
    with FakeOpenAI(api_key=KEY, clock=ManualClock()) as fake:
        client = fake.client()
        job_id = _finished_job(fake, client)
        with pytest.raises(InvalidArgumentError) as caught:
            await _download_results(kind, job_id, client, not_a_directory)
        assert caught.value.job_id == job_id  # type: ignore[attr-defined]
        assert job_id in "".join(caught.value.__notes__)
