"""``upload_file``/``aupload_file``: createFile, the Uploads API, retries, local checks."""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytest_httpx import HTTPXMock

from openai_finetunes import (
    AuthenticatedClient,
    BadRequestError,
    InternalServerError,
    NotFoundError,
    _facts,
    _uploads,
    aupload_file,
    connect,
    upload_file,
)
from openai_finetunes._retry import retries_disabled
from openai_finetunes._uploads import UploadError
from tests import payloads as p
from tests.conftest import API_KEY, BASE_URL
from tests.runtime._support import (
    LoopbackServer,
    SleepRecorder,
    StreamTransport,
    multipart_parts,
    recording_policy,
)

KB = 1024
UPLOAD_URL = f"{BASE_URL}/uploads/{p.UPLOAD_ID}"
# 10 KB through the Uploads API in 4 KB parts: 3 parts (4 KB, 4 KB, 2 KB).
SMALL: dict[str, Any] = {"part_size": 4 * KB, "max_single_request": 8 * KB}


def _content(size: int = 10 * KB, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(size)


@pytest.fixture
def train(tmp_path: Path) -> Path:
    path = tmp_path / "train.jsonl"
    path.write_bytes(_content())
    return path


class Progress:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def __call__(self, sent: int, total: int) -> None:
        self.calls.append((sent, total))

    def check(self, total: int) -> None:
        assert self.calls, "progress was never reported"
        sent = [s for s, _ in self.calls]
        assert sent == sorted(sent), f"not monotonic: {sent}"
        assert {t for _, t in self.calls} == {total}
        assert sent[-1] == total
        assert all(0 < s <= total for s in sent)

    @property
    def last(self) -> int:
        return self.calls[-1][0] if self.calls else 0


async def _upload(use_async: bool, *args: Any, **kwargs: Any) -> Any:
    if use_async:
        return await aupload_file(*args, **kwargs)
    return upload_file(*args, **kwargs)


# -- up to max_single_request: one createFile request ---------------------------------


@pytest.mark.parametrize("use_async", [False, True])
async def test_small_file_goes_through_create_file(
    use_async: bool, train: Path, client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(method="POST", json=p.file(bytes=10 * KB))
    progress = Progress()
    uploaded = await _upload(use_async, train, client=client, progress=progress)
    assert uploaded.id == p.FILE_ID
    request = httpx_mock.get_request()
    assert request is not None
    assert request.url == f"{BASE_URL}/files"
    parts = multipart_parts(request.headers["content-type"], request.content)
    assert parts["file"] == ("train.jsonl", train.read_bytes())
    assert parts["purpose"] == (None, b"fine-tune")
    progress.check(10 * KB)


@pytest.mark.parametrize(
    ("source", "filename", "expected_name"),
    [
        (lambda path: str(path), None, "train.jsonl"),
        (lambda path: path, "renamed.jsonl", "renamed.jsonl"),
        (lambda path: path.read_bytes(), None, "training.jsonl"),
        (lambda path: io.BytesIO(path.read_bytes()), "mem.jsonl", "mem.jsonl"),
        (lambda path: path.open("rb"), None, "train.jsonl"),
    ],
    ids=["str", "path+filename", "bytes", "bytesio", "open-file"],
)
def test_every_kind_of_source(
    source: Callable[[Path], Any],
    filename: str | None,
    expected_name: str,
    train: Path,
    client: AuthenticatedClient,
    httpx_mock: HTTPXMock,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    httpx_mock.add_response(method="POST", json=p.file())
    value = source(train)
    try:
        upload_file(value, client=client, filename=filename)
    finally:
        if hasattr(value, "close"):
            value.close()
    request = httpx_mock.get_request()
    assert request is not None
    parts = multipart_parts(request.headers["content-type"], request.content)
    assert parts["file"] == (expected_name, train.read_bytes())
    assert list(spool.iterdir()) == []  # spooled copies are removed


@pytest.mark.parametrize("purpose", ["fine-tune", "batch", "user_data"])
def test_purpose_is_sent(
    purpose: str, train: Path, client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(method="POST", json=p.file(purpose=purpose))
    upload_file(train, purpose, client=client)
    request = httpx_mock.get_request()
    assert request is not None
    assert multipart_parts(request.headers["content-type"], request.content)["purpose"] == (
        None,
        purpose.encode(),
    )


# -- a retried upload sends the whole file again ---------------------------------------


@pytest.mark.parametrize("use_async", [False, True])
async def test_upload_retried_after_503_sends_the_full_file(
    use_async: bool, train: Path, sleeps: SleepRecorder
) -> None:
    transport = StreamTransport(
        httpx.Response(503, json=p.error("overloaded", "server_error")),
        httpx.Response(200, json=p.file(bytes=10 * KB)),
    )
    client = connect(
        API_KEY, base_url=BASE_URL, transport=transport, retry_policy=recording_policy(sleeps)
    )
    progress = Progress()
    uploaded = await _upload(use_async, train, client=client, progress=progress)
    assert uploaded.id == p.FILE_ID
    assert len(transport.sent) == 2
    content = train.read_bytes()
    for sent in transport.sent:
        assert sent.path == "/v1/files"
        parts = multipart_parts(sent.headers["content-type"], sent.body)
        assert parts["file"] == ("train.jsonl", content)
        assert parts["purpose"] == (None, b"fine-tune")
        assert int(sent.headers["content-length"]) == len(sent.body)
    assert transport.sent[0].body == transport.sent[1].body
    assert sleeps.delays == [0.5]
    progress.check(10 * KB)


@pytest.mark.parametrize("use_async", [False, True])
async def test_upload_retry_over_a_real_socket(
    use_async: bool, train: Path, sleeps: SleepRecorder, loopback: LoopbackServer
) -> None:
    loopback.reply(503, p.error("overloaded", "server_error"))
    loopback.reply(200, p.file(bytes=10 * KB))
    client = connect(API_KEY, base_url=loopback.base_url, retry_policy=recording_policy(sleeps))
    uploaded = await _upload(use_async, train, client=client)
    assert uploaded.id == p.FILE_ID
    assert [r.path for r in loopback.requests] == ["/v1/files", "/v1/files"]
    for request in loopback.requests:
        assert int(request.headers["content-length"]) == len(request.body)
        parts = multipart_parts(request.headers["content-type"], request.body)
        assert parts["file"] == ("train.jsonl", train.read_bytes())


def test_upload_retries_exhausted(train: Path, sleeps: SleepRecorder) -> None:
    transport = StreamTransport(*[httpx.Response(503) for _ in range(4)])
    client = connect(
        API_KEY, base_url=BASE_URL, transport=transport, retry_policy=recording_policy(sleeps)
    )
    with pytest.raises(InternalServerError):
        upload_file(train, client=client)
    assert len(transport.sent) == 4
    for sent in transport.sent:
        assert (
            multipart_parts(sent.headers["content-type"], sent.body)["file"][1]
            == train.read_bytes()
        )


# -- above max_single_request: the Uploads API ----------------------------------------


def _part_id(content: bytes, data: bytes) -> str:
    offset = content.find(data)
    assert offset >= 0, "a part is not a window of the file"
    assert offset % (4 * KB) == 0, "a part does not start on a part boundary"
    return f"part_{offset:06d}"


def _part_response(part_id: str) -> dict[str, Any]:
    return {"id": part_id, "object": "upload.part", "created_at": 1, "upload_id": p.UPLOAD_ID}


def _mock_uploads(httpx_mock: HTTPXMock, content: bytes) -> None:
    httpx_mock.add_response(
        method="POST", url=f"{BASE_URL}/uploads", json=p.upload(bytes=len(content))
    )

    def part(request: httpx.Request) -> httpx.Response:
        data = multipart_parts(request.headers["content-type"], request.content)["data"][1]
        return httpx.Response(200, json=_part_response(_part_id(content, data)))

    httpx_mock.add_callback(part, method="POST", url=f"{UPLOAD_URL}/parts", is_reusable=True)
    httpx_mock.add_response(
        method="POST",
        url=f"{UPLOAD_URL}/complete",
        json=p.upload("completed", file=p.file(bytes=len(content), filename="train.jsonl")),
    )


@pytest.mark.parametrize("use_async", [False, True])
async def test_large_file_goes_through_the_uploads_api(
    use_async: bool, train: Path, client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    content = train.read_bytes()
    _mock_uploads(httpx_mock, content)
    progress = Progress()
    uploaded = await _upload(use_async, train, client=client, progress=progress, **SMALL)
    assert uploaded.id == p.FILE_ID
    assert uploaded.bytes_ == 10 * KB

    create = httpx_mock.get_request(url=f"{BASE_URL}/uploads")
    assert create is not None
    assert json.loads(create.content) == {
        "filename": "train.jsonl",
        "purpose": "fine-tune",
        "bytes": 10 * KB,
        "mime_type": "text/jsonl",
    }
    parts = httpx_mock.get_requests(url=f"{UPLOAD_URL}/parts")
    sent = sorted(multipart_parts(r.headers["content-type"], r.content)["data"][1] for r in parts)
    assert sorted([content[0 : 4 * KB], content[4 * KB : 8 * KB], content[8 * KB :]]) == sent
    complete = httpx_mock.get_request(url=f"{UPLOAD_URL}/complete")
    assert complete is not None
    assert json.loads(complete.content) == {
        "part_ids": ["part_000000", "part_004096", "part_008192"],
        "md5": hashlib.md5(content).hexdigest(),
    }
    assert httpx_mock.get_requests(url=f"{UPLOAD_URL}/cancel") == []
    progress.check(10 * KB)


@pytest.mark.parametrize("use_async", [False, True])
async def test_many_parts_in_flight_keep_their_order(
    use_async: bool, tmp_path: Path, client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    content = _content(37 * KB, seed=11)
    path = tmp_path / "big.jsonl"
    path.write_bytes(content)
    _mock_uploads(httpx_mock, content)
    progress = Progress()
    await _upload(use_async, path, client=client, progress=progress, **SMALL)
    complete = httpx_mock.get_request(url=f"{UPLOAD_URL}/complete")
    assert complete is not None
    body = json.loads(complete.content)
    assert body["part_ids"] == [f"part_{i * 4 * KB:06d}" for i in range(10)]
    assert body["md5"] == hashlib.md5(content).hexdigest()
    progress.check(37 * KB)


@pytest.mark.parametrize("use_async", [False, True])
async def test_a_retried_part_resends_its_window(
    use_async: bool,
    train: Path,
    sleeps: SleepRecorder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_uploads, "PART_CONCURRENCY", 1)
    content = train.read_bytes()
    progress = Progress()
    seen_progress: list[int] = []
    failed_once: set[str] = set()

    def route(request: httpx.Request, body: bytes) -> httpx.Response:
        path = request.url.path
        if path == "/v1/uploads":
            return httpx.Response(200, json=p.upload(bytes=len(content)))
        if path.endswith("/parts"):
            seen_progress.append(progress.last)
            part_id = _part_id(content, _data(request.headers, body))
            if part_id == "part_000000" and part_id not in failed_once:
                failed_once.add(part_id)
                return httpx.Response(503)
            return httpx.Response(200, json=_part_response(part_id))
        assert path.endswith("/complete"), path
        return httpx.Response(200, json=p.upload("completed", file=p.file()))

    transport = StreamTransport(router=route)
    client = connect(
        API_KEY, base_url=BASE_URL, transport=transport, retry_policy=recording_policy(sleeps)
    )
    await _upload(use_async, train, client=client, progress=progress, **SMALL)
    parts = [s for s in transport.sent if s.path.endswith("/parts")]
    assert len(parts) == 4
    windows = [_data(s.headers, s.body) for s in parts]
    assert windows[0] == windows[1] == content[: 4 * KB]  # the retry sends the same bytes
    assert windows[2:] == [content[4 * KB : 8 * KB], content[8 * KB :]]
    complete = json.loads(transport.sent[-1].body)
    assert complete["part_ids"] == ["part_000000", "part_004096", "part_008192"]
    # A re-sent part is not counted twice: progress tracks distinct bytes.
    assert seen_progress == [4 * KB, 4 * KB, 8 * KB, 10 * KB]
    progress.check(10 * KB)


def _data(headers: httpx.Headers, body: bytes) -> bytes:
    return multipart_parts(headers["content-type"], body)["data"][1]


@pytest.mark.parametrize("use_async", [False, True])
async def test_a_failed_part_cancels_the_upload_and_stops_sending(
    use_async: bool,
    train: Path,
    client: AuthenticatedClient,
    httpx_mock: HTTPXMock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_uploads, "PART_CONCURRENCY", 1)
    httpx_mock.add_response(method="POST", url=f"{BASE_URL}/uploads", json=p.upload())
    httpx_mock.add_response(
        method="POST",
        url=f"{UPLOAD_URL}/parts",
        status_code=400,
        json=p.error("Part too large", param="data", code="invalid_part"),
    )
    httpx_mock.add_response(method="POST", url=f"{UPLOAD_URL}/cancel", json=p.upload("cancelled"))
    with pytest.raises(BadRequestError) as caught:
        await _upload(use_async, train, client=client, **SMALL)
    assert caught.value.code == "invalid_part"
    paths = [r.url.path for r in httpx_mock.get_requests()]
    # No further part after the failure; cancelled; never completed.
    assert paths == [
        "/v1/uploads",
        f"/v1/uploads/{p.UPLOAD_ID}/parts",
        f"/v1/uploads/{p.UPLOAD_ID}/cancel",
    ]


@pytest.mark.parametrize("use_async", [False, True])
async def test_a_failed_complete_cancels_the_upload(
    use_async: bool, train: Path, client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    content = train.read_bytes()
    httpx_mock.add_response(method="POST", url=f"{BASE_URL}/uploads", json=p.upload())

    def part(request: httpx.Request) -> httpx.Response:
        data = multipart_parts(request.headers["content-type"], request.content)["data"][1]
        return httpx.Response(200, json=_part_response(_part_id(content, data)))

    httpx_mock.add_callback(part, method="POST", url=f"{UPLOAD_URL}/parts", is_reusable=True)
    httpx_mock.add_response(
        method="POST",
        url=f"{UPLOAD_URL}/complete",
        status_code=400,
        json=p.error("The md5 checksum does not match", param="md5"),
    )
    httpx_mock.add_response(method="POST", url=f"{UPLOAD_URL}/cancel", json=p.upload("cancelled"))
    with pytest.raises(BadRequestError, match="md5"):
        await _upload(use_async, train, client=client, **SMALL)
    assert len(httpx_mock.get_requests(url=f"{UPLOAD_URL}/cancel")) == 1


def test_a_failing_cancel_does_not_hide_the_original_error(
    train: Path, client: AuthenticatedClient, httpx_mock: HTTPXMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_uploads, "PART_CONCURRENCY", 1)
    httpx_mock.add_response(method="POST", url=f"{BASE_URL}/uploads", json=p.upload())
    httpx_mock.add_response(method="POST", url=f"{UPLOAD_URL}/parts", status_code=404)
    httpx_mock.add_response(method="POST", url=f"{UPLOAD_URL}/cancel", status_code=500)
    with pytest.raises(NotFoundError):
        upload_file(train, client=client, **SMALL)


def test_completed_upload_without_a_file_is_an_error(
    train: Path, client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    content = train.read_bytes()
    httpx_mock.add_response(method="POST", url=f"{BASE_URL}/uploads", json=p.upload())

    def part(request: httpx.Request) -> httpx.Response:
        data = multipart_parts(request.headers["content-type"], request.content)["data"][1]
        return httpx.Response(200, json=_part_response(_part_id(content, data)))

    httpx_mock.add_callback(part, method="POST", url=f"{UPLOAD_URL}/parts", is_reusable=True)
    httpx_mock.add_response(method="POST", url=f"{UPLOAD_URL}/complete", json=p.upload("completed"))
    with pytest.raises(UploadError, match="without a file"):
        upload_file(train, client=client, **SMALL)


# -- refused before any request --------------------------------------------------------


def _assert_no_request(httpx_mock: HTTPXMock) -> None:
    assert httpx_mock.get_requests() == []


@pytest.mark.parametrize("use_async", [False, True])
async def test_nine_gigabytes_refused_before_any_request(
    use_async: bool, tmp_path: Path, client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as handle:
        handle.truncate(9 * 1024**3)  # sparse: no disk space used
    with pytest.raises(UploadError, match="8 GB"):
        await _upload(use_async, path, client=client)
    _assert_no_request(httpx_mock)


@pytest.mark.parametrize("use_async", [False, True])
async def test_local_problems_come_before_a_missing_key(
    use_async: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, httpx_mock: HTTPXMock
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as handle:
        handle.truncate(9 * 1024**3)
    with pytest.raises(UploadError, match="8 GB"):
        await _upload(use_async, path)  # client=None: connect() would need the key
    _assert_no_request(httpx_mock)


def test_the_8_gb_limit_is_inclusive(
    tmp_path: Path,
    client: AuthenticatedClient,
    httpx_mock: HTTPXMock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_facts, "UPLOAD_MAX_BYTES", 10 * KB)
    at_limit = tmp_path / "at.jsonl"
    at_limit.write_bytes(_content(10 * KB))
    over = tmp_path / "over.jsonl"
    over.write_bytes(_content(10 * KB + 1))
    with pytest.raises(UploadError, match="over"):
        upload_file(over, client=client, **SMALL)
    _assert_no_request(httpx_mock)
    _mock_uploads(httpx_mock, at_limit.read_bytes())
    upload_file(at_limit, client=client, **SMALL)


@pytest.mark.parametrize("use_async", [False, True])
@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda tmp: tmp / "missing.jsonl", "no such file"),
        (lambda tmp: tmp, "not a regular file"),
        (lambda tmp: _write(tmp / "empty.jsonl", b""), "empty"),
        (lambda tmp: b"", "empty"),
        (lambda tmp: io.BytesIO(b""), "empty"),
        (lambda tmp: 42, "cannot upload"),
        (lambda tmp: io.StringIO("{}\n"), "binary mode"),
    ],
    ids=[
        "missing",
        "directory",
        "empty-file",
        "empty-bytes",
        "empty-stream",
        "not-a-source",
        "text-mode",
    ],
)
async def test_local_problems_are_refused_before_any_request(
    use_async: bool,
    make: Callable[[Path], Any],
    match: str,
    tmp_path: Path,
    client: AuthenticatedClient,
    httpx_mock: HTTPXMock,
) -> None:
    with pytest.raises(UploadError, match=match):
        await _upload(use_async, make(tmp_path), client=client)
    _assert_no_request(httpx_mock)


def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def test_unreadable_file_is_refused(
    train: Path,
    client: AuthenticatedClient,
    httpx_mock: HTTPXMock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda path, mode, **kw: False if Path(path) == train else real_access(path, mode, **kw),
    )
    with pytest.raises(UploadError, match="not readable"):
        upload_file(train, client=client)
    _assert_no_request(httpx_mock)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file"
)
def test_chmod_000_file_is_refused(
    train: Path, client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    train.chmod(0)
    try:
        with pytest.raises(UploadError, match="not readable"):
            upload_file(train, client=client)
    finally:
        train.chmod(0o600)
    _assert_no_request(httpx_mock)


@pytest.mark.parametrize("use_async", [False, True])
@pytest.mark.parametrize(
    ("purpose", "options", "match"),
    [
        ("fine_tune", {}, "unknown purpose"),
        ("user_data", SMALL, "Uploads API"),  # allowed by createFile, not by Uploads
        ("fine-tune", {"part_size": 0, "max_single_request": 8 * KB}, "part_size"),
        ("fine-tune", {"part_size": 65 * 1024 * KB, "max_single_request": 8 * KB}, "part_size"),
    ],
    ids=["unknown-purpose", "purpose-not-for-uploads", "part-size-0", "part-size-65mb"],
)
async def test_bad_options_are_refused_before_any_request(
    use_async: bool,
    purpose: str,
    options: dict[str, Any],
    match: str,
    train: Path,
    client: AuthenticatedClient,
    httpx_mock: HTTPXMock,
) -> None:
    with pytest.raises(UploadError, match=match):
        await _upload(use_async, train, purpose, client=client, **options)
    _assert_no_request(httpx_mock)


def test_upload_error_is_a_value_error() -> None:
    assert issubclass(UploadError, ValueError)


@pytest.mark.parametrize("use_async", [False, True])
async def test_retries_disabled_reaches_every_part(
    use_async: bool,
    train: Path,
    retry_client: AuthenticatedClient,
    sleeps: SleepRecorder,
    httpx_mock: HTTPXMock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Parts are sent from worker threads (sync) or tasks (async): the caller's
    ``retries_disabled()`` must still apply to them."""
    monkeypatch.setattr(_uploads, "PART_CONCURRENCY", 1)
    httpx_mock.add_response(method="POST", url=f"{BASE_URL}/uploads", json=p.upload())
    httpx_mock.add_response(method="POST", url=f"{UPLOAD_URL}/parts", status_code=503)
    httpx_mock.add_response(method="POST", url=f"{UPLOAD_URL}/cancel", json=p.upload("cancelled"))
    with retries_disabled(), pytest.raises(InternalServerError):
        await _upload(use_async, train, client=retry_client, **SMALL)
    assert len(httpx_mock.get_requests(url=f"{UPLOAD_URL}/parts")) == 1
    assert sleeps.delays == []


@pytest.mark.parametrize("use_async", [False, True])
async def test_a_failure_among_parts_in_flight_surfaces_and_cancels(
    use_async: bool, tmp_path: Path, client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    """With several parts in flight, the part error (not a skipped part) is raised."""
    content = _content(40 * KB, seed=3)
    path = tmp_path / "big.jsonl"
    path.write_bytes(content)
    httpx_mock.add_response(method="POST", url=f"{BASE_URL}/uploads", json=p.upload())

    def part(request: httpx.Request) -> httpx.Response:
        data = multipart_parts(request.headers["content-type"], request.content)["data"][1]
        part_id = _part_id(content, data)
        if part_id == "part_008192":
            return httpx.Response(400, json=p.error("bad part", code="invalid_part"))
        return httpx.Response(200, json=_part_response(part_id))

    httpx_mock.add_callback(part, method="POST", url=f"{UPLOAD_URL}/parts", is_reusable=True)
    httpx_mock.add_response(method="POST", url=f"{UPLOAD_URL}/cancel", json=p.upload("cancelled"))
    with pytest.raises(BadRequestError) as caught:
        await _upload(use_async, path, client=client, **SMALL)
    assert caught.value.code == "invalid_part"
    assert httpx_mock.get_requests(url=f"{UPLOAD_URL}/complete") == []
    paths = [r.url.path for r in httpx_mock.get_requests()]
    # Parts in flight finish first: nothing is sent after the cancel.
    assert paths[-1] == f"/v1/uploads/{p.UPLOAD_ID}/cancel"
    assert paths.count(f"/v1/uploads/{p.UPLOAD_ID}/cancel") == 1
