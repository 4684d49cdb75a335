"""The fake delivers signed webhook events at every terminal transition, and retries."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

from openai_finetunes import InvalidArgumentError
from openai_finetunes.testing import FakeOpenAI, FakeStats, ManualClock
from openai_finetunes.webhooks import generate_secret, unwrap

DATA = Path(__file__).resolve().parent.parent / "data"
GOOD = (DATA / "good" / "chat.jsonl").read_bytes()
BAD = (DATA / "bad" / "missing_messages.jsonl").read_bytes()
SECRET = generate_secret()


@attrs.define
class Delivery:
    at: float  # time.time() on arrival
    headers: dict[str, str]
    body: bytes


class Endpoint:
    """A loopback HTTP endpoint that records deliveries and answers from a script."""

    def __init__(
        self, statuses: list[int] | None = None, delays: list[float] | None = None
    ) -> None:
        self.deliveries: list[Delivery] = []
        self.statuses = list(statuses or [])
        self.delays = list(delays or [])  # seconds before answering, delivery by delivery
        self.arrived = threading.Condition()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                with endpoint.arrived:
                    endpoint.deliveries.append(
                        Delivery(time.time(), {k.lower(): v for k, v in self.headers.items()}, body)
                    )
                    status = endpoint.statuses.pop(0) if endpoint.statuses else 200
                    delay = endpoint.delays.pop(0) if endpoint.delays else 0.0
                    endpoint.arrived.notify_all()
                time.sleep(delay)
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}).start()

    def wait_for(self, count: int, timeout: float = 5.0) -> list[Delivery]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.deliveries) >= count, timeout)
            return list(self.deliveries)

    def events(self) -> list[dict[str, Any]]:
        return [json.loads(d.body) for d in self.deliveries]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    endpoint = Endpoint()
    yield endpoint
    endpoint.close()


def http(fake: FakeOpenAI) -> httpx.Client:
    return httpx.Client(
        transport=fake.transport(),
        base_url=fake.base_url,
        headers={"authorization": "Bearer sk-fake-key"},
    )


def start_job(fake: FakeOpenAI, content: bytes = GOOD) -> str:
    file_id = fake.add_file(content)["id"]
    with http(fake) as api:
        answer = api.post(
            "/fine_tuning/jobs", json={"model": "gpt-4o-mini", "training_file": file_id}
        )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["id"])


# -- when ------------------------------------------------------------------------------------


def test_on_a_system_clock_the_event_arrives_at_the_transition_without_any_poll(
    endpoint: Endpoint,
) -> None:
    with FakeOpenAI(job_seconds=0.6, webhook_url=endpoint.url, webhook_secret=SECRET) as fake:
        before = time.time()
        job_id = start_job(fake)
        (delivery,) = endpoint.wait_for(1)
        assert fake.wait_for_webhooks()  # the answer has been counted
        stats = fake.stats()

    event = unwrap(delivery.body, delivery.headers, secret=SECRET)
    assert event.type_ == "fine_tuning.job.succeeded"
    assert event.data.id == job_id
    # The job ends 0.6 s after it was created; the event arrives right then.
    assert 0.6 <= delivery.at - before < 0.6 + 0.4
    assert stats.requests == {"createFineTuningJob": 1}  # nobody polled
    assert (stats.webhooks_sent, stats.webhooks_failed, stats.webhooks_given_up) == (1, 0, 0)
    assert stats.jobs_by_status == {"succeeded": 1}


def test_on_a_manual_clock_the_event_is_sent_when_advance_crosses_the_end(
    endpoint: Endpoint,
) -> None:
    clock = ManualClock()
    with FakeOpenAI(
        clock=clock, job_seconds=60, webhook_url=endpoint.url, webhook_secret=SECRET
    ) as fake:
        job_id = start_job(fake)
        fake.advance(59.5)
        assert fake.wait_for_webhooks()
        assert endpoint.deliveries == []

        clock.advance(0.5)  # any advance: the fake's own, a workflow's sleep, a retry's
        (delivery,) = endpoint.wait_for(1)
        assert fake.wait_for_webhooks()

    event = unwrap(delivery.body, delivery.headers, secret=SECRET)
    assert (event.type_, event.data.id) == ("fine_tuning.job.succeeded", job_id)
    assert event.created_at == int(clock.now())  # the transition's time on the fake's clock
    # The signature is dated in real time: the receiver checks it against its own clock.
    assert abs(int(delivery.headers["webhook-timestamp"]) - time.time()) < 5


def test_a_cancellation_is_delivered_at_once(endpoint: Endpoint) -> None:
    with FakeOpenAI(
        clock=ManualClock(), job_seconds=60, webhook_url=endpoint.url, webhook_secret=SECRET
    ) as fake:
        cancel_one_job(fake)
        (delivery,) = endpoint.wait_for(1)
        (job,) = fake.jobs

    assert json.loads(delivery.body)["type"] == "fine_tuning.job.cancelled"
    assert json.loads(delivery.body)["data"] == {"id": job["id"]}


def test_a_failed_job_sends_the_failed_event_and_every_job_gets_exactly_one(
    endpoint: Endpoint,
) -> None:
    with FakeOpenAI(
        clock=ManualClock(), job_seconds=60, webhook_url=endpoint.url, webhook_secret=SECRET
    ) as fake:
        ok, bad, paused = start_job(fake), start_job(fake, BAD), start_job(fake)
        fake.advance(30)
        with http(fake) as api:
            assert api.post(f"/fine_tuning/jobs/{paused}/pause").status_code == 200
            fake.advance(60)
            assert fake.wait_for_webhooks()
            assert {e["data"]["id"]: e["type"] for e in endpoint.events()} == {
                ok: "fine_tuning.job.succeeded",
                bad: "fine_tuning.job.failed",
            }
            assert api.post(f"/fine_tuning/jobs/{paused}/resume").status_code == 200
        fake.advance(60)
        for _ in range(3):  # observing the jobs again sends nothing more
            assert len(fake.jobs) == 3
        assert fake.wait_for_webhooks()

    events = endpoint.events()
    assert [e["data"]["id"] for e in events].count(paused) == 1
    assert len(events) == 3
    assert len({e["id"] for e in events}) == 3
    assert all(e["object"] == "event" and e["id"].startswith("evt_") for e in events)


# -- retries -----------------------------------------------------------------------------


def cancel_one_job(fake: FakeOpenAI) -> None:
    """Start a job and cancel it: its event is due at once, whatever the clock."""
    job_id = start_job(fake)
    with http(fake) as api:
        assert api.post(f"/fine_tuning/jobs/{job_id}/cancel").status_code == 200


def deliver_one_event(url: str, **settings: Any) -> FakeStats:
    """The fake's stats once the event of one cancelled job is delivered or given up."""
    with FakeOpenAI(
        clock=ManualClock(), webhook_url=url, webhook_secret=SECRET, **settings
    ) as fake:
        cancel_one_job(fake)
        assert fake.wait_for_webhooks()
        return fake.stats()


