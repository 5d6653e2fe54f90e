"""The clients against a hostile local server: bounded time, bounded memory, bounded concurrency, and nothing
but graph-calls errors (with no token in them). Real sockets on 127.0.0.1; see tests/_hostile_server.py."""

from __future__ import annotations

import asyncio
import threading
import time
import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest
from tests._hostile_server import HostileServer, StaticCredential, hostile_server

from graph_calls import AsyncGraphCalls, GraphCalls, identities
from graph_calls import models as m
from graph_calls.errors import (
    BadRequestError,
    GraphConnectionError,
    GraphTimeoutError,
    ResponseParseError,
    ResponseTooLargeError,
    ServerError,
)

pytestmark = pytest.mark.slow  # servers that drip, stall and burst, against real deadlines

MiB = 1024 * 1024


@pytest.fixture(scope="module")
def server() -> Iterator[HostileServer]:
    with hostile_server() as running:
        yield running


@pytest.fixture(autouse=True)
def _fresh(server: HostileServer) -> None:
    server.reset()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _client(server: HostileServer, **options: Any) -> GraphCalls:
    return GraphCalls(credential=StaticCredential(), base_url=server.base_url, **options)


def _async_client(server: HostileServer, **options: Any) -> AsyncGraphCalls:
    return AsyncGraphCalls(credential=StaticCredential(), base_url=server.base_url, **options)


def _invitee() -> list[m.InvitationParticipantInfo]:
    return [m.InvitationParticipantInfo(identity=identities.user("u1"))]


# ------------------------------------------------------------------------------------------ time


@pytest.mark.parametrize("path", ["drip", "drip-headers"])
def test_a_dripping_server_is_cut_off_at_the_attempt_timeout(server: HostileServer, path: str) -> None:
    with _client(server, timeout=1.0, retry_deadline_s=2.0, max_retries=0) as graph:
        started = time.monotonic()
        with pytest.raises(GraphTimeoutError):
            graph.calls[path].get()
        elapsed = time.monotonic() - started
    assert elapsed < 1.8, f"took {elapsed:.2f} s with timeout=1"


@pytest.mark.anyio
async def test_async_a_dripping_server_is_cut_off_at_the_attempt_timeout(server: HostileServer) -> None:
    async with _async_client(server, timeout=1.0, retry_deadline_s=2.0, max_retries=0) as graph:
        started = time.monotonic()
        with pytest.raises(GraphTimeoutError):
            await graph.calls["drip"].get()
        elapsed = time.monotonic() - started
    assert elapsed < 1.8, f"took {elapsed:.2f} s with timeout=1"


def test_retries_of_a_dripping_server_end_by_the_retry_deadline(server: HostileServer) -> None:
    with _client(server, timeout=1.0, retry_deadline_s=2.5, max_retries=10) as graph:
        started = time.monotonic()
        with pytest.raises(GraphTimeoutError):
            graph.calls["drip"].get()
        elapsed = time.monotonic() - started
    assert elapsed < 3.3, f"took {elapsed:.2f} s with retry_deadline_s=2.5"
    assert 2 <= server.requests["drip"] <= 4


# ---------------------------------------------------------------------------------------- memory


def _peak_mib(call: Any) -> float:
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1] / MiB
    finally:
        tracemalloc.stop()


def test_a_decompression_bomb_is_refused_within_the_cap(server: HostileServer) -> None:
    with _client(server, max_retries=0, max_response_bytes=8 * MiB) as graph:

        def fetch() -> None:
            with pytest.raises(ResponseTooLargeError, match="larger than 8388608 bytes"):
                graph.calls["bomb"].get()

        peak = _peak_mib(fetch)
    assert peak < 8 + 16, f"peak {peak:.0f} MiB for an 8 MiB cap"


def test_an_error_bomb_is_still_a_server_error_and_only_its_start_is_read(server: HostileServer) -> None:
    with _client(server, max_retries=0) as graph:

        def fetch() -> None:
            with pytest.raises(ServerError) as caught:
                graph.calls["error-bomb"].get()
            assert caught.value.status == 500

        peak = _peak_mib(fetch)
    assert peak < 8, f"peak {peak:.0f} MiB for a 500"


def test_stacked_content_encodings_are_refused_not_decoded(server: HostileServer) -> None:
    with (
        _client(server, max_retries=0) as graph,
        pytest.raises(GraphConnectionError, match="Content-Encoding"),
    ):
        graph.calls["stacked"].get()


def test_a_gzip_body_within_the_cap_parses(server: HostileServer) -> None:
    with _client(server) as graph:
        assert graph.calls["gzip"].get().id == "gz"


# ---------------------------------------------------------------------------------- raw errors


def test_a_body_cut_short_is_a_connection_error_retried_for_a_get(server: HostileServer) -> None:
    with _client(server, max_retries=2, retry_deadline_s=10) as graph, pytest.raises(GraphConnectionError):
        graph.calls["cut"].get()
    assert server.requests["cut"] == 3


@pytest.mark.anyio
async def test_async_a_body_cut_short_is_a_connection_error(server: HostileServer) -> None:
    async with _async_client(server, max_retries=0) as graph:
        with pytest.raises(GraphConnectionError, match="RemoteProtocolError"):
            await graph.calls["cut"].get()


