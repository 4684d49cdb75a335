"""Payload builders and request helpers shared by the fake-service tests."""

from __future__ import annotations

import json
from typing import Any

import httpx

API_KEY = "sk-fake-test-Kq7PzR2mVw9X"
ORG = "org-fake"


def chat_examples(n: int) -> bytes:
    lines = []
    for i in range(n):
        example = {
            "messages": [
                {"role": "system", "content": "You answer arithmetic questions tersely."},
                {"role": "user", "content": f"What is {i} + {i + 1}?"},
                {"role": "assistant", "content": f"{2 * i + 1}"},
            ]
        }
        lines.append(json.dumps(example))
    return ("\n".join(lines) + "\n").encode()


def preference_examples(n: int) -> bytes:
    lines = []
    for i in range(n):
        example = {
            "input": {"messages": [{"role": "user", "content": f"Greet visitor {i}."}]},
            "preferred_output": [{"role": "assistant", "content": f"Hello, visitor {i}!"}],
            "non_preferred_output": [{"role": "assistant", "content": "go away"}],
        }
        lines.append(json.dumps(example))
    return ("\n".join(lines) + "\n").encode()


def upload(
    http: httpx.Client, content: bytes, purpose: str = "fine-tune", name: str = "train.jsonl"
) -> str:
    response = http.post("/files", files={"file": (name, content)}, data={"purpose": purpose})
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


def create_job(http: httpx.Client, training_file: str, **body: Any) -> dict[str, Any]:
    body.setdefault("model", "gpt-4o-mini")
    response = http.post("/fine_tuning/jobs", json={"training_file": training_file, **body})
    assert response.status_code == 200, response.text
    job: dict[str, Any] = response.json()
    return job
