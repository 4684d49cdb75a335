"""`read_webhook_secret` (over `_secrets.read_secret`): the one way the webhook commands (``webhooks listen``, ``serve
--webhook-url``) read their secret: a bounded file, else the environment, remembered."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from openai_finetunes._secrets import MASK, read_secret, redact
from openai_finetunes.webhooks import SECRET_ENV, generate_secret, read_webhook_secret

SERVE = (sys.executable, "-m", "openai_finetunes.testing", "--port", "0")


def test_the_file_wins_over_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_file, in_env = generate_secret(), generate_secret()
    path = tmp_path / "secret"
    path.write_text(f"  {in_file}\n")
    monkeypatch.setenv(SECRET_ENV, f" {in_env}\n")

    assert read_webhook_secret(path) == in_file
    assert read_webhook_secret() == in_env  # whitespace around it dropped
    assert redact(f"{in_file} {in_env}") == f"{MASK} {MASK}"  # both remembered
    monkeypatch.setenv(SECRET_ENV, " ")
    assert read_webhook_secret() is None
    assert read_secret(None, "OPENAI_FINETUNES_TEST_UNSET") is None


def test_an_endless_file_is_refused_after_a_few_kilobytes() -> None:
    with pytest.raises(ValueError, match="a webhook secret file holds one webhook secret"):
        read_webhook_secret("/dev/zero")


def test_serve_refuses_an_endless_secret_file() -> None:
    result = subprocess.run(
        [*SERVE, "--webhook-url", "http://127.0.0.1:9/", "--webhook-secret-file", "/dev/zero"],
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert result.returncode == 2
    assert "--webhook-secret-file: /dev/zero: a webhook secret file holds" in result.stderr
