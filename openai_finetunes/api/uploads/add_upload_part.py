from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.add_upload_part_request import AddUploadPartRequest
from ...models.upload_part import UploadPart
from ...types import Response


def _get_kwargs(
    upload_id: str,
    *,
    body: AddUploadPartRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/uploads/{upload_id}/parts".format(
            upload_id=quote(str(upload_id), safe=""),
        ),
    }

    _kwargs["files"] = body.to_multipart()

    # openai-finetunes: httpx sets the multipart Content-Type with a random boundary;
    # a fixed one ("+++") breaks on any file that contains a line "--+++".

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> UploadPart:
    if response.status_code == 200:
        try:
            response_200 = UploadPart.from_dict(response.json())

        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise errors.APIResponseValidationError(response, exc) from exc
        return response_200

    # openai-finetunes: never return None for an error; raise the typed error instead.
    raise errors.error_for_response(response)


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[UploadPart]:
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
    body: AddUploadPartRequest,
) -> Response[UploadPart]:
    """Add a part (up to 64 MB) to an upload

    Args:
        upload_id (str):
        body (AddUploadPartRequest):

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        Response[UploadPart]
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
    body: AddUploadPartRequest,
) -> UploadPart:
    """Add a part (up to 64 MB) to an upload

    Args:
        upload_id (str):
        body (AddUploadPartRequest):

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        UploadPart
    """

    return cast(
        UploadPart,
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
    body: AddUploadPartRequest,
) -> Response[UploadPart]:
    """Add a part (up to 64 MB) to an upload

    Args:
        upload_id (str):
        body (AddUploadPartRequest):

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        Response[UploadPart]
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
    body: AddUploadPartRequest,
) -> UploadPart:
    """Add a part (up to 64 MB) to an upload

    Args:
        upload_id (str):
        body (AddUploadPartRequest):

    Raises:
        errors.APIStatusError: A subclass for each non-2xx status (NotFoundError, RateLimitError, ...).
        errors.APIResponseValidationError: If a 2xx response body cannot be parsed.
        errors.APIConnectionError: If the server could not be reached (APITimeoutError on timeout).

    Returns:
        UploadPart
    """

    return cast(
        UploadPart,
        (
            await asyncio_detailed(
                upload_id=upload_id,
                client=client,
                body=body,
            )
        ).parsed,
    )
