"""``openai-finetunes arazzo lint|run``: check and run Arazzo documents from the shell.

Exit status: 0 on success, 1 when the workflow fails, 2 for an invalid document, invalid
inputs or a configuration problem (such as no API key).

The key comes from ``OPENAI_API_KEY`` or ``--api-key-file PATH``, never necessarily from
the command line (where other users can read it); everything printed is scrubbed of keys.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from .._exceptions import ConfigurationError
from .._secrets import ARGV_KEY_WARNING, read_key_file, redact
from ._deps import MissingDependencyError
from ._lint import inputs_schema, lint
from ._loader import load
from ._runner import (
    DEFAULT_MAX_STEPS,
    DEFAULT_POLL_INTERVAL,
    DEFAULT_TIMEOUT,
    credential_inputs,
    run,
)
from ._types import DocumentError, InputError, LintMessage, StepRecord

__all__ = ["add_arguments", "build_parser", "main", "parse_inputs"]

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``lint`` and ``run`` subcommands to ``parser`` (the ``arazzo`` command)."""
    commands = parser.add_subparsers(dest="arazzo_command", required=True, metavar="COMMAND")
    check = commands.add_parser("lint", help="validate Arazzo documents and report problems")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    check.add_argument("--strict", action="store_true", help="reject forms only lenient mode runs")
    check.add_argument("--format", choices=("text", "json"), default="text")
    execute = commands.add_parser("run", help="run a workflow and print its outputs as JSON")
    execute.add_argument("file", type=Path, metavar="FILE")
    execute.add_argument("--workflow", metavar="ID", help="workflowId (default: the first)")
    execute.add_argument(
        "--input",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a workflow input; NAME=@PATH passes a file (repeatable)",
    )
    execute.add_argument("--base-url", metavar="URL", help="API base URL (default: the client's)")
    execute.add_argument(
        "--api-key-file",
        type=Path,
        metavar="PATH",
        help="read the API key from this file (default: OPENAI_API_KEY)",
    )
    execute.add_argument(
        "--api-key",
        metavar="KEY",
        help="the API key; avoid: other users can read a command line (ps)",
    )
    execute.add_argument("--strict", action="store_true", help="reject lenient-mode forms")
    execute.add_argument(
        "--poll-interval", type=float, default=DEFAULT_POLL_INTERVAL, metavar="SECONDS"
    )
    execute.add_argument("--max-steps", type=int, default=DEFAULT_MAX_STEPS, metavar="N")
    execute.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS")
    execute.add_argument("-v", "--verbose", action="store_true", help="log each step to stderr")


