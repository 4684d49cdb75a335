"""``connect()``: one configured client for every generated operation, sync and async."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import httpx

from ._exceptions import ConfigurationError
from ._pool import ShardedAsyncPool
from ._retry import RetryPolicy, RetryTransport
from ._secrets import remember_secret
from ._version import __version__
from .client import AuthenticatedClient

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_TIMEOUT", "connect"]

DEFAULT_BASE_URL = "https://api.openai.com/v1"
# Per-operation limits, not a total: a 512 MB upload may take minutes, but no single
# read or write should stall for more than a minute. Waiting for a pooled connection
# is not a failure when a thousand jobs are followed at once.
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0, pool=300.0)
DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)


def connect(
    api_key: str | None = None,
    *,
    base_url: str | None = None,
    organization: str | None = None,
    project: str | None = None,
    timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
    max_retries: int = 2,
    retry_policy: RetryPolicy | None = None,
    transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None,
    headers: Mapping[str, str] | None = None,
    limits: httpx.Limits = DEFAULT_LIMITS,
    httpx_args: Mapping[str, Any] | None = None,
) -> AuthenticatedClient:
    """Return a client configured like the official SDK, for sync and async calls.

    Unset arguments come from ``OPENAI_API_KEY``, ``OPENAI_BASE_URL`` (default
    ``https://api.openai.com/v1``), ``OPENAI_ORG_ID`` and ``OPENAI_PROJECT_ID``.
    ``transport`` replaces the network (for example the embedded fake service's
    transport); retries wrap it all the same.

    >>> from openai_finetunes import connect
    >>> from openai_finetunes.api.fine_tuning import retrieve_fine_tuning_job
    >>> client = connect("sk-test", base_url="http://127.0.0.1:8000/v1", max_retries=0)
    >>> client  # the key never appears  # doctest: +ELLIPSIS
    AuthenticatedClient(...base_url='http://127.0.0.1:8000/v1'...)
    >>> # job = retrieve_fine_tuning_job.sync("ftjob-abc123", client=client)
    """
    api_key = api_key if api_key is not None else os.environ.get("OPENAI_API_KEY")
    if not api_key:
        raise ConfigurationError(
            "No API key: pass api_key= to connect() or set the OPENAI_API_KEY environment variable."
        )
    remember_secret(api_key)  # hidden from then on, wherever a server echoes it
    base_url = base_url or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
    url = _parse_base_url(base_url)
    organization = organization or os.environ.get("OPENAI_ORG_ID")
    project = project or os.environ.get("OPENAI_PROJECT_ID")

    default_headers = {"User-Agent": f"openai-finetunes/{__version__}"}
    if organization:
        default_headers["OpenAI-Organization"] = organization
    if project:
        default_headers["OpenAI-Project"] = project
    default_headers.update(headers or {})

    if retry_policy is None:
        retry_policy = RetryPolicy(max_retries=max_retries)
    retrying = RetryTransport(
        retry_policy,
        transport=transport,
        transport_factory=lambda: httpx.HTTPTransport(limits=limits),
        async_transport_factory=lambda: ShardedAsyncPool(limits),
        # Only the network pool needs the gate; a user's transport (the fake) has none.
        max_concurrency=limits.max_connections if transport is None else None,
    )
    if timeout is not None and not isinstance(timeout, httpx.Timeout):
        timeout = httpx.Timeout(timeout, connect=min(timeout, DEFAULT_TIMEOUT.connect or timeout))
    return AuthenticatedClient(
        base_url=str(url).rstrip("/"),
        token=api_key,
        headers=default_headers,
        timeout=timeout,
        httpx_args={**(httpx_args or {}), "transport": retrying},
    )


def _parse_base_url(base_url: str) -> httpx.URL:
    problem = f"Invalid base URL {base_url!r}: expected http(s)://host[:port][/path]."
    if any(char.isspace() for char in base_url):
        raise ConfigurationError(problem)
    try:
        url = httpx.URL(base_url)
        port = url.port
    except (httpx.InvalidURL, ValueError) as error:
        raise ConfigurationError(f"{problem} ({error})") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError(problem)
    if port is not None and not 0 < port < 65536:
        raise ConfigurationError(f"{problem} (port {port} is out of range)")
    return url
