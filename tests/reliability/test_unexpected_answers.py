"""Issue 9, item 4: answers that are not OpenAI's JSON give a typed error or a parsed object.

Never an ``AttributeError``/``KeyError``/``JSONDecodeError`` from inside generated code:
each case names the exact type it expects, so any other exception fails the test.
"""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from typing import Any

import attrs
import httpx
import pytest
from pytest_httpx import HTTPXMock

from openai_finetunes import AuthenticatedClient, connect
from openai_finetunes._exceptions import (
    APIResponseValidationError,
    APIStatusError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
)
from openai_finetunes.api.files import create_file, download_file, list_files
from openai_finetunes.api.fine_tuning import (
    cancel_fine_tuning_job,
    list_fine_tuning_events,
    retrieve_fine_tuning_job,
)
from openai_finetunes.models import CreateFileRequest, CreateFileRequestPurpose
from openai_finetunes.types import File
from openai_finetunes.workflows import run_fine_tuning_job
from tests import payloads as p
from tests.conftest import BASE_URL
from tests.workflows.conftest import GOOD, MODEL

NGINX_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
CLOUDFLARE_520 = "<!DOCTYPE html><html><head><title>520: Web server is returning an unknown error</title></head><body><h1>Web server is returning an unknown error</h1></body></html>"
HTML_404 = "<html><body><h1>404 Not Found</h1><p>The requested URL was not found.</p></body></html>"


def _upload_body() -> CreateFileRequest:
    return CreateFileRequest(
        file=File(payload=io.BytesIO(b"{}\n"), file_name="a.jsonl", mime_type="text/jsonl"),
        purpose=CreateFileRequestPurpose.FINE_TUNE,
    )


@attrs.frozen
class Operation:
    sync: Callable[[AuthenticatedClient], Any]
    asyncio: Callable[[AuthenticatedClient], Awaitable[Any]]
    #: A 200 body with fields and enum values this client has never heard of.
    novel: dict[str, Any]
    #: Checks the object parsed from ``novel``.
    check: Callable[[Any], None]
    #: Whether a 2xx body is JSON (a download is raw bytes: any body is valid content).
    json: bool = True


def _check_job(job: Any) -> None:
    assert job.id == p.JOB_ID
    assert str(job.status) == "archiving"
    assert job.additional_properties["shiny_new_field"] == {"nested": [1, 2]}


def _check_events(page: Any) -> None:
    [event] = page.data
    assert str(event.level) == "trace"
    assert str(event.type_) == "telemetry"
    assert page.additional_properties["cursor_v2"] == "x"


def _check_file(item: Any) -> None:
    assert item.id == p.FILE_ID
    assert str(item.purpose) == "world-model"
    assert str(item.status) == "quarantined"


def _check_files(page: Any) -> None:
    [item] = page.data
    _check_file(item)


def _check_download(content: Any) -> None:
    assert b"shiny_new_field" in content.payload.read()


NOVEL_JOB = p.job(status="archiving", shiny_new_field={"nested": [1, 2]})
NOVEL_FILE = p.file(purpose="world-model", status="quarantined", retention="forever")
OPERATIONS: dict[str, Operation] = {
    "retrieve_job": Operation(
        lambda c: retrieve_fine_tuning_job.sync(p.JOB_ID, client=c),
        lambda c: retrieve_fine_tuning_job.asyncio(p.JOB_ID, client=c),
        NOVEL_JOB,
        _check_job,
    ),
    "list_events": Operation(
        lambda c: list_fine_tuning_events.sync(p.JOB_ID, client=c),
        lambda c: list_fine_tuning_events.asyncio(p.JOB_ID, client=c),
        p.page([p.event(1, level="trace", type="telemetry", extra=True)], cursor_v2="x"),
        _check_events,
    ),
    "create_file": Operation(
        lambda c: create_file.sync(client=c, body=_upload_body()),
        lambda c: create_file.asyncio(client=c, body=_upload_body()),
        NOVEL_FILE,
        _check_file,
    ),
    "list_files": Operation(
        lambda c: list_files.sync(client=c),
        lambda c: list_files.asyncio(client=c),
        p.page([NOVEL_FILE], first_id=p.FILE_ID, last_id=p.FILE_ID),
        _check_files,
    ),
    "download": Operation(
        lambda c: download_file.sync(p.FILE_ID, client=c),
        lambda c: download_file.asyncio(p.FILE_ID, client=c),
        NOVEL_JOB,
        _check_download,
        json=False,
    ),
    "cancel_job": Operation(
        lambda c: cancel_fine_tuning_job.sync(p.JOB_ID, client=c),
        lambda c: cancel_fine_tuning_job.asyncio(p.JOB_ID, client=c),
        NOVEL_JOB,
        _check_job,
    ),
}


@attrs.frozen
class Answer:
    status: int
    content: bytes
    content_type: str | None
    #: The error expected for JSON operations (None: a parsed object).
    error: type[Exception] | None
    #: Text the error message must contain (readable, no HTML tags).
    says: str | None = None


