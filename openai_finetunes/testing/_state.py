"""The service's state: files, jobs, models, uploads, permissions, and the job lifecycle.

All reads and writes happen under one re-entrant lock; expensive work (validating a
training file, concatenating upload parts) happens outside it. Operations take and
return JSON-ready values and raise `ApiError` for the service's error answers.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any, Final

from openai_finetunes import _facts

from ._blob import DEFAULT_SPOOL_BYTES, Blob, BlobWriter
from ._clock import Clock
from ._errors import ApiError, invalid_request, missing_parameter, not_found
from ._ids import IdFactory
from ._lifecycle import (
    Durations,
    Entry,
    FileCheck,
    PendingCheck,
    build_plan,
    initial_entries,
    metrics_at,
    result_csv,
)
from ._pagination import page_after
from ._params import (
    JOB_FIELDS,
    STANDARD_HYPERPARAMETERS,
    expiry_seconds,
    is_int,
    parse_integrations,
    parse_metadata,
    parse_method,
)
from ._records import (
    PAUSED,
    FileRecord,
    JobRecord,
    JobSpec,
    ModelRecord,
    PartRecord,
    PermissionRecord,
    UploadRecord,
)

__all__ = ["BASE_MODELS", "MODEL_ALIASES", "ServiceState"]

#: (id, created, owned_by) of the base models the fake lists and fine-tunes.
BASE_MODELS: Final = (
    ("gpt-4.1-2025-04-14", 1744316542, "system"),
    ("gpt-4.1-mini-2025-04-14", 1744318173, "system"),
    ("gpt-4.1-nano-2025-04-14", 1744321707, "system"),
    ("gpt-4o-2024-08-06", 1722814719, "system"),
    ("gpt-4o-mini-2024-07-18", 1721172717, "system"),
    ("gpt-4o-mini", 1721172741, "system"),
    ("gpt-3.5-turbo-0125", 1706048358, "system"),
    ("gpt-3.5-turbo", 1677610602, "openai"),
    ("babbage-002", 1692634615, "system"),
    ("davinci-002", 1692634301, "system"),
)
#: Aliases that fine-tuning resolves to a dated snapshot, as the service does.
MODEL_ALIASES: Final = {
    "gpt-4.1": "gpt-4.1-2025-04-14",
    "gpt-4.1-mini": "gpt-4.1-mini-2025-04-14",
    "gpt-4.1-nano": "gpt-4.1-nano-2025-04-14",
    "gpt-4o": "gpt-4o-2024-08-06",
    "gpt-4o-mini": "gpt-4o-mini-2024-07-18",
    "gpt-3.5-turbo": "gpt-3.5-turbo-0125",
}
UPLOAD_LIFETIME_SECONDS: Final = 3600
#: Files up to this size are checked while creating the job; larger ones in the background.
SYNC_CHECK_BYTES: Final = 8 * 1024 * 1024


class ServiceState:
    """Stores and lifecycle of the fake service (see the module docstring)."""

    #: Clock seconds a new file reports ``uploaded`` before ``processed``.
    file_processing_seconds: float = 0.0

    def __init__(
        self,
        *,
        organization: str,
        clock: Clock,
        job_seconds: float,
        static: bool,
        seed: int,
        max_file_bytes: int = _facts.CREATE_FILE_MAX_BYTES,
        spool_bytes: int = DEFAULT_SPOOL_BYTES,
    ) -> None:
        if job_seconds < 0:
            raise ValueError(f"job_seconds must be >= 0, got {job_seconds}")
        self.organization = organization
        self.clock = clock
        self.job_seconds = job_seconds
        self.static = static
        self.seed = seed
        self.max_file_bytes = max_file_bytes
        self.spool_bytes = spool_bytes
        self.lock = threading.RLock()
        self.ids = IdFactory(seed)
        self.files: dict[str, FileRecord] = {}
        self.jobs: dict[str, JobRecord] = {}
        self.uploads: dict[str, UploadRecord] = {}
        self.models: dict[str, ModelRecord] = {
            model_id: ModelRecord(model_id, created, owner)
            for model_id, created, owner in BASE_MODELS
        }
        self.permissions: dict[str, list[PermissionRecord]] = {}
        self.checkpoint_names: set[str] = set()
        self._checks: dict[tuple[str, str, str], PendingCheck] = {}
        self._waiting: set[JobRecord] = set()
        self._due: list[tuple[float, int, str, int]] = []
        self._seq = 0
        #: Called (under the lock) when a job reaches succeeded, failed or cancelled, with
        #: the clock time of the transition; the fake's webhooks hang here.
        self.on_terminal: Callable[[JobRecord, float], object] | None = None
        #: Called (under the lock) whenever a job's schedule changes (created, paused, ...).
        self.on_change: Callable[[], object] | None = None

    # -- time ------------------------------------------------------------------------
    def now(self) -> float:
        return self.clock.now()

    def settle(self) -> float:
        """Apply every job transition the clock has passed; returns the time used."""
        now = self.now()
        with self.lock:
            for ready in [job for job in self._waiting if self._plan_ready(job)]:
                self._waiting.discard(ready)
                self._schedule(ready)
            while self._due and self._due[0][0] <= now:
                _, _, job_id, version = heapq.heappop(self._due)
                due = self.jobs.get(job_id)
                if due is not None and due.version == version:
                    self._advance(due, now)
                    if due.plan is None and not due.terminal:
                        self._waiting.add(due)
        return now

    def next_terminal_at(self) -> tuple[float | None, bool]:
        """The clock time of the earliest planned terminal transition (``None``: none), and
        whether a job is waiting for a file check (its end is known only once it is done)."""
        earliest: float | None = None
        checking = False
        with self.lock:
            if self.static:
                return None, False
            for job in self.jobs.values():
                if job.terminal or job.status == PAUSED:
                    continue
                if job.plan is None:
                    checking = True
                    end = job.durations.validating
                else:
                    end = job.plan.end
                at = job.clock_at(end)
                earliest = at if earliest is None else min(earliest, at)
        return earliest, checking

    def _terminal(self, job: JobRecord, at: float) -> None:
        if self.on_terminal is not None:
            self.on_terminal(job, at)

    def _schedule(self, job: JobRecord) -> None:
        if self.on_change is not None:
            self.on_change()
        job.version += 1
        if self.static or job.terminal or job.status == PAUSED:
            return
        self._seq += 1
        # Until its files are checked a job is due at the end of validation, then re-checked.
        end = job.durations.validating if job.plan is None else job.plan.end
        heapq.heappush(self._due, (job.clock_at(end), self._seq, job.id, job.version))

    def _plan_ready(self, job: JobRecord) -> bool:
        """Build the job's plan once its file checks are done (at once for small files)."""
        if job.plan is not None:
            return True
        assert job.pending is not None
        training, validation = job.pending
        if not training.done() or (validation is not None and not validation.done()):
            return False
        job.pending = None
        job.plan = build_plan(
            job_id=job.id,
            training_file=job.spec.training_file,
            validation_file=job.spec.validation_file,
            durations=job.durations,
            training=training.result(),
            # A validation file may hold fewer examples than a training file needs.
            validation=None
            if validation is None
            else validation.result().ignoring("too_few_examples"),
            requested=job.spec.requested,
            method_type=job.spec.method_type,
            curve_seed=job.seed,
        )
        return True

    def _advance(self, job: JobRecord, now: float, upto: int | None = None) -> None:
        if not self._plan_ready(job):
            return  # still checking a large file: the job stays in validating_files
        timeline = job.ready_plan().timeline
        limit = len(timeline) if upto is None else upto
        progress = job.progress(now, self.static) if upto is None else math.inf
        while job.cursor < limit and not job.terminal and job.status != PAUSED:
            entry = timeline[job.cursor]
            if entry.at > progress:
                break
            self._apply(job, entry, job.clock_at(entry.at))
            job.cursor += 1

    def _apply(self, job: JobRecord, entry: Entry, at: float) -> None:
        if entry.kind == "event":
            self._event(job, at, entry.message, entry.level, entry.event_type, dict(entry.data))
        elif entry.kind == "status":
            assert entry.status is not None
            job.status = entry.status
            job.started = job.started or entry.status == "running"
        elif entry.kind == "checkpoint":
            assert entry.step is not None
            self._checkpoint(job, at, entry.step)
        elif entry.status == "failed":
            job.status = "failed"
            job.error = job.ready_plan().error
            job.finished_at = at
            self._terminal(job, at)
        else:
            self._succeed(job, at)
            self._terminal(job, at)

    def _event(
        self,
        job: JobRecord,
        at: float,
        message: str,
        level: str = "info",
        event_type: str = "message",
        data: dict[str, Any] | None = None,
    ) -> None:
        event_id = job.ids.new("ftevent-")
        job.event_index[event_id] = len(job.events)
        job.events.append(
            {
                "object": "fine_tuning.job.event",
                "id": event_id,
                "created_at": int(at),
                "level": level,
                "message": message,
                # Plain messages carry `"data": null`, as upstream's own examples show.
                "data": data or None,
                "type": event_type,
            }
        )

    def _checkpoint(self, job: JobRecord, at: float, step: int) -> None:
        plan = job.ready_plan()
        name = f"{job.model_name}:ckpt-step-{step}"
        metrics: dict[str, float] = {"step": float(step)}
        metrics.update(metrics_at(plan.curve_seed, step, plan.total_steps, plan.has_validation))
        if plan.has_validation:
            metrics["full_valid_loss"] = metrics["valid_loss"]
            metrics["full_valid_mean_token_accuracy"] = metrics["valid_mean_token_accuracy"]
        job.checkpoints.append(
            {
                "object": "fine_tuning.job.checkpoint",
                "id": job.ids.new("ftckpt-"),
                "created_at": int(at),
                "fine_tuned_model_checkpoint": name,
                "fine_tuning_job_id": job.id,
                "metrics": metrics,
                "step_number": step,
            }
        )
        self.checkpoint_names.add(name)
        self._event(job, at, f"Checkpoint created at step {step}")

    def _succeed(self, job: JobRecord, at: float) -> None:
        writer = BlobWriter(self.spool_bytes)
        writer.write(result_csv(job.ready_plan()))
        results = self._store_file(
            writer.finish(), "step_metrics.csv", "fine-tune-results", int(at)
        )
        self.models[job.model_name] = ModelRecord(job.model_name, int(at), self.organization)
        job.status = "succeeded"
        job.finished_at = at
        job.fine_tuned_model = job.model_name
        job.result_files = [results.id]

    # -- files -----------------------------------------------------------------------
    def _store_file(
        self,
        blob: Blob,
        filename: str,
        purpose: str,
        created_at: int,
        expires_at: int | None = None,
    ) -> FileRecord:
        record = FileRecord(self.ids.new("file-"), filename, purpose, created_at, blob, expires_at)
        record.processed_at = self.now() + self.file_processing_seconds
        self.files[record.id] = record
        return record

    def add_file(
        self,
        blob: Blob,
        filename: str,
        purpose: str,
        expires_after: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        if purpose not in _facts.FILE_PURPOSES:
            raise invalid_request(
                f"'{purpose}' is not one of {list(_facts.FILE_PURPOSES)} - 'purpose'",
                param="purpose",
            )
        now = int(self.now())
        expires_at = None
        if expires_after is not None:
            expires_at = now + expiry_seconds(expires_after)
        with self.lock:
            return self._store_file(blob, filename, purpose, now, expires_at).to_json(self.now())

    def _file(self, file_id: str) -> FileRecord:
        record = self.files.get(file_id)
        if record is None:
            raise not_found(f"No such File object: {file_id}", param="id")
        return record

    def get_file(self, file_id: str) -> dict[str, Any]:
        self.settle()  # a job that finished by now has its result file
        with self.lock:
            return self._file(file_id).to_json(self.now())

    def set_file_status(self, file_id: str, status: str | None, details: str | None) -> None:
        with self.lock:
            record = self._file(file_id)
            record.status, record.status_details = status, details

    def file_blob(self, file_id: str) -> Blob:
        self.settle()  # a job that finished by now has its result file
        with self.lock:
            return self._file(file_id).blob

    def list_files(
        self, *, purpose: str | None, order: str, after: str | None, limit: int
    ) -> dict[str, Any]:
        self.settle()
        with self.lock:
            records = [r for r in self.files.values() if purpose is None or r.purpose == purpose]
            if order == "desc":
                records.reverse()
            page, has_more = page_after(records, after=after, limit=limit, id_of=lambda r: r.id)
            now = self.now()
            data = [r.to_json(now) for r in page]
        # The schema requires string cursors even on an empty page.
        return {
            "object": "list",
            "data": data,
            "first_id": data[0]["id"] if data else "",
            "last_id": data[-1]["id"] if data else "",
            "has_more": has_more,
        }

    def delete_file(self, file_id: str) -> dict[str, Any]:
        self.settle()  # a job that finished by now has its result file
        with self.lock:
            self._file(file_id)
            del self.files[file_id]
        return {"id": file_id, "object": "file", "deleted": True}

    # -- jobs: creation --------------------------------------------------------------
    def create_job(self, body: Any) -> dict[str, Any]:
        with self.lock:
            spec = self._job_spec(body)
            training = self._check(spec.training_file, spec.method_type, spec.model)
            validation = None
            if spec.validation_file is not None:
                validation = self._check(spec.validation_file, spec.method_type, spec.model)
        # Small files are checked here, outside the lock (large ones run in the background).
        for check in (training, validation):
            if check is not None and check.claim():
                check.run()
        with self.lock:
            job = self._new_job(spec, training, validation)
            return self._job_json(job)

    def _check(self, file_id: str, method: str, model: str) -> PendingCheck:
        """The (cached) check of a file; a large one starts in the background at once.

        Creating a job answers at once, as the service does; a job whose file is still
        being checked stays ``validating_files`` until the check is done.
        """
        # The model decides which formats are allowed (prompt/completion for legacy models).
        key = (file_id, method, model)
        check = self._checks.get(key)
        if check is None:
            check = PendingCheck(self.files[file_id].blob, method, file_id, model)
            self._checks[key] = check
            if check.blob.size > SYNC_CHECK_BYTES:
                check.start()
        return check

    def _new_job(
        self,
        spec: JobSpec,
        training: PendingCheck | FileCheck,
        validation: PendingCheck | FileCheck | None,
        *,
        created: float | None = None,
        total_steps: int | None = None,
        max_metric_events: int | None = None,
    ) -> JobRecord:
        job_id = self.ids.new("ftjob-")
        ids = IdFactory(f"{self.seed}:{job_id}")
        seed = spec.seed if spec.seed is not None else int(ids.new("", 9, "0123456789"))
        suffix = spec.suffix or ""
        short = ids.new("", 8, "abcdefghijklmnopqrstuvwxyz0123456789")
        durations = Durations.split(self.job_seconds)
        created = self.now() if created is None else created
        job = JobRecord(
            id=job_id,
            spec=spec,
            plan=None,
            durations=durations,
            created=created,
            seed=seed,
            model_name=f"ft:{spec.base_model}:{self.organization}:{suffix}:{short}",
            ids=ids,
            clock_base=created,
        )
        if isinstance(training, FileCheck):  # a seeded job: plan it directly
            plan_args: dict[str, Any] = {}
            if max_metric_events is not None:
                plan_args["max_metric_events"] = max_metric_events
            assert validation is None or isinstance(validation, FileCheck)
            job.plan = build_plan(
                job_id=job_id,
                training_file=spec.training_file,
                validation_file=spec.validation_file,
                durations=durations,
                training=training,
                validation=validation,
                requested=spec.requested,
                method_type=spec.method_type,
                curve_seed=seed,
                total_steps=total_steps,
                **plan_args,
            )
        else:
            assert validation is None or isinstance(validation, PendingCheck)
            job.pending = (training, validation)
        self.jobs[job_id] = job
        # The create answer shows the job as just created, even with job_seconds=0.
        for entry in initial_entries(job_id, spec.training_file, spec.validation_file):
            self._apply(job, entry, created)
            job.cursor += 1
        self._schedule(job)
        return job

    def _job_spec(self, body: Any) -> JobSpec:
        if not isinstance(body, dict):
            raise invalid_request("The request body must be a JSON object.")
        unknown = sorted(set(body) - JOB_FIELDS)
        if unknown:
            raise invalid_request(
                f"Unrecognized request argument supplied: {unknown[0]}", param=unknown[0]
            )
        model = body.get("model")
        if model is None:
            raise missing_parameter("model")
        if not isinstance(model, str):
            raise invalid_request("Invalid 'model': expected a string.", param="model")
        model, base_model = self._fine_tunable(model)

        training_file = self._file_param(body, "training_file", required=True)
        assert training_file is not None
        validation_file = self._file_param(body, "validation_file", required=False)

        method_type, requested, grader = parse_method(body)

        suffix = body.get("suffix")
        if suffix is not None:
            low, high = _facts.SUFFIX_LENGTH_RANGE
            if not isinstance(suffix, str) or not low <= len(suffix) <= high:
                raise invalid_request(
                    f"Invalid 'suffix': it must be a string of {low} to {high} characters.",
                    param="suffix",
                    code="invalid_suffix",
                )
        seed = body.get("seed")
        if seed is not None:
            low, high = _facts.SEED_RANGE
            if not is_int(seed) or not low <= seed <= high:
                raise invalid_request(
                    f"Invalid 'seed': it must be an integer between {low} and {high}.",
                    param="seed",
                    code="integer_out_of_range",
                )
        return JobSpec(
            model=model,
            base_model=base_model,
            training_file=training_file,
            validation_file=validation_file,
            suffix=suffix,
            seed=seed,
            method_type=method_type,
            requested=requested,
            grader=grader,
            metadata=parse_metadata(body.get("metadata")),
            integrations=parse_integrations(body.get("integrations")),
        )

    def _fine_tunable(self, model: str) -> tuple[str, str]:
        """(the model to train, the base model named in ``ft:`` names)."""
        resolved = MODEL_ALIASES.get(model, model)
        record = self.models.get(resolved)
        if record is None:
            raise invalid_request(
                f"Model {model} is not available for fine-tuning or does not exist.",
                param="model",
                code="model_not_found",
            )
        if resolved.startswith("ft:"):
            if record.owned_by != self.organization:
                raise invalid_request(
                    f"Model {model} is not available for fine-tuning or does not exist.",
                    param="model",
                    code="model_not_found",
                )
            return resolved, resolved.split(":")[1]
        return resolved, resolved

    def _file_param(self, body: Mapping[str, Any], param: str, *, required: bool) -> str | None:
        file_id = body.get(param)
        if file_id is None:
            if required:
                raise missing_parameter(param)
            return None
        if not isinstance(file_id, str) or file_id not in self.files:
            raise invalid_request(f"invalid {param}: {file_id}", param=param)
        purpose = self.files[file_id].purpose
        if purpose != "fine-tune":
            raise invalid_request(
                f"File {file_id} has purpose '{purpose}'; fine-tuning needs files uploaded with "
                "purpose 'fine-tune'.",
                param=param,
                code="invalid_file_purpose",
            )
        return file_id

    # -- jobs: reading and control ---------------------------------------------------
    def _job(self, job_id: str, now: float) -> JobRecord:
        job = self.jobs.get(job_id)
        if job is None:
            raise not_found(
                f"Could not find fine-tuning job {job_id}.",
                param="fine_tuning_job_id",
                code="fine_tune_not_found",
            )
        self._advance(job, now)
        return job

    def _job_json(self, job: JobRecord) -> dict[str, Any]:
        spec = job.spec
        plan = job.plan
        hyper = plan.hyperparameters if plan is not None and job.started else spec.requested
        method: dict[str, Any] = {"type": spec.method_type}
        details: dict[str, Any] = {"hyperparameters": dict(hyper)}
        if spec.grader is not None:
            details["grader"] = spec.grader
        method[spec.method_type] = details
        running = job.status == "running"
        return {
            "object": "fine_tuning.job",
            "id": job.id,
            "model": spec.model,
            "created_at": int(job.created),
            "finished_at": None if job.finished_at is None else int(job.finished_at),
            "fine_tuned_model": job.fine_tuned_model,
            "organization_id": self.organization,
            "result_files": list(job.result_files),
            "status": job.status,
            "validation_file": spec.validation_file,
            "training_file": spec.training_file,
            "hyperparameters": {key: hyper[key] for key in STANDARD_HYPERPARAMETERS},
            "trained_tokens": plan.trained_tokens if plan and job.status == "succeeded" else None,
            "error": job.error,
            "user_provided_suffix": spec.suffix,
            "seed": job.seed,
            "estimated_finish": int(job.clock_at(plan.end)) if plan and running else None,
            "integrations": [dict(i) for i in spec.integrations],
            "method": method,
            "metadata": None if spec.metadata is None else dict(spec.metadata),
        }

    def get_job(self, job_id: str) -> dict[str, Any]:
        now = self.settle()
        with self.lock:
            return self._job_json(self._job(job_id, now))

    def list_jobs(
        self, *, after: str | None, limit: int, metadata: Mapping[str, str]
    ) -> dict[str, Any]:
        now = self.settle()
        with self.lock:
            jobs = [
                job
                for job in reversed(self.jobs.values())
                if all((job.spec.metadata or {}).get(k) == v for k, v in metadata.items())
            ]
            page, has_more = page_after(jobs, after=after, limit=limit, id_of=lambda j: j.id)
            data = []
            for job in page:
                self._advance(job, now)
                data.append(self._job_json(job))
        return {"object": "list", "data": data, "has_more": has_more}

    def cancel_job(self, job_id: str) -> dict[str, Any]:
        now = self.settle()
        with self.lock:
            job = self._job(job_id, now)
            if job.terminal:
                raise invalid_request(
                    f"Job {job_id} has already {job.status} and cannot be cancelled.",
                    code="invalid_job_status",
                )
            job.progress_base = job.progress(now, self.static)
            job.status = "cancelled"
            job.finished_at = now
            self._event(job, now, "Fine-tuning job cancelled")
            self._terminal(job, now)
            self._schedule(job)
            return self._job_json(job)

    def pause_job(self, job_id: str) -> dict[str, Any]:
        now = self.settle()
        with self.lock:
            job = self._job(job_id, now)
            if job.status != "running":
                raise invalid_request(
                    f"Job {job_id} is {job.status}; only running jobs can be paused.",
                    code="invalid_job_status",
                )
            job.progress_base = job.progress(now, self.static)
            job.clock_base = now
            job.status = PAUSED
            self._event(job, now, "Fine-tuning job paused")
            self._schedule(job)
            return self._job_json(job)

    def resume_job(self, job_id: str) -> dict[str, Any]:
        now = self.settle()
        with self.lock:
            job = self._job(job_id, now)
            if job.status != PAUSED:
                raise invalid_request(
                    f"Job {job_id} is {job.status}; only paused jobs can be resumed.",
                    code="invalid_job_status",
                )
            job.clock_base = now
            job.status = "running"
            self._event(job, now, "Fine-tuning job resumed")
            self._schedule(job)
            return self._job_json(job)

    def list_events(self, job_id: str, *, after: str | None, limit: int) -> dict[str, Any]:
        now = self.settle()
        with self.lock:
            job = self._job(job_id, now)
            # Newest first; `after` is a cursor towards older events. O(limit) per page.
            end = len(job.events)
            if after:
                position = job.event_index.get(after)
                end = 0 if position is None else position
            start = max(0, end - limit)
            data = [dict(event) for event in reversed(job.events[start:end])]
            return {"object": "list", "data": data, "has_more": start > 0}

    def list_checkpoints(self, job_id: str, *, after: str | None, limit: int) -> dict[str, Any]:
        now = self.settle()
        with self.lock:
            job = self._job(job_id, now)
            newest_first = list(reversed(job.checkpoints))
            page, has_more = page_after(newest_first, after=after, limit=limit, id_of=_id)
            return _list_page([dict(c) for c in page], has_more)

    # -- models ----------------------------------------------------------------------
    def _model(self, model_id: str) -> ModelRecord:
        record = self.models.get(model_id)
        if record is None:
            raise not_found(
                f"The model '{model_id}' does not exist", param="model", code="model_not_found"
            )
        return record

    def list_models(self) -> dict[str, Any]:
        self.settle()
        with self.lock:
            return {"object": "list", "data": [m.to_json() for m in self.models.values()]}

    def get_model(self, model_id: str) -> dict[str, Any]:
        self.settle()
        with self.lock:
            return self._model(model_id).to_json()

    def delete_model(self, model_id: str) -> dict[str, Any]:
        self.settle()
        with self.lock:
            record = self._model(model_id)
            if record.owned_by != self.organization:
                raise ApiError(
                    403,
                    f"You are not allowed to delete model {model_id}: only fine-tuned models "
                    "owned by your organization can be deleted.",
                    param="model",
                    code="model_not_owned",
                )
            del self.models[model_id]
        return {"id": model_id, "object": "model", "deleted": True}

    # -- checkpoint permissions ------------------------------------------------------
    def _known_checkpoint(self, name: str) -> None:
        now = self.settle()
        for job in self.jobs.values():
            if not job.terminal:
                self._advance(job, now)
        if name not in self.checkpoint_names and name not in self.models:
            raise not_found(
                f"Checkpoint {name} does not exist.",
                param="fine_tuned_model_checkpoint",
                code="checkpoint_not_found",
            )

    def create_permissions(self, checkpoint: str, body: Any) -> dict[str, Any]:
        project_ids = body.get("project_ids") if isinstance(body, dict) else None
        if (
            not isinstance(project_ids, list)
            or not project_ids
            or not all(isinstance(p, str) and p for p in project_ids)
        ):
            raise invalid_request(
                "'project_ids' must be a non-empty list of project ids.", param="project_ids"
            )
        with self.lock:
            self._known_checkpoint(checkpoint)
            existing = self.permissions.setdefault(checkpoint, [])
            now = int(self.now())
            created = []
            for project_id in dict.fromkeys(project_ids):
                match = next((p for p in existing if p.project_id == project_id), None)
                if match is None:
                    match = PermissionRecord(self.ids.new("cp_"), project_id, now)
                    existing.append(match)
                created.append(match.to_json())
        return _list_page(created, False)

    def list_permissions(
        self, checkpoint: str, *, project_id: str | None, after: str | None, limit: int, order: str
    ) -> dict[str, Any]:
        with self.lock:
            self._known_checkpoint(checkpoint)
            records = [
                p
                for p in self.permissions.get(checkpoint, [])
                if project_id is None or p.project_id == project_id
            ]
            if order == "descending":
                records.reverse()
            page, has_more = page_after(records, after=after, limit=limit, id_of=lambda p: p.id)
            return _list_page([p.to_json() for p in page], has_more)

    def delete_permission(self, checkpoint: str, permission_id: str) -> dict[str, Any]:
        with self.lock:
            records = self.permissions.get(checkpoint, [])
            match = next((p for p in records if p.id == permission_id), None)
            if match is None:
                raise not_found(
                    f"No such checkpoint permission: {permission_id}", param="permission_id"
                )
            records.remove(match)
        return {"id": permission_id, "object": "checkpoint.permission", "deleted": True}

    # -- uploads ---------------------------------------------------------------------
    def create_upload(self, body: Any) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise invalid_request("The request body must be a JSON object.")
        for name in ("filename", "purpose", "bytes", "mime_type"):
            if body.get(name) is None:
                raise missing_parameter(name)
        filename, purpose, size, mime_type = (
            body["filename"],
            body["purpose"],
            body["bytes"],
            body["mime_type"],
        )
        if not isinstance(filename, str) or not filename:
            raise invalid_request("Invalid 'filename'.", param="filename")
        if purpose not in _facts.UPLOAD_PURPOSES:
            raise invalid_request(
                f"'{purpose}' is not one of {list(_facts.UPLOAD_PURPOSES)} - 'purpose'",
                param="purpose",
            )
        if not is_int(size) or not 0 <= size <= _facts.UPLOAD_MAX_BYTES:
            raise invalid_request(
                f"Invalid 'bytes': an upload holds 0 to {_facts.UPLOAD_MAX_BYTES} bytes.",
                param="bytes",
            )
        if not isinstance(mime_type, str) or not mime_type:
            raise invalid_request("Invalid 'mime_type'.", param="mime_type")
        lifetime = UPLOAD_LIFETIME_SECONDS
        if body.get("expires_after") is not None:
            lifetime = expiry_seconds(body["expires_after"])
        now = int(self.now())
        with self.lock:
            record = UploadRecord(
                self.ids.new("upload_"), filename, purpose, size, mime_type, now, now + lifetime
            )
            self.uploads[record.id] = record
            return record.to_json()

    def _upload(self, upload_id: str, *, pending: bool) -> UploadRecord:
        record = self.uploads.get(upload_id)
        if record is None:
            raise not_found(f"No such Upload object: {upload_id}", param="upload_id")
        if record.status == "pending" and self.now() > record.expires_at:
            record.status = "expired"
        if pending and record.status != "pending":
            raise invalid_request(
                f"Upload {upload_id} is {record.status}; it no longer accepts changes.",
                param="upload_id",
            )
        return record

    def check_upload(self, upload_id: str) -> None:
        """Fail fast (before a part's body is read) for unknown or closed uploads."""
        with self.lock:
            self._upload(upload_id, pending=True)

    def add_part(self, upload_id: str, blob: Blob) -> dict[str, Any]:
        with self.lock:
            upload = self._upload(upload_id, pending=True)
            part = PartRecord(self.ids.new("part_"), upload_id, int(self.now()), blob)
            upload.parts[part.id] = part
            return part.to_json()

    def complete_upload(self, upload_id: str, body: Any) -> dict[str, Any]:
        if not isinstance(body, dict) or body.get("part_ids") is None:
            raise missing_parameter("part_ids")
        part_ids, md5 = body["part_ids"], body.get("md5")
        if not isinstance(part_ids, list) or not all(isinstance(p, str) for p in part_ids):
            raise invalid_request("'part_ids' must be a list of part ids.", param="part_ids")
        if md5 is not None and not isinstance(md5, str):
            raise invalid_request("Invalid 'md5'.", param="md5")
        with self.lock:
            upload = self._upload(upload_id, pending=True)
            if len(set(part_ids)) != len(part_ids):
                raise invalid_request("'part_ids' lists a part twice.", param="part_ids")
            unknown = [p for p in part_ids if p not in upload.parts]
            if unknown:
                raise invalid_request(
                    f"Part {unknown[0]} does not belong to upload {upload_id}.", param="part_ids"
                )
            parts = [upload.parts[p].blob for p in part_ids]
        total = sum(blob.size for blob in parts)
        if total != upload.bytes:
            raise invalid_request(
                f"The parts hold {total} bytes but the upload was created for {upload.bytes}.",
                param="part_ids",
            )
        # Concatenate outside the lock, streaming: linear in the size, bounded in memory.
        writer = BlobWriter(self.spool_bytes)
        digest = None if md5 is None else hashlib.md5(usedforsecurity=False)
        for blob in parts:
            for chunk in blob.iter_chunks():
                if digest is not None:
                    digest.update(chunk)
                writer.write(chunk)
        if md5 is not None and digest is not None and md5.lower() != digest.hexdigest():
            writer.discard()
            raise invalid_request(
                f"The md5 checksum {md5} does not match the uploaded bytes.",
                param="md5",
                code="md5_mismatch",
            )
        with self.lock:
            upload = self._upload(upload_id, pending=True)
            upload.file = self._store_file(
                writer.finish(), upload.filename, upload.purpose, int(self.now())
            )
            upload.status = "completed"
            upload.parts.clear()
            return upload.to_json()

    def cancel_upload(self, upload_id: str) -> dict[str, Any]:
        with self.lock:
            upload = self._upload(upload_id, pending=True)
            upload.status = "cancelled"
            upload.parts.clear()
            return upload.to_json()

    # -- inspection ------------------------------------------------------------------
    def settle_all(self) -> None:
        now = self.settle()
        with self.lock:
            for job in self.jobs.values():
                if not job.terminal:
                    self._advance(job, now)

    def job_snapshots(self) -> list[dict[str, Any]]:
        self.settle_all()
        with self.lock:
            return [self._job_json(job) for job in self.jobs.values()]

    def counts(self) -> dict[str, Any]:
        self.settle_all()
        with self.lock:
            seen: set[tuple[str, str]] = set()
            duplicates = 0
            for record in self.files.values():
                key = (record.purpose, record.blob.fingerprint)
                duplicates += key in seen
                seen.add(key)
            return {
                "jobs": len(self.jobs),
                "jobs_by_status": dict(Counter(job.status for job in self.jobs.values())),
                "files": len(self.files),
                "files_by_purpose": dict(Counter(r.purpose for r in self.files.values())),
                "duplicate_files": duplicates,
                "uploads": len(self.uploads),
                "uploads_by_status": dict(Counter(u.status for u in self.uploads.values())),
                "fine_tuned_models": sum(
                    m.owned_by == self.organization for m in self.models.values()
                ),
                "events": sum(len(job.events) for job in self.jobs.values()),
            }

    def seed_job(self, n_events: int, training_file: str) -> dict[str, Any]:
        """A succeeded job with exactly ``n_events`` events, finished now (for benchmarks)."""
        spec = JobSpec(
            model="gpt-4o-mini-2024-07-18",
            base_model="gpt-4o-mini-2024-07-18",
            training_file=training_file,
            validation_file=None,
            suffix="seeded",
            seed=None,
            method_type="supervised",
            requested={"batch_size": 1, "learning_rate_multiplier": "auto", "n_epochs": 1},
            grader=None,
            metadata={"seeded_events": str(n_events)},
            integrations=[],
        )
        check = FileCheck(errors=(), n_examples=10, tokens=1000, default_n_epochs=1)
        with self.lock:
            # A one-step plan has this many non-metrics events; the rest are steps.
            probe = build_plan(
                job_id="probe",
                training_file=training_file,
                validation_file=None,
                durations=Durations.split(1.0),
                training=check,
                validation=None,
                requested=spec.requested,
                method_type="supervised",
                curve_seed=0,
                total_steps=1,
            )
            fixed = sum(e.kind in ("event", "checkpoint") for e in probe.timeline) - 1
            if n_events <= fixed:
                raise invalid_request(f"n_events must be greater than {fixed}.", param="n_events")
            steps = n_events - fixed
            duration = max(self.job_seconds, 1.0)
            job = self._new_job(
                spec,
                check,
                None,
                created=self.now() - duration,
                total_steps=steps,
                max_metric_events=steps,
            )
            # Finished by now (its timeline lies in the past), even in static mode.
            self._advance(job, self.now(), upto=len(job.ready_plan().timeline))
            assert len(job.events) == n_events, (len(job.events), n_events)
            return self._job_json(job)


def _id(item: Mapping[str, Any]) -> str:
    return str(item["id"])


def _list_page(data: list[dict[str, Any]], has_more: bool) -> dict[str, Any]:
    return {
        "object": "list",
        "data": data,
        "first_id": data[0]["id"] if data else None,
        "last_id": data[-1]["id"] if data else None,
        "has_more": has_more,
    }
