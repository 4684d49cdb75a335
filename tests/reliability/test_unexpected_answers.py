"""Odd answers give a typed error or a parsed object (issue 9 item 4, issue 15 item 5).

Never an ``AttributeError``/``KeyError``/``TypeError``/``ValueError`` from inside: each
mode names the exact outcome it expects (a parsed object, or one ``OpenAIFinetunesError``
subclass), so any other exception fails the test. The modes, counted by
``test_at_least_25_odd_answer_modes``:

- ``ANSWERS``: bodies and statuses that are not OpenAI's JSON (HTML from a proxy,
  truncated JSON, 299/399/499, an undecodable gzip body), through every kind of operation;
- ``ENCODINGS``: valid bodies sent oddly (no content type, a BOM, gzip), which parse;
- ``FIELDS``: fields as the service really sends them (``data: null`` events, ``error: {}``,
  ``result_files: null``, integrations of unknown types), which parse and round-trip;
- ``WORKFLOW_MODES``: the same through ``wait_for_job``/``attach().result()``/
  ``run_fine_tuning_job`` and the CLI.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import attrs
import httpx
import pytest
from pytest_httpx import HTTPXMock

from openai_finetunes import AuthenticatedClient, RetryPolicy, connect
from openai_finetunes._exceptions import (
    APIConnectionError,
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
from openai_finetunes.cli import main as cli_main
from openai_finetunes.models import (
    CreateFileRequest,
    CreateFileRequestPurpose,
)
from openai_finetunes.testing import FakeOpenAI, ManualClock
from openai_finetunes.types import UNSET, File
from openai_finetunes.workflows import (
    FineTuningJobFailed,
    FineTuningResult,
    attach,
    run_fine_tuning_job,
    wait_for_job,
)
from tests import payloads as p
from tests.conftest import BASE_URL
from tests.workflows.conftest import GOOD, MODEL, Recorder, StepClock

JOB_BODY = json.dumps(p.job()).encode()
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
    headers: dict[str, str] = attrs.field(factory=dict)
    #: The error a download gets for a 200 answer (None: the body is the file's content).
    download_error: type[Exception] | None = None


ANSWERS: dict[str, Answer] = {
    "html_502_from_proxy": Answer(
        502, NGINX_502.encode(), "text/html", InternalServerError, "502 Bad Gateway"
    ),
    "html_404_from_proxy": Answer(404, HTML_404.encode(), "text/html", NotFoundError, "Not Found"),
    "cloudflare_520": Answer(
        520, CLOUDFLARE_520.encode(), "text/html", InternalServerError, "unknown error"
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
    # Statuses outside what an operation declares, standard or not.
    "299_with_a_job_body": Answer(
        299, JOB_BODY, "application/json", APIStatusError, "unexpected HTTP 299"
    ),
    "399_empty": Answer(399, b"", None, APIStatusError, "unexpected HTTP 399"),
    "302_redirect_not_followed": Answer(
        302, b"", None, APIStatusError, "unexpected HTTP 302 Found", {"location": "/elsewhere"}
    ),
    "499_nginx_client_closed": Answer(499, b"", None, APIStatusError, "HTTP 499"),
    # A body whose content-encoding does not decode: the answer is lost on the way.
    "200_corrupt_gzip": Answer(
        200,
        b'{"not": "gzip"}',
        "application/json",
        APIConnectionError,
        "could not be decoded",
        {"content-encoding": "gzip"},
        download_error=APIConnectionError,
    ),
    "500_corrupt_gzip": Answer(
        500,
        b"\x1f\x8b\x08\x00garbage",
        "application/json",
        APIConnectionError,
        "could not be decoded",
        {"content-encoding": "gzip"},
    ),
}


@pytest.fixture
def client() -> AuthenticatedClient:
    return connect("sk-test-unexpected", base_url=BASE_URL, max_retries=0)


def _add(httpx_mock: HTTPXMock, answer: Answer) -> None:
    headers = {"content-type": answer.content_type} if answer.content_type else {}
    headers.update(answer.headers)
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
    expected = answer.error
    if answer.status == 200 and not operation.json:
        expected = answer.download_error
        if expected is None:
            # A download's body is the file itself: whatever arrives is its content.
            result = await _call(operation, client, use_async)
            assert result.payload.read() == answer.content
            return
    assert expected is not None
    with pytest.raises(expected) as caught:
        await _call(operation, client, use_async)
    error = caught.value
    assert type(error) is expected  # exactly, not merely a subclass
    message = str(error)
    assert message
    assert "<html" not in message.lower()
    assert "<!doctype" not in message.lower()
    if answer.says:
        assert answer.says in message
    if isinstance(error, APIStatusError):
        assert error.status_code == answer.status
    else:  # the cause is kept for debugging
        assert isinstance(error, APIResponseValidationError | APIConnectionError)
        assert error.__cause__ is not None


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("operation_name", list(OPERATIONS))
async def test_unknown_fields_and_enum_values_parse(
    operation_name: str, use_async: bool, client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    operation = OPERATIONS[operation_name]
    httpx_mock.add_response(json=operation.novel)
    operation.check(await _call(operation, client, use_async))


# -- Valid bodies sent oddly: they parse --------------------------------------------------


@attrs.frozen
class Encoding:
    encode: Callable[[bytes], bytes]
    headers: dict[str, str]


ENCODINGS: dict[str, Encoding] = {
    "json_labelled_text_plain": Encoding(lambda b: b, {"content-type": "text/plain"}),
    "json_without_content_type": Encoding(lambda b: b, {}),
    "json_with_utf8_bom": Encoding(
        lambda b: b"\xef\xbb\xbf" + b, {"content-type": "application/json"}
    ),
    "json_gzip_encoded": Encoding(
        gzip.compress, {"content-type": "application/json", "content-encoding": "gzip"}
    ),
}


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("encoding_name", list(ENCODINGS))
@pytest.mark.parametrize("operation_name", list(OPERATIONS))
async def test_valid_bodies_sent_oddly_parse(
    operation_name: str, encoding_name: str, use_async: bool
) -> None:
    operation, encoding = OPERATIONS[operation_name], ENCODINGS[encoding_name]
    body = encoding.encode(json.dumps(operation.novel).encode())
    # A transport of its own: pytest-httpx re-reads a compressed body through a spent decoder.
    server = httpx.MockTransport(
        lambda _: httpx.Response(200, content=body, headers=encoding.headers)
    )
    client = connect("sk-test-unexpected", base_url=BASE_URL, max_retries=0, transport=server)
    operation.check(await _call(operation, client, use_async))


# -- Fields as the service really sends them: they parse and round-trip -------------------


@attrs.frozen
class Field:
    operation: Operation
    body: dict[str, Any]
    check: Callable[[Any], None]


def _retrieve(body: dict[str, Any], check: Callable[[Any], None]) -> Field:
    return Field(OPERATIONS["retrieve_job"], body, check)


def _events(body: dict[str, Any], check: Callable[[Any], None]) -> Field:
    return Field(OPERATIONS["list_events"], body, check)


def _failed(**fields: Any) -> dict[str, Any]:
    return p.job(status="failed", fine_tuned_model=None, result_files=[], **fields)


def assert_equal(actual: Any, expected: Any) -> None:
    assert actual == expected


def _check_data_null(page: Any) -> None:
    message, metrics = page.data
    assert message.data is None
    assert metrics.data.additional_properties["step"] == 2


def _check_error(code: Any, message: Any, param: Any) -> Callable[[Any], None]:
    def check(job: Any) -> None:
        assert (job.error.code, job.error.message, job.error.param) == (code, message, param)

    return check


def _check_unknown_integration(job: Any) -> None:
    wandb, mlflow = job.integrations
    assert wandb.wandb.project == "p"
    assert str(mlflow.type_) == "mlflow"
    assert mlflow.wandb is UNSET
    assert mlflow.additional_properties == {"mlflow": {"experiment": "e"}}


MLFLOW = {"type": "mlflow", "mlflow": {"experiment": "e"}}
WANDB = {"type": "wandb", "wandb": {"project": "p"}}
FIELDS: dict[str, Field] = {
    # Upstream's own example for listing events: plain messages carry "data": null.
    "event_data_null": _events(
        p.page([p.event(1, type="message", data=None), p.event(2)]), _check_data_null
    ),
    "event_data_not_an_object": _events(
        p.page([p.event(1, type="message", data="saved")]),
        lambda page: assert_equal(page.data[0].data, "saved"),
    ),
    "job_error_empty_object": _retrieve(_failed(error={}), _check_error(UNSET, UNSET, UNSET)),
    "job_error_without_code": _retrieve(
        _failed(error={"message": "bad file", "param": None}),
        _check_error(UNSET, "bad file", None),
    ),
    "job_error_only_code": _retrieve(
        _failed(error={"code": "invalid_file"}), _check_error("invalid_file", UNSET, UNSET)
    ),
    "job_error_not_an_object": _retrieve(
        _failed(error="boom"), lambda job: assert_equal(job.error, "boom")
    ),
    "result_files_null": _retrieve(
        p.job(result_files=None), lambda job: assert_equal(job.result_files, None)
    ),
    "integration_of_unknown_type": _retrieve(
        p.job(integrations=[WANDB, MLFLOW]), _check_unknown_integration
    ),
    "integration_without_type": _retrieve(
        p.job(integrations=[{"settings": {"a": 1}}]),
        lambda job: assert_equal(job.integrations, [{"settings": {"a": 1}}]),
    ),
}


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("field_name", list(FIELDS))
async def test_fields_as_sent_parse_and_round_trip(
    field_name: str, use_async: bool, client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    field = FIELDS[field_name]
    httpx_mock.add_response(json=field.body)
    parsed = await _call(field.operation, client, use_async)
    field.check(parsed)
    assert parsed.to_dict() == field.body  # what `jobs --json` / `events --json` print
    assert type(parsed).from_dict(parsed.to_dict()).to_dict() == field.body


# -- The same through the workflows and the CLI ---------------------------------------------

WORKFLOW_MODES: list[str] = []


def workflow_mode(test: Callable[..., Any]) -> Callable[..., Any]:
    """Counts a workflow-level test as one odd-answer mode."""
    WORKFLOW_MODES.append(test.__name__.removeprefix("test_"))
    return test


class Clock:
    """A workflow clock whose sleeps return at once (and advance its time)."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.now += seconds


