from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.complete_upload_request import CompleteUploadRequest
from ...models.upload import Upload
from ...types import Response


def _get_kwargs(
    upload_id: str,
    *,
    body: CompleteUploadRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/uploads/{upload_id}/complete".format(
            upload_id=quote(str(upload_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Upload:
    if response.status_code == 200:
        try:
            response_200 = Upload.from_dict(response.json())

        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise errors.APIResponseValidationError(response, exc) from exc
        return response_200

    # openai-finetunes: never return None for an error; raise the typed error instead.
    raise errors.error_for_response(response)


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Upload]:
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
    upload_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CompleteUploadRequest,
) -> Response[Upload]:
    """Complete an upload from its ordered parts

    Args:
        upload_id (str):
        body (CompleteUploadRequest):

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        Response[Upload]
    """

    kwargs = _get_kwargs(
        upload_id=upload_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    upload_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CompleteUploadRequest,
) -> Upload:
    """Complete an upload from its ordered parts

    Args:
        upload_id (str):
        body (CompleteUploadRequest):

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        Upload
    """

    return cast(
        Upload,
        sync_detailed(
            upload_id=upload_id,
            client=client,
            body=body,
        ).parsed,
    )


async def asyncio_detailed(
    upload_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CompleteUploadRequest,
) -> Response[Upload]:
    """Complete an upload from its ordered parts

    Args:
        upload_id (str):
        body (CompleteUploadRequest):

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        Response[Upload]
    """

    kwargs = _get_kwargs(
        upload_id=upload_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    upload_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CompleteUploadRequest,
) -> Upload:
    """Complete an upload from its ordered parts

    Args:
        upload_id (str):
        body (CompleteUploadRequest):

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        Upload
    """

    return cast(
        Upload,
        (
            await asyncio_detailed(
                upload_id=upload_id,
                client=client,
                body=body,
            )
        ).parsed,
    )
