"""openai-finetunes: a typed client for OpenAI fine-tuning.

``connect()`` returns a configured client; the generated operations live in
``openai_finetunes.api.<tag>`` and the models in ``openai_finetunes.models``. The workflows
(``openai_finetunes.workflows``) and the fake service (``openai_finetunes.testing``) are
imported on demand so that ``import openai_finetunes`` stays fast.

Everything the package raises is an `OpenAIFinetunesError`; its subclasses are exported
here too (the workflow, validation, upload, download and Arazzo ones load on first use):

>>> from openai_finetunes import OpenAIFinetunesError, connect
>>> try:
...     connect(api_key="")
... except OpenAIFinetunesError as error:
...     print(error)
No API key: pass api_key= to connect() or set the OPENAI_API_KEY environment variable.
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
    InvalidArgumentError,
    MissingDependencyError,
    NotFoundError,
    OpenAIFinetunesError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from ._retry import RetryPolicy
from ._version import __version__
from .client import AuthenticatedClient, Client

# Loaded on first use (PEP 562): `import openai_finetunes` stays fast.
_LAZY = {
    "apaginate": "._pagination",
    "paginate": "._pagination",
    "adownload_file": "._downloads",
    "download_file": "._downloads",
    "DownloadError": "._downloads",
    "aupload_file": "._uploads",
    "upload_file": "._uploads",
    "UploadError": "._uploads",
    "FileProcessingError": "._uploads",
    "FileProcessingTimeout": "._uploads",
    "await_for_file_processed": "._uploads",
    "wait_for_file_processed": "._uploads",
    "FineTuningError": ".workflows",
    "FineTuningJobCancelled": ".workflows",
    "FineTuningJobError": ".workflows",
    "FineTuningJobFailed": ".workflows",
    "FineTuningTimeout": ".workflows",
    "TrainingDataError": ".validation",
    "ArazzoError": ".arazzo",
    "WebhookVerificationError": ".webhooks",
    "redact": "._secrets",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from ._downloads import DownloadError, adownload_file, download_file
    from ._pagination import apaginate, paginate
    from ._secrets import redact
    from ._uploads import (
        FileProcessingError,
        FileProcessingTimeout,
        UploadError,
        aupload_file,
        await_for_file_processed,
        upload_file,
        wait_for_file_processed,
    )
    from .arazzo import ArazzoError
    from .validation import TrainingDataError
    from .webhooks import WebhookVerificationError
    from .workflows import (
        FineTuningError,
        FineTuningJobCancelled,
        FineTuningJobError,
        FineTuningJobFailed,
        FineTuningTimeout,
    )

__all__ = (
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "ArazzoError",
    "AuthenticatedClient",
    "AuthenticationError",
    "BadRequestError",
    "Client",
    "ConfigurationError",
    "ConflictError",
    "DownloadError",
    "FileProcessingError",
    "FileProcessingTimeout",
    "FineTuningError",
    "FineTuningJobCancelled",
    "FineTuningJobError",
    "FineTuningJobFailed",
    "FineTuningTimeout",
    "InternalServerError",
    "InvalidArgumentError",
    "MissingDependencyError",
    "NotFoundError",
    "OpenAIFinetunesError",
    "PermissionDeniedError",
    "RateLimitError",
    "RetryPolicy",
    "TrainingDataError",
    "UnprocessableEntityError",
    "UploadError",
    "WebhookVerificationError",
    "__version__",
    "adownload_file",
    "apaginate",
    "aupload_file",
    "await_for_file_processed",
    "connect",
    "download_file",
    "paginate",
    "redact",
    "upload_file",
    "wait_for_file_processed",
)
