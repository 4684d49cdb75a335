"""``openai-finetunes webhooks listen``: verifies, prints, answers 200 or 400."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import openai_finetunes.cli._webhooks as cli_webhooks
from openai_finetunes._secrets import MASK, redact
from openai_finetunes.cli import main
from openai_finetunes.cli._parser import build_parser
from openai_finetunes.testing import FakeOpenAI, ManualClock
from openai_finetunes.webhooks import DEFAULT_TOLERANCE, WebhookReceiver, generate_secret, sign
from tests.cli.helpers import ROOT, TRAIN, Cli

SECRET = generate_secret()
LISTEN = (sys.executable, "-m", "openai_finetunes", "webhooks", "listen")


def _event(kind: str, subject: str, event_id: str = "evt_1") -> bytes:
    body = {"object": "event", "id": event_id, "type": kind, "created_at": 1767225600}
    return json.dumps({**body, "data": {"id": subject}}).encode()


class Listener:
    """``webhooks listen`` in a subprocess; ``url`` is where it listens."""

    def __init__(self, *args: str, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [*LISTEN, "--port", "0", *args],
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


def test_past_max_events_deliveries_are_answered_503_not_200(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An event that was not printed must not be acknowledged: the sender keeps it."""
    started: list[WebhookReceiver] = []
    release = threading.Event()

    class SlowToClose(WebhookReceiver):  # holds open the moment between done and closed
        def start(self) -> Any:
            started.append(self)
            return super().start()

        def close(self) -> None:
            release.wait(10)
            super().close()

    monkeypatch.setattr(cli_webhooks, "WebhookReceiver", SlowToClose)
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", SECRET)
    codes: list[int] = []
    listening = threading.Thread(
        target=lambda: codes.append(
            main(["webhooks", "listen", "--port", "0", "--max-events", "1"])
        )
    )
    listening.start()
    try:
        for _ in range(200):
            if started:
                break
            threading.Event().wait(0.05)
        (receiver,) = started
        first = _event("fine_tuning.job.succeeded", "ftjob-1", "evt_1")
        second = _event("fine_tuning.job.failed", "ftjob-2", "evt_2")
        with httpx.Client() as sender:
            statuses = [
                sender.post(receiver.url, content=body, headers=sign(body, secret=SECRET))
                for body in (first, second)
            ]
    finally:
        release.set()
        listening.join(10)

    assert [s.status_code for s in statuses] == [200, 503]
    assert codes == [0]
    out = capsys.readouterr().out
    assert "ftjob-1" in out
    assert "ftjob-2" not in out


def test_listen_reads_at_most_a_few_kilobytes_of_a_secret_file() -> None:
    result = subprocess.run(
        [*LISTEN, "--port", "0", "--secret-file", "/dev/zero"],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=ROOT,
        timeout=30,
    )

    assert result.returncode == 2
    assert "/dev/zero: a webhook secret file holds one webhook secret" in result.stderr


def test_the_secret_read_from_a_file_is_redacted_from_then_on(cli: Cli, tmp_path: Path) -> None:
    secret = "whsec_%%%%%%%%%%%%%%%%"  # read, remembered, then refused (no key in it)
    secret_file = tmp_path / "secret"
    secret_file.write_text(secret + "\n")

    outcome = cli("webhooks", "listen", "--port", "0", "--secret-file", str(secret_file))

    assert outcome.code == 2
    assert redact(f"the secret is {secret}") == f"the secret is {MASK}"


def test_the_default_tolerance_is_the_modules() -> None:
    args = build_parser().parse_args(["webhooks", "listen"])
    assert args.tolerance == DEFAULT_TOLERANCE
