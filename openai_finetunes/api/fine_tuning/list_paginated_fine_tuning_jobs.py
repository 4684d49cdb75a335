from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_paginated_fine_tuning_jobs_metadata import ListPaginatedFineTuningJobsMetadata
from ...models.list_paginated_fine_tuning_jobs_response import ListPaginatedFineTuningJobsResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    after: str | Unset = UNSET,
    limit: int | Unset = 20,
    metadata: ListPaginatedFineTuningJobsMetadata | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["after"] = after

    params["limit"] = limit

    json_metadata: dict[str, Any] | Unset = UNSET
    if not isinstance(metadata, Unset):
        json_metadata = metadata.to_dict()
    if not isinstance(json_metadata, Unset):
        params.update({f"metadata[{key}]": value for key, value in json_metadata.items()})

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/fine_tuning/jobs",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ListPaginatedFineTuningJobsResponse:
    if response.status_code == 200:
        try:
            response_200 = ListPaginatedFineTuningJobsResponse.from_dict(response.json())

        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise errors.APIResponseValidationError(response, exc) from exc
        return response_200

    # openai-finetunes: never return None for an error; raise the typed error instead.
    raise errors.error_for_response(response)


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ListPaginatedFineTuningJobsResponse]:
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
    after: str | Unset = UNSET,
    limit: int | Unset = 20,
    metadata: ListPaginatedFineTuningJobsMetadata | Unset = UNSET,
) -> Response[ListPaginatedFineTuningJobsResponse]:
    """List fine-tuning jobs

    Args:
        after (str | Unset):
        limit (int | Unset):  Default: 20.
        metadata (ListPaginatedFineTuningJobsMetadata | Unset):

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        Response[ListPaginatedFineTuningJobsResponse]
    """

    kwargs = _get_kwargs(
        after=after,
        limit=limit,
        metadata=metadata,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    after: str | Unset = UNSET,
    limit: int | Unset = 20,
    metadata: ListPaginatedFineTuningJobsMetadata | Unset = UNSET,
) -> ListPaginatedFineTuningJobsResponse:
    """List fine-tuning jobs

    Args:
        after (str | Unset):
        limit (int | Unset):  Default: 20.
        metadata (ListPaginatedFineTuningJobsMetadata | Unset):

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        ListPaginatedFineTuningJobsResponse
    """

    return cast(
        ListPaginatedFineTuningJobsResponse,
        sync_detailed(
            client=client,
            after=after,
            limit=limit,
            metadata=metadata,
        ).parsed,
    )


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    after: str | Unset = UNSET,
    limit: int | Unset = 20,
    metadata: ListPaginatedFineTuningJobsMetadata | Unset = UNSET,
) -> Response[ListPaginatedFineTuningJobsResponse]:
    """List fine-tuning jobs

    Args:
        after (str | Unset):
        limit (int | Unset):  Default: 20.
        metadata (ListPaginatedFineTuningJobsMetadata | Unset):

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        Response[ListPaginatedFineTuningJobsResponse]
    """

    kwargs = _get_kwargs(
        after=after,
        limit=limit,
        metadata=metadata,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    after: str | Unset = UNSET,
    limit: int | Unset = 20,
    metadata: ListPaginatedFineTuningJobsMetadata | Unset = UNSET,
) -> ListPaginatedFineTuningJobsResponse:
    """List fine-tuning jobs

    Args:
        after (str | Unset):
        limit (int | Unset):  Default: 20.
        metadata (ListPaginatedFineTuningJobsMetadata | Unset):

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        ListPaginatedFineTuningJobsResponse
    """

    return cast(
        ListPaginatedFineTuningJobsResponse,
        (
            await asyncio_detailed(
                client=client,
                after=after,
                limit=limit,
                metadata=metadata,
            )
        ).parsed,
    )
