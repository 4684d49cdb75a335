"""Write ``openai_finetunes/_facts.py``: the API facts the hand-written layer relies on.

    python openapi/facts.py [SPEC] > openai_finetunes/_facts.py

Status sets, limits and the operation table are read from the committed subset
(``openapi/openai-finetunes.yaml``) so that they have one source of truth; ``make
generate`` runs this after the generator and ``make check-generated`` checks it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent


def _numeric_branch(schema: dict[str, Any]) -> dict[str, Any]:
    return next(b for b in schema["oneOf"] if b.get("type") in ("integer", "number"))


def render(spec: dict[str, Any]) -> str:
    schemas = spec["components"]["schemas"]
    status = schemas["FineTuningJob"]["properties"]["status"]
    terminal = status["x-terminal"]
    hyper = schemas["FineTuneSupervisedHyperparameters"]["properties"]
    create = schemas["CreateFineTuningJobRequest"]["properties"]
    metadata = schemas["Metadata"]["anyOf"][0]
    operations = {
        op["operationId"]: (method.upper(), path)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict) and "operationId" in op
    }
    n_epochs, batch, lr = (
        _numeric_branch(hyper[k]) for k in ("n_epochs", "batch_size", "learning_rate_multiplier")
    )
    lines = [
        '"""API facts read from openapi/openai-finetunes.yaml by openapi/facts.py. Do not edit."""',
        "",
        "from typing import Final",
        "",
        f"JOB_STATUSES: Final = {tuple(status['enum'])!r}",
        f"TERMINAL_JOB_STATUSES: Final = frozenset({tuple(terminal)!r})",
        "# Any other status, including ones the API adds later (such as paused), is still active.",
        f"ACTIVE_JOB_STATUSES: Final = frozenset({tuple(s for s in status['enum'] if s not in terminal)!r})",
        "",
        f"N_EPOCHS_RANGE: Final = ({n_epochs['minimum']}, {n_epochs['maximum']})",
        f"BATCH_SIZE_RANGE: Final = ({batch['minimum']}, {batch['maximum']})",
        f"LEARNING_RATE_MULTIPLIER_EXCLUSIVE_MINIMUM: Final = {lr['minimum']!r}",
        f"SUFFIX_LENGTH_RANGE: Final = ({create['suffix']['minLength']}, {create['suffix']['maxLength']})",
        f"SEED_RANGE: Final = ({create['seed']['minimum']}, {create['seed']['maximum']})",
        f"METADATA_MAX_PAIRS: Final = {metadata['maxProperties']}",
        f"METADATA_MAX_KEY_LENGTH: Final = {metadata['propertyNames']['maxLength']}",
        f"METADATA_MAX_VALUE_LENGTH: Final = {metadata['additionalProperties']['maxLength']}",
        "",
        f"CREATE_FILE_MAX_BYTES: Final = {schemas['CreateFileRequest']['x-max-bytes']}",
        f"UPLOAD_MAX_BYTES: Final = {schemas['CreateUploadRequest']['x-max-bytes']}",
        f"UPLOAD_PART_MAX_BYTES: Final = {schemas['AddUploadPartRequest']['x-max-bytes']}",
        f"FILE_PURPOSES: Final = {tuple(schemas['CreateFileRequest']['properties']['purpose']['enum'])!r}",
        f"UPLOAD_PURPOSES: Final = {tuple(schemas['CreateUploadRequest']['properties']['purpose']['enum'])!r}",
        "",
        "# operationId -> (method, path template)",
        "OPERATIONS: Final = {",
        *(f"    {op_id!r}: {value!r}," for op_id, value in sorted(operations.items())),
        "}",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "openai-finetunes.yaml"
    sys.stdout.write(render(yaml.safe_load(path.read_text(encoding="utf-8"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
