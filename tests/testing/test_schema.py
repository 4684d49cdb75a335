"""Every answer of every operation validates against the upstream OpenAPI document.

(The ``make_fake`` fixture also checks every answer of every test; this file makes sure
all operations are covered, and that the checker itself catches violations.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from openai_finetunes import _facts
from openai_finetunes.testing import FakeOpenAI, ManualClock
from tests.conftest import require_upstream
from tests.testing.helpers import API_KEY, create_job, upload
from tests.testing.schema import SchemaChecker


@pytest.fixture
def checker(schema_checker: SchemaChecker | None) -> SchemaChecker:
    require_upstream()  # skips, or fails when CI=true, without ../shared
    assert schema_checker is not None
    return schema_checker


def test_upstream_document_is_available() -> None:
    assert require_upstream().is_file()


def test_the_checker_catches_violations(checker: SchemaChecker) -> None:
    assert checker.errors("retrieveFineTuningJob", 200, {"object": "fine_tuning.job"})
    assert checker.errors(
        "listFineTuningEvents", 200, {"object": "list", "data": []}
    )  # no has_more
    assert checker.errors("listModels", 404, {"error": {"message": "x"}})
    assert not checker.errors(
        "listModels", 404, {"error": {"message": "x", "type": "t", "param": None, "code": None}}
    )


def drive_every_operation(fake: FakeOpenAI, training_jsonl: bytes) -> None:
    headers = {"Authorization": f"Bearer {API_KEY}"}
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url, headers=headers) as http:
        file_id = upload(http, training_jsonl)
        http.get("/files")
        http.get(f"/files/{file_id}")
        http.get(f"/files/{file_id}/content")
        job = create_job(http, file_id, suffix="schema", metadata={"k": "v"})
        http.get("/fine_tuning/jobs", params={"metadata[k]": "v"})
        fake.advance(30)
        http.post(f"/fine_tuning/jobs/{job['id']}/pause")
        http.get(f"/fine_tuning/jobs/{job['id']}")  # paused
        http.post(f"/fine_tuning/jobs/{job['id']}/resume")
        fake.advance(60)
        done = http.get(f"/fine_tuning/jobs/{job['id']}").json()
        http.get(f"/fine_tuning/jobs/{job['id']}/events")
        checkpoint = http.get(f"/fine_tuning/jobs/{job['id']}/checkpoints").json()["data"][0]
        path = f"/fine_tuning/checkpoints/{checkpoint['fine_tuned_model_checkpoint']}/permissions"
        permission = http.post(path, json={"project_ids": ["proj_1"]}).json()["data"][0]
        http.get(path)
        http.delete(f"{path}/{permission['id']}")
        http.get(path)  # empty page: null cursors
        http.get("/models")
        http.get(f"/models/{done['fine_tuned_model']}")
        http.delete(f"/models/{done['fine_tuned_model']}")
        other = create_job(http, file_id)
        http.post(f"/fine_tuning/jobs/{other['id']}/cancel")
        failed = create_job(http, upload(http, b"not json\n"))
        fake.advance(60)
        http.get(f"/fine_tuning/jobs/{failed['id']}")  # failed, with error
        upload_body: dict[str, Any] = {
            "filename": "u.jsonl",
            "purpose": "fine-tune",
            "bytes": 3,
            "mime_type": "text/jsonl",
        }
        pending = http.post("/uploads", json=upload_body).json()
        part = http.post(f"/uploads/{pending['id']}/parts", files={"data": ("b", b"abc")}).json()
        http.post(f"/uploads/{pending['id']}/complete", json={"part_ids": [part["id"]]})
        cancelled = http.post("/uploads", json=upload_body).json()
        http.post(f"/uploads/{cancelled['id']}/cancel")
        http.delete(f"/files/{file_id}")
        http.get("/files", params={"purpose": "vision"})  # empty page
        http.get("/fine_tuning/jobs/ftjob-missing")  # an error answer


def test_every_operation_answers_by_the_schema(
    checker: SchemaChecker, training_jsonl: bytes
) -> None:
    recorded: list[tuple[str | None, int, Any]] = []
    fake = FakeOpenAI(api_key=API_KEY, clock=ManualClock())
    fake.add_response_hook(lambda op, status, body: recorded.append((op, status, body)))
    drive_every_operation(fake, training_jsonl)
    fake.close()
    assert {op for op, status, _ in recorded if status == 200} == set(_facts.OPERATIONS)
    assert any(status == 404 for _, status, _ in recorded)
    problems = [e for op, status, body in recorded for e in checker.errors(op, status, body)]
    assert problems == []


def test_missing_upstream_fails_in_ci_and_skips_elsewhere(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import tests.conftest

    monkeypatch.setattr(tests.conftest, "UPSTREAM", tmp_path / "missing.yaml")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        require_upstream()
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        require_upstream()