ANSWERS: dict[str, Answer] = {
    "html_502_from_proxy": Answer(
        502, NGINX_502.encode(), "text/html", InternalServerError, "502 Bad Gateway"
    ),
    "html_404_from_proxy": Answer(404, HTML_404.encode(), "text/html", NotFoundError, "Not Found"),
    "cloudflare_520": Answer(
        520, CLOUDFLARE_520.encode(), "text/html", APIStatusError, "unknown error"
    ),
    "500_plain_text": Answer(500, b"Internal Server Error", "text/plain", InternalServerError),
    "500_empty": Answer(500, b"", None, InternalServerError),
    "429_no_json": Answer(429, b"Too Many Requests", "text/plain", RateLimitError),
    "200_truncated_json": Answer(
        200,
        b'{"object": "fine_tuning.job", "id": "ftjob-abc',
        "application/json",
        APIResponseValidationError,
    ),
    "200_empty": Answer(200, b"", "application/json", APIResponseValidationError),
    "200_html": Answer(200, NGINX_502.encode(), "text/html", APIResponseValidationError),
    "200_json_array": Answer(200, b"[1, 2, 3]", "application/json", APIResponseValidationError),
    "200_json_null": Answer(200, b"null", "application/json", APIResponseValidationError),
    "200_wrong_types": Answer(
        200,
        b'{"id": 7, "data": "nope", "status": 3}',
        "application/json",
        APIResponseValidationError,
    ),
}


@pytest.fixture
def client() -> AuthenticatedClient:
    return connect("sk-test-unexpected", base_url=BASE_URL, max_retries=0)


def _add(httpx_mock: HTTPXMock, answer: Answer) -> None:
    headers = {"content-type": answer.content_type} if answer.content_type else {}
    httpx_mock.add_response(status_code=answer.status, content=answer.content, headers=headers)


async def _call(operation: Operation, client: AuthenticatedClient, use_async: bool) -> Any:
    return await operation.asyncio(client) if use_async else operation.sync(client)


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("answer_name", list(ANSWERS))
@pytest.mark.parametrize("operation_name", list(OPERATIONS))
async def test_bad_answer_gives_a_typed_error(
    operation_name: str,
    answer_name: str,
    use_async: bool,
    client: AuthenticatedClient,
    httpx_mock: HTTPXMock,
) -> None:
    operation, answer = OPERATIONS[operation_name], ANSWERS[answer_name]
    _add(httpx_mock, answer)
    if answer.status < 300 and not operation.json:
        # A download's body is the file itself: whatever arrives is its content.
        result = await _call(operation, client, use_async)
        assert result.payload.read() == answer.content
        return
    assert answer.error is not None
    with pytest.raises(answer.error) as caught:
        await _call(operation, client, use_async)
    error = caught.value
    message = str(error)
    assert message
    assert "<html" not in message.lower()
    assert "<!doctype" not in message.lower()
    if answer.says:
        assert answer.says in message
    if isinstance(error, APIStatusError):
        assert error.status_code == answer.status
    else:  # the cause is kept for debugging
        assert isinstance(error, APIResponseValidationError)
        assert error.__cause__ is not None


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("operation_name", list(OPERATIONS))
async def test_unknown_fields_and_enum_values_parse(
    operation_name: str, use_async: bool, client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    operation = OPERATIONS[operation_name]
    httpx_mock.add_response(json=operation.novel)
    operation.check(await _call(operation, client, use_async))


def test_workflow_facing_html_502_on_every_create_fails_typed_and_readable(
    httpx_mock: HTTPXMock,
) -> None:
    """Lookups answer normally; every create gets a proxy's HTML 502 page."""
    client = connect("sk-test-unexpected", base_url=BASE_URL, max_retries=0)
    empty = p.page([], first_id=None, last_id=None)

    def respond(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return httpx.Response(200, json=empty)
        if request.url.path == "/v1/files":
            return httpx.Response(200, json=p.file(bytes=GOOD.stat().st_size))
        return httpx.Response(502, text=NGINX_502, headers={"content-type": "text/html"})

    httpx_mock.add_callback(respond, is_reusable=True)
    sleeps: list[float] = []

    class NoWait:
        def monotonic(self) -> float:
            return 0.0

        def sleep(self, seconds: float) -> None:
            sleeps.append(seconds)

        async def asleep(self, seconds: float) -> None:  # pragma: no cover - sync test
            sleeps.append(seconds)

    with pytest.raises(InternalServerError) as caught:
        run_fine_tuning_job(GOOD, MODEL, client=client, clock=NoWait(), progress=False)
    creates = [
        r for r in httpx_mock.get_requests() if r.method == "POST" and r.url.path.endswith("/jobs")
    ]
    assert len(creates) > 1  # retried (and reconciled by a lookup) before giving up
    assert len(sleeps) == len(creates) - 1
    message = str(caught.value)
    assert caught.value.status_code == 502
    assert "502 Bad Gateway" in message
    assert "<" not in message
