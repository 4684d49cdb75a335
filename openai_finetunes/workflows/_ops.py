"""The generated operations the flows call, each loaded on its first call (PEP 562).

Importing the workflows should not import every endpoint module and the models they
parse: together they were a fifth of ``import openai_finetunes.workflows``. A flow names
an operation as ``_ops.create_fine_tuning_job``; the module is imported when a step
using it is built, and type checkers see the real modules.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from types import ModuleType

_PACKAGES: Final = {
    "cancel_fine_tuning_job": "fine_tuning",
    "create_fine_tuning_job": "fine_tuning",
    "list_fine_tuning_events": "fine_tuning",
    "list_fine_tuning_job_checkpoints": "fine_tuning",
    "list_paginated_fine_tuning_jobs": "fine_tuning",
    "pause_fine_tuning_job": "fine_tuning",
    "resume_fine_tuning_job": "fine_tuning",
    "retrieve_fine_tuning_job": "fine_tuning",
    "list_files": "files",
    "retrieve_file": "files",
}


def __getattr__(name: str) -> ModuleType:
    package = _PACKAGES.get(name)
    if package is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f"...api.{package}.{name}", __name__)
    globals()[name] = module
    return module


if TYPE_CHECKING:
    from ..api.files import list_files, retrieve_file
    from ..api.fine_tuning import (
        cancel_fine_tuning_job,
        create_fine_tuning_job,
        list_fine_tuning_events,
        list_fine_tuning_job_checkpoints,
        list_paginated_fine_tuning_jobs,
        pause_fine_tuning_job,
        resume_fine_tuning_job,
        retrieve_fine_tuning_job,
    )

__all__ = [
    "cancel_fine_tuning_job",
    "create_fine_tuning_job",
    "list_files",
    "list_fine_tuning_events",
    "list_fine_tuning_job_checkpoints",
    "list_paginated_fine_tuning_jobs",
    "pause_fine_tuning_job",
    "resume_fine_tuning_job",
    "retrieve_file",
    "retrieve_fine_tuning_job",
]
