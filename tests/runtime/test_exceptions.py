"""Typed errors: every non-2xx answer, from realistic OpenAI bodies and from proxies."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from pytest_httpx import HTTPXMock

from openai_finetunes import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticatedClient,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from openai_finetunes._exceptions import error_for_response
from openai_finetunes.api.files import create_file, download_file, list_files
from openai_finetunes.api.fine_tuning import create_fine_tuning_job, retrieve_fine_tuning_job
from openai_finetunes.models import (
    CreateFileRequest,
    CreateFileRequestPurpose,
    CreateFineTuningJobRequest,
)
from openai_finetunes.types import File
from tests import payloads as p
from tests.generated.test_operations import CASES

REQUEST_ID = "req_7f3c2a9b1e4d4c0f8a6b5d3e2f1a0b9c"

# (status, class, OpenAI error body) as the API sends them.
REALISTIC = [
    (
        400,
        BadRequestError,
        p.error(
            "Invalid file format for Fine-Tuning API. Must be .jsonl",
            param="training_file",
            code="invalid_file_format",
        ),
    ),
    (
        401,
        AuthenticationError,
        p.error(
            "Incorrect API key provided: sk-proj-********************NtY. You can find your "
            "API key at https://platform.openai.com/account/api-keys.",
            code="invalid_api_key",
        ),
    ),
    (
        403,
        PermissionDeniedError,
        p.error(
            "Project `proj_abc123` does not have access to model `gpt-4o-2024-08-06`",
            param="model",
            code="model_not_found",
        ),
    ),
    (
        404,
        NotFoundError,
        p.error(
            f"Could not find fine tune: {p.JOB_ID}",
            param="fine_tune_id",
            code="fine_tune_not_found",
        ),
    ),
    (
        409,
        ConflictError,
        p.error(
            f"Job {p.JOB_ID} has already completed and cannot be cancelled.",
            code="conflict",
        ),
    ),
    (
        422,
        UnprocessableEntityError,
        p.error("Unprocessable entity: hyperparameters.n_epochs", param="hyperparameters"),
    ),
    (
        429,
        RateLimitError,
        p.error(
            "Rate limit reached for fine-tuning jobs in organization org-acme on requests per "
            "day (RPD): Limit 48, Used 48, Requested 1.",
            type_="requests",
            code="rate_limit_exceeded",
        ),
    ),
    (
        429,
        RateLimitError,
        p.error(
            "You exceeded your current quota, please check your plan and billing details.",
            type_="insufficient_quota",
            code="insufficient_quota",
        ),
    ),
    (
        500,
        InternalServerError,
        p.error(
            "The server had an error while processing your request. Sorry about that!",
            type_="server_error",
        ),
    ),
    (
        503,
        InternalServerError,
        p.error(
            "The engine is currently overloaded, please try again later.", type_="server_error"
        ),
    ),
]


def _ids(case: tuple[int, type[APIStatusError], dict[str, Any]]) -> str:
    return f"{case[0]}-{case[2]['error']['code'] or case[2]['error']['type']}"


def _check(
    exc: APIStatusError, status: int, cls: type[APIStatusError], body: dict[str, Any]
) -> None:
    error = body["error"]
    assert type(exc) is cls
    assert isinstance(exc, APIStatusError)
    assert isinstance(exc, APIError)
    assert exc.status_code == status
    assert exc.message == error["message"]
    assert exc.code == error["code"]
    assert exc.type == error["type"]
    assert exc.param == error["param"]
    assert exc.request_id == REQUEST_ID
    assert exc.body == body
    assert exc.response.status_code == status
    text = str(exc)
    assert error["message"] in text
    assert str(status) in text
    assert REQUEST_ID in text
    if error["code"]:
        assert error["code"] in text


@pytest.mark.parametrize("case", REALISTIC, ids=[_ids(c) for c in REALISTIC])
def test_each_status_raises_its_class(
    case: tuple[int, type[APIStatusError], dict[str, Any]],
    client: AuthenticatedClient,
    httpx_mock: HTTPXMock,
) -> None:
    status, cls, body = case
    httpx_mock.add_response(status_code=status, json=body, headers={"x-request-id": REQUEST_ID})
    with pytest.raises(cls) as caught:
        retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)
    _check(caught.value, status, cls, body)


@pytest.mark.parametrize("case", REALISTIC, ids=[_ids(c) for c in REALISTIC])
async def test_each_status_raises_its_class_async(
    case: tuple[int, type[APIStatusError], dict[str, Any]],
    client: AuthenticatedClient,
    httpx_mock: HTTPXMock,
) -> None:
    status, cls, body = case
    httpx_mock.add_response(status_code=status, json=body, headers={"x-request-id": REQUEST_ID})
    with pytest.raises(cls) as caught:
        await retrieve_fine_tuning_job.asyncio(p.JOB_ID, client=client)
    _check(caught.value, status, cls, body)


@pytest.mark.parametrize("status", [502, 504, 520, 599])
def test_every_5xx_is_an_internal_server_error(
    status: int, client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(status_code=status, json=p.error("upstream", "server_error"))
    with pytest.raises(InternalServerError) as caught:
        list_files.sync(client=client)
    assert caught.value.status_code == status


@pytest.mark.parametrize("status", [520, 503])
async def test_every_5xx_is_an_internal_server_error_async(
    status: int, client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(status_code=status, text="origin error")
    with pytest.raises(InternalServerError) as caught:
        await list_files.asyncio(client=client)
    assert caught.value.status_code == status
    assert "origin error" in caught.value.message


@pytest.mark.parametrize("status", [402, 405, 408, 413, 418, 499])
def test_other_statuses_are_the_base_status_error(
    status: int, client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(status_code=status, json=p.error("nope"))
    with pytest.raises(APIStatusError) as caught:
        list_files.sync(client=client)
    assert type(caught.value) is APIStatusError
    assert caught.value.status_code == status
    assert caught.value.message == "nope"


# -- no operation returns None for an error -------------------------------------------


@pytest.mark.parametrize("operation", sorted(CASES))
def test_no_operation_returns_none_for_an_error(
    operation: str, client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    case = CASES[operation]
    httpx_mock.add_response(status_code=404, json=p.error("No such object", code="not_found"))
    with pytest.raises(NotFoundError):
        case.module.sync(*case.args, client=client, **case.kwargs())


@pytest.mark.parametrize("operation", sorted(CASES))
async def test_no_async_operation_returns_none_for_an_error(
    operation: str, client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    case = CASES[operation]
    httpx_mock.add_response(status_code=500, json=p.error("boom", "server_error"))
    with pytest.raises(InternalServerError):
        await case.module.asyncio(*case.args, client=client, **case.kwargs())


def test_create_file_and_download_raise_too(
    client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(
        status_code=400, json=p.error("Invalid purpose", param="purpose", code="invalid_value")
    )
    httpx_mock.add_response(status_code=404, json=p.error("No such File object: file-x"))
    body = CreateFileRequest(
        file=File(payload=__import__("io").BytesIO(b"{}\n"), file_name="a.jsonl"),
        purpose=CreateFileRequestPurpose.FINE_TUNE,
    )
    with pytest.raises(BadRequestError) as caught:
        create_file.sync(client=client, body=body)
    assert caught.value.param == "purpose"
    with pytest.raises(NotFoundError):
        download_file.sync("file-x", client=client)


# -- bodies that are not OpenAI's JSON ------------------------------------------------

NGINX_502 = """<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx/1.25.3</center>
</body>
</html>
"""


def test_html_proxy_page_is_a_readable_internal_server_error(
    client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(status_code=502, html=NGINX_502, headers={"x-request-id": REQUEST_ID})
    with pytest.raises(InternalServerError) as caught:
        retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)
    exc = caught.value
    assert exc.status_code == 502
    assert exc.code is None
    assert exc.type is None
    assert exc.param is None
    assert exc.request_id == REQUEST_ID
    assert "502 Bad Gateway" in exc.message
    assert "nginx/1.25.3" in exc.message
    for text in (exc.message, str(exc)):
        assert "<" not in text
        assert ">" not in text
        assert "\n" not in text


def test_html_page_with_comments_scripts_and_entities(
    client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    page = (
        "<!DOCTYPE html><html><head><style>body { color: red; }</style>"
        "<script>var a = 1 < 2;</script></head><body><!-- upstream > timeout -->"
        "<h1>Service&nbsp;Unavailable</h1><p>Try again &amp; wait</p></body></html>"
    )
    httpx_mock.add_response(status_code=503, html=page)
    with pytest.raises(InternalServerError) as caught:
        list_files.sync(client=client)
    message = caught.value.message
    assert "Service Unavailable" in message
    assert "Try again & wait" in message
    assert "color: red" not in message
    assert "var a" not in message
    assert "<" not in message
    assert ">" not in message


def test_empty_body(client: AuthenticatedClient, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=500, content=b"")
    with pytest.raises(InternalServerError) as caught:
        list_files.sync(client=client)
    assert caught.value.message == "HTTP 500 Internal Server Error"
    assert caught.value.body is None


def test_non_json_400(client: AuthenticatedClient, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=400, text="Bad Request: malformed multipart body")
    with pytest.raises(BadRequestError) as caught:
        list_files.sync(client=client)
    assert "malformed multipart body" in caught.value.message
    assert caught.value.code is None


def test_json_that_is_not_an_openai_error(
    client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(status_code=422, json={"detail": "field required"})
    with pytest.raises(UnprocessableEntityError) as caught:
        list_files.sync(client=client)
    assert "field required" in caught.value.message
    assert caught.value.body == {"detail": "field required"}


def test_error_given_as_a_string(client: AuthenticatedClient, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=401, json={"error": "invalid token"})
    with pytest.raises(AuthenticationError) as caught:
        list_files.sync(client=client)
    assert caught.value.message == "invalid token"


def test_numeric_code_becomes_a_string(client: AuthenticatedClient, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        status_code=429, json={"error": {"message": "slow down", "type": None, "code": 429}}
    )
    with pytest.raises(RateLimitError) as caught:
        list_files.sync(client=client)
    assert caught.value.code == "429"
    assert caught.value.type is None


def test_long_bodies_are_shortened(client: AuthenticatedClient, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=500, text="x" * 5000)
    with pytest.raises(InternalServerError) as caught:
        list_files.sync(client=client)
    assert len(caught.value.message) < 400
    assert caught.value.message.endswith("…")


def test_invalid_utf8_body(client: AuthenticatedClient, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=400, content=b"\xff\xfe bad \x80 bytes")
    with pytest.raises(BadRequestError) as caught:
        list_files.sync(client=client)
    assert "bad" in caught.value.message


def test_error_for_response_directly() -> None:
    request = httpx.Request("POST", "https://api.openai.com/v1/fine_tuning/jobs")
    response = httpx.Response(
        409,
        json=p.error("already exists", code="conflict"),
        headers={"x-request-id": "req_1"},
        request=request,
    )
    error = error_for_response(response)
    assert isinstance(error, ConflictError)
    assert error.request is request
    assert error.request_id == "req_1"


def test_connection_error_hierarchy() -> None:
    request = httpx.Request("GET", "https://api.openai.com/v1/files")
    timeout = APITimeoutError(request)
    assert isinstance(timeout, APIConnectionError)
    assert isinstance(timeout, APIError)
    assert timeout.request is request
    assert not issubclass(APIConnectionError, APIStatusError)


# -- 2xx answers that do not parse ----------------------------------------------------

BAD_2XX: list[tuple[str, bytes]] = [
    ("truncated", json.dumps(p.job()).encode()[:57]),
    ("empty", b""),
    ("html", b"<html><body>OK</body></html>"),
    ("list", b"[]"),
    ("string", b'"ok"'),
    ("null", b"null"),
    ("number", b"42"),
    ("missing-keys", json.dumps({"id": p.JOB_ID, "object": "fine_tuning.job"}).encode()),
    ("wrong-type", json.dumps({**p.job(), "hyperparameters": "three"}).encode()),
    ("bad-utf8", b"\xff\xfe{}"),
]


@pytest.mark.parametrize(("name", "content"), BAD_2XX, ids=[n for n, _ in BAD_2XX])
def test_unparseable_2xx_is_a_validation_error(
    name: str, content: bytes, client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(content=content, headers={"content-type": "application/json"})
    with pytest.raises(APIResponseValidationError) as caught:
        retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)
    exc = caught.value
    assert isinstance(exc, APIError)
    assert not isinstance(exc, KeyError | json.JSONDecodeError | TypeError)
    assert exc.status_code == 200
    assert f"/fine_tuning/jobs/{p.JOB_ID}" in exc.message


@pytest.mark.parametrize(("name", "content"), BAD_2XX[:5], ids=[n for n, _ in BAD_2XX[:5]])
async def test_unparseable_2xx_is_a_validation_error_async(
    name: str, content: bytes, client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(content=content)
    with pytest.raises(APIResponseValidationError):
        await retrieve_fine_tuning_job.asyncio(p.JOB_ID, client=client)


def test_list_with_a_wrong_item_is_a_validation_error(
    client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(
        json=p.page(["file-1", "file-2"], first_id="file-1", last_id="file-2")  # type: ignore[list-item]
    )
    with pytest.raises(APIResponseValidationError):
        list_files.sync(client=client)


def test_unknown_fields_and_values_parse(
    client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    body = p.job(
        status="paused",
        usage_metrics={"billed_tokens": 9, "new": {"nested": [1, 2]}},
        shared_with_openai=False,
    )
    body["method"]["supervised"]["hyperparameters"]["beta_new_knob"] = 0.1
    httpx_mock.add_response(json=body)
    job = retrieve_fine_tuning_job.sync(p.JOB_ID, client=client)
    assert job.id == p.JOB_ID
    assert job.status.value == "paused"
    assert job.additional_properties["usage_metrics"] == body["usage_metrics"]
    assert job.additional_properties["shared_with_openai"] is False


def test_a_created_job_with_a_wrong_body_does_not_raise_key_error(
    client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(json={"object": "fine_tuning.job"})
    request = CreateFineTuningJobRequest.from_dict({"model": p.MODEL, "training_file": p.FILE_ID})
    with pytest.raises(APIResponseValidationError) as caught:
        create_fine_tuning_job.sync(client=client, body=request)
    assert isinstance(caught.value.__cause__, KeyError)
