from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_fine_tuning_checkpoint_permission_response import ListFineTuningCheckpointPermissionResponse
from ...models.list_fine_tuning_checkpoint_permissions_order import ListFineTuningCheckpointPermissionsOrder
from ...types import UNSET, Response, Unset


def _get_kwargs(
    fine_tuned_model_checkpoint: str,
    *,
    project_id: str | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = 10,
    order: ListFineTuningCheckpointPermissionsOrder | Unset = ListFineTuningCheckpointPermissionsOrder.DESCENDING,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["project_id"] = project_id

    params["after"] = after

    params["limit"] = limit

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order.value

    params["order"] = json_order

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions".format(
            fine_tuned_model_checkpoint=quote(str(fine_tuned_model_checkpoint), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ListFineTuningCheckpointPermissionResponse:
    if response.status_code == 200:
        try:
            response_200 = ListFineTuningCheckpointPermissionResponse.from_dict(response.json())

        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise errors.APIResponseValidationError(response, exc) from exc
        return response_200

    # openai-finetunes: never return None for an error; raise the typed error instead.
    raise errors.error_for_response(response)


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ListFineTuningCheckpointPermissionResponse]:
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
    fine_tuned_model_checkpoint: str,
    *,
    client: AuthenticatedClient | Client,
    project_id: str | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = 10,
    order: ListFineTuningCheckpointPermissionsOrder | Unset = ListFineTuningCheckpointPermissionsOrder.DESCENDING,
) -> Response[ListFineTuningCheckpointPermissionResponse]:
    """List the projects a checkpoint is shared with

    Args:
        fine_tuned_model_checkpoint (str):
        project_id (str | Unset):
        after (str | Unset):
        limit (int | Unset):  Default: 10.
        order (ListFineTuningCheckpointPermissionsOrder | Unset):  Default:
            ListFineTuningCheckpointPermissionsOrder.DESCENDING.

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        Response[ListFineTuningCheckpointPermissionResponse]
    """

    kwargs = _get_kwargs(
        fine_tuned_model_checkpoint=fine_tuned_model_checkpoint,
        project_id=project_id,
        after=after,
        limit=limit,
        order=order,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    fine_tuned_model_checkpoint: str,
    *,
    client: AuthenticatedClient | Client,
    project_id: str | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = 10,
    order: ListFineTuningCheckpointPermissionsOrder | Unset = ListFineTuningCheckpointPermissionsOrder.DESCENDING,
) -> ListFineTuningCheckpointPermissionResponse:
    """List the projects a checkpoint is shared with

    Args:
        fine_tuned_model_checkpoint (str):
        project_id (str | Unset):
        after (str | Unset):
        limit (int | Unset):  Default: 10.
        order (ListFineTuningCheckpointPermissionsOrder | Unset):  Default:
            ListFineTuningCheckpointPermissionsOrder.DESCENDING.

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        ListFineTuningCheckpointPermissionResponse
    """

    return cast(
        ListFineTuningCheckpointPermissionResponse,
        sync_detailed(
            fine_tuned_model_checkpoint=fine_tuned_model_checkpoint,
            client=client,
            project_id=project_id,
            after=after,
            limit=limit,
            order=order,
        ).parsed,
    )


async def asyncio_detailed(
    fine_tuned_model_checkpoint: str,
    *,
    client: AuthenticatedClient | Client,
    project_id: str | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = 10,
    order: ListFineTuningCheckpointPermissionsOrder | Unset = ListFineTuningCheckpointPermissionsOrder.DESCENDING,
) -> Response[ListFineTuningCheckpointPermissionResponse]:
    """List the projects a checkpoint is shared with

    Args:
        fine_tuned_model_checkpoint (str):
        project_id (str | Unset):
        after (str | Unset):
        limit (int | Unset):  Default: 10.
        order (ListFineTuningCheckpointPermissionsOrder | Unset):  Default:
            ListFineTuningCheckpointPermissionsOrder.DESCENDING.

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        Response[ListFineTuningCheckpointPermissionResponse]
    """

    kwargs = _get_kwargs(
        fine_tuned_model_checkpoint=fine_tuned_model_checkpoint,
        project_id=project_id,
        after=after,
        limit=limit,
        order=order,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    fine_tuned_model_checkpoint: str,
    *,
    client: AuthenticatedClient | Client,
    project_id: str | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = 10,
    order: ListFineTuningCheckpointPermissionsOrder | Unset = ListFineTuningCheckpointPermissionsOrder.DESCENDING,
) -> ListFineTuningCheckpointPermissionResponse:
    """List the projects a checkpoint is shared with

    Args:
        fine_tuned_model_checkpoint (str):
        project_id (str | Unset):
        after (str | Unset):
        limit (int | Unset):  Default: 10.
        order (ListFineTuningCheckpointPermissionsOrder | Unset):  Default:
            ListFineTuningCheckpointPermissionsOrder.DESCENDING.

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        ListFineTuningCheckpointPermissionResponse
    """

    return cast(
        ListFineTuningCheckpointPermissionResponse,
        (
            await asyncio_detailed(
                fine_tuned_model_checkpoint=fine_tuned_model_checkpoint,
                client=client,
                project_id=project_id,
                after=after,
                limit=limit,
                order=order,
            )
        ).parsed,
    )
