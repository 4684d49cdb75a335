"""What the workflows return and raise."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from .._exceptions import InvalidArgumentError, OpenAIFinetunesError
from .._secrets import redact_value
from ..types import Unset

if TYPE_CHECKING:
    from ..models.fine_tuning_job import FineTuningJob

__all__ = [
    "CancelResult",
    "FineTuningError",
    "FineTuningJobCancelled",
    "FineTuningJobError",
    "FineTuningJobFailed",
    "FineTuningResult",
    "FineTuningTimeout",
    "InvalidArgumentError",
]


def _status(job: FineTuningJob) -> str:
    return str(job.status)


def _redacted(job: FineTuningJob) -> FineTuningJob:
    """The job as an exception keeps it: a key the service echoed into it is scrubbed."""
    raw = job.to_dict()
    clean = redact_value(raw)
    return job if clean == raw else type(job).from_dict(clean)


@attrs.frozen
class FineTuningResult:
    """A job that reached ``succeeded``.

    >>> # result = run_fine_tuning_job("train.jsonl", "gpt-4o-mini-2024-07-18")
    >>> # result.fine_tuned_model -> 'ft:gpt-4o-mini-2024-07-18:org:support:abc123'
    """

    job_id: str
    status: str
    fine_tuned_model: str | None
    trained_tokens: int | None
    result_files: tuple[str, ...]
    training_file: str
    validation_file: str | None
    job: FineTuningJob = attrs.field(repr=False, eq=False)
    reused: bool = False
    """True when an earlier run's job was re-attached instead of creating a new one."""
    elapsed: float = attrs.field(default=0.0, eq=False)

    @classmethod
    def from_job(
        cls, job: FineTuningJob, *, reused: bool = False, elapsed: float = 0.0
    ) -> FineTuningResult:
        return cls(
            job_id=job.id,
            status=_status(job),
            fine_tuned_model=job.fine_tuned_model,
            trained_tokens=job.trained_tokens,
            result_files=tuple(job.result_files) if isinstance(job.result_files, list) else (),
            training_file=job.training_file,
            validation_file=job.validation_file,
            job=job,
            reused=reused,
            elapsed=elapsed,
        )

    def _repr_html_(self) -> str:
        import html  # notebooks only: importing the workflows stays fast

        rows = [
            ("job", self.job_id),
            ("status", self.status),
            ("fine-tuned model", self.fine_tuned_model or "-"),
            (
                "trained tokens",
                f"{self.trained_tokens:,}" if self.trained_tokens is not None else "-",
            ),
            ("result files", ", ".join(self.result_files) or "-"),
            ("training file", self.training_file),
            ("validation file", self.validation_file or "-"),
            ("re-attached", "yes" if self.reused else "no"),
        ]
        body = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th><td><code>{html.escape(v)}</code></td></tr>"
            for k, v in rows
        )
        return f"<table><caption>Fine-tuning result</caption>{body}</table>"


@attrs.frozen
class CancelResult:
    """Outcome of :func:`cancel_if_running` (``initialStatus``/``finalStatus`` in the Arazzo flow)."""

    job_id: str
    initial_status: str
    final_status: str
    cancelled: bool
    """True when this call sent the cancel request that stopped the job."""


class FineTuningError(OpenAIFinetunesError):
    """Base class of the workflow outcomes that are not a fine-tuned model."""


class FineTuningJobFailed(FineTuningError):
    """The job ended ``failed`` (or in a finished status this client does not know, such
    as a later ``expired``: ``status`` says which); ``code``/``message``/``param`` are
    OpenAI's reason."""

    def __init__(self, job: FineTuningJob) -> None:
        self.job = _redacted(job)
        self.job_id = job.id
        self.status = _status(job)
        # Each is None when the service left it out (`error: {}`, `null`, a partial object).
        self.code: str | None
        self.error_message: str | None
        self.param: str | None
        self.code, self.error_message, self.param = _error_fields(job.error)
        # The service's reason may echo a key: scrub the attributes and so the message.
        self.code, self.error_message, self.param = redact_value(
            (self.code, self.error_message, self.param)
        )
        given = [part for part in (self.code, self.error_message) if part]
        detail = ": ".join(given) if given else "no error detail from the service"
        where = f" (param: {self.param})" if self.param else ""
        ended = "failed" if self.status == "failed" else f"ended {self.status!r}"
        super().__init__(f"fine-tuning job {job.id} {ended}: {detail}{where}")


def _error_fields(error: object) -> tuple[str | None, str | None, str | None]:
    """A failed job's ``code``/``message``/``param``, whatever shape ``error`` came in."""
    if error is None or isinstance(error, Unset):
        return None, None, None
    fields = error.to_dict() if hasattr(error, "to_dict") else error
    if not isinstance(fields, dict):  # not an object at all: its text is the reason
        return None, _text(fields), None
    return _text(fields.get("code")), _text(fields.get("message")), _text(fields.get("param"))


def _text(value: object) -> str | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


class FineTuningJobCancelled(FineTuningError):
    """The job ended ``cancelled`` (by this process, another one, or the dashboard)."""

    def __init__(self, job: FineTuningJob) -> None:
        self.job = _redacted(job)
        self.job_id = job.id
        super().__init__(f"fine-tuning job {job.id} was cancelled")


class FineTuningTimeout(FineTuningError, TimeoutError):
    """``timeout=`` ran out; a job that exists keeps running on the service.

    ``job``/``job_id``/``status`` are ``None`` when it ran out before a job was created.
    ``waited`` is the time the call really took, in seconds.
    """

    def __init__(
        self, job: FineTuningJob | None, waited: float, *, job_id: str | None = None
    ) -> None:
        self.job = _redacted(job) if job is not None else None
        self.job_id = job.id if job is not None else job_id
        self.status = _status(job) if job is not None else None
        self.waited = waited
        if self.job_id is None:
            message = (
                f"no fine-tuning job was created within {waited:.3g}s; re-running the same "
                "call is safe: it looks for a job that a lost answer may have created first."
            )
        elif job is None:
            message = (
                f"fine-tuning job {self.job_id} could not be reached within {waited:.3g}s; it "
                f"keeps running. Try attach({self.job_id!r}) again later."
            )
        else:
            message = (
                f"fine-tuning job {job.id} is still {self.status} after {waited:.3g}s; it keeps "
                f"running. Resume with attach({job.id!r}).result() (`openai-finetunes watch "
                f"{job.id}`) or by re-running the same call; stop it with "
                f"attach({job.id!r}).cancel()."
            )
        super().__init__(message)


class FineTuningJobError(FineTuningError):
    """Something unexpected went wrong while handling job ``job_id``, which keeps running;
    the original exception is ``__cause__``."""

    def __init__(self, job_id: str, error: BaseException) -> None:
        self.job_id = job_id
        super().__init__(
            f"{type(error).__name__} while handling fine-tuning job {job_id}: {error}. The job "
            f"keeps running: attach({job_id!r}) resumes, attach({job_id!r}).cancel() stops it."
        )
