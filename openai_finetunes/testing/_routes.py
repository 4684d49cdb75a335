"""The protocol: plain request in, (status, headers, body) out, for every operation.

Both ways in (the httpx transport and the TCP server) build a `FakeRequest` and send
back the `FakeResponse`; nothing here knows about sockets or httpx.
"""

from __future__ import annotations

import hmac
import json
import re
import urllib.parse
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs

from openai_finetunes import _facts

from ._blob import Blob
from ._errors import ApiError, invalid_request, missing_parameter
from ._multipart import Form, parse_form
from ._pagination import parse_limit
from ._params import expiry_seconds
from ._state import ServiceState
from ._streams import BodyReader, drain, read_all

__all__ = ["Api", "FakeRequest", "FakeResponse", "json_response", "match_operation"]

#: JSON request bodies are small; anything bigger is refused with a 413.
MAX_JSON_BYTES: Final = 16 * 1024 * 1024
_PAGE_MAX: Final = 100
_FILES_PAGE_MAX: Final = 10_000


@attrs.frozen
class FakeRequest:
    """One HTTP request: ``path`` is the raw (percent-encoded) path without the query."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    headers: Mapping[str, str]  # lower-case names
    body: BodyReader

    @classmethod
    def build(
        cls, method: str, target: str, headers: Mapping[str, str], body: BodyReader
    ) -> FakeRequest:
        """From a request target like ``/v1/files?limit=2``."""
        path, _, query = target.partition("?")
        pairs = tuple(urllib.parse.parse_qsl(query, keep_blank_values=True))
        lowered = {name.lower(): value for name, value in headers.items()}
        return cls(method.upper(), path, pairs, lowered, body)

    def params(self) -> dict[str, str]:
        """Query parameters (the last value wins)."""
        return dict(self.query)


@attrs.define
class FakeResponse:
    """An answer. ``fault`` tells the transport to misbehave (drop, slow, lose it)."""

    status: int
    headers: dict[str, str] = attrs.field(factory=dict)
    content: bytes | Blob = b""
    operation: str | None = None
    json: Any = None
    fault: str | None = None


def json_response(
    status: int, value: Any, headers: Mapping[str, str] | None = None
) -> FakeResponse:
    body = json.dumps(value, separators=(",", ":")).encode()
    return FakeResponse(
        status,
        {"content-type": "application/json", **(headers or {})},
        body,
        json=value,
    )


def _compile(template: str) -> re.Pattern[str]:
    pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template)
    return re.compile(f"^/v1{pattern}/?$")


_ROUTES: Final = tuple(
    (operation, method, _compile(template))
    for operation, (method, template) in _facts.OPERATIONS.items()
)


def match_operation(method: str, path: str) -> tuple[str, dict[str, str]] | None:
    """The operationId and decoded path parameters for a request, if any."""
    for operation, route_method, pattern in _ROUTES:
        if route_method == method and (found := pattern.match(path)):
            return operation, {k: urllib.parse.unquote(v) for k, v in found.groupdict().items()}
    return None


Handler = Callable[[FakeRequest, dict[str, str]], FakeResponse]


class Api:
    """Authenticates and dispatches ``/v1`` requests to the state's operations."""

    def __init__(self, state: ServiceState, api_key: str, *, poll_after_ms: int) -> None:
        self._state = state
        self._api_key = api_key
        self._poll_after_ms = poll_after_ms
        self._handlers: dict[str, Handler] = {
            "listFiles": self._list_files,
            "createFile": self._create_file,
            "retrieveFile": lambda r, p: json_response(200, state.get_file(p["file_id"])),
            "deleteFile": lambda r, p: json_response(200, state.delete_file(p["file_id"])),
            "downloadFile": self._download_file,
            "createFineTuningJob": lambda r, p: json_response(200, state.create_job(_json(r))),
            "listPaginatedFineTuningJobs": self._list_jobs,
            "retrieveFineTuningJob": self._retrieve_job,
            "cancelFineTuningJob": lambda r, p: self._job_reply(
                state.cancel_job(p["fine_tuning_job_id"])
            ),
            "pauseFineTuningJob": lambda r, p: self._job_reply(
                state.pause_job(p["fine_tuning_job_id"])
            ),
            "resumeFineTuningJob": lambda r, p: self._job_reply(
                state.resume_job(p["fine_tuning_job_id"])
            ),
            "listFineTuningEvents": self._list_events,
            "listFineTuningJobCheckpoints": self._list_checkpoints,
            "listFineTuningCheckpointPermissions": self._list_permissions,
            "createFineTuningCheckpointPermission": lambda r, p: json_response(
                200, state.create_permissions(p["fine_tuned_model_checkpoint"], _json(r))
            ),
            "deleteFineTuningCheckpointPermission": lambda r, p: json_response(
                200,
                state.delete_permission(p["fine_tuned_model_checkpoint"], p["permission_id"]),
            ),
            "listModels": lambda r, p: json_response(200, state.list_models()),
            "retrieveModel": lambda r, p: json_response(200, state.get_model(p["model"])),
            "deleteModel": lambda r, p: json_response(200, state.delete_model(p["model"])),
            "createUpload": lambda r, p: json_response(200, state.create_upload(_json(r))),
            "addUploadPart": self._add_part,
            "completeUpload": lambda r, p: json_response(
                200, state.complete_upload(p["upload_id"], _json(r))
            ),
            "cancelUpload": lambda r, p: json_response(200, state.cancel_upload(p["upload_id"])),
        }
        missing = set(_facts.OPERATIONS) - set(self._handlers)
        assert not missing, f"operations without a handler: {missing}"

    def respond(
        self, request: FakeRequest, operation: str | None, params: dict[str, str]
    ) -> FakeResponse:
        try:
            self._authenticate(request)
            if operation is None:
                raise ApiError(404, f"Invalid URL ({request.method} {request.path})")
            response = self._handlers[operation](request, params)
        except ApiError as error:
            response = json_response(error.status, error.body(), error.headers)
        response.operation = operation
        return response

    def _authenticate(self, request: FakeRequest) -> None:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if not header or scheme.lower() != "bearer" or not token.strip():
            raise ApiError(
                401,
                "You didn't provide an API key. You need to provide your API key in an "
                "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
            )
        # The presented key is never echoed back, not even masked.
        if not hmac.compare_digest(token.strip().encode(), self._api_key.encode()):
            raise ApiError(401, "Incorrect API key provided.", code="invalid_api_key")

    # -- files -----------------------------------------------------------------------
    def _list_files(self, request: FakeRequest, params: dict[str, str]) -> FakeResponse:
        query = request.params()
        order = query.get("order") or "desc"
        if order not in ("asc", "desc"):
            raise invalid_request(
                f"Invalid 'order': {order!r}; expected 'asc' or 'desc'.", param="order"
            )
        limit = parse_limit(query, default=_FILES_PAGE_MAX, maximum=_FILES_PAGE_MAX)
        page = self._state.list_files(
            purpose=query.get("purpose") or None,
            order=order,
            after=query.get("after") or None,
            limit=limit,
        )
        return json_response(200, page)

    def _create_file(self, request: FakeRequest, params: dict[str, str]) -> FakeResponse:
        form = self._form(request, "file", self._state.max_file_bytes)
        try:
            purpose = form.fields.get("purpose")
            if not purpose:
                raise missing_parameter("purpose")
            part = form.files.get("file")
            if part is None:
                raise missing_parameter("file")
            if part.writer.exceeded:
                raise invalid_request(
                    f"File is too large: {part.writer.size} bytes; the limit is "
                    f"{self._state.max_file_bytes} bytes. Use the Uploads API for larger files.",
                    param="file",
                    code="file_too_large",
                )
            expires_after = _form_expiry(form)
            if expires_after is not None:
                expiry_seconds(expires_after)  # 400 before storing anything
            blob = part.writer.finish()
        except BaseException:
            form.discard()
            raise
        return json_response(200, self._state.add_file(blob, part.filename, purpose, expires_after))

    def _download_file(self, request: FakeRequest, params: dict[str, str]) -> FakeResponse:
        blob = self._state.file_blob(params["file_id"])
        return FakeResponse(200, {"content-type": "application/octet-stream"}, blob)

    def _form(self, request: FakeRequest, file_field: str, limit: int) -> Form:
        content_type = request.headers.get("content-type", "")
        try:
            return parse_form(
                request.body,
                content_type,
                file_limits={file_field: limit},
                spool_bytes=self._state.spool_bytes,
            )
        except ApiError:
            drain(request.body)
            raise

    # -- jobs ------------------------------------------------------------------------
    def _job_reply(self, job: dict[str, Any]) -> FakeResponse:
        headers = {}
        if job["status"] not in _facts.TERMINAL_JOB_STATUSES and self._poll_after_ms > 0:
            # A polling hint, as the service sends for other long-running resources.
            headers["openai-poll-after-ms"] = str(self._poll_after_ms)
        return json_response(200, job, headers)

    def _retrieve_job(self, request: FakeRequest, params: dict[str, str]) -> FakeResponse:
        return self._job_reply(self._state.get_job(params["fine_tuning_job_id"]))

    def _list_jobs(self, request: FakeRequest, params: dict[str, str]) -> FakeResponse:
        query = request.params()
        metadata: dict[str, str] = {}
        for key, value in request.query:
            if key == "metadata":
                raise invalid_request(
                    "Invalid 'metadata' filter: send one 'metadata[key]=value' query "
                    "parameter per pair (deepObject style).",
                    param="metadata",
                )
            if key.startswith("metadata[") and key.endswith("]"):
                metadata[key[len("metadata[") : -1]] = value
        limit = parse_limit(query, default=20, maximum=_PAGE_MAX)
        page = self._state.list_jobs(
            after=query.get("after") or None, limit=limit, metadata=metadata
        )
        return json_response(200, page)

    def _list_events(self, request: FakeRequest, params: dict[str, str]) -> FakeResponse:
        query = request.params()
        limit = parse_limit(query, default=20, maximum=_PAGE_MAX)
        page = self._state.list_events(
            params["fine_tuning_job_id"], after=query.get("after") or None, limit=limit
        )
        return json_response(200, page)

    def _list_checkpoints(self, request: FakeRequest, params: dict[str, str]) -> FakeResponse:
        query = request.params()
        limit = parse_limit(query, default=10, maximum=_PAGE_MAX)
        page = self._state.list_checkpoints(
            params["fine_tuning_job_id"], after=query.get("after") or None, limit=limit
        )
        return json_response(200, page)

    def _list_permissions(self, request: FakeRequest, params: dict[str, str]) -> FakeResponse:
        query = request.params()
        order = query.get("order") or "descending"
        if order not in ("ascending", "descending"):
            raise invalid_request(
                f"Invalid 'order': {order!r}; expected 'ascending' or 'descending'.",
                param="order",
            )
        page = self._state.list_permissions(
            params["fine_tuned_model_checkpoint"],
            project_id=query.get("project_id") or None,
            after=query.get("after") or None,
            limit=parse_limit(query, default=10, maximum=_PAGE_MAX),
            order=order,
        )
        return json_response(200, page)

    # -- uploads ---------------------------------------------------------------------
    def _add_part(self, request: FakeRequest, params: dict[str, str]) -> FakeResponse:
        upload_id = params["upload_id"]
        try:
            self._state.check_upload(upload_id)
        except ApiError:
            drain(request.body)
            raise
        form = self._form(request, "data", _facts.UPLOAD_PART_MAX_BYTES)
        try:
            part = form.files.get("data")
            if part is None:
                raise missing_parameter("data")
            if part.writer.exceeded:
                raise invalid_request(
                    f"Part is too large: {part.writer.size} bytes; the limit is "
                    f"{_facts.UPLOAD_PART_MAX_BYTES} bytes.",
                    param="data",
                    code="part_too_large",
                )
            blob = part.writer.finish()
        except BaseException:
            form.discard()
            raise
        return json_response(200, self._state.add_part(upload_id, blob))


def _json(request: FakeRequest) -> Any:
    raw = read_all(request.body, MAX_JSON_BYTES)
    try:
        return json.loads(raw)
    except ValueError:
        raise invalid_request(
            "We could not parse the JSON body of your request. The OpenAI API expects a JSON "
            "payload; make sure the body is valid JSON."
        ) from None


def _form_expiry(form: Form) -> Any:
    """``expires_after`` sent as one JSON part, or as ``expires_after[anchor]`` fields."""
    raw = form.fields.get("expires_after")
    if raw is not None:
        try:
            return json.loads(raw)
        except ValueError:
            raise invalid_request("Invalid 'expires_after'.", param="expires_after") from None
    anchor = form.fields.get("expires_after[anchor]")
    seconds = form.fields.get("expires_after[seconds]")
    if anchor is None and seconds is None:
        return None
    try:
        return {"anchor": anchor, "seconds": int(seconds or "")}
    except ValueError:
        raise invalid_request("Invalid 'expires_after[seconds]'.", param="expires_after") from None