def test_a_failed_delivery_is_retried_with_backoff_under_the_same_id() -> None:
    endpoint = Endpoint(statuses=[500, 302, 200])
    try:
        stats = deliver_one_event(endpoint.url, webhook_backoff=0.1)
    finally:
        endpoint.close()

    first, second, third = endpoint.deliveries
    assert (stats.webhooks_sent, stats.webhooks_failed, stats.webhooks_given_up) == (1, 2, 0)
    assert (
        first.headers["webhook-id"] == second.headers["webhook-id"] == third.headers["webhook-id"]
    )
    assert first.body == second.body == third.body
    for delivery in endpoint.deliveries:  # each attempt is signed afresh, and verifies
        unwrap(delivery.body, delivery.headers, secret=SECRET)
    assert second.at - first.at >= 0.1  # then twice as long
    assert third.at - second.at >= 0.2


def test_deliveries_are_given_up_after_the_last_attempt() -> None:
    endpoint = Endpoint(statuses=[503] * 10)
    try:
        stats = deliver_one_event(endpoint.url, webhook_attempts=3, webhook_backoff=0.01)
    finally:
        endpoint.close()

    assert len(endpoint.deliveries) == 3
    assert (stats.webhooks_sent, stats.webhooks_failed, stats.webhooks_given_up) == (0, 3, 1)


