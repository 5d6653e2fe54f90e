"""Scenarios: people join, mute themselves, wait in the lobby, leave; the last one out ends a group call.

Each change reaches the bot as a roster update (``updated`` on ``.../participants``) with the
participant as it now is; one who left carries a ``removedState``. Sync and async clients read the
roster back; a real receiver keeps what the bot heard.
"""

from __future__ import annotations

from graph_calls import identities
from graph_calls.testing.simulator import GraphSimulator

from ._scenario_helpers import TIMEOUT_S, Api, Bot, answer, api, bot, result_of, roster_entries, steps, user

__all__ = ["api", "bot"]

GROUP = {"chatInfo": {"threadId": "19:meeting_roster@thread.v2"}}
JOINER = "7e1b4346-85a6-4bdd-abe3-d11c5d420efe"


def test_a_participant_joins_mutes_themselves_and_leaves(
    graph_sim: GraphSimulator, api: Api, bot: Bot
) -> None:
    call_id = graph_sim.seed_call(callback_uri=bot.callback_uri, participants=1, **GROUP)
    registry = bot.receiver.registry

    pid = graph_sim.join(call_id, user(JOINER, "Joiner"))
    registry.wait_for_call(call_id, lambda call: call.participant(pid) is not None, timeout=TIMEOUT_S)
    graph_sim.mute_self(call_id, pid)
    muted = registry.wait_for_call(
        call_id, lambda call: bool(getattr(call.participant(pid), "is_muted", False)), timeout=TIMEOUT_S
    )
    listed_muted = api(lambda graph: graph.calls[call_id].participants[pid].get())
    graph_sim.leave(call_id, pid)
    left = registry.wait_for_call(call_id, lambda call: call.participant(pid) is None, timeout=TIMEOUT_S)
    listed_after = api(lambda graph: graph.calls[call_id].participants.list())
    received = bot.quiet(graph_sim, call_id)

    assert steps(received) == [("updated", "participants", 1)] * 3
    joined, self_muted, gone = (roster_entries(n)[0] for n in received)
    assert [entry["id"] for entry in (joined, self_muted, gone)] == [pid] * 3
    assert (joined["isMuted"], self_muted["isMuted"]) == (False, True)
    assert self_muted["mediaStreams"][0]["serverMuted"] is False  # muted by themselves, not the server
    assert gone["removedState"]["@odata.type"] == "#microsoft.graph.removedState"
    assert joined["rosterSequenceNumber"] < self_muted["rosterSequenceNumber"] < gone["rosterSequenceNumber"]
    assert muted.participant(pid) is not None
    assert listed_muted.is_muted is True
    assert left.participant(pid) is None
    assert pid not in {participant.id for participant in listed_after}


def test_a_participant_waits_in_the_lobby_until_someone_admits_them(
    graph_sim: GraphSimulator, api: Api, bot: Bot
) -> None:
    call_id = graph_sim.seed_call(callback_uri=bot.callback_uri, participants=1, **GROUP)

    pid = graph_sim.join(call_id, identities.guest("lobby-guest", display_name="Visitor"), in_lobby=True)
    waiting = api(lambda graph: graph.calls[call_id].participants[pid].get())
    graph_sim.admit(call_id, pid)
    admitted = bot.receiver.registry.wait_for_call(
        call_id,
        lambda call: call.participant(pid) is not None and call.participant(pid).is_in_lobby is False,
        timeout=TIMEOUT_S,
    )
    received = bot.quiet(graph_sim, call_id)

    assert waiting.is_in_lobby is True
    assert [roster_entries(n)[0]["isInLobby"] for n in received] == [True, False]
    assert roster_entries(received[0])[0]["info"]["identity"]["guest"]["id"] == "lobby-guest"
    assert admitted.participant(pid) is not None


def test_in_a_meeting_the_caller_hanging_up_leaves_and_the_last_one_out_ends_the_call(
    graph_sim: GraphSimulator, api: Api, bot: Bot
) -> None:
    call_id = graph_sim.ring(bot.callback_uri, caller=user("meeting-caller"), **GROUP)
    bot.wait_for(call_id, lambda got: len(got) >= 1)
    answer(api, bot, call_id)
    bot.wait_for(call_id, lambda got: len(got) >= 4)  # incoming, establishing, established, roster
    other = graph_sim.join(call_id, "+15555550177")

    graph_sim.hang_up(call_id)  # the caller leaves; the meeting goes on with the other participant
    still_there = api(lambda graph: graph.calls[call_id].get())
    graph_sim.hang_up(call_id, participant_id=other)
    received = bot.wait_for(call_id, lambda got: len(got) >= 8)

    assert still_there.state == "established"
    assert steps(received)[4:] == [
        ("updated", "participants", 1),  # the other participant joined
        ("updated", "participants", 1),  # the caller left
        ("updated", "participants", 1),  # the other participant left
        ("deleted", "call", "terminated"),
    ]
    assert roster_entries(received[5])[0]["info"]["identity"]["user"]["id"] == "meeting-caller"
    assert all(roster_entries(n)[0]["removedState"] for n in received[5:7])
    assert result_of(received[7])[:2] == (200, 5002)