def _job_id() -> str:
    # Unknown-status warnings are once per job id: a fresh id per test.
    return f"ftjob-{uuid.uuid4().hex[:24]}"


def _service(
    httpx_mock: HTTPXMock,
    answers: list[dict[str, Any] | httpx.Response],
    events: list[dict[str, Any]] | None = None,
) -> list[httpx.Request]:
    """GET job answers ``answers`` in turn (the last one repeats); events list ``events``."""
    polls: list[httpx.Request] = []

    def respond(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/events"):
            return httpx.Response(200, json=p.page(events or []))
        polls.append(request)
        answer = answers[min(len(polls), len(answers)) - 1]
        return answer if isinstance(answer, httpx.Response) else httpx.Response(200, json=answer)

    httpx_mock.add_callback(respond, is_reusable=True)
    return polls


@workflow_mode
@pytest.mark.parametrize(
    ("error", "code", "message", "param", "says"),
    [
        ({}, None, None, None, "no error detail from the service"),
        (
            {"message": "bad file", "param": "training_file"},
            None,
            "bad file",
            "training_file",
            "bad file (param: training_file)",
        ),
        (None, None, None, None, "no error detail from the service"),
        ("boom", None, "boom", None, "failed: boom"),
    ],
    ids=["empty_object", "without_code", "null", "not_an_object"],
)
def test_failed_job_with_a_partial_error(
    httpx_mock: HTTPXMock,
    client: AuthenticatedClient,
    error: Any,
    code: Any,
    message: Any,
    param: Any,
    says: str,
) -> None:
    _service(httpx_mock, [_failed(error=error)])
    with pytest.raises(FineTuningJobFailed) as caught:
        wait_for_job(p.JOB_ID, client=client, clock=Clock(), progress=False)
    failed = caught.value
    assert (failed.code, failed.error_message, failed.param) == (code, message, param)
    assert failed.job_id == p.JOB_ID
    assert f"fine-tuning job {p.JOB_ID} failed: " in str(failed)
    assert says in str(failed)


@workflow_mode
def test_succeeded_job_with_result_files_null(
    httpx_mock: HTTPXMock, client: AuthenticatedClient
) -> None:
    _service(httpx_mock, [p.job(result_files=None)])
    result = attach(p.JOB_ID, client=client, clock=Clock(), progress=False).result()
    assert isinstance(result, FineTuningResult)
    assert result.result_files == ()
    assert result.fine_tuned_model == p.FT_MODEL


@workflow_mode
def test_message_events_with_data_null_reach_on_event(
    httpx_mock: HTTPXMock, client: AuthenticatedClient
) -> None:
    events = [p.event(3), p.event(2, type="message", data=None, message="Checkpoint saved")]
    _service(httpx_mock, [p.job()], events)
    seen: list[Any] = []
    result = wait_for_job(
        p.JOB_ID, client=client, clock=Clock(), progress=False, on_event=seen.append
    )
    assert result.status == "succeeded"
    assert seen[0].data is None  # oldest first
    assert seen[1].data.additional_properties["step"] == 3


@workflow_mode
def test_unknown_status_with_finished_at_is_terminal(
    httpx_mock: HTTPXMock, client: AuthenticatedClient, caplog: pytest.LogCaptureFixture
) -> None:
    job_id = _job_id()
    polls = _service(
        httpx_mock, [p.job(id=job_id, status="expired", fine_tuned_model=None, result_files=[])]
    )
    with (
        caplog.at_level(logging.WARNING, logger="openai_finetunes"),
        pytest.raises(FineTuningJobFailed) as raised,
    ):
        wait_for_job(job_id, client=client, clock=Clock(), progress=False)
    # It ended without a model: not a result, a failure that says how it ended.
    assert (raised.value.job_id, raised.value.status) == (job_id, "expired")
    assert f"{job_id} ended 'expired'" in str(raised.value)
    assert len(polls) == 1  # finished: no second look
    assert "does not know" not in caplog.text


@workflow_mode
def test_unknown_status_without_finished_at_waits_with_one_warning(
    httpx_mock: HTTPXMock, client: AuthenticatedClient, caplog: pytest.LogCaptureFixture
) -> None:
    job_id = _job_id()
    odd = p.job(id=job_id, status="archiving", finished_at=None, fine_tuned_model=None)
    polls = _service(httpx_mock, [odd, odd, odd, p.job(id=job_id)])
    with caplog.at_level(logging.WARNING, logger="openai_finetunes"):
        result = attach(job_id, client=client, clock=Clock(), progress=False).result()
    assert (result.job_id, result.status) == (job_id, "succeeded")
    assert len(polls) == 4
    warnings = [r for r in caplog.records if "does not know" in r.getMessage()]
    assert len(warnings) == 1
    assert job_id in warnings[0].getMessage()
    assert "'archiving'" in warnings[0].getMessage()


@workflow_mode
def test_status_299_while_waiting_is_typed_and_names_the_job(
    httpx_mock: HTTPXMock, client: AuthenticatedClient
) -> None:
    running = p.job(status="running", finished_at=None, fine_tuned_model=None, result_files=[])
    _service(httpx_mock, [running, httpx.Response(299, json=p.job())])
    handle = attach(p.JOB_ID, client=client, clock=Clock(), progress=False)
    with pytest.raises(APIStatusError) as caught:
        handle.result()
    assert type(caught.value) is APIStatusError
    assert caught.value.status_code == 299
    assert caught.value.job_id == p.JOB_ID
    assert "unexpected HTTP 299" in str(caught.value)


@workflow_mode
def test_undecodable_answer_to_a_poll_is_retried(httpx_mock: HTTPXMock) -> None:
    client = connect(
        "sk-test-unexpected",
        base_url=BASE_URL,
        retry_policy=RetryPolicy(max_retries=2, sleep=lambda _: None),
    )
    running = p.job(status="running", finished_at=None, fine_tuned_model=None, result_files=[])
    corrupt = httpx.Response(  # a stream: decoded (and failing) only when read
        200,
        stream=httpx.ByteStream(b"not gzip"),
        headers={"content-encoding": "gzip", "content-type": "application/json"},
    )
    polls = _service(httpx_mock, [running, corrupt, p.job()])
    result = wait_for_job(p.JOB_ID, client=client, clock=Clock(), progress=False)
    assert result.status == "succeeded"
    assert len(polls) == 3  # a GET whose answer was lost is sent again


class _CorruptFirstCreate(Recorder):
    """The fake creates the job, but its answer arrives as an undecodable gzip body."""

    corrupted = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if self.corrupted or (request.method, request.url.path) != ("POST", "/v1/fine_tuning/jobs"):
            return response
        response.read()
        self.corrupted = True
        return httpx.Response(
            response.status_code,
            stream=httpx.ByteStream(b"not gzip at all"),
            headers={"content-type": "application/json", "content-encoding": "gzip"},
        )


@workflow_mode
def test_undecodable_answer_to_create_is_reconciled_into_one_job() -> None:
    fake = FakeOpenAI(clock=ManualClock(), job_seconds=100.0)
    assert isinstance(fake.clock, ManualClock)
    transport = _CorruptFirstCreate(fake.transport())
    api = connect("sk-fake-key", base_url=fake.base_url, transport=transport, max_retries=0)
    result = run_fine_tuning_job(
        GOOD, MODEL, client=api, clock=StepClock(fake.clock), progress=False
    )
    assert transport.corrupted
    assert result.status == "succeeded"
    assert transport.requests.count("POST /fine_tuning/jobs") == 1  # found, not re-created
    jobs = fake.client().get_httpx_client().get("/fine_tuning/jobs").json()["data"]
    assert [job["id"] for job in jobs] == [result.job_id]


@workflow_mode
def test_fake_sends_data_null_on_plain_message_events() -> None:
    fake = FakeOpenAI(clock=ManualClock(), job_seconds=100.0)
    assert isinstance(fake.clock, ManualClock)
    seen: list[Any] = []
    result = run_fine_tuning_job(
        GOOD,
        MODEL,
        client=fake.client(),
        clock=StepClock(fake.clock),
        progress=False,
        on_event=seen.append,
    )
    assert result.status == "succeeded"
    messages = [e for e in seen if str(e.type_) == "message"]
    metrics = [e for e in seen if str(e.type_) == "metrics"]
    assert messages
    assert metrics
    assert all(event.data is None for event in messages)
    assert all(isinstance(event.data.additional_properties["step"], int) for event in metrics)


@workflow_mode
def test_cli_jobs_json_with_an_integration_of_unknown_type(
    httpx_mock: HTTPXMock, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-unexpected")
    monkeypatch.setenv("OPENAI_BASE_URL", BASE_URL)
    odd = p.job(integrations=[WANDB, MLFLOW, {"settings": 1}], result_files=None, error={})
    httpx_mock.add_response(json=p.page([odd]))
    assert cli_main(["jobs", "--json"]) == 0
    [printed] = json.loads(capsys.readouterr().out)
    assert printed["integrations"] == [WANDB, MLFLOW, {"settings": 1}]
    assert (printed["result_files"], printed["error"]) == (None, {})


def test_at_least_25_odd_answer_modes() -> None:
    """Issue 15's done-when: 0 untyped exceptions over at least 25 odd-answer modes."""
    novel = 1  # test_unknown_fields_and_enum_values_parse
    modes = len(ANSWERS) + len(ENCODINGS) + len(FIELDS) + len(WORKFLOW_MODES) + novel
    assert modes >= 25, modes


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
