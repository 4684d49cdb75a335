"""``openai-finetunes webhooks listen``: verifies, prints, answers 200 or 400."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from openai_finetunes.testing import FakeOpenAI, ManualClock
from openai_finetunes.webhooks import generate_secret, sign
from tests.cli.helpers import ROOT, TRAIN, Cli

SECRET = generate_secret()


def _event(kind: str, subject: str, event_id: str = "evt_1") -> bytes:
    body = {"object": "event", "id": event_id, "type": kind, "created_at": 1767225600}
    return json.dumps({**body, "data": {"id": subject}}).encode()


class Listener:
    """``webhooks listen`` in a subprocess; ``url`` is where it listens."""

    def __init__(self, *args: str, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "openai_finetunes", "webhooks", "listen", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        assert self.process.stderr is not None
        first = self.process.stderr.readline()
        assert "Listening for webhook deliveries on " in first, first
        self.url = first.split(" on ")[1].split()[0]

    def finish(self) -> tuple[int, str, str]:
        out, err = self.process.communicate(timeout=20)
        return self.process.returncode, out, err


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_WEBHOOK_SECRET"}
    return {**env, **extra}


@pytest.fixture
def listener() -> Iterator[Listener]:
    listener = Listener("--max-events", "2", env=_env(OPENAI_WEBHOOK_SECRET=SECRET))
    yield listener
    if listener.process.poll() is None:
        listener.process.kill()
        listener.process.communicate()


def test_listen_prints_valid_events_and_answers_400_to_invalid_ones(listener: Listener) -> None:
    good = _event("fine_tuning.job.succeeded", "ftjob-abc")
    unknown = _event("batch.completed", "batch_1", "evt_2")

    tampered = httpx.post(listener.url, content=good + b" ", headers=sign(good, secret=SECRET))
    unsigned = httpx.post(listener.url, content=good)
    ok = httpx.post(listener.url, content=good, headers=sign(good, secret=SECRET))
    other = httpx.post(listener.url, content=unknown, headers=sign(unknown, secret=SECRET))
    code, out, err = listener.finish()

    assert (tampered.status_code, unsigned.status_code) == (400, 400)
    assert (ok.status_code, other.status_code) == (200, 200)
    assert code == 0
    assert out.splitlines() == [
        "2026-01-01 00:00:00  fine_tuning.job.succeeded  ftjob-abc  evt_1",
        "2026-01-01 00:00:00  batch.completed  batch_1  evt_2",
    ]
    assert "rejected a delivery (no_matching_signature)" in err
    assert "rejected a delivery (missing_header)" in err
    assert SECRET not in out + err
    assert SECRET[6:] not in out + err


def test_listen_json_with_a_secret_file_receives_the_fakes_events(tmp_path: Path) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text(SECRET + "\n")
    listener = Listener(
        "--json", "--max-events", "1", "--secret-file", str(secret_file), env=_env()
    )
    with FakeOpenAI(clock=ManualClock(), webhook_url=listener.url, webhook_secret=SECRET) as fake:
        file_id = fake.add_file(TRAIN.read_bytes())["id"]
        with httpx.Client(
            transport=fake.transport(),
            base_url=fake.base_url,
            headers={"authorization": "Bearer sk-fake-key"},
        ) as api:
            job = api.post(
                "/fine_tuning/jobs", json={"model": "gpt-4o-mini", "training_file": file_id}
            ).json()
            api.post(f"/fine_tuning/jobs/{job['id']}/cancel")
        assert fake.wait_for_webhooks()
        code, out, _ = listener.finish()

    assert code == 0
    (line,) = out.splitlines()
    event = json.loads(line)
    assert event["type"] == "fine_tuning.job.cancelled"
    assert event["data"] == {"id": job["id"]}
    assert fake.stats().webhooks_sent == 1


def test_listen_needs_a_secret(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_WEBHOOK_SECRET", raising=False)

    outcome = cli("webhooks", "listen", "--port", "0")

    assert outcome.code == 2
    assert "OPENAI_WEBHOOK_SECRET" in outcome.err
    assert "--secret-file" in outcome.err


def test_listen_refuses_an_unusable_secret(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", "whsec_x")

    outcome = cli("webhooks", "listen", "--port", "0")

    assert outcome.code == 2
    assert "secret" in outcome.err


def test_webhooks_needs_a_subcommand(cli: Cli) -> None:
    assert cli("webhooks").code == 2
    assert "listen" in cli("webhooks", "--help").out
