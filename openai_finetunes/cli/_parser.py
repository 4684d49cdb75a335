"""The argument parser: one subcommand per task."""

from __future__ import annotations

import argparse
from typing import Final

from ..webhooks import DEFAULT_TOLERANCE

__all__ = ["DEFAULT_MODEL", "DELEGATED", "build_parser"]

DEFAULT_MODEL: Final = "gpt-4o-mini-2024-07-18"
#: Subcommands whose arguments are handed untouched to another module's ``main``.
DELEGATED: Final = ("serve", "arazzo")

_DESCRIPTION = """\
Fine-tune OpenAI models from the command line: validate training data, run a job and
follow it, inspect jobs, events, checkpoints, files and models.

The API key comes from OPENAI_API_KEY and the service address from OPENAI_BASE_URL
(default https://api.openai.com/v1). The key is never printed."""

_EPILOG = """\
exit status: 0 success; 1 the job failed or was cancelled, or the command could not
complete (timeout, network or service error); 2 usage error or bad input (invalid data or
arguments, missing key, unknown job); 130 interrupted.

examples:
  openai-finetunes validate train.jsonl
  openai-finetunes run train.jsonl --model gpt-4o-mini-2024-07-18 --suffix support
  openai-finetunes watch ftjob-abc123 --json
  OPENAI_WEBHOOK_SECRET=whsec_... openai-finetunes webhooks listen --port 8787
  openai-finetunes files download file-abc123 -o results.csv
  openai-finetunes demo"""


