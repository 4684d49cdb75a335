"""The package's exception root, and typed errors for every way a request can fail.

Everything the package raises derives from `OpenAIFinetunesError`::

    OpenAIFinetunesError
    ├── APIError                  a request failed (status, connection, timeout, bad body)
    │   └── ConfigurationError    no API key, a malformed base URL (also a ValueError)
    ├── MissingDependencyError    an optional extra is not installed (also an ImportError)
    ├── InvalidArgumentError      a bad argument, before any request (also a ValueError)
    ├── FineTuningError           workflows: FineTuningJobFailed, FineTuningJobCancelled,
    │                             FineTuningTimeout (also a TimeoutError), FineTuningJobError
    ├── TrainingDataError         validation found problems (also a ValueError)
    ├── UploadError               a file cannot be uploaded (also a ValueError)
    ├── DownloadError             a download's destination cannot be written (also an OSError)
    └── ArazzoError               openai_finetunes.arazzo: DocumentError, InputError, ...

``error_for_response`` turns a non-2xx answer into the subclass for its status, with
OpenAI's ``error.code``/``type``/``message``/``param`` and the ``x-request-id``. Messages
are scrubbed of the request's API key: servers sometimes echo credentials back.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import httpx

from ._secrets import redact, redact_value

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "InternalServerError",
    "InvalidArgumentError",
    "MissingDependencyError",
    "NotFoundError",
    "OpenAIFinetunesError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
    "error_for_response",
    "redact",
]

_MAX_BODY_IN_MESSAGE = 300


class OpenAIFinetunesError(Exception):
    """Base class of every exception the package raises.

    Subclasses keep the builtin base that fits them (``ValueError`` for bad input,
    ``TimeoutError``, ``ImportError``), so ``except ValueError`` goes on working too.

    >>> from openai_finetunes import OpenAIFinetunesError, connect
    >>> try:
    ...     connect(api_key="")
    ... except OpenAIFinetunesError as error:
    ...     print(type(error).__name__)
    ConfigurationError
    """

    # Whatever a server echoed into a message, no key shows in str(), repr() or tracebacks.
    def __str__(self) -> str:
        return redact(super().__str__())

    def __repr__(self) -> str:
        return redact(super().__repr__())

    job_id: str | None = None
    """The fine-tuning job the failure concerns, once one exists (it may still run)."""


class MissingDependencyError(OpenAIFinetunesError, ImportError):
    """An optional extra (``arazzo``, ``plots``, ``pandas``) is not installed.

    The message names the ``pip install`` command that adds it.
    """


class InvalidArgumentError(OpenAIFinetunesError, ValueError):
    """An argument is invalid; raised before any request is sent. ``param`` names it.

    >>> str(InvalidArgumentError("n_epochs", "must be a whole number from 1 to 50, got 0"))
    'n_epochs: must be a whole number from 1 to 50, got 0'
    """

    def __init__(self, param: str, message: str) -> None:
        self.param = param
        super().__init__(redact(f"{param}: {message}"))


class APIError(OpenAIFinetunesError):
    """Base class of every error the client raises for a request."""

    message: str
    request: httpx.Request | None

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        self.message = redact(message, request)
        self.request = request
        super().__init__(self.message)


class ConfigurationError(APIError, ValueError):
    """The client cannot be configured: a missing API key, a malformed base URL."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


class APIConnectionError(APIError):
    """The server could not be reached, or the connection broke before an answer."""

    def __init__(self, message: str = "Connection error.", *, request: httpx.Request) -> None:
        super().__init__(message, request=request)


class APITimeoutError(APIConnectionError):
    """The request did not complete within the client's timeout."""

    def __init__(self, request: httpx.Request) -> None:
        super().__init__("Request timed out.", request=request)


class APIResponseValidationError(APIError):
    """A successful (2xx) response whose body does not parse as the declared model."""

    response: httpx.Response
    status_code: int

    def __init__(self, response: httpx.Response, cause: BaseException) -> None:
        self.response = response
        self.status_code = response.status_code
        snippet = _snippet(response)
        detail = f"{type(cause).__name__}: {cause}"
        super().__init__(
            f"{response.request.method} {response.request.url.path} returned {response.status_code} "
            f"with a body that could not be parsed ({detail}); body: {snippet!r}",
            request=response.request,
        )


