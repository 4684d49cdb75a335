"""``examples/quickstart.ipynb`` runs top to bottom in a fresh kernel; any cell error fails.

The kernel is this interpreter (a kernelspec written to a temporary folder and put first
on ``JUPYTER_PATH``), so the test uses the venv that runs it, whatever kernels the
machine has installed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nbformat
import pytest
from ipykernel.kernelspec import install
from nbclient import NotebookClient

from openai_finetunes.validation import validate_training_file

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOTEBOOK = EXAMPLES / "quickstart.ipynb"
KERNEL = "openai-finetunes-tests"


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> nbformat.NotebookNode:
    prefix = tmp_path_factory.mktemp("jupyter")
    install(kernel_name=KERNEL, prefix=str(prefix))
    with pytest.MonkeyPatch.context() as env:
        env.setenv("JUPYTER_PATH", str(prefix / "share" / "jupyter"))
        # The notebook makes its own client for the fake; no real key or URL may leak in.
        env.delenv("OPENAI_API_KEY", raising=False)
        env.delenv("OPENAI_BASE_URL", raising=False)
        env.delenv("MPLBACKEND", raising=False)
        notebook = nbformat.read(NOTEBOOK, as_version=4)
        client = NotebookClient(
            notebook,
            kernel_name=KERNEL,
            timeout=60,
            resources={"metadata": {"path": str(EXAMPLES)}},
        )
        client.execute()  # raises CellExecutionError on the first failing cell
    return notebook


def _cell(notebook: nbformat.NotebookNode, tag: str) -> Any:
    [cell] = [c for c in notebook.cells if tag in c.metadata.get("tags", [])]
    return cell


def _value(cell: Any) -> dict[str, Any]:
    [result] = [o for o in cell.outputs if o.output_type == "execute_result"]
    return dict(result.data)


def test_the_notebook_runs_and_shows_its_results(executed: nbformat.NotebookNode) -> None:
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []

    # A handle is shown as a status card when it is a cell's value.
    card = _value(_cell(executed, "start"))["text/html"]
    assert "Fine-tuning job" in card
    assert "ftjob-" in card

    result = _value(_cell(executed, "sync-run"))
    assert "Fine-tuning result" in result["text/html"]
    assert "ft:gpt-4o-mini-2024-07-18:" in result["text/html"]
    # The progress: a tqdm widget when ipywidgets is installed (dev extras), else text lines.
    outputs = _cell(executed, "sync-run").outputs
    widgets = [
        o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert widgets or "succeeded" in "".join(o.get("text", "") for o in outputs)

    # attach(job_id) in a later cell: the same job, finished, re-attached.
    card = _value(_cell(executed, "attach"))["text/html"]
    assert "succeeded" in card
    assert "ft:gpt-4o-mini-2024-07-18:" in card
    # events(): all of them to a new handle, then nothing new.
    events = _cell(executed, "events")
    assert "oldest first" in "".join(o.get("text", "") for o in events.outputs)
    assert _value(events)["text/plain"] == "[]"
    assert "train_loss" in _value(_cell(executed, "metrics"))["text/plain"]

    # Displayed inline once, and not again as the cell's value.
    [plot] = _cell(executed, "plot").outputs
    assert plot.output_type == "display_data"
    assert "image/png" in plot.data
    images = [
        o for c in executed.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})
    ]
    assert len(images) == 1

    model = _value(_cell(executed, "async-run"))["text/plain"]
    assert ":quickstart-async:" in model

    assert "keeps running" in "".join(o.get("text", "") for o in _cell(executed, "timeout").outputs)
    cancel = _value(_cell(executed, "cancel"))["text/plain"]
    assert "final_status='cancelled'" in cancel

    # run_fine_tuning_job re-attaches to the first job instead of paying for another.
    assert _value(_cell(executed, "shortcut"))["text/plain"] == "(True, True)"


def test_the_notebook_is_committed_without_outputs() -> None:
    notebook = json.loads(NOTEBOOK.read_text())

    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == []
            assert cell["execution_count"] is None
    nbformat.validate(nbformat.reads(NOTEBOOK.read_text(), as_version=4))


def test_the_example_dataset_is_valid() -> None:
    for name, size in (("support-chat.jsonl", 50), ("support-chat-validation.jsonl", 12)):
        report = validate_training_file(EXAMPLES / "data" / name)
        assert report.ok, str(report)
        assert report.problems == ()
        assert report.format == "chat"
        assert report.n_examples == size
