"""Every generated operation, sync and async: the request it sends and the model it parses."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from pytest_httpx import HTTPXMock

from openai_finetunes.api.files import (
    create_file,
    delete_file,
    download_file,
    list_files,
    retrieve_file,
)
from openai_finetunes.api.fine_tuning import (
    cancel_fine_tuning_job,
    create_fine_tuning_checkpoint_permission,
    create_fine_tuning_job,
    delete_fine_tuning_checkpoint_permission,
    list_fine_tuning_checkpoint_permissions,
    list_fine_tuning_events,
    list_fine_tuning_job_checkpoints,
    list_paginated_fine_tuning_jobs,
    pause_fine_tuning_job,
    resume_fine_tuning_job,
    retrieve_fine_tuning_job,
)
from openai_finetunes.api.models import delete_model, list_models, retrieve_model
from openai_finetunes.api.uploads import (
    add_upload_part,
    cancel_upload,
    complete_upload,
    create_upload,
)
from openai_finetunes.models import (
    AddUploadPartRequest,
    CompleteUploadRequest,
    CreateFileRequest,
    CreateFileRequestPurpose,
    CreateFineTuningCheckpointPermissionRequest,
    CreateFineTuningJobRequest,
    CreateUploadRequest,
    CreateUploadRequestPurpose,
    ListPaginatedFineTuningJobsMetadata,
)
from openai_finetunes.types import File
from tests import payloads as p
from tests.conftest import API_KEY, BASE_URL


def _metadata(**pairs: str) -> ListPaginatedFineTuningJobsMetadata:
    metadata = ListPaginatedFineTuningJobsMetadata()
    metadata.additional_properties.update(pairs)
    return metadata


@dataclass
class Case:
    module: Any
    args: tuple[Any, ...]
    kwargs: Callable[[], dict[str, Any]]
    method: str
    path: str
    response: Any
    check: Callable[[Any], None]
    query: dict[str, str] = field(default_factory=dict)
    json_body: Any = None
    content_type: str = "application/json"


CASES: dict[str, Case] = {
    "listFiles": Case(
        list_files,
        (),
        lambda: {"purpose": "fine-tune", "limit": 2, "after": p.FILE_ID},
        "GET",
        "/files",
        p.page([p.file()], has_more=True, first_id=p.FILE_ID, last_id=p.FILE_ID),
        lambda r: (r.data[0].id == p.FILE_ID and r.has_more) or pytest.fail(repr(r)),
        query={"purpose": "fine-tune", "limit": "2", "order": "desc", "after": p.FILE_ID},
    ),
    "retrieveFile": Case(
        retrieve_file,
        (p.FILE_ID,),
        dict,
        "GET",
        f"/files/{p.FILE_ID}",
        p.file(),
        lambda r: (r.filename == "train.jsonl" and r.bytes_ == 140) or pytest.fail(repr(r)),
    ),
    "deleteFile": Case(
        delete_file,
        (p.FILE_ID,),
        dict,
        "DELETE",
        f"/files/{p.FILE_ID}",
        {"id": p.FILE_ID, "object": "file", "deleted": True},
        lambda r: r.deleted or pytest.fail(repr(r)),
    ),
    "createFineTuningJob": Case(
        create_fine_tuning_job,
        (),
        lambda: {
            "body": CreateFineTuningJobRequest.from_dict(
                {
                    "model": p.MODEL,
                    "training_file": p.FILE_ID,
                    "suffix": "support",
                    "seed": 42,
                    "method": {
                        "type": "supervised",
                        "supervised": {
                            "hyperparameters": {
                                "n_epochs": 3,
                                "batch_size": "auto",
                                "learning_rate_multiplier": 0.5,
                            }
                        },
                    },
                    "metadata": {"team": "support"},
                }
            )
        },
        "POST",
        "/fine_tuning/jobs",
        p.job(status="validating_files", fine_tuned_model=None),
        lambda r: (
            (r.status == "validating_files" and r.fine_tuned_model is None) or pytest.fail(repr(r))
        ),
        json_body={
            "model": p.MODEL,
            "training_file": p.FILE_ID,
            "suffix": "support",
            "seed": 42,
            "method": {
                "type": "supervised",
                "supervised": {
                    "hyperparameters": {
                        "n_epochs": 3,
                        "batch_size": "auto",
                        "learning_rate_multiplier": 0.5,
                    }
                },
            },
            "metadata": {"team": "support"},
        },
    ),
    "listPaginatedFineTuningJobs": Case(
        list_paginated_fine_tuning_jobs,
        (),
        lambda: {"limit": 5, "metadata": _metadata(run="r-1", team="support")},
        "GET",
        "/fine_tuning/jobs",
        p.page([p.job()]),
        lambda r: r.data[0].id == p.JOB_ID or pytest.fail(repr(r)),
        query={"limit": "5", "metadata[run]": "r-1", "metadata[team]": "support"},
    ),
    "retrieveFineTuningJob": Case(
        retrieve_fine_tuning_job,
        (p.JOB_ID,),
        dict,
        "GET",
        f"/fine_tuning/jobs/{p.JOB_ID}",
        p.job(),
        lambda r: (
            (r.fine_tuned_model == p.FT_MODEL and r.trained_tokens == 12345) or pytest.fail(repr(r))
        ),
    ),
    "cancelFineTuningJob": Case(
        cancel_fine_tuning_job,
        (p.JOB_ID,),
        dict,
        "POST",
        f"/fine_tuning/jobs/{p.JOB_ID}/cancel",
        p.job(status="cancelled", fine_tuned_model=None),
        lambda r: r.status == "cancelled" or pytest.fail(repr(r)),
    ),
    "pauseFineTuningJob": Case(
        pause_fine_tuning_job,
        (p.JOB_ID,),
        dict,
        "POST",
        f"/fine_tuning/jobs/{p.JOB_ID}/pause",
        p.job(status="paused", fine_tuned_model=None),
        lambda r: r.status.value == "paused" or pytest.fail(repr(r)),
    ),
    "resumeFineTuningJob": Case(
        resume_fine_tuning_job,
        (p.JOB_ID,),
        dict,
        "POST",
        f"/fine_tuning/jobs/{p.JOB_ID}/resume",
        p.job(status="running", fine_tuned_model=None),
        lambda r: r.status == "running" or pytest.fail(repr(r)),
    ),
    "listFineTuningEvents": Case(
        list_fine_tuning_events,
        (p.JOB_ID,),
        lambda: {"limit": 2, "after": "ftevent-x"},
        "GET",
        f"/fine_tuning/jobs/{p.JOB_ID}/events",
        p.page([p.event(2), p.event(1)], has_more=True),
        lambda r: (
            (
                [e.id for e in r.data] == [p.event(2)["id"], p.event(1)["id"]]
                and r.data[0].data.additional_properties["step"] == 2
            )
            or pytest.fail(repr(r))
        ),
        query={"limit": "2", "after": "ftevent-x"},
    ),
    "listFineTuningJobCheckpoints": Case(
        list_fine_tuning_job_checkpoints,
        (p.JOB_ID,),
        lambda: {"limit": 3},
        "GET",
        f"/fine_tuning/jobs/{p.JOB_ID}/checkpoints",
        p.page([p.checkpoint()], first_id=p.CHECKPOINT_ID, last_id=p.CHECKPOINT_ID),
        lambda r: (
            (r.data[0].step_number == 40 and r.data[0].metrics.valid_loss == 0.52)
            or pytest.fail(repr(r))
        ),
        query={"limit": "3"},
    ),
    "listFineTuningCheckpointPermissions": Case(
        list_fine_tuning_checkpoint_permissions,
        (p.CHECKPOINT_MODEL,),
        lambda: {"project_id": "proj_abc123"},
        "GET",
        f"/fine_tuning/checkpoints/{p.CHECKPOINT_MODEL}/permissions",
        p.page([p.permission()], first_id=p.PERMISSION_ID, last_id=p.PERMISSION_ID),
        lambda r: r.data[0].project_id == "proj_abc123" or pytest.fail(repr(r)),
        query={"project_id": "proj_abc123", "limit": "10", "order": "descending"},
    ),
    "createFineTuningCheckpointPermission": Case(
        create_fine_tuning_checkpoint_permission,
        (p.CHECKPOINT_MODEL,),
        lambda: {"body": CreateFineTuningCheckpointPermissionRequest(project_ids=["proj_abc123"])},
        "POST",
        f"/fine_tuning/checkpoints/{p.CHECKPOINT_MODEL}/permissions",
        p.page([p.permission()]),
        lambda r: r.data[0].id == p.PERMISSION_ID or pytest.fail(repr(r)),
        json_body={"project_ids": ["proj_abc123"]},
    ),
    "deleteFineTuningCheckpointPermission": Case(
        delete_fine_tuning_checkpoint_permission,
        (p.CHECKPOINT_MODEL, p.PERMISSION_ID),
        dict,
        "DELETE",
        f"/fine_tuning/checkpoints/{p.CHECKPOINT_MODEL}/permissions/{p.PERMISSION_ID}",
        {"object": "checkpoint.permission", "id": p.PERMISSION_ID, "deleted": True},
        lambda r: r.deleted or pytest.fail(repr(r)),
    ),
    "listModels": Case(
        list_models,
        (),
        dict,
        "GET",
        "/models",
        p.page([p.model(p.MODEL, "system"), p.model()]),
        lambda r: [m.owned_by for m in r.data] == ["system", "org-acme"] or pytest.fail(repr(r)),
    ),
    "retrieveModel": Case(
        retrieve_model,
        (p.FT_MODEL,),
        dict,
        "GET",
        f"/models/{p.FT_MODEL}",
        p.model(),
        lambda r: r.id == p.FT_MODEL or pytest.fail(repr(r)),
    ),
    "deleteModel": Case(
        delete_model,
        (p.FT_MODEL,),
        dict,
        "DELETE",
        f"/models/{p.FT_MODEL}",
        {"id": p.FT_MODEL, "object": "model", "deleted": True},
        lambda r: r.deleted or pytest.fail(repr(r)),
    ),
    "createUpload": Case(
        create_upload,
        (),
        lambda: {
            "body": CreateUploadRequest(
                filename="big.jsonl",
                purpose=CreateUploadRequestPurpose.FINE_TUNE,
                bytes_=2147483648,
                mime_type="text/jsonl",
            )
        },
        "POST",
        "/uploads",
        p.upload(),
        lambda r: (r.id == p.UPLOAD_ID and r.status == "pending") or pytest.fail(repr(r)),
        json_body={
            "filename": "big.jsonl",
            "purpose": "fine-tune",
            "bytes": 2147483648,
            "mime_type": "text/jsonl",
        },
    ),
    "completeUpload": Case(
        complete_upload,
        (p.UPLOAD_ID,),
        lambda: {
            "body": CompleteUploadRequest(
                part_ids=[p.PART_ID], md5="d41d8cd98f00b204e9800998ecf8427e"
            )
        },
        "POST",
        f"/uploads/{p.UPLOAD_ID}/complete",
        p.upload("completed", file=p.file(bytes=2147483648, filename="big.jsonl")),
        lambda r: (r.status == "completed" and r.file.id == p.FILE_ID) or pytest.fail(repr(r)),
        json_body={"part_ids": [p.PART_ID], "md5": "d41d8cd98f00b204e9800998ecf8427e"},
    ),
    "cancelUpload": Case(
        cancel_upload,
        (p.UPLOAD_ID,),
        dict,
        "POST",
        f"/uploads/{p.UPLOAD_ID}/cancel",
        p.upload("cancelled"),
        lambda r: r.status == "cancelled" or pytest.fail(repr(r)),
    ),
}


def _check_request(request: httpx.Request, case: Case) -> None:
    assert request.method == case.method
    assert (
        request.url.path == "/v1" + case.path.replace(":", "%3A")
        or request.url.path == "/v1" + case.path
    )
    assert dict(parse_qsl(request.url.query.decode())) == case.query
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.headers["openai-organization"] == "org-acme"
    assert request.headers["openai-project"] == "proj_abc123"
    if case.json_body is not None:
        assert request.headers["content-type"] == "application/json"
        assert json.loads(request.content) == case.json_body


@pytest.mark.parametrize("operation", sorted(CASES))
def test_sync(operation: str, client: Any, httpx_mock: HTTPXMock) -> None:
    case = CASES[operation]
    httpx_mock.add_response(json=case.response, headers={"x-request-id": "req_1"})
    result = case.module.sync(*case.args, client=client, **case.kwargs())
    case.check(result)
    _check_request(httpx_mock.get_request(), case)


@pytest.mark.parametrize("operation", sorted(CASES))
async def test_async(operation: str, client: Any, httpx_mock: HTTPXMock) -> None:
    case = CASES[operation]
    httpx_mock.add_response(json=case.response)
    detailed = await case.module.asyncio_detailed(*case.args, client=client, **case.kwargs())
    assert detailed.status_code == 200
    case.check(detailed.parsed)
    _check_request(httpx_mock.get_request(), case)


def test_every_operation_is_covered() -> None:
    from openai_finetunes import _facts

    covered = set(CASES) | {"createFile", "addUploadPart", "downloadFile"}
    assert covered == set(_facts.OPERATIONS)
    for case in CASES.values():
        for name in ("sync", "sync_detailed", "asyncio", "asyncio_detailed"):
            assert callable(getattr(case.module, name))


def _multipart_parts(request: httpx.Request) -> dict[str, tuple[str | None, bytes]]:
    boundary = request.headers["content-type"].split("boundary=")[1].encode()
    parts = {}
    for chunk in request.content.split(b"--" + boundary)[1:-1]:
        head, _, body = chunk[2:-2].partition(b"\r\n\r\n")
        disposition = head.decode().split("\r\n")[0]
        name = disposition.split('name="')[1].split('"')[0]
        filename = (
            disposition.split('filename="')[1].split('"')[0] if "filename=" in disposition else None
        )
        parts[name] = (filename, body)
    return parts


@pytest.mark.parametrize("use_async", [False, True])
async def test_create_file_streams_an_open_file_object(
    use_async: bool, client: Any, httpx_mock: HTTPXMock, tmp_path: Any
) -> None:
    content = (
        b'{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}\n'
        * 3
    )
    path = tmp_path / "train.jsonl"
    path.write_bytes(content)
    httpx_mock.add_response(method="POST", url=f"{BASE_URL}/files", json=p.file(bytes=len(content)))
    with path.open("rb") as handle:
        body = CreateFileRequest(
            file=File(payload=handle, file_name="train.jsonl", mime_type="text/jsonl"),
            purpose=CreateFileRequestPurpose.FINE_TUNE,
        )
        result = (
            (await create_file.asyncio(client=client, body=body))
            if use_async
            else create_file.sync(client=client, body=body)
        )
    assert result.bytes_ == len(content)
    request = httpx_mock.get_request()
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    parts = _multipart_parts(request)
    assert parts["file"] == ("train.jsonl", content)
    assert parts["purpose"] == (None, b"fine-tune")


@pytest.mark.parametrize("use_async", [False, True])
async def test_add_upload_part_sends_bytes(
    use_async: bool, client: Any, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(
        json={"id": p.PART_ID, "object": "upload.part", "created_at": 1, "upload_id": p.UPLOAD_ID}
    )
    body = AddUploadPartRequest(data=File(payload=io.BytesIO(b"x" * 1000), file_name="part"))
    module = add_upload_part
    part = (
        (await module.asyncio(p.UPLOAD_ID, client=client, body=body))
        if use_async
        else module.sync(p.UPLOAD_ID, client=client, body=body)
    )
    assert part.id == p.PART_ID
    request = httpx_mock.get_request()
    assert request.url.path == f"/v1/uploads/{p.UPLOAD_ID}/parts"
    assert _multipart_parts(request)["data"] == ("part", b"x" * 1000)


@pytest.mark.parametrize("use_async", [False, True])
async def test_download_file_returns_raw_jsonl_bytes(
    use_async: bool, client: Any, httpx_mock: HTTPXMock
) -> None:
    jsonl = b'{"prompt": "a", "completion": "b"}\n{"prompt": "c", "completion": "d"}\n'
    httpx_mock.add_response(
        url=f"{BASE_URL}/files/{p.FILE_ID}/content",
        content=jsonl,
        headers={"content-type": "application/octet-stream"},
    )
    result = (
        (await download_file.asyncio(p.FILE_ID, client=client))
        if use_async
        else download_file.sync(p.FILE_ID, client=client)
    )
    assert result.payload.read() == jsonl


def test_download_file_returns_csv_results(client: Any, httpx_mock: HTTPXMock) -> None:
    csv = b"step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n1,1.2,0.5,,\n"
    httpx_mock.add_response(content=csv, headers={"content-type": "text/csv"})
    assert download_file.sync(p.RESULT_FILE_ID, client=client).payload.read() == csv


def test_multipart_nested_object_is_sent_as_bracketed_fields(
    client: Any, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(json=p.file())
    body = CreateFileRequest.from_dict(
        {
            "file": b"",
            "purpose": "fine-tune",
            "expires_after": {"anchor": "created_at", "seconds": 3600},
        }
    )
    body.file = File(
        payload=io.BytesIO(b'{"prompt": "a", "completion": "b"}\n'), file_name="t.jsonl"
    )
    create_file.sync(client=client, body=body)
    parts = _multipart_parts(httpx_mock.get_request())
    assert parts["expires_after[anchor]"] == (None, b"created_at")
    assert parts["expires_after[seconds]"] == (None, b"3600")
    assert "expires_after" not in parts


def test_multipart_boundary_is_random_so_any_content_survives(
    client: Any, httpx_mock: HTTPXMock
) -> None:
    # A fixed boundary ("+++", the generator's default) would split this file in two.
    content = b'{"prompt": "x", "completion": "y"}\n--+++\n--+++--\n'
    httpx_mock.add_response(json=p.file(bytes=len(content)))
    body = CreateFileRequest(
        file=File(payload=io.BytesIO(content), file_name="t.jsonl"),
        purpose=CreateFileRequestPurpose.FINE_TUNE,
    )
    create_file.sync(client=client, body=body)
    request = httpx_mock.get_request()
    assert "boundary=+++" not in request.headers["content-type"]
    assert _multipart_parts(request)["file"] == ("t.jsonl", content)
