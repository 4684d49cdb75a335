"""Cursor pagination as the API does it: ``after`` an id, ``limit`` items, ``has_more``."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from ._errors import invalid_request

__all__ = ["Page", "page_after", "parse_limit"]

T = TypeVar("T")

Page = tuple[list[T], bool]


def parse_limit(query: Mapping[str, str], *, default: int, maximum: int) -> int:
    """The ``limit`` query parameter, checked like the service does (400 when out of range)."""
    raw = query.get("limit")
    if raw is None or raw == "":
        return default
    try:
        limit = int(raw)
    except ValueError:
        raise invalid_request(
            f"Invalid 'limit': expected an integer, got {raw!r}.", param="limit"
        ) from None
    if not 1 <= limit <= maximum:
        raise invalid_request(
            f"Invalid 'limit': {limit}. It must be between 1 and {maximum}.",
            param="limit",
            code="integer_out_of_range",
        )
    return limit


def page_after(
    items: Sequence[T], *, after: str | None, limit: int, id_of: Callable[[T], str]
) -> Page[T]:
    """The page of ``items`` (already in listing order) that follows the item ``after``.

    An unknown cursor gives an empty page, so a client following a deleted item stops.

    >>> page_after(["a", "b", "c"], after="a", limit=1, id_of=str)
    (['b'], True)
    """
    start = 0
    if after:
        for index, item in enumerate(items):
            if id_of(item) == after:
                start = index + 1
                break
        else:
            return [], False
    page = list(items[start : start + limit])
    return page, start + limit < len(items)
