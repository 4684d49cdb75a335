"""The subcommands. Each takes the parsed arguments and an :class:`Output`, returns the exit
status, and lets errors propagate to ``main`` (which maps them to exit statuses)."""

from __future__ import annotations

import argparse
import itertools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import attrs

from .. import ConfigurationError, InvalidArgumentError, connect, download_file, paginate
from ..api.files import list_files
from ..api.fine_tuning import (
    list_fine_tuning_events,
    list_fine_tuning_job_checkpoints,
    list_paginated_fine_tuning_jobs,
)
from ..api.models import list_models
from ..client import AuthenticatedClient
from ..types import UNSET
from ..validation import TrainingDataError, ValidationReport, validate_training_file
from ..workflows import (
    FineTuningResult,
    JobArguments,
    JobSpec,
    cancel_if_running,
    check_job_id,
    start_fine_tuning_job,
    wait_for_job,
)
from ._output import (
    Output,
    cancel_json,
    format_bytes,
    format_duration,
    format_time,
    plain,
    report_json,
    result_json,
)
from ._webhooks import cmd_webhooks

__all__ = ["COMMANDS", "make_client"]

EXIT_OK: Final = 0
EXIT_INVALID: Final = 2


def make_client() -> AuthenticatedClient:
    """A client from ``OPENAI_API_KEY``/``OPENAI_BASE_URL``, with CLI-worded errors."""
    if not os.environ.get("OPENAI_API_KEY"):
        raise ConfigurationError(
            "no API key: set the OPENAI_API_KEY environment variable "
            "(or try `openai-finetunes demo`, which needs none)"
        )
    try:
        return connect()
    except ConfigurationError as error:
        raise ConfigurationError(f"{error.message} (from OPENAI_BASE_URL)") from None


def _is_file_id(source: str) -> bool:
    return source.startswith("file-") and not os.path.exists(source)


# -- validate and run ------------------------------------------------------------------


def _summary(report: ValidationReport) -> str:
    tokens = f"~{report.estimated_trained_tokens():,} trained tokens"
    epochs = report.n_epochs if report.n_epochs is not None else report.default_n_epochs
    warnings = len(report.warnings)
    cost = f", {report.estimated_cost.describe()}" if report.estimated_cost else ""
    return (
        f"{report.source}: {report.n_examples:,} examples, {report.format or 'unknown'} format, "
        f"{tokens} ({epochs} epochs){cost}, {warnings} warning{'s' if warnings != 1 else ''}"
    )


def _check_locally(path: str, epochs: int | None, model: str | None, out: Output) -> None:
    """Validate a local file before anything is uploaded; raise on errors."""
    if _is_file_id(path):
        return
    report = validate_training_file(path, n_epochs=epochs, model=model)
    out.note(_summary(report))
    for warning in report.warnings:
        out.note(f"  {warning}")
    report.raise_for_problems()


def cmd_validate(args: argparse.Namespace, out: Output) -> int:
    report = validate_training_file(
        args.file, method=args.method, n_epochs=args.epochs, model=args.model
    )
    if out.json:
        out.emit_json(report_json(report))
    else:
        out.line(str(report))
    if not report.ok:
        out.error(str(TrainingDataError.from_report(report)))
        return EXIT_INVALID
    return EXIT_OK


def _hyperparameters(args: argparse.Namespace) -> dict[str, Any] | None:
    values = {
        "n_epochs": args.epochs,
        "batch_size": args.batch_size,
        "learning_rate_multiplier": args.lr_multiplier,
    }
    chosen = {name: value for name, value in values.items() if value is not None}
    return chosen or None


def _finished(result: FineTuningResult, out: Output) -> int:
    if out.json:
        out.emit_json(result_json(result))
        return EXIT_OK
    tokens = f"{result.trained_tokens:,} trained tokens" if result.trained_tokens else "done"
    again = ", re-attached to an earlier run" if result.reused else ""
    out.note(f"{result.job_id} succeeded in {format_duration(result.elapsed)}: {tokens}{again}")
    out.line(result.fine_tuned_model or "")
    return EXIT_OK