def test_an_unreachable_endpoint_counts_as_failed_attempts() -> None:
    closed = Endpoint()
    url = closed.url
    closed.close()  # nothing listens there any more

    stats = deliver_one_event(url, webhook_attempts=2, webhook_backoff=0.01)

    assert (stats.webhooks_sent, stats.webhooks_failed, stats.webhooks_given_up) == (0, 2, 1)


def test_close_stops_retrying() -> None:
    endpoint = Endpoint(statuses=[500] * 1000)
    try:
        fake = FakeOpenAI(
            clock=ManualClock(),
            webhook_url=endpoint.url,
            webhook_secret=SECRET,
            webhook_attempts=1000,
            webhook_backoff=0.05,
        )
        cancel_one_job(fake)
        endpoint.wait_for(2)
        started = time.monotonic()
        fake.close()
        assert time.monotonic() - started < 2
        attempts = len(endpoint.deliveries)
        time.sleep(0.3)
        assert len(endpoint.deliveries) == attempts
        assert fake.wait_for_webhooks(0.1)
    finally:
        endpoint.close()


def test_an_unexpected_error_is_a_failed_attempt_and_deliveries_go_on(
    endpoint: Endpoint, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Not only httpx.HTTPError: any error of an attempt is retried, and the sender lives on."""
    post = httpx.Client.post
    errors = [httpx.InvalidURL("no such URL"), RuntimeError("surprise")]

    def flaky(self: httpx.Client, url: Any, **kwargs: Any) -> httpx.Response:
        if str(url) == endpoint.url and errors:
            raise errors.pop(0)
        return post(self, url, **kwargs)

    monkeypatch.setattr(httpx.Client, "post", flaky)
    caplog.set_level(logging.INFO, "openai_finetunes.testing")
    with FakeOpenAI(
        clock=ManualClock(), webhook_url=endpoint.url, webhook_secret=SECRET, webhook_backoff=0.01
    ) as fake:
        cancel_one_job(fake)
        assert fake.wait_for_webhooks(5)
        cancel_one_job(fake)  # a later event is delivered too
        assert fake.wait_for_webhooks(5)
        stats = fake.stats()

    assert len(endpoint.deliveries) == 2
    assert (stats.webhooks_sent, stats.webhooks_failed, stats.webhooks_given_up) == (2, 2, 0)
    assert "(attempt 1) -> failed (InvalidURL: no such URL)" in caplog.text
    assert "-> failed (RuntimeError: surprise)" in caplog.text


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # wanted
def test_a_sender_thread_that_dies_is_replaced(
    endpoint: Endpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    post = httpx.Client.post
    deaths = [SystemExit()]  # not an Exception: it ends the thread, silently

    def fatal(self: httpx.Client, url: Any, **kwargs: Any) -> httpx.Response:
        if str(url) == endpoint.url and deaths:
            raise deaths.pop(0)
        return post(self, url, **kwargs)

    monkeypatch.setattr(httpx.Client, "post", fatal)
    with FakeOpenAI(
        clock=ManualClock(), webhook_url=endpoint.url, webhook_secret=SECRET, webhook_backoff=0.01
    ) as fake:
        cancel_one_job(fake)
        assert fake.wait_for_webhooks(5)  # retried by the thread that took over
        cancel_one_job(fake)
        assert fake.wait_for_webhooks(5)
        stats = fake.stats()

    assert len(endpoint.deliveries) == 2
    assert (stats.webhooks_sent, stats.webhooks_failed) == (2, 1)


def test_a_slow_answer_does_not_hold_back_the_other_events() -> None:
    endpoint = Endpoint(delays=[1.5])  # the first delivery is answered after 1.5 s
    try:
        with FakeOpenAI(
            clock=ManualClock(), webhook_url=endpoint.url, webhook_secret=SECRET
        ) as fake:
            for _ in range(3):
                cancel_one_job(fake)
            first, *others = endpoint.wait_for(3, timeout=5)
            assert fake.wait_for_webhooks(5)
            stats = fake.stats()
    finally:
        endpoint.close()

    assert len(others) == 2
    assert all(other.at - first.at < 1.0 for other in others)
    assert stats.webhooks_sent == 3


# -- configuration and secrecy -------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"webhook_url": "http://127.0.0.1:9/"}, "webhook_secret"),
        ({"webhook_secret": SECRET}, "webhook_url"),
        ({"webhook_url": "ftp://127.0.0.1/", "webhook_secret": SECRET}, "webhook_url"),
        ({"webhook_url": "http://127.0.0.1:9/", "webhook_secret": "whsec_"}, "secret"),
        (
            {"webhook_url": "http://127.0.0.1:9/", "webhook_secret": SECRET, "webhook_attempts": 0},
            "webhook_attempts",
        ),
    ],
)
def test_webhook_settings_are_checked(kwargs: dict[str, Any], param: str) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        FakeOpenAI(**kwargs)
    assert caught.value.param == param


def test_without_webhooks_nothing_changes() -> None:
    fake = FakeOpenAI(clock=ManualClock())
    start_job(fake)
    fake.advance(60)

    assert fake.webhook_url is None
    assert fake.wait_for_webhooks(0)
    assert fake.stats().webhooks_sent == 0
    assert [t.name for t in threading.enumerate() if t.name.startswith("fake-openai-")] == []


def test_the_secret_shows_in_no_log_and_no_repr(
    endpoint: Endpoint, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with FakeOpenAI(clock=ManualClock(), webhook_url=endpoint.url, webhook_secret=SECRET) as fake:
        start_job(fake)
        fake.advance(60)
        assert fake.wait_for_webhooks()
        shown = repr(fake) + str(fake.stats()) + repr(fake._webhooks) + caplog.text

    assert "fine_tuning.job.succeeded" in caplog.text
    assert SECRET not in shown
    assert SECRET[6:] not in shown
    signature = endpoint.deliveries[0].headers["webhook-signature"]
    assert signature[3:] not in shown


# -- serve ---------------------------------------------------------------------------------


def test_serve_delivers_to_webhook_url_with_the_secret_from_a_file(
    endpoint: Endpoint, tmp_path: Path
) -> None:
    secret_file = tmp_path / "webhook-secret"
    secret_file.write_text(SECRET + "\n")
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_WEBHOOK_SECRET"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "openai_finetunes",
            "serve",
            "--port",
            "0",
            "--job-seconds",
            "0.5",
            "--webhook-url",
            endpoint.url,
            "--webhook-secret-file",
            str(secret_file),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        base_url = line.split(" at ")[1].split()[0]
        assert "Delivering webhook events to " + endpoint.url in server.stdout.readline()
        headers = {"authorization": "Bearer sk-fake-key"}
        with httpx.Client(base_url=base_url, headers=headers) as api:
            upload = api.post(
                "/files", files={"file": ("t.jsonl", GOOD)}, data={"purpose": "fine-tune"}
            )
            job = api.post(
                "/fine_tuning/jobs",
                json={"model": "gpt-4o-mini", "training_file": upload.json()["id"]},
            ).json()
            (delivery,) = endpoint.wait_for(1)
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=10)

    event = unwrap(delivery.body, delivery.headers, secret=SECRET)
    assert event.data.id == job["id"]
    assert SECRET not in errors
    assert SECRET not in " ".join(map(str, server.args))


def test_serve_refuses_a_webhook_url_without_a_secret() -> None:
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_WEBHOOK_SECRET"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "openai_finetunes.testing",
            "--port",
            "0",
            "--webhook-url",
            "http://127.0.0.1:9/",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
    )
    assert result.returncode == 2
    assert "OPENAI_WEBHOOK_SECRET" in result.stderr