def build_parser(prog: str = "openai-finetunes arazzo") -> argparse.ArgumentParser:
    """The standalone parser of ``python -m openai_finetunes.arazzo``."""
    parser = argparse.ArgumentParser(prog=prog, description="Lint and run Arazzo 1.0 workflows.")
    add_arguments(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``arazzo lint|run`` with ``argv`` (without the ``arazzo`` word); return the exit code.

    >>> main(["lint", "workflows/fine-tuning-job.arazzo.yaml"])  # doctest: +SKIP
    0
    """
    args = build_parser().parse_args(argv)
    return dispatch(args)


def dispatch(
    args: argparse.Namespace, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run parsed arguments (for a parent parser that used `add_arguments`)."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        if args.arazzo_command == "lint":
            return _lint(args, out)
        return _run(args, out, err)
    except MissingDependencyError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_INVALID


def _format(file: Path, message: LintMessage) -> str:
    where = f"{file}:{message.line}" if message.line is not None else str(file)
    text = f"{where}: {message.severity} [{message.code}] {message.message}"
    if message.suggestion:
        text += f"\n    spec-correct: {message.suggestion}"
    return text


def _lint(args: argparse.Namespace, out: TextIO) -> int:
    status = EXIT_OK
    report: dict[str, list[dict[str, Any]]] = {}
    for file in args.files:
        messages = lint(file, strict=args.strict)
        if any(m.severity == "error" for m in messages):
            status = EXIT_INVALID
        if args.format == "json":
            report[str(file)] = [
                {
                    "line": m.line,
                    "severity": m.severity,
                    "code": m.code,
                    "message": m.message,
                    "suggestion": m.suggestion,
                    "pointer": m.pointer,
                }
                for m in messages
            ]
            continue
        for message in messages:
            print(_format(file, message), file=out)
        errors = sum(m.severity == "error" for m in messages)
        warnings = sum(m.severity == "warning" for m in messages)
        verdict = "invalid" if errors else "ok"
        print(f"{file}: {verdict} ({errors} errors, {warnings} warnings)", file=out)
    if args.format == "json":
        print(json.dumps(report, indent=2), file=out)
    return status


def parse_inputs(items: Sequence[str], schema: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``NAME=VALUE`` pairs as workflow inputs; ``NAME=@PATH`` is a file (a `Path`).

    A value is parsed as JSON when the inputs schema gives the property a non-string type;
    ``@@`` at the start stands for a literal ``@``. Raises `InputError`.

    >>> schema = {"properties": {"n": {"type": "integer"}}}
    >>> parse_inputs(["model=gpt-4o-mini", "n=3", "note=@@home"], schema)
    {'model': 'gpt-4o-mini', 'n': 3, 'note': '@home'}
    """
    properties = schema.get("properties") if isinstance(schema, Mapping) else None
    properties = properties if isinstance(properties, Mapping) else {}
    inputs: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise InputError(f"--input {item!r}: expected NAME=VALUE or NAME=@PATH")
        if value.startswith("@@"):
            inputs[name] = value[1:]
            continue
        if value.startswith("@"):
            path = Path(value[1:]).expanduser()
            if not path.is_file():
                raise InputError(f"--input {name}: no such file {path}")
            inputs[name] = path
            continue
        declared = properties.get(name)
        kind = declared.get("type") if isinstance(declared, Mapping) else None
        if kind not in (None, "string") and kind != ["string"]:
            try:
                inputs[name] = json.loads(value)
                continue
            except ValueError:
                pass
        inputs[name] = value
    return inputs


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .. import connect

    secrets: list[str] = []

    def say(text: str, stream: TextIO) -> None:
        print(redact(text, secrets=secrets), file=stream)

    try:
        document = load(args.file)
        workflow = (
            document.workflow(args.workflow)
            if args.workflow
            else (document.workflows[0] if document.workflows else None)
        )
        schema = inputs_schema(document, workflow) if workflow is not None else None
        inputs = parse_inputs(args.input, schema)
        api_key = _api_key(args, err)
        credentials = credential_inputs(workflow) if workflow is not None else set()
        for name in sorted(credentials & inputs.keys()):
            if isinstance(inputs[name], str):
                secrets.append(inputs[name])
                print(
                    f"warning: --input {name} puts the key on the command line; leave it out "
                    "and the client's key (OPENAI_API_KEY or --api-key-file) is used.",
                    file=err,
                )
        if api_key is None and isinstance(inputs.get("apiKey"), str):
            api_key = inputs["apiKey"]
        client = connect(api_key, base_url=args.base_url)

        def log(record: StepRecord) -> None:
            action = f" -> {record.action}" if record.action else ""
            status = record.status_code if record.status_code is not None else "-"
            call = f"{record.method} {record.url}" if record.method else record.workflow_id
            say(f"{record.step_id}: {call} {status}{action}", err)

        result = run(
            document,
            inputs,
            client=client,
            workflow_id=args.workflow,
            base_url=args.base_url,
            strict=args.strict,
            poll_interval=args.poll_interval,
            max_steps=args.max_steps,
            timeout=args.timeout,
            on_step=log if args.verbose else None,
        )
    except (DocumentError, InputError, ConfigurationError) as exc:
        say(f"error: {exc}", err)
        return EXIT_INVALID
    for warning in result.warnings:
        say(_format(args.file, warning), err)
    say(json.dumps(dict(result.outputs), indent=2, ensure_ascii=False, default=str), out)
    if not result.succeeded:
        say(f"workflow {result.workflow_id!r} failed: {result.error}", err)
        return EXIT_FAILED
    return EXIT_OK


def _api_key(args: argparse.Namespace, err: TextIO) -> str | None:
    """``--api-key-file``, else ``--api-key`` (with a warning), else None (the environment)."""
    if args.api_key_file is not None:
        try:
            return read_key_file(args.api_key_file)
        except (OSError, ValueError) as exc:
            raise ConfigurationError(f"--api-key-file: {exc}") from None
    if args.api_key:
        print(ARGV_KEY_WARNING, file=err)
        return str(args.api_key)
    return None
