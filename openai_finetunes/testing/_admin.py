"""Test-only endpoints under ``/_fake/`` (never under ``/v1``, never faulted, no key).

``GET /_fake/health``, ``GET /_fake/stats``, ``POST /_fake/advance?seconds=N`` (manual
clock only) and ``POST /_fake/seed_events?n_events=N`` (a finished job with N events).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ._clock import ManualClock
from ._errors import ApiError, invalid_request
from ._routes import FakeRequest, FakeResponse, json_response
from ._streams import read_all

if TYPE_CHECKING:
    from ._fake import FakeOpenAI

__all__ = ["ADMIN_PREFIX", "handle_admin"]

ADMIN_PREFIX = "/_fake/"


def handle_admin(fake: FakeOpenAI, request: FakeRequest) -> FakeResponse:
    try:
        return _dispatch(fake, request)
    except ApiError as error:
        return json_response(error.status, error.body())


def _dispatch(fake: FakeOpenAI, request: FakeRequest) -> FakeResponse:
    name = request.path[len(ADMIN_PREFIX) :].strip("/")
    route = (request.method, name)
    if route == ("GET", "health"):
        return json_response(200, {"status": "ok"})
    if route == ("GET", "stats"):
        return json_response(200, fake.stats().to_dict())
    if route == ("POST", "advance"):
        if not isinstance(fake.clock, ManualClock):
            raise invalid_request(
                "This fake runs on the system clock; start it with a manual clock."
            )
        seconds = _number(_arguments(request).get("seconds"), "seconds")
        return json_response(200, {"now": fake.clock.advance(seconds)})
    if route == ("POST", "seed_events"):
        n_events = int(_number(_arguments(request).get("n_events"), "n_events"))
        return json_response(200, fake.seed_job(n_events))
    raise ApiError(404, f"Invalid URL ({request.method} {request.path})")


def _arguments(request: FakeRequest) -> dict[str, Any]:
    arguments: dict[str, Any] = dict(request.params())
    raw = read_all(request.body, 1024 * 1024)
    if raw.strip():
        try:
            body = json.loads(raw)
        except ValueError:
            raise invalid_request("The body must be a JSON object.") from None
        if isinstance(body, dict):
            arguments.update(body)
    return arguments


def _number(value: Any, name: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise invalid_request(f"'{name}' must be a number.", param=name) from None
    if number < 0:
        raise invalid_request(f"'{name}' must be >= 0.", param=name)
    return number
