"""A job's plan: what it will do and when, computed once at creation, replayed on a clock.

Progress is measured in "job seconds" (time spent not paused since creation). The
timeline lists every observable change at its progress point; the state store
applies the entries that the clock has passed whenever the job is observed, so
status, events and checkpoints come out the same however often anyone polls.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping
from concurrent.futures import Future
from typing import Any, Final, Literal

import attrs

from ._blob import Blob

__all__ = [
    "Durations",
    "Entry",
    "FileCheck",
    "PendingCheck",
    "Plan",
    "build_plan",
    "check_file",
    "initial_entries",
    "metrics_at",
    "result_csv",
]

#: At most this many ``metrics`` events per job (every step, or every n-th step).
MAX_METRIC_EVENTS: Final = 1000
#: At most this many rows in the result file.
MAX_RESULT_ROWS: Final = 10_000
#: The service keeps checkpoints for the last epochs only.
CHECKPOINT_EPOCHS: Final = 3
#: What "auto" becomes once the job runs.
AUTO_LEARNING_RATE_MULTIPLIER: Final = 1.8
AUTO_BETA: Final = 0.1
_AUTO_BATCH_FRACTION: Final = 0.002
_KEPT_ERRORS: Final = 5

EntryKind = Literal["event", "status", "checkpoint", "finish"]


@attrs.frozen
class FileCheck:
    """What validating a file found (a compact summary of the project's validator report).

    ``errors`` holds ``(code, text)`` of the first error problems, ``text`` like
    ``"line 7: ..."``.
    """

    errors: tuple[tuple[str, str], ...]
    n_examples: int
    tokens: int
    default_n_epochs: int

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def message(self) -> str | None:
        return self.errors[0][1] if self.errors else None

    def ignoring(self, code: str) -> FileCheck:
        return attrs.evolve(self, errors=tuple(e for e in self.errors if e[0] != code))


def check_file(blob: Blob, method: str, name: str, model: str | None = None) -> FileCheck:
    """Validate ``blob`` as the service would, with the project's own validator."""
    from openai_finetunes.validation import validate_training_file

    with blob.open() as stream:
        report = validate_training_file(
            stream,
            method=method,  # type: ignore[arg-type]
            name=name,
            model=model,
        )
    errors = [(p.code, str(p)) for p in report.problems if p.severity == "error"][:_KEPT_ERRORS]
    if not errors and not report.ok:  # errors beyond the validator's cap
        errors = [("invalid_file", "the file has problems")]
    return FileCheck(
        errors=tuple(errors),
        n_examples=report.n_examples,
        tokens=report.tokens.total,
        default_n_epochs=report.default_n_epochs,
    )


class PendingCheck:
    """A file check that runs once, now or in a background thread, for every job using it."""

    def __init__(self, blob: Blob, method: str, name: str, model: str | None = None) -> None:
        self.blob = blob
        self.method = method
        self.name = name
        self.model = model
        self._future: Future[FileCheck] = Future()
        self._claimed = False
        self._lock = threading.Lock()

    def claim(self) -> bool:
        """True for the one caller that must then call `run`."""
        with self._lock:
            claimed, self._claimed = self._claimed, True
            return not claimed

    def run(self) -> None:
        try:
            check = check_file(self.blob, self.method, self.name, self.model)
        except Exception as error:  # an unreadable file fails the job, not the fake
            problem = ("unreadable_file", f"could not read the file: {error}")
            check = FileCheck(errors=(problem,), n_examples=0, tokens=0, default_n_epochs=1)
        self._future.set_result(check)

    def start(self) -> None:
        """Run in a daemon thread (a large file: the create answer must not wait for it)."""
        if self.claim():
            threading.Thread(target=self.run, name="fake-openai-check", daemon=True).start()

    def done(self) -> bool:
        return self._future.done()

    def result(self) -> FileCheck:
        return self._future.result()


@attrs.frozen
class Durations:
    """Seconds spent validating, queued and running (10% / 10% / 80% of the total)."""

    validating: float
    queued: float
    running: float

    @classmethod
    def split(cls, job_seconds: float) -> Durations:
        return cls(0.1 * job_seconds, 0.1 * job_seconds, 0.8 * job_seconds)


@attrs.frozen
class Entry:
    """One change on the timeline, at progress ``at``."""

    at: float
    kind: EntryKind
    status: str | None = None
    message: str = ""
    level: str = "info"
    event_type: str = "message"
    data: Mapping[str, Any] = attrs.field(factory=dict)
    step: int | None = None


@attrs.frozen
class Plan:
    """Everything a job will do, decided at creation."""

    timeline: tuple[Entry, ...]
    n_initial: int  # entries shown in the create response
    end: float  # progress at which the job is terminal
    outcome: Literal["succeeded", "failed"]
    error: dict[str, Any] | None
    hyperparameters: dict[str, Any]  # resolved: numbers instead of "auto"
    total_steps: int
    trained_tokens: int | None
    curve_seed: int
    has_validation: bool


def _resolve(
    requested: Mapping[str, Any], method_type: str, n_examples: int, n_epochs: int
) -> dict[str, Any]:
    resolved = dict(requested)
    if resolved.get("n_epochs", "auto") == "auto":
        resolved["n_epochs"] = n_epochs
    if resolved.get("batch_size", "auto") == "auto":
        resolved["batch_size"] = max(1, min(256, math.ceil(n_examples * _AUTO_BATCH_FRACTION)))
    if resolved.get("learning_rate_multiplier", "auto") == "auto":
        resolved["learning_rate_multiplier"] = AUTO_LEARNING_RATE_MULTIPLIER
    if method_type == "dpo" and resolved.get("beta", "auto") == "auto":
        resolved["beta"] = AUTO_BETA
    return resolved


def initial_entries(job_id: str, training_file: str, validation_file: str | None) -> list[Entry]:
    """The events a job has from its first moment (before its files are checked)."""
    files = f"Validating training file: {training_file}"
    if validation_file:
        files += f" and validation file: {validation_file}"
    return [
        Entry(0.0, "event", message=f"Created fine-tuning job: {job_id}"),
        Entry(0.0, "event", message=files),
    ]


def build_plan(
    *,
    job_id: str,
    training_file: str,
    validation_file: str | None,
    durations: Durations,
    training: FileCheck,
    validation: FileCheck | None,
    requested: Mapping[str, Any],
    method_type: str,
    curve_seed: int,
    total_steps: int | None = None,
    max_metric_events: int = MAX_METRIC_EVENTS,
) -> Plan:
    """The timeline of a job. ``total_steps`` overrides the step count (for seeded jobs)."""
    v_end = durations.validating
    q_end = v_end + durations.queued
    r_end = q_end + durations.running
    timeline = initial_entries(job_id, training_file, validation_file)
    n_initial = len(timeline)

    error: dict[str, Any] | None = None
    if not training.ok:
        error = {
            "code": "invalid_training_file",
            "message": f"The job failed due to an invalid training file. {training.message}",
            "param": "training_file",
        }
    elif validation is not None and not validation.ok:
        error = {
            "code": "invalid_validation_file",
            "message": f"The job failed due to an invalid validation file. {validation.message}",
            "param": "validation_file",
        }
    if error is not None:
        timeline += [
            Entry(v_end, "event", message=error["message"], level="error"),
            Entry(v_end, "finish", status="failed"),
        ]
        return Plan(
            timeline=tuple(timeline),
            n_initial=n_initial,
            end=v_end,
            outcome="failed",
            error=error,
            hyperparameters=dict(requested),
            total_steps=0,
            trained_tokens=None,
            curve_seed=curve_seed,
            has_validation=validation is not None,
        )

    hyper = _resolve(requested, method_type, training.n_examples, training.default_n_epochs)
    n_epochs = int(hyper["n_epochs"])
    steps_per_epoch = max(1, math.ceil(training.n_examples / int(hyper["batch_size"])))
    if total_steps is None:
        total_steps = steps_per_epoch * n_epochs
    else:
        steps_per_epoch = max(1, total_steps // n_epochs)
    checkpoint_steps = {
        min(total_steps, epoch * steps_per_epoch)
        for epoch in range(max(1, n_epochs - CHECKPOINT_EPOCHS + 1), n_epochs + 1)
    }
    checkpoint_steps.add(total_steps)
    stride = max(1, math.ceil(total_steps / max_metric_events))
    has_validation = validation is not None

    timeline += [
        Entry(v_end, "event", message="Files validated, moving job to queued state"),
        Entry(v_end, "status", status="queued"),
        Entry(q_end, "status", status="running"),
        Entry(q_end, "event", message="Fine-tuning job started"),
    ]
    # Only the steps that show up (metrics every `stride` steps, checkpoints): a job of
    # millions of steps plans in time proportional to its events.
    shown = sorted({*range(stride, total_steps + 1, stride), total_steps, *checkpoint_steps})
    for step in shown:
        at = q_end + durations.running * step / total_steps
        if step % stride == 0 or step == total_steps:
            data = metrics_at(curve_seed, step, total_steps, has_validation)
            text = f"Step {step}/{total_steps}: training loss={data['train_loss']:.4f}"
            if "valid_loss" in data:
                text += f", validation loss={data['valid_loss']:.4f}"
            payload = {"step": step, "total_steps": total_steps, **data}
            timeline.append(Entry(at, "event", message=text, event_type="metrics", data=payload))
        if step in checkpoint_steps:
            timeline.append(Entry(at, "checkpoint", step=step))
    timeline += [
        Entry(r_end, "event", message="New fine-tuned model created"),
        Entry(r_end, "event", message="The job has successfully completed"),
        Entry(r_end, "finish", status="succeeded"),
    ]
    return Plan(
        timeline=tuple(timeline),
        n_initial=n_initial,
        end=r_end,
        outcome="succeeded",
        error=None,
        hyperparameters=hyper,
        total_steps=total_steps,
        trained_tokens=training.tokens * n_epochs,
        curve_seed=curve_seed,
        has_validation=has_validation,
    )


def _unit(seed: int, index: int) -> float:
    """A deterministic number in [0, 1) for (seed, index) (a splitmix64 step)."""
    z = (seed * 0x9E3779B97F4A7C15 + (index + 1) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    z ^= z >> 31
    return (z >> 11) / float(1 << 53)


def metrics_at(seed: int, step: int, total_steps: int, validation: bool) -> dict[str, float]:
    """Training (and validation) metrics at ``step``: a noisy decaying loss curve."""
    start = 1.6 + 0.8 * _unit(seed, -1)
    floor = 0.05 + 0.25 * _unit(seed, -2)
    progress = 1 - math.exp(-4.0 * step / max(1, total_steps))
    noise = 1 + 0.2 * (_unit(seed, 2 * step) - 0.5)
    loss = (floor + (start - floor) * (1 - progress)) * noise
    accuracy = min(
        1.0, max(0.0, (0.45 + 0.5 * progress) * (1 + 0.1 * (_unit(seed, 2 * step + 1) - 0.5)))
    )
    metrics = {"train_loss": round(loss, 5), "train_mean_token_accuracy": round(accuracy, 5)}
    if validation:
        metrics["valid_loss"] = round(loss * (1.05 + 0.1 * _unit(seed, -3 - step)), 5)
        metrics["valid_mean_token_accuracy"] = round(accuracy * 0.97, 5)
    return metrics


def result_csv(plan: Plan) -> bytes:
    """The ``fine-tune-results`` file: one row per step (every n-th past `MAX_RESULT_ROWS`)."""
    rows = ["step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy"]
    stride = max(1, math.ceil(plan.total_steps / MAX_RESULT_ROWS))
    steps = sorted({*range(stride, plan.total_steps + 1, stride), plan.total_steps})
    for step in steps:
        m = metrics_at(plan.curve_seed, step, plan.total_steps, plan.has_validation)
        valid = (
            f"{m['valid_loss']:.5f},{m['valid_mean_token_accuracy']:.5f}"
            if plan.has_validation
            else ","
        )
        rows.append(f"{step},{m['train_loss']:.5f},{m['train_mean_token_accuracy']:.5f},{valid}")
    return ("\n".join(rows) + "\n").encode()
