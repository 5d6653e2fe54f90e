"""Prompts the service would refuse are refused before anything is sent: a MediaPrompt needs the audio's
absolute https URL (playPrompt, recordResponse, startHoldMusic). Sync and async, against the simulator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graph_calls import AsyncGraphCalls, GraphCalls
from graph_calls import models as m
from graph_calls.errors import InvalidInputError
from graph_calls.testing import GraphSimulator

BAD_PROMPTS: list[tuple[str, Callable[[], Any], str]] = [
    ("no media", lambda: m.MediaPrompt(), r"prompts\[0\]\.media_info is required"),
    (
        "no uri",
        lambda: m.MediaPrompt(media_info=m.MediaInfo(resource_id="r1")),
        r"media_info\.uri is required",
    ),
    ("empty uri", lambda: m.MediaPrompt(media_info=m.MediaInfo(uri="")), r"media_info\.uri is required"),
    (
        "http",
        lambda: m.MediaPrompt(media_info=m.MediaInfo(uri="http://cdn.contoso.com/a.wav")),
        "absolute https",
    ),
    ("relative", lambda: m.MediaPrompt(media_info=m.MediaInfo(uri="/prompts/a.wav")), "absolute https"),
    ("no host", lambda: m.MediaPrompt(media_info=m.MediaInfo(uri="https:///a.wav")), "absolute https"),
    (
        "space",
        lambda: m.MediaPrompt(media_info=m.MediaInfo(uri="https://cdn.contoso.com/a b.wav")),
        "absolute https",
    ),
    ("file", lambda: m.MediaPrompt(media_info=m.MediaInfo(uri="file:///etc/passwd")), "absolute https"),
]
GOOD = "https://cdn.contoso.com/beep.wav"


def operations(prompt: Any) -> dict[str, Callable[[Any, str], Any]]:
    """Each operation that carries prompts, called with ``prompt`` in its prompt slot."""
    return {
        "play_prompt": lambda graph, call_id: graph.calls[call_id].play_prompt(prompts=[prompt]),
        "record_response": lambda graph, call_id: graph.calls[call_id].record_response(prompts=[prompt]),
        "start_hold_music": lambda graph, call_id: (
            graph.calls[call_id].participants["p"].start_hold_music(custom_prompt=prompt)
        ),
    }


@pytest.mark.parametrize("operation", ["play_prompt", "record_response", "start_hold_music"])
@pytest.mark.parametrize(("case", "make", "message"), BAD_PROMPTS, ids=[c[0] for c in BAD_PROMPTS])
def test_a_bad_media_prompt_is_refused_before_sending_sync(
    graph_sim: GraphSimulator, operation: str, case: str, make: Callable[[], Any], message: str
) -> None:
    call_id = graph_sim.seed_call(participants=1)
    sent = len(graph_sim.requests)
    with graph_sim.client() as graph:
        assert isinstance(graph, GraphCalls)
        if operation == "start_hold_music":
            message = message.replace(r"prompts\[0\]", "custom_prompt")
        with pytest.raises(InvalidInputError, match=message):
            operations(make())[operation](graph, call_id)
    assert len(graph_sim.requests) == sent


@pytest.mark.anyio
@pytest.mark.parametrize(("case", "make", "message"), BAD_PROMPTS, ids=[c[0] for c in BAD_PROMPTS])
async def test_a_bad_media_prompt_is_refused_before_sending_async(
    graph_sim: GraphSimulator, case: str, make: Callable[[], Any], message: str
) -> None:
    call_id = graph_sim.seed_call(participants=1)
    sent = len(graph_sim.requests)
    async with graph_sim.async_client() as graph:
        assert isinstance(graph, AsyncGraphCalls)
        with pytest.raises(InvalidInputError, match=message):
            await graph.calls[call_id].play_prompt(prompts=[make()])
    assert len(graph_sim.requests) == sent


def test_the_second_bad_prompt_is_named_by_its_index(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call(participants=1)
    good = m.MediaPrompt(media_info=m.MediaInfo(uri=GOOD))
    with graph_sim.client() as graph, pytest.raises(InvalidInputError, match=r"prompts\[1\]\.media_info"):
        graph.calls[call_id].play_prompt(prompts=[good, m.MediaPrompt()])


def test_an_https_prompt_and_a_plain_prompt_are_sent(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call(participants=1)
    with graph_sim.client() as graph:
        op = graph.calls[call_id].play_prompt(
            prompts=[m.MediaPrompt(media_info=m.MediaInfo(uri=GOOD.upper()))]
        )
        assert op.id
    assert graph_sim.last_request is not None
    assert GOOD.upper() in graph_sim.last_request.body.decode()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
