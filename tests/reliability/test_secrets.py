"""Issue 9, item 5 and issue 15, item 6: the API key never shows up in anything a user or
a log can see, even when a server echoes it back, and never sits on a command line."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest

from openai_finetunes import connect
from openai_finetunes._exceptions import (
    APIConnectionError,
    APIError,
    APIStatusError,
    AuthenticationError,
    NotFoundError,
)
from openai_finetunes.api.fine_tuning import retrieve_fine_tuning_job
from openai_finetunes.testing import FakeOpenAI, FakeServer, FaultConfig
from openai_finetunes.workflows import (
    FineTuningJobFailed,
    PollSchedule,
    arun_fine_tuning_job,
    cancel_if_running,
    run_fine_tuning_job,
    wait_for_job,
)
from tests.workflows.conftest import GOOD, MODEL

ROOT = Path(__file__).resolve().parents[2]
ARAZZO_FINE_TUNING = ROOT / "workflows" / "fine-tuning-job.arazzo.yaml"
ARAZZO_CANCEL = ROOT / "workflows" / "cancel-fine-tuning-job.arazzo.yaml"

pytestmark = pytest.mark.slow

CANARY = "sk-SECRET-canary-7f3a9b2c1d"
#: Fragments that would betray a partly masked or re-encoded key.
FRAGMENTS = (CANARY, "canary-7f3a9b", "SECRET-canary")
LOGGERS = ("openai_finetunes", "openai_finetunes.testing", "httpx", "httpcore")
POLL = PollSchedule(initial=0.05, maximum=0.2, factor=1.5)

CliRunner = Callable[[Sequence[str]], tuple[int, str, str]]


@pytest.fixture
def served() -> Iterator[FakeServer]:
    # A few faults, so that retries, reconciliations and their log lines happen too.
    faults = FaultConfig(
        rate=0.15,
        seed=5,
        kinds=("status_503", "rate_limit_429", "drop", "applied_then_lost"),
        retry_after=0.05,
    )
    with FakeOpenAI(CANARY, job_seconds=0.5, faults=faults) as fake, fake.serve() as server:
        yield server


@pytest.fixture
def refusing() -> Iterator[FakeServer]:
    """A fake that expects another key: every request with the canary gets a 401."""
    with FakeOpenAI("sk-a-different-key") as fake, fake.serve() as server:
        yield server


def _describe(error: BaseException) -> list[str]:
    texts = [str(error), repr(error), "".join(traceback.format_exception(error))]
    if isinstance(error, APIError) and error.request is not None:
        texts += [repr(error.request), repr(error.request.headers)]
    return texts


def _cli_runner(capsys: pytest.CaptureFixture[str]) -> CliRunner:
    try:
        from openai_finetunes.cli import main
    except ImportError:
        main = None
    if main is not None:

        def in_process(argv: Sequence[str]) -> tuple[int, str, str]:
            capsys.readouterr()
            status = main(list(argv))
            out = capsys.readouterr()
            return status, out.out, out.err

        return in_process

    def subprocess_runner(argv: Sequence[str]) -> tuple[int, str, str]:
        done = subprocess.run(
            [sys.executable, "-m", "openai_finetunes", *argv],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if "No module named" in done.stderr:
            pytest.skip(f"the CLI is not available yet: {done.stderr.strip()}")
        return done.returncode, done.stdout, done.stderr

    return subprocess_runner


def test_the_key_appears_nowhere(
    served: FakeServer,
    refusing: FakeServer,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Any,
) -> None:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    monkeypatch.setenv("OPENAI_API_KEY", CANARY)
    monkeypatch.setenv("OPENAI_BASE_URL", served.base_url)
    seen: list[str] = []

    # The workflows, sync and async, from the environment's key.
    client = connect()
    seen += [str(client), repr(client)]
    result = run_fine_tuning_job(GOOD, MODEL, client=client, poll_interval=POLL, progress=True)
    seen += [str(result), repr(result), repr(result.job), str(result.job.to_dict())]
    other = tmp_path / "other.jsonl"
    other.write_bytes(GOOD.read_bytes().replace(b"concise", b"terse"))
    aresult = asyncio.run(
        arun_fine_tuning_job(other, MODEL, poll_interval=POLL, progress=False, suffix="canary")
    )
    seen += [str(aresult), repr(aresult)]
    seen += [repr(wait_for_job(result.job_id, poll_interval=POLL, progress=False))]
    seen += [repr(cancel_if_running(result.job_id))]

    # Errors: a 401 from a service expecting another key, through the generated client
    # and through a workflow, and a refused connection.
    wrong = connect(CANARY, base_url=refusing.base_url, max_retries=0)
    with pytest.raises(AuthenticationError) as caught:
        retrieve_fine_tuning_job.sync(result.job_id, client=wrong)
    seen += _describe(caught.value)
    with pytest.raises(AuthenticationError) as caught:
        run_fine_tuning_job(GOOD, MODEL, client=wrong, progress=False)
    seen += _describe(caught.value)
    nowhere = connect(CANARY, base_url="http://127.0.0.1:9/v1", max_retries=0)
    with pytest.raises(APIConnectionError) as refused:
        retrieve_fine_tuning_job.sync(result.job_id, client=nowhere)
    seen += _describe(refused.value)

    # The command line, against the service and against the one that refuses the key.
    cli = _cli_runner(capsys)
    outcomes = [
        cli(["jobs"]),
        cli(["--json", "files"]),
        cli(["run", str(GOOD), "--model", MODEL]),
    ]
    monkeypatch.setenv("OPENAI_BASE_URL", refusing.base_url)
    outcomes.append(cli(["jobs"]))
    assert [status for status, _, _ in outcomes][:3] == [0, 0, 0]
    assert outcomes[-1][0] != 0  # the 401 was reported as a failure...
    assert outcomes[-1][2].strip()  # ...on stderr
    for _, out, err in outcomes:
        seen += [out, err]

    # Everything printed and everything logged at DEBUG by the client, httpx, httpcore
    # and the fake itself.
    printed = capsys.readouterr()
    seen += [printed.out, printed.err, caplog.text]
    seen += [repr(record.args) for record in caplog.records]
    loggers = {record.name.split(".")[0] for record in caplog.records}
    assert {"openai_finetunes", "httpx", "httpcore"} <= loggers
    assert any(record.name == "openai_finetunes.testing" for record in caplog.records)
    assert any(record.levelno == logging.DEBUG for record in caplog.records)

    haystack = "\n".join(seen)
    leaks = [fragment for fragment in FRAGMENTS if fragment in haystack]
    assert leaks == [], _context(haystack)


def _context(haystack: str) -> str:
    index = haystack.find("canary")
    return haystack[max(0, index - 200) : index + 200]


# -- issue 15, item 6: a server that echoes keys back -------------------------------------

#: The configured key. Not shaped like an OpenAI key: only knowing it hides it.
CONFIGURED = "cfg-Echo-Canary-4k2m9q7x1z"
#: A wrong key the client is configured with (the server echoes what it was sent).
WRONG = "wrong-Echo-Canary-8p3n5v0c6b"
#: A key given only as a workflow input (Arazzo), also echoed.
INPUT_KEY = "input-Echo-Canary-2r7t1y9u4i"
#: Keys the client never configured, shaped like OpenAI's: hidden for their shape.
FOREIGN = (
    "sk-proj-Fz3Lq8Wm1Np6Rt0Vx4Yb7Hc2Jd5Kg9Se",
    "sk-svcacct-Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St",
    "sk-Echo9Canary7Shaped5Key3x1",
)
ECHOED = (CONFIGURED, WRONG, INPUT_KEY, *FOREIGN)
#: Every key, and fragments that would betray a partly masked or re-encoded one.
ECHO_FRAGMENTS = (
    *ECHOED,
    "Echo-Canary",
    "Canary-4k2m",
    "Fz3Lq8Wm1Np6",
    "Ab1Cd2Ef3Gh4",
    "Echo9Canary",
)


def _echo(value: Any, status: int, presented: str) -> Any:
    """``value`` with keys echoed into every field a careless server might fill."""
    if isinstance(value, list):
        return [_echo(item, status, presented) for item in value]
    if not isinstance(value, dict):
        return value
    error = value.get("error")
    if status >= 400 and isinstance(error, dict):
        error["message"] = f"{error.get('message')} You sent {presented}; see also {FOREIGN[0]}."
        error["code"] = f"invalid_key_{presented}"
        error["param"] = FOREIGN[1]
        error["details"] = {"authorization": f"Bearer {presented}", "seen": list(FOREIGN)}
        value["debug"] = [{"header": presented}, [FOREIGN[2], {"nested": presented}]]
    kind = value.get("object")
    if kind == "fine_tuning.job":
        value.update(
            status="failed",
            fine_tuned_model=None,
            finished_at=value.get("created_at"),
            error={
                "code": f"echo_{presented}",
                "message": f"Training failed for key {presented} (also {FOREIGN[0]}).",
                "param": FOREIGN[2],
            },
        )
    elif kind == "fine_tuning.job.event":
        value["message"] = f"{value.get('message')} [{presented} {FOREIGN[1]}]"
    elif kind == "list" and isinstance(value.get("data"), list):
        value["data"] = _echo(value["data"], status, presented)
    return value


class EchoingFake(FakeOpenAI):
    """The fake, as a server that echoes the presented key and others back: in error
    bodies (message, code, param, nested fields), failed jobs' errors and event messages.
    Every job it shows has failed."""

    def handle(self, request: Any, *, log_level: int = logging.DEBUG) -> Any:
        response = super().handle(request, log_level=log_level)
        if request.path.startswith("/v1") and response.json is not None and not response.fault:
            header = request.headers.get("authorization", "")
            presented = header.partition(" ")[2] or "(none)"
            response.json = _echo(json.loads(json.dumps(response.json)), response.status, presented)
            response.content = json.dumps(response.json).encode()
        return response


@pytest.fixture
def echoing() -> Iterator[FakeServer]:
    with EchoingFake(CONFIGURED, job_seconds=0.2) as fake, fake.serve() as server:
        yield server


def _error_texts(error: BaseException) -> list[str]:
    """What a user can see of an exception: str, repr, the traceback, args, notes and every
    attribute but the raw service objects (``response``, ``request``, ``job``)."""
    texts = [str(error), repr(error), "".join(traceback.format_exception(error))]
    texts += [repr(error.args), repr(getattr(error, "__notes__", None))]
    for name, value in vars(error).items():
        if name not in ("response", "request", "job"):
            texts.append(f"{name}={json.dumps(value, default=repr)}")
    return texts


def _leaks(texts: Sequence[str]) -> list[str]:
    haystack = "\n".join(texts)
    return [fragment for fragment in ECHO_FRAGMENTS if fragment in haystack]


def test_an_echoing_server_leaks_no_key_from_the_library(
    echoing: FakeServer, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)  # only connect() knows the key
    client = connect(CONFIGURED, base_url=echoing.base_url, max_retries=0)
    wrong = connect(WRONG, base_url=echoing.base_url, max_retries=0)
    seen: list[str] = []
    errors: list[BaseException] = []

    def expect(kind: type[BaseException], call: Callable[[], object]) -> BaseException:
        with pytest.raises(kind) as caught:
            call()
        errors.append(caught.value)
        return caught.value

    # Error bodies through the generated client: a 404 and a 401, sync and async.
    not_found = expect(
        APIStatusError, lambda: retrieve_fine_tuning_job.sync("ftjob-x", client=client)
    )
    assert isinstance(not_found, NotFoundError)
    assert not_found.code
    assert not_found.param
    assert isinstance(not_found.body, dict)
    assert "[REDACTED]" in not_found.message
    assert not_found.body["debug"][1][1] == {"nested": "[REDACTED]"}
    expect(AuthenticationError, lambda: retrieve_fine_tuning_job.sync("ftjob-x", client=wrong))
    expect(
        AuthenticationError,
        lambda: asyncio.run(retrieve_fine_tuning_job.asyncio("ftjob-x", client=wrong)),
    )
    # Failed jobs through the workflows, sync and async, and a wrong key through them.
    failed = expect(
        FineTuningJobFailed,
        lambda: run_fine_tuning_job(GOOD, MODEL, client=client, poll_interval=POLL, progress=True),
    )
    assert isinstance(failed, FineTuningJobFailed)
    assert failed.code == "echo_[REDACTED]"
    assert failed.param == "[REDACTED]"
    assert failed.error_message == "Training failed for key [REDACTED] (also [REDACTED])."
    expect(
        FineTuningJobFailed,
        lambda: asyncio.run(
            arun_fine_tuning_job(GOOD, MODEL, client=client, poll_interval=POLL, attach=False)
        ),
    )
    expect(
        FineTuningJobFailed, lambda: wait_for_job(failed.job_id, client=client, poll_interval=POLL)
    )
    expect(AuthenticationError, lambda: run_fine_tuning_job(GOOD, MODEL, client=wrong))
    for error in errors:
        texts = _error_texts(error)
        assert _leaks(texts) == [], texts
        seen += texts
    # Everything logged at DEBUG by the client, httpx, httpcore and the fake.
    seen += [caplog.text, *(repr(record.args) for record in caplog.records)]
    seen += [record.getMessage() for record in caplog.records]
    assert any(record.levelno == logging.DEBUG for record in caplog.records)
    assert _leaks(seen) == [], _context(caplog.text)
    assert len(errors) == 7


def test_an_echoing_server_leaks_no_key_from_the_cli(
    echoing: FakeServer,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    monkeypatch.setenv("OPENAI_API_KEY", CONFIGURED)
    monkeypatch.setenv("OPENAI_BASE_URL", echoing.base_url)
    cli = _cli_runner(capsys)
    outcomes = [
        cli(["run", str(GOOD), "--model", MODEL, "--poll-interval", "0.05"]),
        cli(["--json", "run", str(GOOD), "--model", MODEL, "--new", "--poll-interval", "0.05"]),
    ]
    job_id = json.loads(outcomes[-1][1])["job_id"]
    outcomes += [
        cli(["jobs"]),
        cli(["--json", "jobs"]),
        cli(["events", job_id]),
        cli(["--json", "events", job_id]),
        cli(["watch", job_id]),
        cli(["cancel", job_id]),
        cli(["watch", "ftjob-nonexistent"]),
    ]
    monkeypatch.setenv("OPENAI_API_KEY", WRONG)
    outcomes += [cli(["jobs"]), cli(["--json", "watch", job_id])]
    codes = [code for code, _, _ in outcomes]
    assert codes[0] == codes[1] == 1  # the job failed...
    assert all(code != 0 for code in codes[-3:])  # ...a 404, then a wrong key
    assert "[REDACTED]" in outcomes[0][2]  # the reason was shown, scrubbed
    texts = [text for _, out, err in outcomes for text in (out, err)]
    texts += [caplog.text, *(record.getMessage() for record in caplog.records)]
    assert _leaks(texts) == [], _context("\n".join(texts))
    assert len(outcomes) == 11


def _arazzo(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    from openai_finetunes.arazzo._cli import main as arazzo_main

    capsys.readouterr()
    code = arazzo_main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_an_echoing_server_leaks_no_key_from_arazzo_run(
    echoing: FakeServer,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    pytest.importorskip("jsonschema")
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    key_file = tmp_path / "key"
    key_file.write_text(CONFIGURED + "\n")
    wrong_file = tmp_path / "wrong"
    wrong_file.write_text(WRONG)
    run = ["run", str(ARAZZO_FINE_TUNING), "--base-url", echoing.base_url, "-v"]
    run += ["--input", f"trainingFile=@{GOOD}", "--input", f"model={MODEL}", "--poll-interval", "0"]
    outcomes = [
        _arazzo(capsys, [*run, "--api-key-file", str(key_file)]),
        _arazzo(capsys, [*run, "--api-key-file", str(wrong_file)]),
        # A key given as an input is sent (and echoed) but was never configured.
        _arazzo(capsys, [*run, "--api-key-file", str(key_file), "--input", f"apiKey={INPUT_KEY}"]),
    ]
    monkeypatch.setenv("OPENAI_API_KEY", CONFIGURED)
    outcomes.append(_arazzo(capsys, run))
    assert [code for code, _, _ in outcomes] == [1, 1, 1, 1]
    for _, _, err in outcomes:
        assert "workflow 'fine-tuning-job' failed" in err
    assert "[REDACTED]" in outcomes[0][2]  # the failure line named the echoed key, scrubbed
    assert "warning: --input apiKey" in outcomes[2][2]
    texts = [text for _, out, err in outcomes for text in (out, err)]
    texts += [caplog.text, *(record.getMessage() for record in caplog.records)]
    assert _leaks(texts) == [], _context("\n".join(texts))


# -- issue 15, item 6: keys never on a command line ---------------------------------------


def _command_line(pid: int) -> str:
    """What other users of the machine see: /proc/PID/cmdline and ``ps``."""
    with open(f"/proc/{pid}/cmdline", "rb") as file:
        cmdline = file.read().replace(b"\0", b" ").decode()
    listed = subprocess.run(
        ["ps", "-ww", "-o", "args=", "-p", str(pid)], capture_output=True, text=True, check=False
    ).stdout
    return f"{cmdline}\n{listed}"


def _serve(extra: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "openai_finetunes", "serve", "--port", "0", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert " at http://" in line, line
    return process, line.split(" at ")[1].split()[0]


def _stop(process: subprocess.Popen[str]) -> str:
    process.terminate()
    _, err = process.communicate(timeout=20)
    return err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("way", ["environment", "key-file"])
def test_serve_and_arazzo_run_keep_the_key_off_the_command_line(
    way: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key_file = tmp_path / "key"
    key_file.write_text(CONFIGURED)
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    by_env = {**env, "OPENAI_API_KEY": CONFIGURED}
    serve_env, extra = (
        (by_env, []) if way == "environment" else (env, ["--api-key-file", str(key_file)])
    )
    server, base_url = _serve(extra, serve_env)
    try:
        seen = [_command_line(server.pid)]
        # The server took the key from where it was told: it accepts it and nothing else.
        headers = {"Authorization": f"Bearer {CONFIGURED}"}
        assert httpx.get(f"{base_url}/models", headers=headers, timeout=10).status_code == 200
        wrong = {"Authorization": f"Bearer {WRONG}"}
        assert httpx.get(f"{base_url}/models", headers=wrong, timeout=10).status_code == 401
        job = _start_job(base_url, CONFIGURED)
        # arazzo run, the documented way too: the cancel workflow against that job.
        argv = ["arazzo", "run", str(ARAZZO_CANCEL), "--base-url", base_url]
        argv += ["--input", f"jobId={job}"]
        arazzo_env, more = (
            (by_env, []) if way == "environment" else (env, ["--api-key-file", str(key_file)])
        )
        runner = subprocess.Popen(
            [sys.executable, "-m", "openai_finetunes", *argv, *more],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=arazzo_env,
        )
        seen.append(_command_line(runner.pid))
        out, err = runner.communicate(timeout=120)
        assert runner.returncode == 0, err  # the key was found and accepted
        assert json.loads(out)["finalStatus"] == "cancelled"
        seen += [out, err]
    finally:
        seen.append(_stop(server))
    assert "warning: --api-key" not in "\n".join(seen)
    assert _leaks(seen) == [], seen


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_api_key_on_the_command_line_still_works_with_a_warning(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}
    server, base_url = _serve(["--api-key", CONFIGURED], env)
    try:
        headers = {"Authorization": f"Bearer {CONFIGURED}"}
        assert httpx.get(f"{base_url}/models", headers=headers, timeout=10).status_code == 200
    finally:
        err = _stop(server)
    assert "warning: --api-key puts the key on the command line" in err
    assert CONFIGURED not in err
    missing = subprocess.run(
        [sys.executable, "-m", "openai_finetunes", "serve", "--api-key-file", str(tmp_path / "no")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert missing.returncode == 2
    assert "--api-key-file" in missing.stderr


def _start_job(base_url: str, key: str) -> str:
    """A job created on a served fake with plain httpx."""
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=10) as http:
        uploaded = http.post(
            "/files",
            data={"purpose": "fine-tune"},
            files={"file": ("train.jsonl", GOOD.read_bytes())},
        ).json()
        job = http.post(
            "/fine_tuning/jobs", json={"model": MODEL, "training_file": uploaded["id"]}
        ).json()
    return str(job["id"])
