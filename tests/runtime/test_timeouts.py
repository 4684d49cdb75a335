"""One rule for every ``timeout=``: ``None`` or a finite number of seconds >= 0, else
``InvalidArgumentError`` before any request (``_deadline.check_timeout``)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from openai_finetunes import InvalidArgumentError, download_file, wait_for_file_processed
from openai_finetunes._deadline import check_timeout
from openai_finetunes.testing import FakeOpenAI, ManualClock
from openai_finetunes.workflows import _options

BAD = [-1, -0.5, math.nan, math.inf, -math.inf, True, "10"]


def test_the_workflows_use_the_same_rule() -> None:
    assert _options.check_timeout is check_timeout


@pytest.mark.parametrize("value", [None, 0, 0.0, 2, 7.5])
def test_good_timeouts(value: Any) -> None:
    assert check_timeout(value) == (None if value is None else float(value))


@pytest.mark.parametrize("value", BAD)
def test_every_caller_refuses_the_same_values(value: Any, tmp_path: Path) -> None:
    fake = FakeOpenAI(clock=ManualClock())
    client = fake.client()
    calls = [
        lambda: check_timeout(value),
        lambda: download_file("file-x", tmp_path / "x", client=client, timeout=value),
        lambda: wait_for_file_processed("file-x", client=client, timeout=value, clock=fake.clock),
    ]
    for call in calls:
        with pytest.raises(InvalidArgumentError) as caught:
            call()
        assert caught.value.param == "timeout"
    assert fake.stats().requests == {}
