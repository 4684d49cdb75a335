"""``openai-finetunes demo``: the example dataset fine-tuned end to end.

Without ``--live`` the job runs on the embedded fake (no key, no network, a few seconds);
with ``--live`` on the service named by ``OPENAI_BASE_URL`` with ``OPENAI_API_KEY``.
"""

from __future__ import annotations

import contextlib
import threading
from contextlib import ExitStack
from pathlib import Path
from typing import Final

from ..client import AuthenticatedClient
from ..validation import validate_training_file
from ..workflows import FineTuningResult, start_fine_tuning_job
from ._output import Output, format_duration, result_json

__all__ = ["DATASET", "VALIDATION_DATASET", "find_dataset", "run_demo"]

DATASET: Final = "support-chat.jsonl"
VALIDATION_DATASET: Final = "support-chat-validation.jsonl"
_SUFFIX: Final = "demo"


def find_dataset() -> Path:
    """The ``examples/data`` folder of the source tree this package runs from, or of the
    current directory."""
    package_root = Path(__file__).resolve().parents[2]
    for folder in (package_root / "examples" / "data", Path.cwd() / "examples" / "data"):
        if (folder / DATASET).is_file():
            return folder
    raise FileNotFoundError(
        f"the demo dataset examples/data/{DATASET} was not found: it ships with the source "
        "repository; run the demo from a clone (`make demo`)"
    )


def run_demo(*, live: bool, model: str, output: Path, job_seconds: float, out: Output) -> int:
    folder = find_dataset()
    training, validation = folder / DATASET, folder / VALIDATION_DATASET
    report = validate_training_file(training)
    report.raise_for_problems()
    out.note(
        f"Dataset: {_shown(training)}: {report.n_examples} chat examples, "
        f"~{report.tokens.total:,} tokens ({_shown(validation)} for validation)"
    )
    # matplotlib takes seconds to import: do it while the job runs.
    threading.Thread(target=_preload_matplotlib, name="preload-matplotlib", daemon=True).start()
    with ExitStack() as stack:
        if live:
            from ._commands import make_client

            client = make_client()
            poll_interval: float | None = None
            out.note(
                f"Live run on {_base_url(client)}: this creates a billed fine-tuning job of "
                f"{model} (a re-run re-attaches to it). Ctrl-C stops waiting; the job goes on."
            )
        else:
            from ..testing import FakeOpenAI, SystemClock

            fake = stack.enter_context(FakeOpenAI(job_seconds=job_seconds, clock=SystemClock()))
            client = fake.client()
            poll_interval = 0.5
            out.note(
                f"Service: the embedded fake (no key, no network; the job takes ~{job_seconds:g} s)"
            )
        handle = start_fine_tuning_job(
            training,
            model,
            validation_file=validation,
            suffix=_SUFFIX,
            client=client,
            poll_interval=poll_interval,
            progress=not out.quiet,
        )
        again = " (started by an earlier run: re-attached)" if handle.reused else ""
        out.note(f"Job {handle.id}: {handle.status}{again}; following it to the end")
        return _report(handle.result(), client, output, out)


def _base_url(client: AuthenticatedClient) -> str:
    return str(client.get_httpx_client().base_url).rstrip("/")


def _preload_matplotlib() -> None:
    with contextlib.suppress(ImportError):
        import matplotlib.figure  # noqa: F401


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _report(
    result: FineTuningResult, client: AuthenticatedClient, output: Path, out: Output
) -> int:
    from ..metrics import metrics_table

    table = metrics_table(result, client=client, as_frame=False)
    plot = _plot(table, result.job_id, output, out)
    if out.json:
        summary = result_json(result)
        summary["final_metrics"] = {
            "steps": len(table),
            "train_loss": table.last("train_loss"),
            "train_accuracy": table.last("train_accuracy"),
            "valid_loss": table.last("valid_loss"),
            "valid_mean_token_accuracy": table.last("valid_mean_token_accuracy"),
        }
        summary["plot"] = str(plot) if plot else None
        out.emit_json(summary)
        return 0
    tokens = f"{result.trained_tokens:,}" if result.trained_tokens is not None else "-"
    out.line(f"Fine-tuned model: {result.fine_tuned_model}")
    out.line(f"Job: {result.job_id}, {tokens} trained tokens, {format_duration(result.elapsed)}")
    steps = f"{table[-1].step:,} steps" if table else "no steps"
    out.line(f"Final metrics ({steps}, from the job's {table.source}):")
    out.pairs(
        [
            ("  training loss", table.last("train_loss")),
            ("  training token accuracy", table.last("train_accuracy")),
            ("  validation loss", table.last("valid_loss")),
            ("  validation token accuracy", table.last("valid_mean_token_accuracy")),
        ]
    )
    if plot:
        out.line(f"Metrics plot: {_shown(plot.resolve())}")
    return 0


def _plot(table: object, job_id: str, output: Path, out: Output) -> Path | None:
    from ..metrics import plot_metrics

    path = output / "metrics.png"
    try:
        output.mkdir(parents=True, exist_ok=True)
        plot_metrics(table, path=path, title=f"{job_id}: loss and token accuracy")  # type: ignore[arg-type]
    except ImportError as error:
        out.note(f"No plot: {error}")
        return None
    return path