def cmd_run(args: argparse.Namespace, out: Output) -> int:
    # Bad arguments are named before anything else, a missing key included.
    JobSpec.build(
        args.model,
        method=None,
        hyperparameters=_hyperparameters(args),
        suffix=args.suffix,
        seed=args.seed,
        metadata=None,
        integrations=None,
    )
    _check_locally(args.file, args.epochs, args.model, out)
    if args.validation_file is not None:
        _check_locally(args.validation_file, None, args.model, out)
    client = make_client()
    arguments: JobArguments = {
        "client": client,
        "validation_file": args.validation_file,
        "hyperparameters": _hyperparameters(args),
        "suffix": args.suffix,
        "seed": args.seed,
        "validate": False,  # done above, with the report shown
        "attach": not args.new,
        "poll_interval": args.poll_interval,
        "timeout": args.timeout,
        "progress": not out.quiet and not args.no_wait,
        "cancel_on_interrupt": args.cancel_on_interrupt,
    }
    if not args.no_wait:
        out.note(f"fine-tuning {args.model} on {args.file}")
    handle = start_fine_tuning_job(args.file, args.model, **arguments)
    if args.no_wait:
        # The job id, whether this call created the job or found an earlier run's, so
        # that `openai-finetunes watch $(openai-finetunes run ... --no-wait -q)` works.
        if out.json:
            out.emit_json({"job_id": handle.id, "status": handle.status, "reused": handle.reused})
        else:
            again = " (started by an earlier run)" if handle.reused else ""
            out.note(f"{handle.status}{again}; follow it with: openai-finetunes watch {handle.id}")
            out.line(handle.id)
        return EXIT_OK
    return _finished(handle.result(), out)


def cmd_watch(args: argparse.Namespace, out: Output) -> int:
    job_id = check_job_id(args.job_id)
    result = wait_for_job(
        job_id,
        client=make_client(),
        poll_interval=args.poll_interval,
        timeout=args.timeout,
        progress=not out.quiet,
        cancel_on_interrupt=args.cancel_on_interrupt,
    )
    return _finished(result, out)


def cmd_cancel(args: argparse.Namespace, out: Output) -> int:
    result = cancel_if_running(args.job_id, client=make_client())
    if out.json:
        out.emit_json(cancel_json(result))
    elif result.cancelled:
        out.line(f"{result.job_id}: {result.initial_status} -> {result.final_status}")
    else:
        out.line(f"{result.job_id}: already {result.final_status}, nothing to cancel")
    return EXIT_OK


# -- listings --------------------------------------------------------------------------


def cmd_jobs(args: argparse.Namespace, out: Output) -> int:
    pages = paginate(
        list_paginated_fine_tuning_jobs, client=make_client(), limit=min(args.limit, 100)
    )
    jobs = list(itertools.islice(pages, args.limit))
    if out.json:
        out.emit_json([plain(job.to_dict()) for job in jobs])
        return EXIT_OK
    out.table(
        ("JOB", "STATUS", "MODEL", "FINE-TUNED MODEL", "CREATED (UTC)"),
        (
            (job.id, str(job.status), job.model, job.fine_tuned_model, format_time(job.created_at))
            for job in jobs
        ),
        empty="no fine-tuning jobs",
    )
    return EXIT_OK


def cmd_events(args: argparse.Namespace, out: Output) -> int:
    job_id = check_job_id(args.job_id)
    pages = paginate(
        list_fine_tuning_events, job_id, client=make_client(), limit=min(args.limit, 100)
    )
    events = list(itertools.islice(pages, args.limit))[::-1]  # listed newest first
    if out.json:
        out.emit_json([plain(event.to_dict()) for event in events])
        return EXIT_OK
    out.table(
        ("TIME (UTC)", "LEVEL", "MESSAGE"),
        ((format_time(e.created_at), str(e.level), e.message) for e in events),
        empty=f"no events for {job_id}",
    )
    return EXIT_OK


def cmd_checkpoints(args: argparse.Namespace, out: Output) -> int:
    job_id = check_job_id(args.job_id)
    pages = paginate(list_fine_tuning_job_checkpoints, job_id, client=make_client(), limit=100)
    checkpoints = sorted(pages, key=lambda c: c.step_number)
    if out.json:
        out.emit_json([plain(c.to_dict()) for c in checkpoints])
        return EXIT_OK

    def metric(values: dict[str, Any], *names: str) -> object:
        return next((values[n] for n in names if isinstance(values.get(n), int | float)), None)

    rows = []
    for c in checkpoints:
        values = c.metrics.to_dict()
        rows.append(
            (
                c.step_number,
                metric(values, "train_loss"),
                metric(values, "full_valid_loss", "valid_loss"),
                metric(values, "train_mean_token_accuracy"),
                c.fine_tuned_model_checkpoint,
            )
        )
    out.table(
        ("STEP", "TRAIN LOSS", "VALID LOSS", "TRAIN ACC", "CHECKPOINT MODEL"),
        rows,
        empty=f"no checkpoints for {job_id}",
    )
    return EXIT_OK


