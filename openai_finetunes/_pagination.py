"""Lazy iteration over cursor-paginated lists (``after`` + ``has_more``), one page at a time."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from .types import UNSET, Unset

__all__ = ["PageCursor", "apaginate", "paginate"]

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


class PageCursor:
    """Where a walk through a cursor-paginated list stands: the ``after`` to ask for next,
    and whether the list is exhausted. ``paginate``, ``apaginate`` and the workflows' own
    page-at-a-time lookups all move through a list with it.

    >>> cursor = PageCursor("ftevent-1")
    >>> cursor.after, cursor.exhausted
    ('ftevent-1', False)
    """

    __slots__ = ("after", "exhausted")

    def __init__(self, after: str | Unset = UNSET) -> None:
        self.after: str | Unset = after
        self.exhausted = False

    def advance(self, page: _Page[ItemT]) -> Sequence[ItemT]:
        """Take in ``page`` and return its items; the cursor then points past them."""
        items = page.data
        if not page.has_more or not items:
            self.exhausted = True
        else:
            self.after = items[-1].id
        return items


def paginate(
    operation: _ListOperation[ItemT], *args: Any, after: str | Unset = UNSET, **kwargs: Any
) -> Iterator[ItemT]:
    """Yield every item of a list operation, fetching the next page only when needed.

    ``operation`` is the generated module; other arguments are passed to its ``sync``.

    >>> from openai_finetunes.api.fine_tuning import list_fine_tuning_events
    >>> # for event in paginate(list_fine_tuning_events, "ftjob-abc", client=client, limit=100):
    >>> #     print(event.message)
    """
    cursor = PageCursor(after)
    while not cursor.exhausted:
        yield from cursor.advance(operation.sync(*args, after=cursor.after, **kwargs))


async def apaginate(
    operation: _ListOperation[ItemT], *args: Any, after: str | Unset = UNSET, **kwargs: Any
) -> AsyncIterator[ItemT]:
    """Async twin of :func:`paginate`: ``async for job in apaginate(list_paginated_fine_tuning_jobs, client=c)``."""
    cursor = PageCursor(after)
    while not cursor.exhausted:
        for item in cursor.advance(await operation.asyncio(*args, after=cursor.after, **kwargs)):
            yield item
