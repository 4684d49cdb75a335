"""``metrics_table`` and ``plot_metrics`` against the in-process fake, with a manual clock:
jobs finish (or stop half-way) without any waiting."""

from __future__ import annotations

import base64
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from openai_finetunes.client import AuthenticatedClient
from openai_finetunes.metrics import (
    MetricRow,
    MetricsTable,
    metrics_table,
    parse_result_csv,
    plot_metrics,
)
from openai_finetunes.testing import FakeOpenAI, ManualClock
from openai_finetunes.workflows import (
    FineTuningResult,
    FineTuningTimeout,
    InvalidArgumentError,
    run_fine_tuning_job,
)

ROOT = Path(__file__).resolve().parents[2]
TRAIN = ROOT / "examples" / "data" / "support-chat.jsonl"
VALID = ROOT / "examples" / "data" / "support-chat-validation.jsonl"
MODEL = "gpt-4o-mini-2024-07-18"


class FakeTime:
    """The workflows' clock, moving the fake's manual clock instead of sleeping."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock

    def monotonic(self) -> float:
        return self.clock.now()

    def sleep(self, seconds: float) -> None:
        self.clock.advance(seconds)

    async def asleep(self, seconds: float) -> None:
        self.clock.advance(seconds)


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(clock=ManualClock(), job_seconds=100) as fake:
        yield fake


@pytest.fixture
def client(fake: FakeOpenAI) -> AuthenticatedClient:
    return fake.client(max_retries=0)


def _run(fake: FakeOpenAI, client: AuthenticatedClient, **kwargs: object) -> FineTuningResult:
    assert isinstance(fake.clock, ManualClock)
    return run_fine_tuning_job(
        TRAIN,
        MODEL,
        client=client,
        clock=FakeTime(fake.clock),
        progress=False,
        poll_interval=5,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture
def result(fake: FakeOpenAI, client: AuthenticatedClient) -> FineTuningResult:
    return _run(fake, client, validation_file=VALID)


def test_rows_come_from_the_result_file(
    fake: FakeOpenAI, client: AuthenticatedClient, result: FineTuningResult
) -> None:
    table = metrics_table(result, client=client, as_frame=False)

    assert table.source == "results"
    expected = parse_result_csv(fake.file_content(result.result_files[0]))
    assert table == expected
    assert [row.step for row in table] == list(range(1, len(table) + 1))
    assert all(row.valid_loss is not None for row in table)
    assert table[-1].train_loss is not None
    assert table[-1].train_loss < table[0].train_loss  # the fake's loss goes down


def test_a_job_id_or_a_job_works_like_the_result(
    client: AuthenticatedClient, result: FineTuningResult
) -> None:
    by_result = metrics_table(result, client=client, as_frame=False)

    assert metrics_table(result.job_id, client=client, as_frame=False) == by_result
    assert metrics_table(result.job, client=client, as_frame=False) == by_result


def test_checkpoints_agree_with_the_result_file(
    client: AuthenticatedClient, result: FineTuningResult
) -> None:
    rows = {row.step: row for row in metrics_table(result, client=client, as_frame=False)}

    table = metrics_table(result, client=client, source="checkpoints", as_frame=False)

    assert table.source == "checkpoints"
    assert 1 <= len(table) <= 3  # the last epochs only
    for checkpoint in table:
        assert checkpoint == rows[checkpoint.step]


def test_a_running_job_falls_back_to_its_metric_events(
    fake: FakeOpenAI, client: AuthenticatedClient
) -> None:
    with pytest.raises(FineTuningTimeout) as stopped:
        _run(fake, client, timeout=60)  # 10 s validating, 10 queued, then half of 80 running

    table = metrics_table(stopped.value.job_id, client=client, as_frame=False)

    assert table.source == "events"
    assert fake.jobs[0]["status"] == "running"
    steps = [row.step for row in table]
    assert steps == list(range(1, len(table) + 1))  # the fake reports every step
    assert all(row.train_loss is not None and row.train_accuracy is not None for row in table)
    assert all(row.valid_loss is None for row in table)  # no validation file
    only_results = metrics_table(
        stopped.value.job_id, client=client, source="results", as_frame=False
    )
    assert only_results == []


def test_without_pandas_the_rows_are_returned(
    client: AuthenticatedClient, result: FineTuningResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)

    assert isinstance(metrics_table(result, client=client), MetricsTable)
    with pytest.raises(ImportError, match=r"openai-finetunes\[pandas\]"):
        metrics_table(result, client=client, as_frame=True)


def test_with_pandas_a_dataframe(client: AuthenticatedClient, result: FineTuningResult) -> None:
    pytest.importorskip("pandas")

    frame = metrics_table(result, client=client)

    assert list(frame.columns) == [
        "step",
        "train_loss",
        "train_accuracy",
        "valid_loss",
        "valid_mean_token_accuracy",
    ]
    assert frame.attrs["source"] == "results"
    assert len(frame) == len(metrics_table(result, client=client, as_frame=False))


def test_bad_arguments(client: AuthenticatedClient) -> None:
    with pytest.raises(InvalidArgumentError, match="result_or_job_id"):
        metrics_table("job-123", client=client)
    with pytest.raises(InvalidArgumentError, match="source: expected one of"):
        metrics_table("ftjob-abc", client=client, source="logs")  # type: ignore[arg-type]


# -- plots -------------------------------------------------------------------------------


def test_plot_draws_loss_and_accuracy_and_saves(
    client: AuthenticatedClient, result: FineTuningResult, tmp_path: Path
) -> None:
    path = tmp_path / "metrics.png"

    fig = plot_metrics(result, client=client, path=path)

    loss, accuracy = fig.axes
    assert [line.get_label() for line in loss.get_lines()] == ["training", "validation"]
    assert [line.get_label() for line in accuracy.get_lines()] == ["training", "validation"]
    assert loss.get_xlabel() == "step"
    assert result.job_id in fig.get_suptitle()
    assert path.read_bytes().startswith(b"\x89PNG")


def test_plot_rows_without_validation_and_an_empty_table() -> None:
    rows = [MetricRow(1, 2.0, 0.4), MetricRow(2, 1.5, 0.5)]

    fig = plot_metrics(rows, title="mine")

    assert [line.get_label() for line in fig.axes[0].get_lines()] == ["training"]
    assert fig.get_suptitle() == "mine"
    empty = plot_metrics(MetricsTable([], "events"))
    assert [t.get_text() for t in empty.axes[0].texts] == ["no data"]


def test_plot_without_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)

    with pytest.raises(ImportError, match=r"openai-finetunes\[plots\]"):
        plot_metrics([MetricRow(1, 1.0)])


# -- parsing and display -----------------------------------------------------------------

CSV = (
    b"step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy,extra\n"
    b"1,2.5,0.40,,,x\n"
    b"2,2.0,0.50,2.2,0.45,y\n"
    b"3,nan,,,,\n"
    b"not-a-step,1,1,1,1,1\n"
)


def test_parse_result_csv() -> None:
    assert parse_result_csv(CSV) == [
        MetricRow(1, 2.5, 0.4, None, None),
        MetricRow(2, 2.0, 0.5, 2.2, 0.45),
        MetricRow(3, None, None, None, None),
    ]


def test_parse_base64_encoded_results() -> None:
    assert parse_result_csv(base64.b64encode(CSV)) == parse_result_csv(CSV)


@pytest.mark.parametrize("content", [b"", b"not,a,metrics,file\n1,2,3,4\n", b"\xff\xfe garbage"])
def test_parse_something_else_gives_no_rows(content: bytes) -> None:
    assert parse_result_csv(content) == []


def test_table_last_repr_and_html() -> None:
    table = MetricsTable(
        [MetricRow(step, 1 / step, valid_loss=2.0 if step == 3 else None) for step in range(1, 21)],
        "results",
    )

    assert table.last("train_loss") == 1 / 20
    assert table.last("valid_loss") == 2.0
    assert table.last("valid_mean_token_accuracy") is None
    with pytest.raises(ValueError, match="unknown column"):
        table.last("loss")
    assert repr(table).count("MetricRow(") == 5
    assert "15 more" in repr(table)
    page = table._repr_html_()
    assert "20 steps, from results" in page
    assert page.count("<tr>") == 1 + 10 + 1  # header, first and last five, the gap
