"""The ``openai-finetunes`` command (also ``python -m openai_finetunes``).

>>> from openai_finetunes.cli import main
>>> # main(["validate", "train.jsonl"])  -> 0, or 2 with the problems by line on stderr
>>> # main(["run", "train.jsonl", "--model", "gpt-4o-mini-2024-07-18", "--json"])

Exit status: 0 success; 1 the job failed or was cancelled, or the command could not
complete (timeout, network or service error); 2 usage error or bad input; 130 interrupted
(Ctrl-C), 143 terminated (SIGTERM), 129 hung up (SIGHUP). An interrupted, terminated or
hung-up run leaves its job running and prints its id and how to follow or cancel it.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator, Sequence
from types import FrameType
from typing import Final

from .. import (
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    FineTuningJobCancelled,
    FineTuningJobFailed,
    FineTuningTimeout,
    InvalidArgumentError,
    NotFoundError,
    OpenAIFinetunesError,
    PermissionDeniedError,
    TrainingDataError,
    UnprocessableEntityError,
    UploadError,
)
from ._output import Output
from ._parser import DELEGATED, build_parser

__all__ = ["EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "main"]

EXIT_OK: Final = 0
EXIT_FAILED: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130

#: Errors caused by what the user passed: the arguments, the data, the configuration.
_BAD_INPUT: Final = (
    TrainingDataError,
    InvalidArgumentError,
    UploadError,
    ConfigurationError,
    BadRequestError,
    NotFoundError,
    UnprocessableEntityError,
    AuthenticationError,
    PermissionDeniedError,
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default ``sys.argv[1:]``) and return the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    delegated = _delegated(args_list)
    if delegated is not None:
        return delegated

    from ._commands import COMMANDS

    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exit:  # --help, --version, or a usage error (already printed)
        return _status(exit.code)
    out = Output(json=args.json, quiet=args.quiet)
    command = COMMANDS.get(args.command)
    if command is None:
        parser.error(f"{args.command} takes its options after the command name")
    try:
        with _signals_as_interrupts():
            return command(args, out)
    except FineTuningJobFailed as failed:
        if out.json:
            error = {"code": failed.code, "message": failed.error_message, "param": failed.param}
            out.emit_json({"job_id": failed.job_id, "status": "failed", "error": error})
        out.error(str(failed))
        return EXIT_FAILED
    except FineTuningJobCancelled as cancelled:
        if out.json:
            out.emit_json({"job_id": cancelled.job_id, "status": "cancelled"})
        out.error(str(cancelled))
        return EXIT_FAILED
    except FineTuningTimeout as timeout:
        if out.json:
            out.emit_json({"job_id": timeout.job_id, "status": timeout.status})
        if timeout.job_id is None:
            out.error(str(timeout))
            return EXIT_FAILED
        out.error(
            f"fine-tuning job {timeout.job_id} is still {timeout.status}; it keeps running. "
            f"Follow it with `openai-finetunes watch {timeout.job_id}` "
            f"or stop it with `openai-finetunes cancel {timeout.job_id}`."
        )
        return EXIT_FAILED
    except _BAD_INPUT as error:
        out.error(str(error))
        return EXIT_USAGE
    except (OpenAIFinetunesError, OSError, ImportError) as error:
        # Anything else the package raises (service and network errors, a missing extra),
        # and the OS's own errors (an unreadable file).
        out.error(str(error))
        return EXIT_FAILED
    except KeyboardInterrupt as interrupt:
        # The workflows note on the interrupt what became of the job, and how to go on.
        for note in getattr(interrupt, "__notes__", ()):
            out.alert(note)
        if isinstance(interrupt, _Signalled):
            return 128 + interrupt.signal_number
        return EXIT_INTERRUPTED


class _Signalled(KeyboardInterrupt):
    """SIGTERM or SIGHUP, handled like Ctrl-C: the job keeps running and its id is printed."""

    def __init__(self, signal_number: int) -> None:
        super().__init__(signal.Signals(signal_number).name)
        self.signal_number = signal_number


def _raise_signalled(signal_number: int, frame: FrameType | None) -> None:
    raise _Signalled(signal_number)


@contextlib.contextmanager
def _signals_as_interrupts() -> Iterator[None]:
    """Inside the block, SIGTERM and SIGHUP interrupt like Ctrl-C (main thread only)."""
    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    try:
        previous = {number: signal.signal(number, _raise_signalled) for number in wanted}
    except ValueError:  # not the main thread: leave the signals alone
        yield
        return
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _delegated(argv: list[str]) -> int | None:
    """``serve ...`` and ``arazzo ...`` hand their arguments, unparsed, to their own CLIs."""
    position = next((i for i, arg in enumerate(argv) if not arg.startswith("-")), None)
    if position is None or argv[position] not in DELEGATED:
        return None
    if any(arg not in ("--json", "-q", "--quiet") for arg in argv[:position]):
        return None  # let the parser report the options it does not know
    rest = argv[position + 1 :]
    try:
        if argv[position] == "serve":
            from ..testing import main as serve_main

            return _status(serve_main(rest))
        try:
            from ..arazzo import main as arazzo_main
        except ImportError as error:
            print(f"error: the arazzo command is not available: {error}", file=sys.stderr)
            return EXIT_FAILED
        return _status(arazzo_main(rest))
    except SystemExit as exit:
        return _status(exit.code)


def _status(code: object) -> int:
    if code is None:
        return EXIT_OK
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return EXIT_FAILED
