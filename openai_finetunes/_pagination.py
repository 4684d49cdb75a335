"""Lazy iteration over cursor-paginated lists (``after`` + ``has_more``), one page at a time."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from .types import UNSET, Unset

__all__ = ["apaginate", "paginate"]

T = TypeVar("T", covariant=True)


class _Item(Protocol):
    @property
    def id(self) -> str: ...


ItemT = TypeVar("ItemT", bound=_Item)
ItemT_co = TypeVar("ItemT_co", bound=_Item, covariant=True)


class _Page(Protocol[T]):
    @property
    def data(self) -> Sequence[T]: ...
    @property
    def has_more(self) -> bool: ...


class _ListOperation(Protocol[ItemT_co]):
    """A generated list module: ``list_files``, ``list_fine_tuning_events``, ..."""

    def sync(self, *args: Any, **kwargs: Any) -> _Page[ItemT_co]: ...
    async def asyncio(self, *args: Any, **kwargs: Any) -> _Page[ItemT_co]: ...


def paginate(
    operation: _ListOperation[ItemT], *args: Any, after: str | Unset = UNSET, **kwargs: Any
) -> Iterator[ItemT]:
    """Yield every item of a list operation, fetching the next page only when needed.

    ``operation`` is the generated module; other arguments are passed to its ``sync``.

    >>> from openai_finetunes.api.fine_tuning import list_fine_tuning_events
    >>> # for event in paginate(list_fine_tuning_events, "ftjob-abc", client=client, limit=100):
    >>> #     print(event.message)
    """
    while True:
        page = operation.sync(*args, after=after, **kwargs)
        yield from page.data
        if not page.has_more or not page.data:
            return
        after = page.data[-1].id


async def apaginate(
    operation: _ListOperation[ItemT], *args: Any, after: str | Unset = UNSET, **kwargs: Any
) -> AsyncIterator[ItemT]:
    """Async twin of :func:`paginate`: ``async for job in apaginate(list_paginated_fine_tuning_jobs, client=c)``."""
    while True:
        page = await operation.asyncio(*args, after=after, **kwargs)
        for item in page.data:
            yield item
        if not page.has_more or not page.data:
            return
        after = page.data[-1].id
