"""openai-finetunes: a typed client for OpenAI fine-tuning.

``connect()`` returns a configured client; the generated operations live in
``openai_finetunes.api.<tag>`` and the models in ``openai_finetunes.models``. The workflows
(``openai_finetunes.workflows``) and the fake service (``openai_finetunes.testing``) are
imported on demand so that ``import openai_finetunes`` stays fast.
"""

from ._config import connect
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from ._pagination import apaginate, paginate
from ._uploads import aupload_file, upload_file
from .client import AuthenticatedClient, Client

__all__ = (
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticatedClient",
    "AuthenticationError",
    "BadRequestError",
    "Client",
    "ConfigurationError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
    "apaginate",
    "aupload_file",
    "connect",
    "paginate",
    "upload_file",
)
