"""OpenAI-shaped errors: ``{"error": {"message", "type", "param", "code"}}`` with a status."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._exceptions import OpenAIFinetunesError

__all__ = [
    "ApiError",
    "invalid_request",
    "missing_parameter",
    "not_found",
]


class ApiError(OpenAIFinetunesError):
    """An error answer; raised by handlers, rendered by the router.

    It reaches callers only from the fake's direct helpers (``FakeOpenAI.add_file`` with an
    unknown purpose), hence the package's exception root.

    >>> ApiError(404, "No such File object: file-x", param="id").body()["error"]["param"]
    'id'
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        return {
            "error": {
                "message": self.message,
                "type": self.type,
                "param": self.param,
                "code": self.code,
            }
        }


def invalid_request(message: str, param: str | None = None, code: str | None = None) -> ApiError:
    """A 400 ``invalid_request_error``."""
    return ApiError(400, message, param=param, code=code)


def missing_parameter(param: str) -> ApiError:
    return ApiError(
        400,
        f"Missing required parameter: '{param}'.",
        param=param,
        code="missing_required_parameter",
    )


def not_found(message: str, param: str | None = None, code: str | None = None) -> ApiError:
    """A 404 ``invalid_request_error``."""
    return ApiError(404, message, param=param, code=code)
