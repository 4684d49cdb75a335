"""The Uploads API: parts, completion with an optional md5, cancel and expiry; multipart parsing."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import httpx
import pytest

from openai_finetunes.testing import FakeOpenAI
from openai_finetunes.testing._multipart import parse_form
from tests.testing.helpers import create_job


def start(http: httpx.Client, size: int, **overrides: Any) -> dict[str, Any]:
    body = {
        "filename": "train.jsonl",
        "purpose": "fine-tune",
        "bytes": size,
        "mime_type": "text/jsonl",
    }
    body.update(overrides)
    response = http.post("/uploads", json=body)
    assert response.status_code == 200, response.text
    upload: dict[str, Any] = response.json()
    return upload


def add_part(http: httpx.Client, upload_id: str, data: bytes) -> str:
    response = http.post(f"/uploads/{upload_id}/parts", files={"data": ("blob", data)})
    assert response.status_code == 200, response.text
    part = response.json()
    assert part["object"] == "upload.part"
    assert part["upload_id"] == upload_id
    return str(part["id"])


def test_upload_in_parts_then_train_on_it(
    fake: FakeOpenAI, http: httpx.Client, training_jsonl: bytes
) -> None:
    half = len(training_jsonl) // 2
    upload = start(http, len(training_jsonl))
    assert upload["status"] == "pending"
    assert upload["file"] is None
    assert upload["expires_at"] == upload["created_at"] + 3600
    first = add_part(http, upload["id"], training_jsonl[:half])
    second = add_part(http, upload["id"], training_jsonl[half:])
    md5 = hashlib.md5(training_jsonl, usedforsecurity=False).hexdigest()
    done = http.post(
        f"/uploads/{upload['id']}/complete", json={"part_ids": [first, second], "md5": md5}
    ).json()
    assert done["status"] == "completed"
    assert done["file"]["bytes"] == len(training_jsonl)
    assert done["file"]["purpose"] == "fine-tune"
    assert fake.file_content(done["file"]["id"]) == training_jsonl
    job = create_job(http, done["file"]["id"])
    fake.advance(60)
    assert http.get(f"/fine_tuning/jobs/{job['id']}").json()["status"] == "succeeded"


def test_parts_are_joined_in_the_order_given(fake: FakeOpenAI, http: httpx.Client) -> None:
    upload = start(http, 6)
    a = add_part(http, upload["id"], b"abc")
    b = add_part(http, upload["id"], b"def")
    done = http.post(f"/uploads/{upload['id']}/complete", json={"part_ids": [b, a]}).json()
    assert fake.file_content(done["file"]["id"]) == b"defabc"  # md5 is optional


def test_wrong_md5_or_size_is_400_and_the_upload_stays_open(
    fake: FakeOpenAI, http: httpx.Client
) -> None:
    upload = start(http, 6)
    part = add_part(http, upload["id"], b"abcdef")
    wrong = http.post(
        f"/uploads/{upload['id']}/complete", json={"part_ids": [part], "md5": "0" * 32}
    )
    assert wrong.status_code == 400
    assert wrong.json()["error"]["param"] == "md5"
    short = start(http, 7)
    part7 = add_part(http, short["id"], b"abcdef")
    mismatch = http.post(f"/uploads/{short['id']}/complete", json={"part_ids": [part7]})
    assert mismatch.status_code == 400
    assert fake.stats().files == 0
    ok = http.post(f"/uploads/{upload['id']}/complete", json={"part_ids": [part]})
    assert ok.json()["status"] == "completed"


def test_complete_rejects_foreign_or_repeated_parts(http: httpx.Client) -> None:
    one, two = start(http, 3), start(http, 3)
    mine = add_part(http, one["id"], b"abc")
    theirs = add_part(http, two["id"], b"abc")
    assert (
        http.post(f"/uploads/{one['id']}/complete", json={"part_ids": [theirs]}).status_code == 400
    )
    assert (
        http.post(f"/uploads/{one['id']}/complete", json={"part_ids": [mine, mine]}).status_code
        == 400
    )
    assert http.post(f"/uploads/{one['id']}/complete", json={}).status_code == 400


def test_cancel_and_expiry_close_an_upload(fake: FakeOpenAI, http: httpx.Client) -> None:
    upload = start(http, 3)
    cancelled = http.post(f"/uploads/{upload['id']}/cancel").json()
    assert cancelled["status"] == "cancelled"
    refused = http.post(f"/uploads/{upload['id']}/parts", files={"data": ("blob", b"abc")})
    assert refused.status_code == 400
    assert http.post(f"/uploads/{upload['id']}/cancel").status_code == 400

    late = start(http, 3)
    fake.advance(3601)
    assert (
        http.post(f"/uploads/{late['id']}/parts", files={"data": ("blob", b"abc")}).status_code
        == 400
    )
    assert fake.stats().uploads_by_status == {"cancelled": 1, "expired": 1}


@pytest.mark.parametrize(
    ("override", "param"),
    [
        ({"purpose": "user_data"}, "purpose"),
        ({"bytes": 8 * 1024**3 + 1}, "bytes"),
        ({"bytes": -1}, "bytes"),
        ({"mime_type": None}, "mime_type"),
        ({"expires_after": {"anchor": "created_at", "seconds": 10}}, "expires_after"),
    ],
)
def test_create_upload_validates(http: httpx.Client, override: dict[str, Any], param: str) -> None:
    body: dict[str, Any] = {
        "filename": "a.jsonl",
        "purpose": "fine-tune",
        "bytes": 3,
        "mime_type": "text/jsonl",
    }
    body.update(override)
    body = {k: v for k, v in body.items() if v is not None}
    response = http.post("/uploads", json=body)
    assert response.status_code == 400
    assert response.json()["error"]["param"] == param


class _Trickle:
    """A reader that returns one byte at a time: every boundary straddles reads."""

    def __init__(self, data: bytes) -> None:
        self._stream = io.BytesIO(data)

    def read(self, n: int = -1, /) -> bytes:
        return self._stream.read(1)


def test_multipart_parser_handles_boundaries_split_across_reads() -> None:
    payload = b"line one\r\n--not-the-boundary\r\n" * 3
    request = httpx.Request(
        "POST",
        "http://x/files",
        files={"file": ("a.jsonl", payload)},
        data={"purpose": "fine-tune"},
    )
    body = request.read()
    form = parse_form(_Trickle(body), request.headers["content-type"])
    assert form.fields == {"purpose": "fine-tune"}
    part = form.files["file"]
    assert part.filename == "a.jsonl"
    assert part.writer.finish().read_all() == payload


def test_multipart_parser_spools_large_parts_to_disk() -> None:
    payload = bytes(range(256)) * 8192  # 2 MiB
    request = httpx.Request("POST", "http://x/files", files={"file": ("big.bin", payload)})
    body = request.read()
    form = parse_form(io.BytesIO(body), request.headers["content-type"], spool_bytes=64 * 1024)
    blob = form.files["file"].writer.finish()
    assert repr(blob) == f"Blob(size={len(payload)}, in=disk)"
    assert blob.read_all() == payload
    with blob.open() as stream:
        stream.seek(1000)
        assert stream.read(10) == payload[1000:1010]
    blob.close()


def test_multipart_parser_rejects_truncated_bodies() -> None:
    request = httpx.Request("POST", "http://x/files", files={"file": ("a", b"data")})
    body = request.read()
    from openai_finetunes.testing._errors import ApiError

    with pytest.raises(ApiError):
        parse_form(io.BytesIO(body[:-20]), request.headers["content-type"])
