"""Test-only endpoints under ``/_fake/`` (never under ``/v1``, never faulted).

``GET /_fake/health`` (no key: a readiness probe), and with the fake's key as a bearer
token like the API: ``GET /_fake/stats``, ``POST /_fake/advance?seconds=N`` (manual clock
only) and ``POST /_fake/seed_events?n_events=N`` (a finished job with N events).
Arguments come from the query or a JSON body. Out-of-bounds values get a 400 in OpenAI's
error shape: ``seconds`` must be finite, from 0 to `MAX_ADVANCE_SECONDS`; ``n_events`` a
whole number from 0 to `MAX_SEED_EVENTS`. `FakeOpenAI.advance` and `FakeOpenAI.seed_job`
apply the same checks in process (raising the fake's `ApiError`).
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any, Final

from ._clock import ManualClock
from ._errors import ApiError, invalid_request
from ._routes import FakeRequest, FakeResponse, json_response
from ._streams import read_all

if TYPE_CHECKING:
    from ._fake import FakeOpenAI

__all__ = [
    "ADMIN_PREFIX",
    "MAX_ADVANCE_SECONDS",
    "MAX_SEED_EVENTS",
    "check_advance",
    "check_n_events",
    "handle_admin",
]

ADMIN_PREFIX: Final = "/_fake/"
#: The largest step of the manual clock: a year (uploads expire after an hour, jobs take
#: ``job_seconds``; nothing in the fake needs more).
MAX_ADVANCE_SECONDS: Final = 366 * 86_400.0
#: The most events a seeded job may have (100,000 take about 1 s and 120 MB to build,
#: with the fake locked meanwhile; 3,000,000 grew a server to 3.6 GB).
MAX_SEED_EVENTS: Final = 100_000
_MAX_BODY_BYTES: Final = 64 * 1024


def handle_admin(fake: FakeOpenAI, request: FakeRequest) -> FakeResponse:
    try:
        return _dispatch(fake, request)
    except ApiError as error:
        return json_response(error.status, error.body(), error.headers)


def _dispatch(fake: FakeOpenAI, request: FakeRequest) -> FakeResponse:
    name = request.path[len(ADMIN_PREFIX) :].strip("/")
    route = (request.method, name)
    if route == ("GET", "health"):
        return json_response(200, {"status": "ok"})
    # The same key and the same 401s as the API; checked before any body is read.
    fake._api._authenticate(request)
    if route == ("GET", "stats"):
        return json_response(200, fake.stats().to_dict())
    if route == ("POST", "advance"):
        seconds: Any = _arguments(request).get("seconds")  # checked by advance()
        return json_response(200, {"now": fake.advance(seconds)})
    if route == ("POST", "seed_events"):
        n_events: Any = _arguments(request).get("n_events")  # checked by seed_job()
        return json_response(200, fake.seed_job(n_events))
    raise ApiError(404, f"Invalid URL ({request.method} {request.path})")


def check_advance(fake: FakeOpenAI, seconds: Any) -> float:
    """``seconds`` as a float, if the fake can advance by it; else a 400 `ApiError`."""
    if not isinstance(fake.clock, ManualClock):
        raise invalid_request(
            "This fake runs on the system clock; start it with a manual clock "
            "(FakeOpenAI(clock=ManualClock()) or serve --manual-clock)."
        )
    number = _number(seconds, "seconds")
    if not math.isfinite(number) or not 0 <= number <= MAX_ADVANCE_SECONDS:
        raise invalid_request(
            f"'seconds' must be a finite number from 0 to {MAX_ADVANCE_SECONDS:.0f}, got {number}.",
            param="seconds",
        )
    return number


def check_n_events(n_events: Any) -> int:
    """``n_events`` as an int from 0 to `MAX_SEED_EVENTS`; else a 400 `ApiError`."""
    number = _number(n_events, "n_events")
    if not number.is_integer() or not 0 <= number <= MAX_SEED_EVENTS:
        raise invalid_request(
            f"'n_events' must be a whole number up to {MAX_SEED_EVENTS}, got {number:g}.",
            param="n_events",
        )
    return int(number)


def _arguments(request: FakeRequest) -> dict[str, Any]:
    arguments: dict[str, Any] = dict(request.params())
    raw = read_all(request.body, _MAX_BODY_BYTES)
    if raw.strip():
        try:
            body = json.loads(raw)
        except ValueError:
            raise invalid_request("The body must be a JSON object.") from None
        if isinstance(body, dict):
            arguments.update(body)
    return arguments


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise invalid_request(f"'{name}' must be a number.", param=name)
    try:
        return float(value)
    except (ValueError, OverflowError):
        raise invalid_request(f"'{name}' must be a number.", param=name) from None