def test_a_pathologically_deep_body_is_a_parse_error(server: HostileServer) -> None:
    with _client(server) as graph, pytest.raises(ResponseParseError, match="RecursionError"):
        graph.calls["deep"].get()


# --------------------------------------------------------------------------------------- secrets


def test_a_token_echoed_in_an_error_message_is_scrubbed(server: HostileServer) -> None:
    with _client(server) as graph, pytest.raises(BadRequestError) as caught:
        graph.calls["echo-token"].get()
    error = caught.value
    assert "you sent Authorization: Bearer <redacted>" in error.message
    for text in (str(error), repr(error), error.message):
        assert StaticCredential.TOKEN not in text


def test_a_token_quoted_by_a_parse_error_is_scrubbed(server: HostileServer) -> None:
    with _client(server) as graph, pytest.raises(ResponseParseError) as caught:
        graph.calls["echo-token-invite"].participants.invite(_invitee())
    assert StaticCredential.TOKEN not in str(caught.value)
    assert caught.value.__cause__ is None


# ----------------------------------------------------------------------------------- concurrency


@pytest.mark.anyio
async def test_a_burst_of_2000_async_invites_all_succeed_within_the_slots(server: HostileServer) -> None:
    server.latency_s = 0.005
    async with _async_client(server, max_concurrency=50) as graph:
        call = graph.calls["c1"]
        results = await asyncio.gather(*(call.participants.invite(_invitee()) for _ in range(2000)))
    assert len(results) == 2000
    assert all(isinstance(result, m.InviteParticipantsOperation) for result in results)
    assert server.requests["invite"] == 2000
    assert server.max_in_flight["invite"] <= 50


def test_threads_sharing_a_sync_client_stay_within_its_slots(server: HostileServer) -> None:
    server.latency_s = 0.005
    errors: list[BaseException] = []
    with _client(server, max_concurrency=8) as graph:

        def worker() -> None:
            try:
                for _ in range(25):
                    graph.calls["c1"].participants.invite(_invitee())
            except BaseException as exc:  # collected and asserted below
                errors.append(exc)

        threads = [threading.Thread(target=worker) for _ in range(32)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert server.requests["invite"] == 800
    assert server.max_in_flight["invite"] <= 8


@pytest.mark.anyio
async def test_waiting_for_a_slot_counts_toward_the_callers_deadline(server: HostileServer) -> None:
    async with _async_client(server, max_concurrency=1, retry_deadline_s=1.0, max_retries=0) as graph:
        holder = asyncio.ensure_future(graph.calls["slow"].get())  # holds the only slot until its deadline
        await asyncio.sleep(0.5)
        started = time.monotonic()
        with pytest.raises(GraphTimeoutError):
            await graph.calls["slow"].get()  # waits ~0.5 s for the slot, then has ~0.5 s left
        waited = time.monotonic() - started
        with pytest.raises(GraphTimeoutError):
            await holder
    assert 0.8 < waited < 1.4, f"the call took {waited:.2f} s with retry_deadline_s=1.0"


@pytest.mark.anyio
async def test_a_slot_that_never_frees_in_time_is_a_timeout_with_nothing_sent() -> None:
    from graph_calls._core.slots import AsyncSlots, Slots

    slots = AsyncSlots(1)
    await slots.acquire(1.0)
    with pytest.raises(GraphTimeoutError, match=r"no request slot came free .* 1 requests were in flight"):
        await slots.acquire(0.05)
    slots.release()
    await slots.acquire(0.05)  # free again

    sync_slots = Slots(1)
    sync_slots.acquire(1.0)
    with pytest.raises(GraphTimeoutError, match="nothing was sent"):
        sync_slots.acquire(0.05)


# ----------------------------------------------------------------------------------- connections


def test_sequential_calls_reuse_one_kept_alive_connection(server: HostileServer) -> None:
    with _client(server) as graph:
        for _ in range(20):
            graph.calls["ok"].get()
    assert server.connections_accepted == 1


@pytest.mark.anyio
async def test_a_burst_opens_at_most_max_concurrency_connections(server: HostileServer) -> None:
    server.latency_s = 0.01
    async with _async_client(server, max_concurrency=20) as graph:
        await asyncio.gather(*(graph.calls["ok"].get() for _ in range(300)))
        await asyncio.gather(*(graph.calls["ok"].get() for _ in range(300)))
    assert server.connections_accepted <= 20
    assert server.requests["ok"] == 600


@pytest.mark.parametrize("use_async", [False, True])
def test_a_connection_the_server_closed_while_idle_is_not_reused(
    server: HostileServer, use_async: bool
) -> None:
    async def twice_async() -> None:
        async with _async_client(server, max_retries=0) as graph:
            for _ in range(2):
                await graph.calls["ok-then-fin"].get()
                await asyncio.sleep(0.05)

    if use_async:
        asyncio.run(twice_async())
    else:
        with _client(server, max_retries=0) as graph:
            for _ in range(2):
                graph.calls["ok-then-fin"].get()
                time.sleep(0.05)
    assert server.requests["ok-then-fin"] == 2
    assert server.connections_accepted == 2
