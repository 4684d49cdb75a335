from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_fine_tuning_checkpoint_permission_request import CreateFineTuningCheckpointPermissionRequest
from ...models.list_fine_tuning_checkpoint_permission_response import ListFineTuningCheckpointPermissionResponse
from ...types import Response


def _get_kwargs(
    fine_tuned_model_checkpoint: str,
    *,
    body: CreateFineTuningCheckpointPermissionRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions".format(
            fine_tuned_model_checkpoint=quote(str(fine_tuned_model_checkpoint), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
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
    body: CreateFineTuningCheckpointPermissionRequest,
) -> Response[ListFineTuningCheckpointPermissionResponse]:
    """Share a checkpoint with projects

    Args:
        fine_tuned_model_checkpoint (str):
        body (CreateFineTuningCheckpointPermissionRequest):

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        Response[ListFineTuningCheckpointPermissionResponse]
    """

    kwargs = _get_kwargs(
        fine_tuned_model_checkpoint=fine_tuned_model_checkpoint,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    fine_tuned_model_checkpoint: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateFineTuningCheckpointPermissionRequest,
) -> ListFineTuningCheckpointPermissionResponse:
    """Share a checkpoint with projects

    Args:
        fine_tuned_model_checkpoint (str):
        body (CreateFineTuningCheckpointPermissionRequest):

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
            body=body,
        ).parsed,
    )


async def asyncio_detailed(
    fine_tuned_model_checkpoint: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateFineTuningCheckpointPermissionRequest,
) -> Response[ListFineTuningCheckpointPermissionResponse]:
    """Share a checkpoint with projects

    Args:
        fine_tuned_model_checkpoint (str):
        body (CreateFineTuningCheckpointPermissionRequest):

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        Response[ListFineTuningCheckpointPermissionResponse]
    """

    kwargs = _get_kwargs(
        fine_tuned_model_checkpoint=fine_tuned_model_checkpoint,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    fine_tuned_model_checkpoint: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateFineTuningCheckpointPermissionRequest,
) -> ListFineTuningCheckpointPermissionResponse:
    """Share a checkpoint with projects

    Args:
        fine_tuned_model_checkpoint (str):
        body (CreateFineTuningCheckpointPermissionRequest):

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
                body=body,
            )
        ).parsed,
    )
