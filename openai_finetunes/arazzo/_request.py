"""Turn a step (operation, parameters, request body) into an HTTP request, and send it."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import mimetypes
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

import attrs
import httpx

from ._expressions import MISSING, Exchange, Scope, evaluate_value, to_text
from ._sources import Operation
from ._types import ArazzoError

__all__ = ["DEFAULT_FILENAME", "PreparedRequest", "RequestError", "prepare", "send"]

#: The file name sent for a multipart file given as bytes (the API wants a .jsonl name).
DEFAULT_FILENAME: Final = "data.jsonl"


class RequestError(ArazzoError, ValueError):
    """The request of a step cannot be built (a bad replacement target, an unreadable file)."""


@attrs.frozen
class PreparedRequest:
    """An evaluated request, ready to send; ``body`` is the evaluated payload."""

    method: str
    url: str
    headers: httpx.Headers
    query: tuple[tuple[str, str], ...]
    path_params: Mapping[str, str]
    content_type: str | None = None
    body: Any = MISSING

    def exchange(self, response: httpx.Response | None) -> Exchange:
        """The request and its response, for ``$request.*``/``$response.*`` expressions."""
        described = _describe_body(self.body)
        if response is None:
            url = str(httpx.URL(self.url, params=list(self.query) or None))
            return Exchange(
                self.method, url, self.headers, dict(self.query), self.path_params, described
            )
        return Exchange(
            self.method,
            str(response.request.url),
            self.headers,
            dict(self.query),
            self.path_params,
            described,
            status_code=response.status_code,
            response_headers=response.headers,
            response_body=_response_body(response),
        )


def _is_file(value: Any) -> bool:
    return isinstance(value, bytes | bytearray | os.PathLike | io.IOBase)


def _describe_body(body: Any) -> Any:
    """The body as ``$request.body`` shows it: file parts by their name, not their bytes."""
    if isinstance(body, Mapping):
        return {k: _describe_body(v) for k, v in body.items()}
    if isinstance(body, os.PathLike):
        return Path(body).name
    if isinstance(body, bytes | bytearray | io.IOBase):
        return _filename(body)
    return body


def _filename(value: Any) -> str:
    if isinstance(value, os.PathLike):
        return Path(value).name
    name = getattr(value, "name", None)
    return Path(name).name if isinstance(name, str) and name else DEFAULT_FILENAME


def _response_body(response: httpx.Response) -> Any:
    content_type = response.headers.get("content-type", "")
    if "json" in content_type or (not content_type and response.content[:1] in (b"{", b"[")):
        try:
            return response.json()
        except ValueError:
            pass
    try:
        return response.content.decode(response.encoding or "utf-8")
    except (LookupError, UnicodeDecodeError):
        return response.content


def _set_pointer(document: Any, target: str, value: Any) -> Any:
    """Set ``value`` at JSON Pointer ``target`` (a payload replacement); return the document."""
    if target in ("", "/"):
        return value
    if not target.startswith("/"):
        raise RequestError(f"replacement target {target!r} is not a JSON Pointer")
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in target[1:].split("/")]
    parent = document
    for token in tokens[:-1]:
        if isinstance(parent, dict) and token in parent:
            parent = parent[token]
        elif isinstance(parent, list) and token.isdigit() and int(token) < len(parent):
            parent = parent[int(token)]
        else:
            raise RequestError(f"replacement target {target!r} does not exist in the payload")
    last = tokens[-1]
    if isinstance(parent, dict):
        parent[last] = value
    elif isinstance(parent, list) and last == "-":
        parent.append(value)
    elif isinstance(parent, list) and last.isdigit() and int(last) < len(parent):
        parent[int(last)] = value
    else:
        raise RequestError(f"replacement target {target!r} does not exist in the payload")
    return document


def prepare(
    operation: Operation,
    parameters: list[dict[str, Any]],
    request_body: Mapping[str, Any] | None,
    scope: Scope,
    base_url: str,
) -> PreparedRequest:
    """Evaluate parameters and body; parameters whose value is absent are left out."""
    headers = httpx.Headers()
    query: list[tuple[str, str]] = []
    path_params: dict[str, str] = {}
    cookies: list[str] = []
    for param in parameters:
        value = evaluate_value(param.get("value"), scope)
        if value is MISSING:
            continue
        name, location = str(param.get("name")), param.get("in")
        values = value if isinstance(value, list) else [value]
        if location == "header":
            headers[name] = ", ".join(to_text(v) for v in values)
        elif location == "query":
            query += [(name, to_text(v)) for v in values]
        elif location == "path":
            path_params[name] = to_text(value)
        elif location == "cookie":
            cookies.append(f"{name}={to_text(value)}")
    if cookies:
        headers["Cookie"] = "; ".join(cookies)
    path = operation.path
    for name, value in path_params.items():
        path = path.replace("{" + name + "}", quote(value, safe=""))
    url = base_url.rstrip("/") + path
    if request_body is None:
        return PreparedRequest(operation.method, url, headers, tuple(query), path_params)
    content_type = request_body.get("contentType")
    if not isinstance(content_type, str):
        content_type = operation.content_types[0] if operation.content_types else "application/json"
    body = evaluate_value(request_body.get("payload"), scope) if "payload" in request_body else None
    if isinstance(body, str) and "json" in content_type:
        with contextlib.suppress(ValueError):
            body = json.loads(body)
    replacements = request_body.get("replacements") or []
    if replacements:
        body = copy.deepcopy(body)
        for replacement in replacements:
            value = evaluate_value(replacement.get("value"), scope)
            if value is not MISSING:
                body = _set_pointer(body, str(replacement.get("target", "")), value)
    return PreparedRequest(
        operation.method, url, headers, tuple(query), path_params, content_type, body
    )


def _body_arguments(prepared: PreparedRequest, stack: contextlib.ExitStack) -> dict[str, Any]:
    body, content_type = prepared.body, (prepared.content_type or "").lower()
    if body is MISSING or (body is None and not content_type):
        return {}
    media = content_type.split(";", 1)[0].strip()
    if media == "multipart/form-data":
        if not isinstance(body, Mapping):
            raise RequestError("a multipart/form-data payload must be an object")
        # Plain fields go in as parts without a file name, so the body is multipart even
        # when there is no file (httpx would send data alone url-encoded).
        parts: list[tuple[str, Any]] = []
        for key, value in body.items():
            for item in value if isinstance(value, list) else [value]:
                if _is_file(item):
                    parts.append((key, _file_part(item, stack)))
                else:
                    parts.append((key, (None, to_text(item).encode())))
        return {"files": parts}
    if media == "application/x-www-form-urlencoded" and isinstance(body, Mapping):
        return {
            "data": {
                k: [to_text(i) for i in v] if isinstance(v, list) else to_text(v)
                for k, v in body.items()
            }
        }
    if media == "application/json" and not isinstance(body, str | bytes):
        return {"json": body}
    headers = {"Content-Type": prepared.content_type or "application/octet-stream"}
    if isinstance(body, os.PathLike):
        return {"content": Path(body).read_bytes(), "headers": headers}
    if isinstance(body, str | bytes | bytearray):
        return {"content": bytes(body) if not isinstance(body, str) else body, "headers": headers}
    return {"content": json.dumps(body), "headers": headers}


def _file_part(value: Any, stack: contextlib.ExitStack) -> tuple[str, Any, str]:
    filename = _filename(value)
    mime = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if isinstance(value, os.PathLike):
        try:
            handle = stack.enter_context(Path(value).open("rb"))  # noqa: SIM115 - closed by the stack
        except OSError as exc:
            raise RequestError(f"cannot read {value}: {exc}") from exc
        return filename, handle, mime
    return filename, bytes(value) if isinstance(value, bytearray) else value, mime


def send(client: httpx.Client, prepared: PreparedRequest) -> httpx.Response:
    """Send ``prepared`` through ``client`` (its transport does auth and retries)."""
    with contextlib.ExitStack() as stack:
        arguments = _body_arguments(prepared, stack)
        headers = httpx.Headers(prepared.headers)
        headers.update(arguments.pop("headers", {}))
        return client.request(
            prepared.method,
            prepared.url,
            params=list(prepared.query) or None,
            headers=headers,
            **arguments,
        )