def cmd_metrics(args: argparse.Namespace, out: Output) -> int:
    from ..metrics import metrics_table, plot_metrics

    job_id = check_job_id(args.job_id)
    table = metrics_table(job_id, client=make_client(), source=args.source, as_frame=False)
    if args.plot:
        plot_metrics(table, path=args.plot, title=f"{job_id} ({len(table):,} steps)")
        out.note(f"wrote {args.plot}")
    if out.json:
        out.emit_json(
            {"job_id": job_id, "source": table.source, "rows": [attrs.asdict(r) for r in table]}
        )
        return EXIT_OK
    out.note(f"{len(table):,} steps, from the job's {table.source}")
    out.table(
        ("STEP", "TRAIN LOSS", "TRAIN ACC", "VALID LOSS", "VALID ACC"),
        (
            (r.step, r.train_loss, r.train_accuracy, r.valid_loss, r.valid_mean_token_accuracy)
            for r in table
        ),
        empty=f"no metrics for {job_id} yet",
    )
    return EXIT_OK


def cmd_files(args: argparse.Namespace, out: Output) -> int:
    if getattr(args, "files_command", None) == "download":
        return cmd_files_download(args, out)
    pages = paginate(
        list_files,
        client=make_client(),
        purpose=args.purpose if args.purpose else UNSET,
        limit=min(args.limit, 10_000),
    )
    files = list(itertools.islice(pages, args.limit))
    if out.json:
        out.emit_json([plain(f.to_dict()) for f in files])
        return EXIT_OK
    out.table(
        ("FILE", "PURPOSE", "SIZE", "CREATED (UTC)", "FILENAME"),
        (
            (f.id, str(f.purpose), format_bytes(f.bytes_), format_time(f.created_at), f.filename)
            for f in files
        ),
        empty="no files",
    )
    return EXIT_OK


def cmd_files_download(args: argparse.Namespace, out: Output) -> int:
    output: str = args.output
    if output == "-":
        binary = getattr(out.stdout, "buffer", None)
        if out.json or binary is None:
            raise InvalidArgumentError("--output", "- (stdout) cannot be combined with --json")
        out.stdout.flush()
        size = download_file(args.file_id, binary, client=make_client(), timeout=args.timeout)
        out.note(f"{args.file_id}: {format_bytes(size)} written to stdout")
        return EXIT_OK
    if os.path.isdir(output) and not output.endswith(("/", os.sep)):
        output += os.sep  # into the directory, under the file's own name
    path = download_file(args.file_id, output, client=make_client(), timeout=args.timeout)
    size = path.stat().st_size
    if out.json:
        out.emit_json({"file_id": args.file_id, "path": str(path), "bytes": size})
        return EXIT_OK
    out.note(f"{args.file_id}: {format_bytes(size)} written")
    out.line(str(path))
    return EXIT_OK


def cmd_models(args: argparse.Namespace, out: Output) -> int:
    models = list_models.sync(client=make_client()).data
    if args.fine_tuned:
        models = [m for m in models if m.id.startswith("ft:")]
    models = sorted(models, key=lambda m: (-m.created, m.id))
    if out.json:
        out.emit_json([plain(m.to_dict()) for m in models])
        return EXIT_OK
    out.table(
        ("MODEL", "OWNED BY", "CREATED (UTC)"),
        ((m.id, m.owned_by, format_time(m.created)) for m in models),
        empty="no models",
    )
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, out: Output) -> int:
    from ._demo import run_demo

    return run_demo(
        live=args.live,
        model=args.model,
        output=Path(args.output),
        job_seconds=args.job_seconds,
        out=out,
    )


COMMANDS: Final[dict[str, Callable[[argparse.Namespace, Output], int]]] = {
    "run": cmd_run,
    "validate": cmd_validate,
    "watch": cmd_watch,
    "cancel": cmd_cancel,
    "jobs": cmd_jobs,
    "events": cmd_events,
    "checkpoints": cmd_checkpoints,
    "metrics": cmd_metrics,
    "files": cmd_files,
    "models": cmd_models,
    "demo": cmd_demo,
    "webhooks": cmd_webhooks,
}
