"""Fixtures for the Arazzo tests: small documents over a small OpenAPI, and the fake service."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from openai_finetunes import AuthenticatedClient, _facts
from openai_finetunes.testing import FakeOpenAI, ManualClock
from tests.conftest import API_KEY

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / "workflows"
MODEL = "gpt-4o-mini-2024-07-18"

#: An OpenAPI description with one operation per kind of request the runner builds.
SPEC = """\
openapi: 3.1.0
info: {title: test API, version: "1"}
paths:
  /items/{item_id}:
    parameters:
      - {name: item_id, in: path, required: true, schema: {type: string}}
    get:
      operationId: getItem
      parameters:
        - {name: expand, in: query, schema: {type: string}}
      responses: {"200": {description: ok}}
    put:
      operationId: putItem
      requestBody: {content: {application/json: {schema: {type: object}}}}
      responses: {"200": {description: ok}}
  /forms:
    post:
      operationId: postForm
      requestBody: {content: {application/x-www-form-urlencoded: {schema: {type: object}}}}
      responses: {"200": {description: ok}}
  /uploads:
    post:
      operationId: upload
      requestBody: {content: {multipart/form-data: {schema: {type: object}}}}
      responses: {"200": {description: ok}}
  /notes:
    post:
      operationId: postNote
      requestBody: {content: {text/plain: {schema: {type: string}}}}
      responses: {"200": {description: ok}}
"""

HEADER = """\
arazzo: 1.0.1
info: {title: test, version: "1"}
sourceDescriptions:
  - {name: api, url: spec.yaml, type: openapi}
"""


@pytest.fixture
def write_doc(tmp_path: Path) -> Callable[[str], Path]:
    """Write ``HEADER + text`` (and the OpenAPI it refers to) into tmp_path; return its path."""

    def write(text: str, name: str = "doc.arazzo.yaml") -> Path:
        (tmp_path / "spec.yaml").write_text(SPEC)
        path = tmp_path / name
        path.write_text(HEADER + text)
        return path

    return write


@pytest.fixture
def training_file(tmp_path: Path) -> Path:
    """Twelve valid chat examples."""
    lines = [
        json.dumps(
            {
                "messages": [
                    {"role": "system", "content": "You are terse."},
                    {"role": "user", "content": f"Say {i}."},
                    {"role": "assistant", "content": str(i)},
                ]
            }
        )
        for i in range(12)
    ]
    path = tmp_path / "train.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def bad_training_file(tmp_path: Path) -> Path:
    """Data the fake's validation fails (the job ends ``failed``)."""
    path = tmp_path / "bad.jsonl"
    path.write_text('{"prompt": "no messages"}\n' * 12)
    return path


class FakeTime:
    """One clock for everything: the fake's ManualClock, moved by sleeping (never waits).

    Serves as the workflows' ``Clock`` (``monotonic``/``sleep``/``asleep``) and as the Arazzo
    runner's ``sleep=``/``clock=``. ``on_sleep`` runs after each sleep (to act mid-run).
    """

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.sleeps: list[float] = []
        self.on_sleep: Callable[[int], object] | None = None

    def monotonic(self) -> float:
        return self.clock.now()

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.clock.advance(seconds)
        if self.on_sleep is not None:
            self.on_sleep(len(self.sleeps))

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)


class Service:
    """A fake OpenAI with a client whose requests are logged by operationId."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("api_key", API_KEY)
        kwargs.setdefault("clock", ManualClock())
        kwargs.setdefault("job_seconds", 600)
        self.fake = FakeOpenAI(**kwargs)
        assert isinstance(self.fake.clock, ManualClock)
        self.time = FakeTime(self.fake.clock)
        self.client: AuthenticatedClient = self.fake.client(max_retries=0)
        #: Another client, for setting up and disturbing jobs; its requests are not logged.
        self.admin: AuthenticatedClient = self.fake.client(max_retries=0)
        self.operations: list[str] = []
        self.client.get_httpx_client().event_hooks["request"].append(self._log)

    def _log(self, request: httpx.Request) -> None:
        path = request.url.path.removeprefix("/v1")
        for operation_id, (method, template) in _facts.OPERATIONS.items():
            pattern = re.sub(r"\{\w+\}", "[^/]+", template)
            if method == request.method and re.fullmatch(pattern, path):
                self.operations.append(operation_id)
                return
        self.operations.append(f"{request.method} {path}")

    def create_job(self, training: Path) -> str:
        """A job on ``training`` (created through the admin client), now validating_files."""
        from openai_finetunes.api.fine_tuning import create_fine_tuning_job
        from openai_finetunes.models import CreateFineTuningJobRequest

        file_id = self.fake.add_file(training.read_bytes(), filename=training.name)["id"]
        job = create_fine_tuning_job.sync(
            client=self.admin,
            body=CreateFineTuningJobRequest.from_dict({"model": MODEL, "training_file": file_id}),
        )
        assert job is not None
        return str(job.id)

    def cancel(self, job_id: str) -> None:
        from openai_finetunes.api.fine_tuning import cancel_fine_tuning_job

        cancel_fine_tuning_job.sync(job_id, client=self.admin)

    def status(self, job_id: str) -> str:
        return next(str(j["status"]) for j in self.fake.jobs if j["id"] == job_id)


@pytest.fixture
def make_service() -> Iterator[Callable[..., Service]]:
    services: list[Service] = []

    def build(**kwargs: Any) -> Service:
        service = Service(**kwargs)
        services.append(service)
        return service

    yield build
    for service in services:
        service.fake.close()
