"""What the CLI does without a service: usage errors, validation, configuration, the
delegated commands, the demo, and the installed entry points."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.cli.helpers import BAD, CLI_KEY, MODEL, ROOT, TRAIN, Cli


@pytest.fixture(autouse=True)
def _no_service(monkeypatch: pytest.MonkeyPatch) -> None:
    """A key that must never be printed, and no reachable service."""
    monkeypatch.setenv("OPENAI_API_KEY", CLI_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")


def test_validate_prints_the_report(cli: Cli) -> None:
    result = cli("validate", str(TRAIN))

    assert result.code == 0
    assert "Examples: 50" in result.out
    assert "Status: OK" in result.out
    assert "Estimated trained tokens" in result.out


def test_validate_a_bad_file_exits_2_with_the_line(cli: Cli) -> None:
    result = cli("validate", str(BAD))

    assert result.code == 2
    assert "line 3: expected a JSON object, got array" in result.err
    assert "line 3" in result.out  # the full report, on stdout


def test_validate_json(cli: Cli) -> None:
    result = cli("--json", "validate", str(BAD), "--epochs", "2")

    body = json.loads(result.out)
    assert result.code == 2
    assert body["ok"] is False
    assert body["examples"] == 11
    assert body["problems"][0]["line"] == 3
    assert body["n_epochs"] == 2
    assert body["estimated_trained_tokens"] == 2 * body["tokens"]["total"]


def test_run_refuses_bad_data_before_any_request(cli: Cli) -> None:
    # The base URL points at a closed port: reaching it would be exit 1, not 2.
    result = cli("run", str(BAD), "--model", MODEL)

    assert result.code == 2
    assert "line 3" in result.err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ((), "the following arguments are required: COMMAND"),
        (("bogus",), "invalid choice: 'bogus'"),
        (("run", str(TRAIN)), "the following arguments are required: --model"),
        (("run", str(TRAIN), "--model", MODEL, "--epochs", "0"), "must be at least 1"),
        (("run", str(TRAIN), "--model", MODEL, "--lr-multiplier", "-1"), "greater than 0"),
        (("run", str(TRAIN), "--model", MODEL, "--no-wait", "--timeout", "5"), "not allowed"),
        (("run", "missing.jsonl", "--model", MODEL), "missing.jsonl"),
        (("run", str(TRAIN), "--model", MODEL, "--epochs", "99"), "n_epochs"),
        (("run", str(TRAIN), "--model", MODEL, "--suffix", "x" * 65), "suffix"),
        (("watch", "nope"), "not a fine-tuning job id"),
    ],
)
def test_usage_and_argument_errors_exit_2(cli: Cli, argv: tuple[str, ...], message: str) -> None:
    result = cli(*argv)

    assert result.code == 2
    assert message in result.err


def test_a_missing_key_names_the_variable(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")

    result = cli("jobs")

    assert result.code == 2
    assert "OPENAI_API_KEY" in result.err


def test_a_bad_argument_is_named_before_a_missing_key(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)

    result = cli("run", str(TRAIN), "--model", MODEL, "--epochs", "51")

    assert result.code == 2
    assert "n_epochs" in result.err
    assert "OPENAI_API_KEY" not in result.err


def test_a_bad_base_url_is_a_configuration_error(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "ftp://example.invalid")

    result = cli("jobs")

    assert result.code == 2
    assert "OPENAI_BASE_URL" in result.err


def test_an_unreachable_service_exits_1(cli: Cli) -> None:
    result = cli("models")

    assert result.code == 1
    assert result.err.startswith("error: ")


def test_help_and_version(cli: Cli) -> None:
    help_ = cli("--help")
    assert help_.code == 0
    for command in ("run", "validate", "watch", "cancel", "jobs", "events", "checkpoints"):
        assert f"\n    {command}" in help_.out
    for command in ("files", "models", "serve", "demo", "arazzo"):
        assert f"\n    {command}" in help_.out
    assert "exit status" in help_.out
    assert cli("--version").out.startswith("openai-finetunes ")


def test_serve_hands_its_arguments_to_the_fake_server(cli: Cli) -> None:
    result = cli("serve", "--help")

    assert result.code == 0
    assert "--job-seconds" in result.out
    assert "--faults" in result.out


def test_arazzo_hands_its_arguments_over(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []
    monkeypatch.setattr("openai_finetunes.arazzo.main", lambda argv: seen.append(list(argv)) or 3)

    result = cli("arazzo", "run", "flow.arazzo.yaml", "--input", "model=x", "--help")

    assert result.code == 3
    assert seen == [["run", "flow.arazzo.yaml", "--input", "model=x", "--help"]]


def test_the_real_arazzo_command_answers_help(cli: Cli) -> None:
    pytest.importorskip("openai_finetunes.arazzo", reason="the Arazzo CLI has not landed")

    assert cli("arazzo", "--help").code == 0


def test_demo_runs_end_to_end_on_the_fake(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")  # the demo needs none
    monkeypatch.chdir(tmp_path)  # the dataset is found from the package, not the cwd

    result = cli("demo", "--job-seconds", "0.5", "--output", "out")

    assert result.code == 0, result.err
    assert "Fine-tuned model: ft:gpt-4o-mini-2024-07-18:" in result.out
    assert "validation loss" in result.out
    assert "Metrics plot: out/metrics.png" in result.out
    assert (tmp_path / "out" / "metrics.png").read_bytes().startswith(b"\x89PNG")
    assert "succeeded" in result.err  # the progress


def test_demo_json(cli: Cli, tmp_path: Path) -> None:
    result = cli("demo", "--job-seconds", "0.5", "--output", str(tmp_path), "--json", "-q")

    body = json.loads(result.out)
    assert body["status"] == "succeeded"
    assert body["final_metrics"]["steps"] > 0
    assert body["final_metrics"]["valid_loss"] is not None
    assert body["plot"] == str(tmp_path / "metrics.png")


def test_demo_live_needs_a_key(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")

    result = cli("demo", "--live")

    assert result.code == 2
    assert "OPENAI_API_KEY" in result.err


# -- the entry points, as installed ------------------------------------------------------


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env["OPENAI_API_KEY"] = CLI_KEY
    return env


def test_python_m_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "openai_finetunes", "--help"],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=ROOT,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0
    assert done.stdout.startswith("usage: openai-finetunes")


def test_console_script_validate_bad_file() -> None:
    script = Path(sysconfig.get_path("scripts")) / "openai-finetunes"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "openai_finetunes"]

    done = subprocess.run(
        [*command, "validate", str(BAD)],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=60,
        check=False,
    )

    assert done.returncode == 2
    assert "line 3:" in done.stderr
    assert CLI_KEY not in done.stdout + done.stderr
