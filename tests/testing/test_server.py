"""The TCP way in: start/stop, HTTP/1.1 keep-alive, streaming bodies, faults, admin, CLI."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from openai_finetunes.testing import FakeOpenAI, FakeServer, FaultConfig, SystemClock, main
from tests.testing.helpers import API_KEY, create_job

AUTH = {"Authorization": f"Bearer {API_KEY}"}


@pytest.fixture
def tcp(served: FakeServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=served.base_url, headers=AUTH, timeout=10) as client:
        yield client


def test_start_serve_and_stop_on_a_free_port(fake: FakeOpenAI) -> None:
    server = fake.serve(port=0)
    assert server.base_url == f"http://127.0.0.1:{server.port}/v1"
    assert httpx.get(f"{server.base_url}/models", headers=AUTH).status_code == 200
    server.close()
    server.close()  # idempotent
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{server.base_url}/models", headers=AUTH, timeout=2)


def test_keep_alive_serves_several_requests_on_one_connection(served: FakeServer) -> None:
    request = (
        f"GET /v1/models HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {API_KEY}\r\n\r\n".encode()
    )
    with socket.create_connection(("127.0.0.1", served.port), timeout=5) as sock:
        stream = sock.makefile("rb")
        for _ in range(3):
            sock.sendall(request)
            status_line = stream.readline()
            assert status_line.startswith(b"HTTP/1.1 200")
            headers = {}
            while (line := stream.readline()) != b"\r\n":
                name, _, value = line.decode().partition(":")
                headers[name.lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            assert json.loads(body)["object"] == "list"
            assert headers["x-request-id"].startswith("req_")


def test_chunked_and_large_bodies_stream_to_storage(fake: FakeOpenAI, tcp: httpx.Client) -> None:
    def chunked_json() -> Iterator[bytes]:
        yield b'{"filename": "big.jsonl", "purpose": "fine-tune", '
        yield b'"bytes": 3, "mime_type": "text/jsonl"}'

    response = tcp.post(
        "/uploads", content=chunked_json(), headers={"content-type": "application/json"}
    )
    assert response.json()["status"] == "pending"

    payload = os.urandom(1024 * 1024) * 20  # 20 MiB: spooled to disk past 8 MiB
    uploaded = tcp.post(
        "/files", files={"file": ("big.bin", payload)}, data={"purpose": "batch"}
    ).json()
    assert uploaded["bytes"] == len(payload)
    with tcp.stream("GET", f"/files/{uploaded['id']}/content") as download:
        digest = hashlib.sha256()
        for chunk in download.iter_bytes():
            digest.update(chunk)
    assert digest.hexdigest() == hashlib.sha256(payload).hexdigest()


def test_refused_large_body_closes_the_connection_instead_of_reading_it(served: FakeServer) -> None:
    body = b"x" * (4 * 1024 * 1024)
    response = httpx.post(
        f"{served.base_url}/files",
        content=body,
        headers={"Authorization": "Bearer sk-wrong"},
        timeout=10,
    )
    assert response.status_code == 401
    assert response.headers["connection"] == "close"


def test_concurrent_keep_alive_clients(
    fake: FakeOpenAI, served: FakeServer, training_jsonl: bytes
) -> None:
    with httpx.Client(base_url=served.base_url, headers=AUTH) as setup:
        job = create_job(setup, fake.add_file(training_jsonl)["id"])

    # One client, 64 pooled keep-alive connections (building 64 clients costs more than the test).
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    with httpx.Client(base_url=served.base_url, headers=AUTH, timeout=30, limits=limits) as client:

        def poll(_: int) -> set[int]:
            return {client.get(f"/fine_tuning/jobs/{job['id']}").status_code for _ in range(5)}

        with ThreadPoolExecutor(max_workers=64) as pool:
            results = set().union(*pool.map(poll, range(64)))
    assert results == {200}
    assert fake.stats().requests["retrieveFineTuningJob"] == 64 * 5


def test_admin_endpoints_over_http(
    fake: FakeOpenAI, served: FakeServer, training_jsonl: bytes
) -> None:
    with (
        httpx.Client(base_url=served.url, headers=AUTH, timeout=10) as admin,
        httpx.Client(base_url=served.base_url, headers=AUTH) as api,
    ):
        assert admin.get("/_fake/health").json() == {"status": "ok"}
        job = create_job(api, fake.add_file(training_jsonl)["id"])
        assert admin.post("/_fake/advance", params={"seconds": 60}).status_code == 200
        assert api.get(f"/fine_tuning/jobs/{job['id']}").json()["status"] == "succeeded"
        seeded = admin.post("/_fake/seed_events", json={"n_events": 500}).json()
        assert seeded["status"] == "succeeded"
        stats = admin.get("/_fake/stats").json()
        assert stats["jobs"] == 2
        assert stats["events"] >= 500
        assert stats["requests"]["createFineTuningJob"] == 1
        assert admin.post("/_fake/advance", params={"seconds": "soon"}).status_code == 400
        assert admin.get("/_fake/nothing").status_code == 404


def test_advance_needs_a_manual_clock(make_fake: Callable[..., FakeOpenAI]) -> None:
    fake = make_fake(clock=SystemClock())
    with fake.serve() as server:
        response = httpx.post(f"{server.url}/_fake/advance", params={"seconds": 1}, headers=AUTH)
    assert response.status_code == 400


def test_dropped_connections_and_slow_answers_over_tcp(
    make_fake: Callable[..., FakeOpenAI], training_jsonl: bytes
) -> None:
    dropping = make_fake(faults=FaultConfig(rate=1.0, kinds=("drop",)))
    with dropping.serve() as server, pytest.raises(httpx.RemoteProtocolError):
        httpx.get(f"{server.base_url}/models", headers=AUTH, timeout=5)

    slow = make_fake(faults=FaultConfig(rate=1.0, kinds=("slow",), slow_seconds=5))
    file_id = slow.add_file(training_jsonl)["id"]
    with slow.serve() as server, pytest.raises(httpx.ReadTimeout):
        httpx.post(
            f"{server.base_url}/fine_tuning/jobs",
            json={"model": "gpt-4o-mini", "training_file": file_id},
            headers=AUTH,
            timeout=0.2,
        )
    # Closing the server ended the slow answer at once; the job exists all the same.
    assert slow.stats().jobs == 1


def test_cli_serves_until_sigterm(tmp_path: object) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "openai_finetunes.testing",
            "--port",
            "0",
            "--job-seconds",
            "1",
        ],
        env={**os.environ, "OPENAI_API_KEY": "sk-cli"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert "http://127.0.0.1:" in line
        assert "sk-cli" not in line
        base_url = line.split(" at ")[1].split()[0]
        assert (
            httpx.get(f"{base_url}/models", headers={"Authorization": "Bearer sk-cli"}).status_code
            == 200
        )
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        assert process.stderr is not None
        log = process.stderr.read()
        assert "GET /v1/models -> 200" in log
        assert "sk-cli" not in log
    finally:
        if process.poll() is None:
            process.kill()


def test_cli_help_and_bad_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    assert "--job-seconds" in capsys.readouterr().out
    for bad in (
        ["--faults", "2"],
        ["--fault-kinds", "meteor", "--faults", "0.1"],
        ["--port", "-5"],
    ):
        with pytest.raises(SystemExit) as failed:
            main(bad)
        assert failed.value.code == 2


def test_server_threads_end_after_close(fake: FakeOpenAI) -> None:
    before = threading.active_count()
    with fake.serve() as server, httpx.Client(base_url=server.base_url, headers=AUTH) as client:
        client.get("/models")  # a keep-alive connection stays open until close()
    assert threading.active_count() <= before + 1
