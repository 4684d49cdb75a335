"""An embedded, stateful fake of OpenAI's fine-tuning API, for tests, demos and offline work.

In process (an httpx transport, sync and async, no sockets):

>>> from openai_finetunes.testing import FakeOpenAI, ManualClock
>>> fake = FakeOpenAI(clock=ManualClock(), job_seconds=60)
>>> client = fake.client()  # doctest: +SKIP
>>> fake.advance(60)  # jobs progress with the clock, never by sleeping  # doctest: +SKIP

Over TCP (``python -m openai_finetunes.testing --port 8000``), or from a test:

>>> with fake.serve(port=0) as server:  # doctest: +SKIP
...     print(server.base_url)  # e.g. http://127.0.0.1:54321/v1
"""

from ._clock import Clock, ManualClock, SystemClock
from ._errors import ApiError
from ._fake import FakeOpenAI, ResponseHook
from ._faults import ALL_FAULT_KINDS, FaultConfig, FaultKind
from ._server import FakeServer, main
from ._stats import FakeStats
from ._transport import FakeTransport

__all__ = [
    "ALL_FAULT_KINDS",
    "ApiError",
    "Clock",
    "FakeOpenAI",
    "FakeServer",
    "FakeStats",
    "FakeTransport",
    "FaultConfig",
    "FaultKind",
    "ManualClock",
    "ResponseHook",
    "SystemClock",
    "main",
]
