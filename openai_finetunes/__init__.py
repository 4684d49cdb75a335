"""openai-finetunes: a typed client for OpenAI fine-tuning.

``connect()`` returns a configured client; the generated operations live in
``openai_finetunes.api.<tag>`` and the models in ``openai_finetunes.models``. The workflows
(``openai_finetunes.workflows``) and the fake service (``openai_finetunes.testing``) are
imported on demand so that ``import openai_finetunes`` stays fast.
"""

import importlib
from typing import TYPE_CHECKING, Any

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
from .client import AuthenticatedClient, Client

# Loaded on first use (PEP 562): `import openai_finetunes` stays fast.
_LAZY = {
    "apaginate": "._pagination",
    "paginate": "._pagination",
    "aupload_file": "._uploads",
    "upload_file": "._uploads",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from ._pagination import apaginate, paginate
    from ._uploads import aupload_file, upload_file

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
