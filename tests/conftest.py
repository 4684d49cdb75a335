from __future__ import annotations

import os
from pathlib import Path

import pytest

from openai_finetunes import AuthenticatedClient, connect

ROOT = Path(__file__).resolve().parent.parent
UPSTREAM = ROOT.parent / "shared" / "upstream" / "openai-openapi.yaml"
BASE_URL = "https://api.test.invalid/v1"
API_KEY = "sk-test-Zq9ZkWl3QpVx7NtY"


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run locks and the upload journal go to a folder of each test, not the user's
    ~/.cache: a test never sees another's uploads (subprocesses inherit it)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


def require_upstream() -> Path:
    """The upstream spec, or skip; in CI a missing ../shared is a failure, not a skip."""
    if UPSTREAM.exists():
        return UPSTREAM
    if os.environ.get("CI") == "true":
        pytest.fail(f"{UPSTREAM} is missing: CI must run beside ../shared")
    pytest.skip(f"{UPSTREAM} not found (run beside ../shared to include this test)")


@pytest.fixture
def upstream_spec() -> Path:
    return require_upstream()


@pytest.fixture
def client() -> AuthenticatedClient:
    """A client for request-shape tests with pytest-httpx; no retries, no waiting."""
    api = connect(
        API_KEY, base_url=BASE_URL, max_retries=0, organization="org-acme", project="proj_abc123"
    )
    return api
