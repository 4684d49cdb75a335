from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_fine_tuning_job_checkpoints_response import ListFineTuningJobCheckpointsResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    fine_tuning_job_id: str,
    *,
    after: str | Unset = UNSET,
    limit: int | Unset = 10,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["after"] = after

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints".format(
            fine_tuning_job_id=quote(str(fine_tuning_job_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ListFineTuningJobCheckpointsResponse:
    if response.status_code == 200:
        try:
            response_200 = ListFineTuningJobCheckpointsResponse.from_dict(response.json())

        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise errors.APIResponseValidationError(response, exc) from exc
        return response_200

    # openai-finetunes: never return None for an error; raise the typed error instead.
    raise errors.error_for_response(response)


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ListFineTuningJobCheckpointsResponse]:
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
    fine_tuning_job_id: str,
    *,
    client: AuthenticatedClient | Client,
    after: str | Unset = UNSET,
    limit: int | Unset = 10,
) -> Response[ListFineTuningJobCheckpointsResponse]:
    """List a job's checkpoints

    Args:
        fine_tuning_job_id (str):
        after (str | Unset):
        limit (int | Unset):  Default: 10.

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        Response[ListFineTuningJobCheckpointsResponse]
    """

    kwargs = _get_kwargs(
        fine_tuning_job_id=fine_tuning_job_id,
        after=after,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    fine_tuning_job_id: str,
    *,
    client: AuthenticatedClient | Client,
    after: str | Unset = UNSET,
    limit: int | Unset = 10,
) -> ListFineTuningJobCheckpointsResponse:
    """List a job's checkpoints

    Args:
        fine_tuning_job_id (str):
        after (str | Unset):
        limit (int | Unset):  Default: 10.

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        ListFineTuningJobCheckpointsResponse
    """

    return cast(
        ListFineTuningJobCheckpointsResponse,
        sync_detailed(
            fine_tuning_job_id=fine_tuning_job_id,
            client=client,
            after=after,
            limit=limit,
        ).parsed,
    )


async def asyncio_detailed(
    fine_tuning_job_id: str,
    *,
    client: AuthenticatedClient | Client,
    after: str | Unset = UNSET,
    limit: int | Unset = 10,
) -> Response[ListFineTuningJobCheckpointsResponse]:
    """List a job's checkpoints

    Args:
        fine_tuning_job_id (str):
        after (str | Unset):
        limit (int | Unset):  Default: 10.

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        Response[ListFineTuningJobCheckpointsResponse]
    """

    kwargs = _get_kwargs(
        fine_tuning_job_id=fine_tuning_job_id,
        after=after,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    fine_tuning_job_id: str,
    *,
    client: AuthenticatedClient | Client,
    after: str | Unset = UNSET,
    limit: int | Unset = 10,
) -> ListFineTuningJobCheckpointsResponse:
    """List a job's checkpoints

    Args:
        fine_tuning_job_id (str):
        after (str | Unset):
        limit (int | Unset):  Default: 10.

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        ListFineTuningJobCheckpointsResponse
    """

    return cast(
        ListFineTuningJobCheckpointsResponse,
        (
            await asyncio_detailed(
                fine_tuning_job_id=fine_tuning_job_id,
                client=client,
                after=after,
                limit=limit,
            )
        ).parsed,
    )
