"""``paginate``/``apaginate``: every item of every cursor list, lazily, sync and async."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import pytest
from pytest_httpx import HTTPXMock

from openai_finetunes import AuthenticatedClient, NotFoundError, apaginate, paginate
from openai_finetunes.api.files import list_files
from openai_finetunes.api.fine_tuning import (
    list_fine_tuning_checkpoint_permissions,
    list_fine_tuning_events,
    list_fine_tuning_job_checkpoints,
    list_paginated_fine_tuning_jobs,
)
from tests import payloads as p


@dataclass
class Lister:
    module: Any
    args: tuple[Any, ...]
    item: Callable[[int], dict[str, Any]]
    ids_in_page: bool = False  # listFiles and the permissions list carry first_id/last_id


def _file(i: int) -> dict[str, Any]:
    return p.file(id=f"file-{i:04d}")


def _job(i: int) -> dict[str, Any]:
    return p.job(id=f"ftjob-{i:04d}")


def _checkpoint(i: int) -> dict[str, Any]:
    return {**p.checkpoint(step=i), "id": f"ftckpt-{i:04d}"}


def _permission(i: int) -> dict[str, Any]:
    return {**p.permission(), "id": f"cp_{i:04d}"}


LISTERS = {
    "listFiles": Lister(list_files, (), _file, ids_in_page=True),
    "listPaginatedFineTuningJobs": Lister(list_paginated_fine_tuning_jobs, (), _job),
    "listFineTuningEvents": Lister(list_fine_tuning_events, (p.JOB_ID,), p.event),
    "listFineTuningJobCheckpoints": Lister(
        list_fine_tuning_job_checkpoints, (p.JOB_ID,), _checkpoint
    ),
    "listFineTuningCheckpointPermissions": Lister(
        list_fine_tuning_checkpoint_permissions, (p.CHECKPOINT_MODEL,), _permission, True
    ),
}


def _page(lister: Lister, items: list[dict[str, Any]], has_more: bool) -> dict[str, Any]:
    if not lister.ids_in_page:
        return p.page(items, has_more=has_more)
    first, last = (items[0]["id"], items[-1]["id"]) if items else (None, None)
    return p.page(items, has_more=has_more, first_id=first, last_id=last)


def _register_three_pages(lister: Lister, httpx_mock: HTTPXMock) -> list[str]:
    pages = [[0, 1, 2], [3, 4, 5], [6, 7]]
    for number, indexes in enumerate(pages):
        items = [lister.item(i) for i in indexes]
        httpx_mock.add_response(json=_page(lister, items, has_more=number < len(pages) - 1))
    return [lister.item(i)["id"] for indexes in pages for i in indexes]


def _cursors(httpx_mock: HTTPXMock) -> list[str | None]:
    return [dict(parse_qsl(r.url.query.decode())).get("after") for r in httpx_mock.get_requests()]


@pytest.mark.parametrize("name", sorted(LISTERS))
def test_paginate_walks_three_pages(
    name: str, client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    lister = LISTERS[name]
    expected = _register_three_pages(lister, httpx_mock)
    ids = [item.id for item in paginate(lister.module, *lister.args, client=client, limit=3)]
    assert ids == expected
    assert _cursors(httpx_mock) == [None, expected[2], expected[5]]
    for request in httpx_mock.get_requests():
        assert dict(parse_qsl(request.url.query.decode()))["limit"] == "3"


@pytest.mark.parametrize("name", sorted(LISTERS))
async def test_apaginate_walks_three_pages(
    name: str, client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    lister = LISTERS[name]
    expected = _register_three_pages(lister, httpx_mock)
    ids = [item.id async for item in apaginate(lister.module, *lister.args, client=client)]
    assert ids == expected
    assert _cursors(httpx_mock) == [None, expected[2], expected[5]]


def test_paginate_is_lazy(client: AuthenticatedClient, httpx_mock: HTTPXMock) -> None:
    lister = LISTERS["listFineTuningEvents"]
    expected = _register_three_pages(lister, httpx_mock)
    events = paginate(list_fine_tuning_events, p.JOB_ID, client=client)
    assert httpx_mock.get_requests() == []  # nothing is fetched before iteration
    assert next(events).id == expected[0]
    assert len(httpx_mock.get_requests()) == 1
    assert [next(events).id, next(events).id] == expected[1:3]
    assert len(httpx_mock.get_requests()) == 1  # page 2 only when page 1 is used up
    assert next(events).id == expected[3]
    assert len(httpx_mock.get_requests()) == 2
    assert [e.id for e in events] == expected[4:]
    assert len(httpx_mock.get_requests()) == 3


async def test_apaginate_is_lazy(client: AuthenticatedClient, httpx_mock: HTTPXMock) -> None:
    lister = LISTERS["listPaginatedFineTuningJobs"]
    expected = _register_three_pages(lister, httpx_mock)
    jobs = apaginate(list_paginated_fine_tuning_jobs, client=client)
    assert (await anext(jobs)).id == expected[0]
    assert len(httpx_mock.get_requests()) == 1
    await anext(jobs)
    await anext(jobs)
    assert len(httpx_mock.get_requests()) == 1
    await anext(jobs)
    assert len(httpx_mock.get_requests()) == 2
    assert [job.id async for job in jobs] == expected[4:]
    assert len(httpx_mock.get_requests()) == 3


def test_breaking_early_fetches_no_more_pages(
    client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    lister = LISTERS["listFiles"]
    httpx_mock.add_response(json=_page(lister, [_file(0), _file(1)], has_more=True))
    for item in paginate(list_files, client=client):
        if item.id == "file-0000":
            break
    assert len(httpx_mock.get_requests()) == 1


def test_single_page(client: AuthenticatedClient, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=p.page([p.job()], has_more=False))
    assert [j.id for j in paginate(list_paginated_fine_tuning_jobs, client=client)] == [p.JOB_ID]
    assert _cursors(httpx_mock) == [None]


def test_empty_list(client: AuthenticatedClient, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=p.page([], has_more=False))
    assert list(paginate(list_fine_tuning_events, p.JOB_ID, client=client)) == []


def test_empty_page_claiming_more_stops(client: AuthenticatedClient, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=p.page([p.event(1)], has_more=True))
    httpx_mock.add_response(json=p.page([], has_more=True))
    events = list(paginate(list_fine_tuning_events, p.JOB_ID, client=client))
    assert [e.id for e in events] == [p.event(1)["id"]]
    assert len(httpx_mock.get_requests()) == 2


def test_starting_cursor_is_sent(client: AuthenticatedClient, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=p.page([p.event(5)], has_more=False))
    list(paginate(list_fine_tuning_events, p.JOB_ID, client=client, after="ftevent-start"))
    assert _cursors(httpx_mock) == ["ftevent-start"]


def test_an_error_on_a_later_page_is_raised_after_earlier_items(
    client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(json=p.page([p.event(1), p.event(2)], has_more=True))
    httpx_mock.add_response(status_code=404, json=p.error("job deleted", code="not_found"))
    events = paginate(list_fine_tuning_events, p.JOB_ID, client=client)
    assert [next(events).id, next(events).id] == [p.event(1)["id"], p.event(2)["id"]]
    with pytest.raises(NotFoundError):
        next(events)


async def test_async_error_on_a_later_page(
    client: AuthenticatedClient, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(json=p.page([p.job()], has_more=True))
    httpx_mock.add_response(status_code=404, json=p.error("gone", code="not_found"))
    jobs = apaginate(list_paginated_fine_tuning_jobs, client=client)
    assert (await anext(jobs)).id == p.JOB_ID
    with pytest.raises(NotFoundError):
        await anext(jobs)