class APIStatusError(APIError):
    """The server answered with a non-2xx status.

    Attributes mirror OpenAI's error body; any of them may be ``None`` when the body is
    not OpenAI's JSON (an HTML page from a proxy, an empty body).
    """

    response: httpx.Response
    status_code: int
    code: str | None
    type: str | None
    param: str | None
    request_id: str | None
    body: Any

    def __init__(self, message: str, *, response: httpx.Response, body: Any = None) -> None:
        self.response = response
        self.status_code = response.status_code
        self.request_id = response.headers.get("x-request-id")
        # The body and the fields taken from it are scrubbed of keys, recursively.
        self.body = body = redact_value(body, response.request)
        error = body.get("error") if isinstance(body, dict) else None
        error = error if isinstance(error, dict) else {}
        self.code = _optional_str(error.get("code"))
        self.type = _optional_str(error.get("type"))
        self.param = _optional_str(error.get("param"))
        super().__init__(message, request=response.request)

    def __str__(self) -> str:
        parts = [f"Error code: {self.status_code}"]
        if self.code:
            parts.append(f"code: {self.code}")
        if self.param:
            parts.append(f"param: {self.param}")
        if self.request_id:
            parts.append(f"request id: {self.request_id}")
        # code/param come from the body too: scrub them like the message.
        return redact(f"{self.message} ({', '.join(parts)})", self.request)


class BadRequestError(APIStatusError):
    """400: the request was malformed or a parameter is invalid (see ``param``)."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing, wrong or revoked."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not use this resource."""


class NotFoundError(APIStatusError):
    """404: no such file, job, model or upload."""


class ConflictError(APIStatusError):
    """409: the resource is in a state that conflicts with the request."""


class UnprocessableEntityError(APIStatusError):
    """422: the request was well-formed but could not be processed."""


class RateLimitError(APIStatusError):
    """429: too many requests, or the quota is exhausted."""


class InternalServerError(APIStatusError):
    """5xx: the server failed."""


_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_for_response(response: httpx.Response) -> APIStatusError:
    """Build the typed error for a non-2xx ``response`` (the caller raises it).

    >>> request = httpx.Request("GET", "https://api.openai.com/v1/fine_tuning/jobs/ftjob-x")
    >>> body = {"error": {"message": "No such job", "type": "invalid_request_error",
    ...                   "param": None, "code": "not_found"}}
    >>> error = error_for_response(httpx.Response(404, json=body, request=request))
    >>> type(error).__name__, error.code
    ('NotFoundError', 'not_found')
    """
    if not response.is_closed:
        response.read()
    body = _json_or_none(response)
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict) and isinstance(error.get("message"), str) and error["message"]:
        message = error["message"]
    elif isinstance(error, str) and error:
        message = error
    elif response.status_code < 400:
        # A 1xx/2xx/3xx the operation does not declare (299, 399, a redirect): its body is
        # no error report, so the message says what arrived rather than quoting it.
        reason = f" {response.reason_phrase}" if response.reason_phrase else ""
        message = (
            f"unexpected HTTP {response.status_code}{reason} answer (not a status this "
            f"operation returns){_where(response)}"
        )
    else:
        reason = response.reason_phrase or "error"
        snippet = _snippet(response)
        message = f"HTTP {response.status_code} {reason}" + (f": {snippet}" if snippet else "")
    cls = _STATUS_CLASSES.get(response.status_code)
    if cls is None:
        cls = InternalServerError if response.status_code >= 500 else APIStatusError
    return cls(message, response=response, body=body)


def _where(response: httpx.Response) -> str:
    try:
        request = response.request
    except RuntimeError:  # a response built without its request
        return ""
    return f" to {request.method} {request.url.path}"


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def _snippet(response: httpx.Response) -> str:
    try:
        text = response.content.decode("utf-8", errors="replace")
    except httpx.ResponseNotRead:
        return ""
    text = " ".join(_strip_tags(text).split())
    if len(text) > _MAX_BODY_IN_MESSAGE:
        text = text[:_MAX_BODY_IN_MESSAGE] + "…"
    return text


def _strip_tags(text: str) -> str:
    # An HTML error page from a proxy reads better as its text than as markup: drop tags,
    # comments, scripts and styles, and decode entities (&amp; -> &).
    if "<" not in text:
        return text
    extractor = _text_extractor()()
    try:
        extractor.feed(text)
        extractor.close()
    except Exception:  # a message must be built whatever the body
        return text
    return "".join(extractor.parts)


@functools.cache
def _text_extractor() -> type[Any]:
    # html.parser is loaded only when an error body is HTML (a proxy's page).
    import html.parser

    class _TextExtractor(html.parser.HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self._hidden = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("script", "style"):
                self._hidden += 1
            self.parts.append(" ")

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style") and self._hidden:
                self._hidden -= 1
            self.parts.append(" ")

        def handle_data(self, data: str) -> None:
            if not self._hidden:
                self.parts.append(data)

    return _TextExtractor


def _optional_str(value: Any) -> str | None:
    return value if isinstance(value, str) else None if value is None else str(value)
