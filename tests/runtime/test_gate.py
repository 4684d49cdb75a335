"""PriorityGate admits at most ``limit`` holders, normal requests before low-priority ones."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from openai_finetunes._gate import PriorityGate, is_low_priority, low_priority
from openai_finetunes._retry import RetryPolicy, RetryTransport


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_waiting_normal_requests_go_before_waiting_low_priority_ones() -> None:
    gate = PriorityGate(1)
    await gate.acquire()  # the slot is taken: everyone below queues
    order: list[str] = []

    async def holder(name: str, *, low: bool) -> None:
        await gate.acquire(low=low)
        order.append(name)
        gate.release()

    tasks = [
        asyncio.create_task(holder("poll-1", low=True)),
        asyncio.create_task(holder("create-1", low=False)),
        asyncio.create_task(holder("poll-2", low=True)),
        asyncio.create_task(holder("create-2", low=False)),
    ]
    await _settle()
    assert gate.waiting == 4
    gate.release()
    await asyncio.gather(*tasks)
    assert order == ["create-1", "create-2", "poll-1", "poll-2"]  # FIFO within a class


async def test_a_released_slot_is_handed_over_not_left_for_newcomers() -> None:
    gate = PriorityGate(1)
    await gate.acquire()
    waiter = asyncio.create_task(gate.acquire(low=True))
    await _settle()
    gate.release()
    # Before the waiter even runs, a newcomer must queue rather than take the slot.
    newcomer = asyncio.create_task(gate.acquire())
    await _settle()
    assert waiter.done()
    assert not newcomer.done()
    gate.release()
    await newcomer
    gate.release()
    await gate.acquire()  # one free slot remains: nothing leaked
    assert gate.waiting == 0


async def test_a_cancelled_waiter_leaves_the_queue() -> None:
    gate = PriorityGate(1)
    await gate.acquire()
    cancelled = asyncio.create_task(gate.acquire())
    after = asyncio.create_task(gate.acquire(low=True))
    await _settle()
    cancelled.cancel()
    await _settle()
    assert gate.waiting == 1
    gate.release()
    await after  # the slot went to the next live waiter


async def test_a_slot_granted_to_a_task_cancelled_meanwhile_is_passed_on() -> None:
    gate = PriorityGate(1)
    await gate.acquire()
    first = asyncio.create_task(gate.acquire())
    second = asyncio.create_task(gate.acquire())
    await _settle()
    gate.release()  # granted to `first`, which has not resumed yet...
    first.cancel()  # ...and is cancelled before it does
    await _settle()
    assert first.cancelled()
    assert second.done()  # the slot was not lost with it


def test_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        PriorityGate(0)


def test_low_priority_applies_inside_the_block_only() -> None:
    assert not is_low_priority()
    with low_priority():
        assert is_low_priority()
    assert not is_low_priority()


async def test_retry_transport_admits_normal_requests_first() -> None:
    """Through the transport: with the pool full, queued job work overtakes queued polls."""
    release = asyncio.Event()
    served: list[str] = []

    class Pool(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.path == "/busy":
                await release.wait()
            served.append(request.url.path)
            return httpx.Response(200, json={})

    gated = RetryTransport(
        RetryPolicy(max_retries=0), async_transport_factory=Pool, max_concurrency=1
    )
    async with httpx.AsyncClient(transport=gated, base_url="http://gate.test") as http:
        busy = asyncio.create_task(http.get("/busy"))
        await _settle()

        async def poll() -> None:
            with low_priority():
                await http.get("/poll")

        polls = [asyncio.create_task(poll()) for _ in range(3)]
        await _settle()
        creates = [asyncio.create_task(http.post("/create")) for _ in range(2)]
        await _settle()
        release.set()
        await asyncio.gather(busy, *polls, *creates)
    assert served == ["/busy", "/create", "/create", "/poll", "/poll", "/poll"]
