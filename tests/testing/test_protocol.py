"""The wire protocol: auth, errors, request ids, create-job validation, pagination."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from openai_finetunes import _facts
from openai_finetunes.testing import FakeOpenAI
from tests.testing.helpers import API_KEY, create_job, upload


def assert_error(
    response: httpx.Response, status: int, param: str | None = None, code: str | None = None
) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert error["message"]
    if param is not None:
        assert error["param"] == param
    if code is not None:
        assert error["code"] == code
    return error


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer sk-wrong-key-123456"}, {"Authorization": "Basic abc"}],
    ids=["missing", "wrong", "not-bearer"],
)
def test_bad_or_missing_key_is_401_without_echoing_it(
    fake: FakeOpenAI, headers: dict[str, str]
) -> None:
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url, headers=headers) as raw:
        response = raw.get("/models")
    error = assert_error(response, 401)
    assert error["type"] == "invalid_request_error"
    assert "sk-wrong" not in response.text
    assert response.headers["x-request-id"].startswith("req_")


def test_every_answer_has_a_request_id(http: httpx.Client, training_jsonl: bytes) -> None:
    ids = {
        http.get("/models").headers["x-request-id"],
        http.get("/files/file-missing").headers["x-request-id"],
        http.post(
            "/files", files={"file": ("t.jsonl", training_jsonl)}, data={"purpose": "fine-tune"}
        ).headers["x-request-id"],
    }
    assert len(ids) == 3
    assert all(len(i) == len("req_") + 32 for i in ids)


def test_unknown_ids_are_404(http: httpx.Client) -> None:
    assert_error(http.get("/fine_tuning/jobs/ftjob-nope"), 404, code="fine_tune_not_found")
    assert_error(http.get("/fine_tuning/jobs/ftjob-nope/events"), 404)
    assert_error(http.post("/fine_tuning/jobs/ftjob-nope/cancel"), 404)
    assert_error(http.get("/files/file-nope"), 404, param="id")
    assert_error(http.delete("/files/file-nope"), 404)
    assert_error(http.get("/files/file-nope/content"), 404)
    assert_error(http.get("/models/gpt-nope"), 404, code="model_not_found")
    assert_error(http.post("/uploads/upload_nope/cancel"), 404)


def test_unknown_route_is_404_invalid_url(http: httpx.Client) -> None:
    error = assert_error(http.get("/fine_tuning/nothing"), 404)
    assert "Invalid URL" in error["message"]


def test_invalid_json_body_is_400(http: httpx.Client) -> None:
    response = http.post(
        "/fine_tuning/jobs", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert_error(response, 400)


CREATE_ERRORS: list[tuple[dict[str, Any], str, str | None]] = [
    ({"model": "gpt-nope"}, "model", "model_not_found"),
    ({"model": None}, "model", "missing_required_parameter"),
    ({"training_file": "file-unknown"}, "training_file", None),
    ({"validation_file": "file-unknown"}, "validation_file", None),
    ({"hyperparameters": {"n_epochs": 0}}, "hyperparameters.n_epochs", None),
    (
        {"hyperparameters": {"n_epochs": _facts.N_EPOCHS_RANGE[1] + 1}},
        "hyperparameters.n_epochs",
        None,
    ),
    ({"hyperparameters": {"n_epochs": True}}, "hyperparameters.n_epochs", None),
    (
        {"hyperparameters": {"batch_size": _facts.BATCH_SIZE_RANGE[1] + 1}},
        "hyperparameters.batch_size",
        None,
    ),
    (
        {"hyperparameters": {"learning_rate_multiplier": 0}},
        "hyperparameters.learning_rate_multiplier",
        None,
    ),
    ({"hyperparameters": {"warmup": 3}}, "hyperparameters.warmup", None),
    (
        {"method": {"type": "supervised", "supervised": {"hyperparameters": {"batch_size": 0}}}},
        "method.supervised.hyperparameters.batch_size",
        None,
    ),
    (
        {"method": {"type": "dpo", "dpo": {"hyperparameters": {"beta": 3}}}},
        "method.dpo.hyperparameters.beta",
        None,
    ),
    ({"method": {"type": "magic"}}, "method.type", None),
    (
        {
            "hyperparameters": {"n_epochs": 2},
            "method": {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 3}}},
        },
        "hyperparameters",
        None,
    ),
    ({"suffix": ""}, "suffix", None),
    ({"suffix": "x" * (_facts.SUFFIX_LENGTH_RANGE[1] + 1)}, "suffix", None),
    ({"seed": -1}, "seed", None),
    ({"seed": _facts.SEED_RANGE[1] + 1}, "seed", None),
    ({"metadata": {f"k{i}": "v" for i in range(_facts.METADATA_MAX_PAIRS + 1)}}, "metadata", None),
    ({"metadata": {"k" * (_facts.METADATA_MAX_KEY_LENGTH + 1): "v"}}, "metadata", None),
    ({"metadata": {"k": "v" * (_facts.METADATA_MAX_VALUE_LENGTH + 1)}}, "metadata", None),
    ({"integrations": [{"type": "slack"}]}, "integrations", None),
    ({"surprise": 1}, "surprise", None),
]


@pytest.mark.parametrize(
    ("override", "param", "code"), CREATE_ERRORS, ids=[c[1] for c in CREATE_ERRORS]
)
def test_create_job_rejects_invalid_parameters(
    fake: FakeOpenAI,
    http: httpx.Client,
    training_jsonl: bytes,
    override: dict[str, Any],
    param: str,
    code: str | None,
) -> None:
    body: dict[str, Any] = {"model": "gpt-4o-mini", "training_file": upload(http, training_jsonl)}
    body.update(override)
    body = {k: v for k, v in body.items() if v is not None}
    assert_error(http.post("/fine_tuning/jobs", json=body), 400, param=param, code=code)
    assert fake.stats().jobs == 0


def test_create_job_rejects_a_file_with_another_purpose(
    fake: FakeOpenAI, http: httpx.Client
) -> None:
    batch_file = upload(http, b"{}\n", purpose="batch")
    response = http.post(
        "/fine_tuning/jobs", json={"model": "gpt-4o-mini", "training_file": batch_file}
    )
    assert_error(response, 400, param="training_file")


def test_limits_at_the_edges_are_accepted(http: httpx.Client, training_jsonl: bytes) -> None:
    job = create_job(
        http,
        upload(http, training_jsonl),
        suffix="x" * _facts.SUFFIX_LENGTH_RANGE[1],
        seed=_facts.SEED_RANGE[1],
        hyperparameters={
            "n_epochs": _facts.N_EPOCHS_RANGE[1],
            "batch_size": _facts.BATCH_SIZE_RANGE[0],
            "learning_rate_multiplier": 0.01,
        },
        metadata={
            f"k{i}": "v" * _facts.METADATA_MAX_VALUE_LENGTH
            for i in range(_facts.METADATA_MAX_PAIRS)
        },
        integrations=[{"type": "wandb", "wandb": {"project": "demo"}}],
    )
    assert job["seed"] == _facts.SEED_RANGE[1]
    assert job["integrations"][0]["wandb"]["project"] == "demo"


@pytest.mark.parametrize(
    ("alias", "snapshot"),
    [
        ("gpt-4o-mini", "gpt-4o-mini-2024-07-18"),
        ("gpt-4.1-mini", "gpt-4.1-mini-2025-04-14"),
        ("babbage-002", "babbage-002"),
    ],
)
def test_model_aliases_resolve_to_snapshots(
    http: httpx.Client, training_jsonl: bytes, alias: str, snapshot: str
) -> None:
    assert create_job(http, upload(http, training_jsonl), model=alias)["model"] == snapshot


def test_files_list_paginates_with_cursors(http: httpx.Client) -> None:
    ids = [upload(http, b"{}\n", name=f"f{i}.jsonl") for i in range(5)]
    upload(http, b"{}\n", purpose="batch")
    first = http.get("/files", params={"purpose": "fine-tune", "limit": 2}).json()
    assert [f["id"] for f in first["data"]] == ids[::-1][:2]  # newest first by default
    assert first["has_more"] is True
    assert first["first_id"] == ids[4]
    assert first["last_id"] == ids[3]
    rest = http.get("/files", params={"purpose": "fine-tune", "after": first["last_id"]}).json()
    assert [f["id"] for f in rest["data"]] == ids[::-1][2:]
    assert rest["has_more"] is False
    ascending = http.get("/files", params={"purpose": "fine-tune", "order": "asc"}).json()
    assert [f["id"] for f in ascending["data"]] == ids
    empty = http.get("/files", params={"purpose": "vision"}).json()
    assert empty["data"] == []
    assert empty["has_more"] is False
    assert_error(http.get("/files", params={"order": "sideways"}), 400, param="order")
    assert_error(http.get("/files", params={"limit": 0}), 400, param="limit")


def test_jobs_list_paginates_newest_first(http: httpx.Client, training_jsonl: bytes) -> None:
    file_id = upload(http, training_jsonl)
    ids = [create_job(http, file_id)["id"] for _ in range(5)]
    seen: list[str] = []
    after = None
    while True:
        params: dict[str, Any] = {"limit": 2} | ({"after": after} if after else {})
        page = http.get("/fine_tuning/jobs", params=params).json()
        seen += [job["id"] for job in page["data"]]
        if not page["has_more"]:
            break
        after = page["data"][-1]["id"]
    assert seen == ids[::-1]
    assert_error(http.get("/fine_tuning/jobs", params={"limit": 101}), 400, param="limit")
    assert_error(http.get("/fine_tuning/jobs", params={"limit": "many"}), 400, param="limit")


def test_jobs_list_filters_by_metadata_deep_object(
    http: httpx.Client, training_jsonl: bytes
) -> None:
    file_id = upload(http, training_jsonl)
    a = create_job(http, file_id, metadata={"team": "a", "run": "1"})["id"]
    b = create_job(http, file_id, metadata={"team": "b", "run": "1"})["id"]
    create_job(http, file_id)

    def ids(params: dict[str, str]) -> list[str]:
        return [job["id"] for job in http.get("/fine_tuning/jobs", params=params).json()["data"]]

    assert ids({"metadata[team]": "a"}) == [a]
    assert ids({"metadata[run]": "1"}) == [b, a]
    assert ids({"metadata[team]": "a", "metadata[run]": "2"}) == []
    # The generator's broken serialisation (a Python repr) is refused, not ignored.
    assert_error(
        http.get("/fine_tuning/jobs", params={"metadata": "{'team': 'a'}"}), 400, param="metadata"
    )


def test_events_paginate_towards_older(
    fake: FakeOpenAI, http: httpx.Client, training_jsonl: bytes
) -> None:
    job = create_job(http, upload(http, training_jsonl))
    fake.advance(60)
    path = f"/fine_tuning/jobs/{job['id']}/events"
    newest = http.get(path, params={"limit": 3}).json()
    assert newest["has_more"] is True
    older = http.get(path, params={"limit": 3, "after": newest["data"][-1]["id"]}).json()
    both = newest["data"] + older["data"]
    assert len({e["id"] for e in both}) == 6
    assert [e["created_at"] for e in both] == sorted((e["created_at"] for e in both), reverse=True)
    default = http.get(path).json()
    assert len(default["data"]) == 20
    last_page = http.get(path, params={"after": default["data"][0]["id"]}).json()
    assert last_page["data"][0]["id"] == default["data"][1]["id"]
    oldest_id = http.get(path, params={"limit": 100}).json()
    assert oldest_id["data"]


def test_checkpoints_paginate(fake: FakeOpenAI, http: httpx.Client, training_jsonl: bytes) -> None:
    job = create_job(http, upload(http, training_jsonl))
    path = f"/fine_tuning/jobs/{job['id']}/checkpoints"
    assert http.get(path).json() == {
        "object": "list",
        "data": [],
        "first_id": None,
        "last_id": None,
        "has_more": False,
    }
    fake.advance(60)
    first = http.get(path, params={"limit": 2}).json()
    assert first["has_more"] is True
    rest = http.get(path, params={"after": first["last_id"]}).json()
    assert len(rest["data"]) == 1
    assert rest["has_more"] is False


def test_fine_tuned_models_are_owned_and_deletable(
    fake: FakeOpenAI, http: httpx.Client, training_jsonl: bytes
) -> None:
    models = http.get("/models").json()
    owners = {m["id"]: m["owned_by"] for m in models["data"]}
    assert owners["gpt-4o-mini-2024-07-18"] in ("openai", "system")
    assert_error(http.delete("/models/gpt-4o-mini-2024-07-18"), 403, param="model")

    job = create_job(http, upload(http, training_jsonl))
    fake.advance(60)
    name = http.get(f"/fine_tuning/jobs/{job['id']}").json()["fine_tuned_model"]
    assert name in {m["id"] for m in http.get("/models").json()["data"]}
    assert http.delete(f"/models/{name}").json() == {"id": name, "object": "model", "deleted": True}
    assert_error(http.get(f"/models/{name}"), 404)


def test_fine_tuning_a_fine_tuned_model(
    fake: FakeOpenAI, http: httpx.Client, training_jsonl: bytes
) -> None:
    file_id = upload(http, training_jsonl)
    job = create_job(http, file_id, suffix="first")
    fake.advance(60)
    name = http.get(f"/fine_tuning/jobs/{job['id']}").json()["fine_tuned_model"]
    second = create_job(http, file_id, model=name, suffix="second")
    assert second["model"] == name
    fake.advance(60)
    assert (
        http.get(f"/fine_tuning/jobs/{second['id']}")
        .json()["fine_tuned_model"]
        .startswith("ft:gpt-4o-mini-2024-07-18:org-fake:second:")
    )


def test_files_round_trip(http: httpx.Client, training_jsonl: bytes) -> None:
    response = http.post(
        "/files",
        files={"file": ("train.jsonl", training_jsonl, "application/jsonl")},
        data={
            "purpose": "fine-tune",
            "expires_after[anchor]": "created_at",
            "expires_after[seconds]": "3600",
        },
    )
    body = response.json()
    assert body["bytes"] == len(training_jsonl)
    assert body["expires_at"] == body["created_at"] + 3600
    assert body["filename"] == "train.jsonl"
    assert http.get(f"/files/{body['id']}").json() == body
    content = http.get(f"/files/{body['id']}/content")
    assert content.content == training_jsonl
    assert content.headers["content-type"] == "application/octet-stream"
    assert http.delete(f"/files/{body['id']}").json() == {
        "id": body["id"],
        "object": "file",
        "deleted": True,
    }
    assert_error(http.get(f"/files/{body['id']}"), 404)


def test_create_file_errors(make_fake: Any) -> None:
    fake = make_fake(max_file_bytes=1000)
    headers = {"Authorization": f"Bearer {API_KEY}"}
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url, headers=headers) as http:
        big = http.post(
            "/files", files={"file": ("big.jsonl", b"x" * 1001)}, data={"purpose": "fine-tune"}
        )
        assert_error(big, 400, param="file", code="file_too_large")
        assert_error(
            http.post("/files", files={"file": ("a", b"x")}, data={"purpose": "nope"}),
            400,
            param="purpose",
        )
        assert_error(http.post("/files", files={"file": ("a", b"x")}), 400, param="purpose")
        assert_error(
            http.post("/files", data={"purpose": "fine-tune"}, files={"other": ("a", b"x")}),
            400,
            param="file",
        )
        assert_error(http.post("/files", json={"purpose": "fine-tune"}), 400)
        assert fake.stats().files == 0


def test_checkpoint_permissions(
    fake: FakeOpenAI, http: httpx.Client, training_jsonl: bytes
) -> None:
    job = create_job(http, upload(http, training_jsonl))
    fake.advance(60)
    checkpoint = http.get(f"/fine_tuning/jobs/{job['id']}/checkpoints").json()["data"][0]
    path = f"/fine_tuning/checkpoints/{checkpoint['fine_tuned_model_checkpoint']}/permissions"
    created = http.post(path, json={"project_ids": ["proj_a", "proj_b"]}).json()
    assert [p["project_id"] for p in created["data"]] == ["proj_a", "proj_b"]
    assert all(p["id"].startswith("cp_") for p in created["data"])
    listed = http.get(path).json()
    assert [p["project_id"] for p in listed["data"]] == ["proj_b", "proj_a"]  # descending
    ascending = http.get(path, params={"order": "ascending", "limit": 1}).json()
    assert ascending["has_more"] is True
    only_a = http.get(path, params={"project_id": "proj_a"}).json()
    assert len(only_a["data"]) == 1
    permission_id = only_a["data"][0]["id"]
    deleted = http.delete(f"{path}/{permission_id}").json()
    assert deleted == {"id": permission_id, "object": "checkpoint.permission", "deleted": True}
    assert_error(http.delete(f"{path}/{permission_id}"), 404)
    assert_error(http.post(path, json={"project_ids": []}), 400, param="project_ids")
    assert_error(http.get("/fine_tuning/checkpoints/ft:nope:ckpt-step-1/permissions"), 404)
