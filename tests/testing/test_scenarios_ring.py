"""Scenarios: the simulator rings a bot, the bot answers, rejects or redirects, the caller hangs up.

Each test drives the bot's side through the real client (sync and async) and asserts the
notifications a real ``NotificationReceiver`` accepted over TLS, in the order the Graph reference
documents them (``call: answer``, ``call: reject``, ``call: redirect``, ``Delete call``).
"""

from __future__ import annotations

from typing import Any

import pytest

from graph_calls import identities
from graph_calls.errors import NotFoundError
from graph_calls.testing.simulator import GraphSimulator

from ._scenario_helpers import (
    TIMEOUT_S,
    Api,
    Bot,
    answer,
    api,
    bot,
    invitee,
    result_of,
    roster_entries,
    steps,
    user,
)

__all__ = ["api", "bot"]

CALLERS: dict[str, tuple[Any, str, str]] = {
    # kind: (the caller, the identitySet property naming them, their id)
    "user": (
        user("8a34a46b-3d17-4adc-8dce-dc4e7d572698", "Test User"),
        "user",
        "8a34a46b-3d17-4adc-8dce-dc4e7d572698",
    ),
    "phone": (identities.phone("+15555550100"), "phone", "+15555550100"),
    "guest": (identities.guest("guest-1", display_name="Visitor"), "guest", "guest-1"),
}


@pytest.mark.parametrize("kind", list(CALLERS))
def test_a_ringing_call_is_answered_and_the_caller_joins_the_roster(
    graph_sim: GraphSimulator, api: Api, bot: Bot, kind: str
) -> None:
    caller, prop, caller_id = CALLERS[kind]

    call_id = graph_sim.ring(bot.callback_uri, caller=caller)
    (incoming,) = bot.wait_for(call_id, lambda got: len(got) >= 1)
    answer(api, bot, call_id)
    received = bot.wait_for(call_id, lambda got: len(got) >= 4)
    listed = api(lambda graph: graph.calls[call_id].participants.list())

    assert steps(received) == [
        ("created", "call", "incoming"),
        ("updated", "call", "establishing"),
        ("updated", "call", "established"),
        ("updated", "participants", 2),
    ]
    ringing = incoming.raw["resourceData"]
    assert incoming.raw["resourceUrl"] == f"/communications/calls/{call_id}"
    assert ringing["@odata.type"] == "#microsoft.graph.call"
    assert ringing["direction"] == "incoming"
    assert ringing["source"]["identity"][prop]["id"] == caller_id
    assert ringing["targets"][0]["identity"]["application"]["id"] == graph_sim.client_id
    bot_id = ringing["myParticipantId"]
    joined = {entry["id"]: entry for entry in roster_entries(received[3])}
    assert joined[bot_id]["info"]["identity"]["application"]["id"] == graph_sim.client_id
    (caller_entry,) = [entry for pid, entry in joined.items() if pid != bot_id]
    assert caller_entry["info"]["identity"][prop]["id"] == caller_id
    snapshot = bot.receiver.registry.wait_for_call(
        call_id, lambda call: call.participant_with_identity(caller_id) is not None, timeout=TIMEOUT_S
    )
    assert snapshot.state == "established"
    assert {participant.id for participant in listed} == set(joined)


@pytest.mark.parametrize("action", ["reject", "redirect"])
def test_a_rejected_or_redirected_ring_ends_the_call(
    graph_sim: GraphSimulator, api: Api, bot: Bot, action: str
) -> None:
    call_id = graph_sim.ring(bot.callback_uri, caller="+15555550123")
    bot.wait_for(call_id, lambda got: len(got) >= 1)

    if action == "reject":
        api(lambda graph: graph.calls[call_id].reject(reason="busy"))
    else:
        target = invitee(user("98da8a1a-1b87-452c-a713-65d3f10b1253"))
        api(lambda graph: graph.calls[call_id].redirect(targets=[target], callback_uri=bot.callback_uri))

    assert bot.wait_for_steps(call_id, 2) == [
        ("created", "call", "incoming"),
        ("deleted", "call", "terminated"),
    ]
    with pytest.raises(NotFoundError):
        api(lambda graph: graph.calls[call_id].get())


def test_a_ring_nobody_answers_ends_when_the_clock_reaches_the_ring_timeout(
    graph_sim: GraphSimulator, api: Api, bot: Bot
) -> None:
    graph_sim.use_manual_clock()
    call_id = graph_sim.ring(bot.callback_uri, caller=user("ringing-user"))
    bot.wait_for(call_id, lambda got: len(got) >= 1)

    graph_sim.clock.advance(14.9)
    still_ringing = api(lambda graph: graph.calls[call_id].get())
    graph_sim.clock.advance(0.1)
    received = bot.wait_for(call_id, lambda got: len(got) >= 2)

    assert still_ringing.state == "incoming"
    assert steps(received) == [("created", "call", "incoming"), ("deleted", "call", "terminated")]
    assert result_of(received[1]) == (408, 10057, "Call timed out due to no signaling from callee endpoints.")
    with pytest.raises(NotFoundError):
        api(lambda graph: graph.calls[call_id].get())


@pytest.mark.parametrize(
    ("caller", "subcode", "message"),
    [
        (user("peer-user"), 4521, "Call ended by the other participant in peer-to-peer call."),
        (identities.phone("+15555550100"), 540000, "Call ended by the PSTN User."),
    ],
    ids=["user", "phone"],
)
def test_the_caller_hanging_up_ends_a_peer_to_peer_call(
    graph_sim: GraphSimulator, api: Api, bot: Bot, caller: Any, subcode: int, message: str
) -> None:
    call_id = graph_sim.ring(bot.callback_uri, caller=caller)
    bot.wait_for(call_id, lambda got: len(got) >= 1)
    answer(api, bot, call_id)
    bot.wait_for(call_id, lambda got: len(got) >= 4)  # ..., established, the roster with the caller

    graph_sim.hang_up(call_id)
    received = bot.wait_for(call_id, lambda got: len(got) >= 5)

    assert steps(received)[4] == ("deleted", "call", "terminated")
    assert result_of(received[4]) == (200, subcode, message)
    assert bot.receiver.registry.wait_for_call(call_id, lambda call: call.ended, timeout=TIMEOUT_S).ended
    with pytest.raises(NotFoundError):
        api(lambda graph: graph.calls[call_id].get())


def test_a_caller_who_hangs_up_before_the_answer_ends_the_ringing_call(
    graph_sim: GraphSimulator, api: Api, bot: Bot
) -> None:
    call_id = graph_sim.ring(bot.callback_uri, caller=user("impatient-user"))
    bot.wait_for(call_id, lambda got: len(got) >= 1)

    graph_sim.hang_up(call_id)
    received = bot.wait_for(call_id, lambda got: len(got) >= 2)

    assert steps(received) == [("created", "call", "incoming"), ("deleted", "call", "terminated")]
    assert result_of(received[1])[:2] == (200, 4521)
    with pytest.raises(NotFoundError):
        api(lambda graph: graph.calls[call_id].get())
