from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_files_order import ListFilesOrder
from ...models.list_files_response import ListFilesResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    purpose: str | Unset = UNSET,
    limit: int | Unset = 10000,
    order: ListFilesOrder | Unset = ListFilesOrder.DESC,
    after: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["purpose"] = purpose

    params["limit"] = limit

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order.value

    params["order"] = json_order

    params["after"] = after

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/files",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ListFilesResponse:
    if response.status_code == 200:
        try:
            response_200 = ListFilesResponse.from_dict(response.json())

        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise errors.APIResponseValidationError(response, exc) from exc
        return response_200

    # openai-finetunes: never return None for an error; raise the typed error instead.
    raise errors.error_for_response(response)


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ListFilesResponse]:
    # openai-finetunes: parsed first, so that any status it does not expect (299, 399, a
    # 2xx this operation never sends) is the typed APIStatusError, not HTTPStatus's ValueError.
    parsed = _parse_response(client=client, response=response)
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    purpose: str | Unset = UNSET,
    limit: int | Unset = 10000,
    order: ListFilesOrder | Unset = ListFilesOrder.DESC,
    after: str | Unset = UNSET,
) -> Response[ListFilesResponse]:
    """List files

    Args:
        purpose (str | Unset):
        limit (int | Unset):  Default: 10000.
        order (ListFilesOrder | Unset):  Default: ListFilesOrder.DESC.
        after (str | Unset):

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        Response[ListFilesResponse]
    """

    kwargs = _get_kwargs(
        purpose=purpose,
        limit=limit,
        order=order,
        after=after,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    purpose: str | Unset = UNSET,
    limit: int | Unset = 10000,
    order: ListFilesOrder | Unset = ListFilesOrder.DESC,
    after: str | Unset = UNSET,
) -> ListFilesResponse:
    """List files

    Args:
        purpose (str | Unset):
        limit (int | Unset):  Default: 10000.
        order (ListFilesOrder | Unset):  Default: ListFilesOrder.DESC.
        after (str | Unset):

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        ListFilesResponse
    """

    return cast(
        ListFilesResponse,
        sync_detailed(
            client=client,
            purpose=purpose,
            limit=limit,
            order=order,
            after=after,
        ).parsed,
    )


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    purpose: str | Unset = UNSET,
    limit: int | Unset = 10000,
    order: ListFilesOrder | Unset = ListFilesOrder.DESC,
    after: str | Unset = UNSET,
) -> Response[ListFilesResponse]:
    """List files

    Args:
        purpose (str | Unset):
        limit (int | Unset):  Default: 10000.
        order (ListFilesOrder | Unset):  Default: ListFilesOrder.DESC.
        after (str | Unset):

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        Response[ListFilesResponse]
    """

    kwargs = _get_kwargs(
        purpose=purpose,
        limit=limit,
        order=order,
        after=after,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    purpose: str | Unset = UNSET,
    limit: int | Unset = 10000,
    order: ListFilesOrder | Unset = ListFilesOrder.DESC,
    after: str | Unset = UNSET,
) -> ListFilesResponse:
    """List files

    Args:
        purpose (str | Unset):
        limit (int | Unset):  Default: 10000.
        order (ListFilesOrder | Unset):  Default: ListFilesOrder.DESC.
        after (str | Unset):

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        ListFilesResponse
    """

    return cast(
        ListFilesResponse,
        (
            await asyncio_detailed(
                client=client,
                purpose=purpose,
                limit=limit,
                order=order,
                after=after,
            )
        ).parsed,
    )
