"""Fault injection: seeded, counted, off by default, never on admin endpoints."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from openai_finetunes.testing import ALL_FAULT_KINDS, FakeOpenAI, FaultConfig
from tests.testing.helpers import API_KEY, upload


def client_for(fake: FakeOpenAI) -> httpx.Client:
    return httpx.Client(
        transport=fake.transport(),
        base_url=fake.base_url,
        headers={"Authorization": f"Bearer {API_KEY}"},
    )


def outcomes(fake: FakeOpenAI, n: int) -> list[str]:
    seen = []
    with client_for(fake) as http:
        for _ in range(n):
            try:
                seen.append(str(http.get("/models").status_code))
            except httpx.TransportError as error:
                seen.append(type(error).__name__)
    return seen


def test_off_by_default(fake: FakeOpenAI) -> None:
    assert set(outcomes(fake, 50)) == {"200"}
    assert fake.stats().faults == {}


def test_same_seed_same_faults(make_fake: Callable[..., FakeOpenAI]) -> None:
    config = FaultConfig(rate=0.5, seed=3)
    first = outcomes(make_fake(faults=config), 60)
    second = outcomes(make_fake(faults=config), 60)
    assert first == second
    assert {"200", "500", "502", "503", "429", "RemoteProtocolError", "ReadTimeout"} <= set(first)
    other = outcomes(make_fake(faults=FaultConfig(rate=0.5, seed=4)), 60)
    assert other != first


def test_counters_match_what_clients_saw(make_fake: Callable[..., FakeOpenAI]) -> None:
    fake = make_fake(faults=FaultConfig(rate=0.4, seed=11))
    seen = outcomes(fake, 100)
    stats = fake.stats()
    expected = {
        "status_500": seen.count("500"),
        "status_502": seen.count("502"),
        "status_503": seen.count("503"),
        "rate_limit_429": seen.count("429"),
        "drop": seen.count("RemoteProtocolError"),
        "slow": seen.count("ReadTimeout"),
    }
    assert stats.faults == {kind: n for kind, n in expected.items() if n}
    assert stats.faults_total == 100 - seen.count("200")
    assert stats.requests == {"listModels": 100}


def test_429_carries_retry_after(make_fake: Callable[..., FakeOpenAI]) -> None:
    fake = make_fake(faults=FaultConfig(rate=1.0, kinds=("rate_limit_429",), retry_after=1.5))
    with client_for(fake) as http:
        response = http.get("/models")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "1.5"
    assert response.headers["retry-after-ms"] == "1500"
    assert response.json()["error"]["code"] == "rate_limit_exceeded"
    assert response.headers["x-request-id"].startswith("req_")


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_openai_shaped(make_fake: Callable[..., FakeOpenAI], status: int) -> None:
    fake = make_fake(faults=FaultConfig(rate=1.0, kinds=(f"status_{status}",)))  # type: ignore[arg-type]
    with client_for(fake) as http:
        response = http.post(
            "/fine_tuning/jobs", json={"model": "gpt-4o-mini", "training_file": "file-x"}
        )
    assert response.status_code == status
    assert response.json()["error"]["type"] == "server_error"


def test_a_slow_answer_times_out_but_the_request_was_applied(
    make_fake: Callable[..., FakeOpenAI], training_jsonl: bytes
) -> None:
    fake = make_fake(faults=FaultConfig(rate=1.0, kinds=("slow",)))
    with client_for(fake) as http, pytest.raises(httpx.ReadTimeout):
        http.post(
            "/files", files={"file": ("t.jsonl", training_jsonl)}, data={"purpose": "fine-tune"}
        )
    assert fake.stats().files == 1


def test_a_lost_answer_to_a_post_still_creates_the_job(
    make_fake: Callable[..., FakeOpenAI], training_jsonl: bytes
) -> None:
    fake = make_fake(faults=FaultConfig(rate=1.0, kinds=("applied_then_lost",)))
    file_id = fake.add_file(training_jsonl)["id"]
    with client_for(fake) as http:
        for _ in range(2):  # a naive retry after a lost answer: a second paid job
            with pytest.raises(httpx.RemoteProtocolError):
                http.post(
                    "/fine_tuning/jobs", json={"model": "gpt-4o-mini", "training_file": file_id}
                )
        # GETs are never "applied then lost" (there is nothing to apply).
        assert http.get("/models").status_code == 200
    stats = fake.stats()
    assert stats.jobs == 2
    assert stats.faults == {"applied_then_lost": 2}


def test_a_dropped_request_is_not_applied(
    make_fake: Callable[..., FakeOpenAI], training_jsonl: bytes
) -> None:
    fake = make_fake(faults=FaultConfig(rate=1.0, kinds=("drop",)))
    with client_for(fake) as http, pytest.raises(httpx.RemoteProtocolError):
        upload(http, training_jsonl)
    assert fake.stats().files == 0


def test_duplicate_uploads_are_counted(fake: FakeOpenAI, training_jsonl: bytes) -> None:
    fake.add_file(training_jsonl)
    fake.add_file(training_jsonl)
    fake.add_file(training_jsonl, purpose="batch")
    assert fake.stats().duplicate_files == 1


def test_admin_endpoints_are_never_faulted(make_fake: Callable[..., FakeOpenAI]) -> None:
    fake = make_fake(faults=FaultConfig(rate=1.0, kinds=("drop",)))
    with client_for(fake) as http:
        for _ in range(20):
            assert http.get(f"{fake.url}/_fake/stats").status_code == 200
    assert fake.stats().faults == {}


@pytest.mark.parametrize(
    "kwargs",
    [{"rate": 1.5}, {"rate": -0.1}, {"kinds": ()}, {"kinds": ("meteor",)}, {"slow_seconds": -1}],
)
def test_fault_config_is_checked(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - attrs validators raise plain ValueErrors
        FaultConfig(**kwargs)


def test_every_kind_is_known() -> None:
    assert FaultConfig(rate=0.1).kinds == ALL_FAULT_KINDS
