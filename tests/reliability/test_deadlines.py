"""``timeout=`` bounds the whole call, retries, back-off and each request's own timeout.

Four hostile servers on loopback: one answering 500 to everything, one that never
answers, a closed port, and one that resets every connection. Each call must end within
``timeout`` plus a second, with a typed error that says what happened.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from openai_finetunes import OpenAIFinetunesError, connect
from openai_finetunes.workflows import (
    FineTuningTimeout,
    attach,
    run_fine_tuning_job,
    wait_for_job,
)
from tests.workflows.conftest import GOOD, MODEL

TIMEOUT = 5.0
SLACK = 1.0
JOB_ID = "ftjob-deadline"


class _AlwaysFailing(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        self.rfile.read(length)
        body = b'{"error": {"message": "boom", "type": "server_error", "code": null}}'
        self.send_response(500)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args: Any) -> None:
        pass


class _Silent(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        time.sleep(30)  # longer than any bounded call waits

    do_GET = do_POST = _answer

    def log_message(self, *args: Any) -> None:
        pass


def _serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def _closed_port() -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    yield f"http://127.0.0.1:{port}/v1"


def _resetting() -> Iterator[str]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    stop = threading.Event()

    def reset_all() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()  # RST instead of an answer

    thread = threading.Thread(target=reset_all, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
    finally:
        stop.set()
        thread.join(timeout=2)
        listener.close()


SERVERS: dict[str, Callable[[], Iterator[str]]] = {
    "all-500": lambda: _serve(_AlwaysFailing),
    "slow": lambda: _serve(_Silent),
    "closed-port": _closed_port,
    "reset": _resetting,
}


@pytest.fixture(params=sorted(SERVERS))
def hostile(request: pytest.FixtureRequest) -> Iterator[str]:
    yield from SERVERS[request.param]()


def _timed(call: Callable[[], object]) -> tuple[BaseException, float]:
    began = time.monotonic()
    with pytest.raises(OpenAIFinetunesError) as raised:
        call()
    return raised.value, time.monotonic() - began


def test_wait_for_job_is_bounded(hostile: str) -> None:
    client = connect("sk-test-deadline", base_url=hostile)
    error, took = _timed(lambda: wait_for_job(JOB_ID, client=client, timeout=TIMEOUT))
    assert took < TIMEOUT + SLACK
    assert isinstance(error, FineTuningTimeout)
    assert f"{error.waited:.3g}s" in str(error)
    assert error.waited == pytest.approx(took, abs=0.5)  # the message states the real time


def test_run_fine_tuning_job_is_bounded(hostile: str, tmp_path: Any) -> None:
    client = connect("sk-test-deadline", base_url=hostile)
    error, took = _timed(
        lambda: run_fine_tuning_job(GOOD, MODEL, client=client, timeout=TIMEOUT, progress=False)
    )
    assert took < TIMEOUT + SLACK
    assert isinstance(error, FineTuningTimeout)
    assert error.job_id is None
    assert "re-running the same call is safe" in str(error)


def test_the_deadline_given_to_attach_bounds_result() -> None:
    from openai_finetunes.testing import FakeOpenAI, SystemClock
    from openai_finetunes.workflows import start_fine_tuning_job

    with (
        FakeOpenAI(api_key="sk-test-deadline", clock=SystemClock(), job_seconds=600) as fake,
        fake.serve(port=0) as server,
    ):
        client = connect("sk-test-deadline", base_url=server.base_url)
        handle = start_fine_tuning_job(GOOD, MODEL, client=client, progress=False)
        attached = attach(handle.id, client=client, timeout=2.0, poll_interval=0.2)
        error, took = _timed(attached.result)
    assert isinstance(error, FineTuningTimeout)
    assert error.job_id == handle.id
    assert took < 2.0 + SLACK
    assert error.waited >= 2.0  # counted from attach(), which set the deadline


def test_a_transient_failure_with_time_left_is_not_called_a_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from openai_finetunes import InternalServerError, RetryPolicy
    from openai_finetunes.workflows import _flows
    from openai_finetunes.workflows._reconcile import Reconcile

    # Give up quickly on our own (two attempts), long before the generous deadline.
    quick = Reconcile(attempts=2, backoff=RetryPolicy(initial_delay=0.01, max_delay=0.01))
    monkeypatch.setattr(_flows, "RECONCILE", quick)
    for url in _serve(_AlwaysFailing):
        client = connect("sk-test-deadline", base_url=url, max_retries=0)
        with pytest.raises(InternalServerError) as raised:
            wait_for_job(JOB_ID, client=client, timeout=300)
        assert raised.value.job_id == JOB_ID  # named, though it could not be fetched