def _whole_number(text: str, minimum: int, bound: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(f"must be {bound}, got {value}")
    return value


def _positive_int(text: str) -> int:
    return _whole_number(text, 1, "at least 1")


def _non_negative_int(text: str) -> int:
    return _whole_number(text, 0, "0 or more")


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0, got {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The ``openai-finetunes`` parser; ``--json``/``--quiet`` work before or after the command."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help="print machine-readable JSON on stdout",
    )
    common.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=argparse.SUPPRESS,
        help="no progress or notes on stderr (errors are still printed)",
    )

    parser = argparse.ArgumentParser(
        prog="openai-finetunes",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON on stdout")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress or notes on stderr")
    parser.add_argument("--version", action="version", version=_version())
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help, description=help, parents=[common])

    run = command("run", "validate, upload, create a job, follow it and print the fine-tuned model")
    run.add_argument("file", metavar="FILE", help="training data (JSONL) or an uploaded file id")
    run.add_argument("--model", required=True, help=f"base model, e.g. {DEFAULT_MODEL}")
    run.add_argument("--validation-file", metavar="F", help="validation data or file id")
    run.add_argument("--suffix", metavar="S", help="up to 64 characters in the model name")
    run.add_argument("--epochs", type=_positive_int, metavar="N", help="number of epochs")
    run.add_argument("--batch-size", type=_positive_int, metavar="N", help="batch size")
    run.add_argument(
        "--lr-multiplier", type=_positive_float, metavar="X", help="learning rate multiplier"
    )
    run.add_argument("--seed", type=_non_negative_int, metavar="N", help="seed for reproducibility")
    run.add_argument(
        "--new",
        action="store_true",
        help="always create a new job (by default a re-run re-attaches to the job it started)",
    )
    waiting = run.add_mutually_exclusive_group()
    waiting.add_argument(
        "--no-wait", action="store_true", help="print the job id once created, do not follow it"
    )
    _add_wait_options(run, waiting)

    validate = command(
        "validate", "check a training file locally: examples, problems by line, token estimates"
    )
    validate.add_argument("file", metavar="FILE")
    validate.add_argument(
        "--method", choices=("supervised", "dpo", "reinforcement"), default="supervised"
    )
    validate.add_argument("--epochs", type=_positive_int, metavar="N", help="for the estimate")
    validate.add_argument(
        "--model", help=f"estimate the training cost for this model, e.g. {DEFAULT_MODEL}"
    )

    watch = command("watch", "follow a job until it finishes and print the fine-tuned model")
    watch.add_argument("job_id", metavar="JOB_ID")
    _add_wait_options(watch, watch)

    cancel = command("cancel", "cancel a job if it is still running")
    cancel.add_argument("job_id", metavar="JOB_ID")

    jobs = command("jobs", "list fine-tuning jobs, newest first")
    jobs.add_argument("--limit", type=_positive_int, default=20, metavar="N", help="(default 20)")

    events = command("events", "list a job's events, oldest first")
    events.add_argument("job_id", metavar="JOB_ID")
    events.add_argument(
        "--limit", type=_positive_int, default=100, metavar="N", help="newest N (default 100)"
    )

    checkpoints = command("checkpoints", "list a job's checkpoints and their metrics")
    checkpoints.add_argument("job_id", metavar="JOB_ID")

    metrics = command("metrics", "print a job's training metrics per step, optionally plot them")
    metrics.add_argument("job_id", metavar="JOB_ID")
    metrics.add_argument(
        "--source", choices=("auto", "results", "events", "checkpoints"), default="auto"
    )
    metrics.add_argument("--plot", metavar="PNG", help="also write a plot (needs matplotlib)")

    files = command("files", "list uploaded files, newest first (files download: save one)")
    files.add_argument("--purpose", help="only files with this purpose, e.g. fine-tune")
    files.add_argument("--limit", type=_positive_int, default=100, metavar="N")
    files_commands = files.add_subparsers(dest="files_command", metavar="SUBCOMMAND")
    download_help = "save a file's content, streamed and written atomically"
    download = files_commands.add_parser(
        "download", help=download_help, description=download_help, parents=[common]
    )
    download.add_argument("file_id", metavar="FILE_ID")
    download.add_argument(
        "-o",
        "--output",
        default=".",
        metavar="PATH",
        help="a file path, a directory (the file keeps its name), or - for stdout "
        "(default: the current directory)",
    )
    download.add_argument(
        "--timeout", type=_positive_float, metavar="SECONDS", help="give up after this long"
    )

    models = command("models", "list models")
    models.add_argument("--fine-tuned", action="store_true", help="only fine-tuned models (ft:)")

    demo = command(
        "demo", "fine-tune the example dataset end to end on the embedded fake (no key needed)"
    )
    demo.add_argument(
        "--live", action="store_true", help="use the real service (OPENAI_API_KEY; billed)"
    )
    demo.add_argument("--model", default=DEFAULT_MODEL, help=f"(default {DEFAULT_MODEL})")
    demo.add_argument(
        "--output", default="demo-output", metavar="DIR", help="where metrics.png goes"
    )
    demo.add_argument(
        "--job-seconds",
        type=_positive_float,
        default=7.0,
        metavar="S",
        help="how long the fake's job runs (default 7)",
    )

    webhooks = command("webhooks", "receive webhook events locally (webhooks listen)")
    webhook_commands = webhooks.add_subparsers(
        dest="webhooks_command", metavar="SUBCOMMAND", required=True
    )
    listen_help = (
        "verify and print incoming webhook events, one line each; answers 200 to valid "
        "deliveries, 400 to invalid ones and 503 to those past --max-events (the secret: "
        "--secret-file or OPENAI_WEBHOOK_SECRET)"
    )
    listen = webhook_commands.add_parser(
        "listen", help=listen_help, description=listen_help, parents=[common]
    )
    listen.add_argument(
        "--port", type=_non_negative_int, default=8787, help="TCP port (default 8787; 0: any)"
    )
    listen.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    listen.add_argument(
        "--secret-file", metavar="PATH", help="file holding the endpoint's whsec_ secret"
    )
    listen.add_argument(
        "--tolerance",
        type=_non_negative_int,
        default=DEFAULT_TOLERANCE,
        metavar="SECONDS",
        help=f"how far a delivery's timestamp may be from now (default {DEFAULT_TOLERANCE})",
    )
    listen.add_argument("--max-events", type=_positive_int, metavar="N", help="stop after N events")

    # Listed for --help; their arguments go to the modules that implement them.
    commands.add_parser(
        "serve",
        help="run the fake fine-tuning service over HTTP (serve --help for options)",
        add_help=False,
    )
    commands.add_parser(
        "arazzo", help="lint and run Arazzo workflows (arazzo --help)", add_help=False
    )
    return parser


def _add_wait_options(
    parser: argparse.ArgumentParser, timeout_group: argparse._ActionsContainer
) -> None:
    timeout_group.add_argument(
        "--timeout",
        type=_positive_float,
        metavar="SECONDS",
        help="stop waiting after this long (the job keeps running)",
    )
    parser.add_argument(
        "--poll-interval",
        type=_positive_float,
        metavar="SECONDS",
        help="seconds between polls (default: adaptive, 1 s growing to 30 s)",
    )
    parser.add_argument(
        "--cancel-on-interrupt",
        action="store_true",
        help="cancel the job on Ctrl-C (by default it keeps running)",
    )


def _version() -> str:
    from .. import __version__

    return f"openai-finetunes {__version__}"
