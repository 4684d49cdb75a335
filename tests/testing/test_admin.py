"""Issue 15, item 8: the ``/_fake/`` admin endpoints need the fake's key and refuse
unbounded or non-finite values with a 400 in OpenAI's error shape; ``fake.advance()`` and
``fake.seed_job()`` refuse the same values in process with the fake's typed error."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from openai_finetunes import OpenAIFinetunesError
from openai_finetunes.testing import ApiError, FakeOpenAI, FakeServer, SystemClock
from openai_finetunes.testing._admin import MAX_ADVANCE_SECONDS, MAX_SEED_EVENTS
from tests.testing.helpers import API_KEY

AUTH = {"Authorization": f"Bearer {API_KEY}"}
PROTECTED = [
    ("GET", "/_fake/stats", {}),
    ("POST", "/_fake/advance", {"seconds": 1}),
    ("POST", "/_fake/seed_events", {"n_events": 50}),
]
BAD_SECONDS: list[Any] = [
    "nan",
    "NaN",
    "inf",
    "-inf",
    "infinity",
    "-1",
    "-0.001",
    str(MAX_ADVANCE_SECONDS + 1),
    "1e300",
    "soon",
    "",
]
BAD_N_EVENTS: list[Any] = [
    "3000000",
    str(MAX_SEED_EVENTS + 1),
    "-1",
    "2.5",
    "nan",
    "inf",
    "1e400",
    "many",
    "",
]
#: Values only a JSON body can carry (``1e400`` parses as infinity).
BAD_JSON: list[tuple[str, Any]] = [
    ('{"seconds": NaN}', "seconds"),
    ('{"seconds": 1e400}', "seconds"),
    ('{"seconds": -1e400}', "seconds"),
    ('{"seconds": true}', "seconds"),
    ('{"seconds": null}', "seconds"),
    ('{"seconds": [1]}', "seconds"),
    ('{"n_events": 1e400}', "n_events"),
    ('{"n_events": 3000000}', "n_events"),
    ('{"n_events": 100.5}', "n_events"),
    ('{"n_events": false}', "n_events"),
    ('{"n_events": {"n": 1}}', "n_events"),
]


@pytest.fixture
def admin(served: FakeServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=served.url, headers=AUTH, timeout=30) as client:
        yield client


def _assert_openai_400(response: httpx.Response, param: str) -> None:
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert error["type"] == "invalid_request_error"
    assert error["param"] == param
    assert param in error["message"]


@pytest.mark.parametrize(("method", "path", "params"), PROTECTED)
@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer sk-not-the-fake-key-123"}, {"Authorization": "Basic abc"}],
    ids=["no-key", "wrong-key", "not-bearer"],
)
def test_admin_endpoints_need_the_key(
    fake: FakeOpenAI,
    served: FakeServer,
    method: str,
    path: str,
    params: dict[str, Any],
    headers: dict[str, str],
) -> None:
    before = fake.clock.now()
    response = httpx.request(method, f"{served.url}{path}", params=params, headers=headers)
    assert response.status_code == 401
    assert set(response.json()["error"]) == {"message", "type", "param", "code"}
    assert "sk-not-the" not in response.text
    # Nothing happened: the clock stands, no job was seeded.
    assert fake.clock.now() == before
    assert fake.stats().jobs == 0


def test_the_key_opens_them_and_health_needs_none(
    fake: FakeOpenAI, served: FakeServer, admin: httpx.Client
) -> None:
    assert httpx.get(f"{served.url}/_fake/health").json() == {"status": "ok"}
    for method, path, params in PROTECTED:
        assert admin.request(method, path, params=params).status_code == 200, path
    # The in-process transport asks for the key too.
    with httpx.Client(transport=fake.transport(), base_url=fake.url) as anonymous:
        assert anonymous.get("/_fake/stats").status_code == 401
        assert anonymous.get("/_fake/stats", headers=AUTH).status_code == 200


@pytest.mark.parametrize("value", BAD_SECONDS)
def test_advance_refuses_non_finite_negative_and_huge_seconds(
    fake: FakeOpenAI, admin: httpx.Client, value: str
) -> None:
    before = fake.clock.now()
    _assert_openai_400(admin.post("/_fake/advance", params={"seconds": value}), "seconds")
    assert fake.clock.now() == before
    assert math.isfinite(fake.clock.now())


@pytest.mark.parametrize("value", BAD_N_EVENTS)
def test_seed_events_refuses_unbounded_and_fractional_counts(
    fake: FakeOpenAI, admin: httpx.Client, value: str
) -> None:
    _assert_openai_400(admin.post("/_fake/seed_events", params={"n_events": value}), "n_events")
    assert fake.stats().jobs == 0


@pytest.mark.parametrize(("body", "param"), BAD_JSON)
def test_json_bodies_are_checked_the_same_way(
    fake: FakeOpenAI, admin: httpx.Client, body: str, param: str
) -> None:
    path = "/_fake/advance" if param == "seconds" else "/_fake/seed_events"
    response = admin.post(path, content=body, headers={"content-type": "application/json"})
    _assert_openai_400(response, param)
    assert fake.stats().jobs == 0


def test_the_bounds_themselves_are_accepted(fake: FakeOpenAI, admin: httpx.Client) -> None:
    start = fake.clock.now()
    assert admin.post("/_fake/advance", params={"seconds": 0}).json() == {"now": start}
    now = admin.post("/_fake/advance", json={"seconds": MAX_ADVANCE_SECONDS}).json()["now"]
    assert now == start + MAX_ADVANCE_SECONDS
    seeded = admin.post("/_fake/seed_events", json={"n_events": 1000}).json()
    assert seeded["status"] == "succeeded"
    assert admin.post("/_fake/seed_events", params={"n_events": "8"}).status_code == 200


@pytest.mark.parametrize(
    "seconds", [math.nan, math.inf, -math.inf, -1.0, MAX_ADVANCE_SECONDS * 2, "soon", None, True]
)
def test_fake_advance_refuses_the_same_values_in_process(fake: FakeOpenAI, seconds: Any) -> None:
    before = fake.clock.now()
    with pytest.raises(ApiError) as refused:
        fake.advance(seconds)
    assert isinstance(refused.value, OpenAIFinetunesError)
    assert (refused.value.status, refused.value.param) == (400, "seconds")
    assert fake.clock.now() == before


@pytest.mark.parametrize("n_events", [3_000_000, MAX_SEED_EVENTS + 1, -5, 2.5, math.nan, "x"])
def test_fake_seed_job_refuses_the_same_values_in_process(fake: FakeOpenAI, n_events: Any) -> None:
    with pytest.raises(ApiError) as refused:
        fake.seed_job(n_events)
    assert isinstance(refused.value, OpenAIFinetunesError)
    assert (refused.value.status, refused.value.param) == (400, "n_events")
    assert fake.stats().jobs == 0


def test_advance_with_the_system_clock_is_a_typed_error(
    make_fake: Callable[..., FakeOpenAI],
) -> None:
    fake = make_fake(clock=SystemClock())
    with pytest.raises(ApiError) as refused:
        fake.advance(1)
    assert refused.value.status == 400
    with fake.serve() as server:
        response = httpx.post(f"{server.url}/_fake/advance", params={"seconds": 1}, headers=AUTH)
    assert response.status_code == 400
    assert "manual clock" in response.json()["error"]["message"]
