"""Scenarios: invitees and transfer targets answer as the test scripted them.

An invitation is accepted (the invitee joins the roster), declined, busy or not answered (the
``inviteParticipantsOperation`` fails with that ``resultInfo``; nobody joins). A transfer target
accepts (``transferring``, ``transferAccepted``, ``terminated``) or not (``transferring``, then
back to ``established`` with ``500/7000``, as ``call: transfer`` shows). Sync and async clients;
the bot's notifications come through a real receiver.
"""

from __future__ import annotations

import pytest

from graph_calls.errors import OperationFailed
from graph_calls.testing.simulator import GraphSimulator

from ._scenario_helpers import TIMEOUT_S, Api, Bot, api, bot, invitee, result_of, roster_entries, steps, user

__all__ = ["api", "bot"]

INVITEE = "278405a3-f568-4b3e-b684-009193463064"
FRIEND = "1e126418-44a0-4a94-a6f8-0efe1ad71acb"
TARGET = "550fae72-d251-43ec-868c-373732c2704f"
GROUP = {"chatInfo": {"threadId": "19:meeting_scenarios@thread.v2"}}


def group_call(sim: GraphSimulator, bot: Bot) -> str:
    return sim.seed_call(callback_uri=bot.callback_uri, participants=1, **GROUP)


@pytest.mark.parametrize(
    ("response", "code", "subcode"),
    [("decline", 603, 0), ("busy", 486, 0)],
)
def test_an_invitee_who_declines_or_is_busy_fails_the_invitation(
    graph_sim: GraphSimulator, api: Api, bot: Bot, response: str, code: int, subcode: int
) -> None:
    call_id = group_call(graph_sim, bot)
    graph_sim.respond_to_invites(INVITEE, response)

    operation = api(lambda graph: graph.calls[call_id].participants.invite([invitee(user(INVITEE))]))
    with pytest.raises(OperationFailed) as failed:
        bot.receiver.registry.wait_for_operation(operation, timeout=TIMEOUT_S)
    bot.quiet(graph_sim, call_id)
    roster = api(lambda graph: graph.calls[call_id].participants.list())

    assert operation.status == "Running"
    assert (failed.value.code, failed.value.subcode) == (code, subcode)
    assert steps(bot.of_call(call_id)) == [("deleted", "operation", "failed")]
    assert result_of(bot.of_call(call_id)[0])[:2] == (code, subcode)
    assert all(INVITEE not in str(participant.to_dict()) for participant in roster)


def test_an_invitee_who_accepts_joins_the_roster_after_the_completed_operation(
    graph_sim: GraphSimulator, api: Api, bot: Bot
) -> None:
    call_id = group_call(graph_sim, bot)
    graph_sim.respond_to_invites(INVITEE, "accept")

    operation = api(lambda graph: graph.calls[call_id].participants.invite([invitee(user(INVITEE))]))
    done = bot.receiver.registry.wait_for_operation(operation, timeout=TIMEOUT_S)
    received = bot.wait_for(call_id, lambda got: len(got) >= 2)

    assert done.status == "completed"
    assert steps(received) == [("deleted", "operation", "completed"), ("updated", "participants", 1)]
    assert roster_entries(received[1])[0]["info"]["identity"]["user"]["id"] == INVITEE


def test_an_invitee_who_does_not_answer_times_out_when_the_clock_reaches_60_s(
    graph_sim: GraphSimulator, api: Api, bot: Bot
) -> None:
    graph_sim.use_manual_clock()
    call_id = group_call(graph_sim, bot)
    graph_sim.respond_to_invites("+15555550111", "no-answer")

    operation = api(
        lambda graph: graph.calls[call_id].participants.invite([invitee({"phone": {"id": "+15555550111"}})])
    )
    graph_sim.clock.advance(59.9)
    running = graph_sim.operation(call_id, operation.id)["status"]
    graph_sim.clock.advance(0.1)
    with pytest.raises(OperationFailed) as failed:
        bot.receiver.registry.wait_for_operation(operation, timeout=TIMEOUT_S)
    bot.quiet(graph_sim, call_id)

    assert running == "Running"
    assert (failed.value.code, failed.value.subcode) == (408, 10057)
    assert steps(bot.of_call(call_id)) == [("deleted", "operation", "failed")]


def test_people_not_named_answer_with_the_default_and_one_refusal_fails_the_whole_invitation(
    graph_sim: GraphSimulator, api: Api, bot: Bot
) -> None:
    call_id = group_call(graph_sim, bot)
    graph_sim.respond_to_invites(None, "decline")
    graph_sim.respond_to_invites(user(FRIEND), "accept")

    operation = api(
        lambda graph: graph.calls[call_id].participants.invite(
            [invitee(user(FRIEND)), invitee(user(INVITEE))]
        )
    )
    with pytest.raises(OperationFailed) as failed:
        bot.receiver.registry.wait_for_operation(operation, timeout=TIMEOUT_S)
    joined = bot.receiver.registry.wait_for_call(
        call_id, lambda call: call.participant_with_identity(FRIEND) is not None, timeout=TIMEOUT_S
    )
    bot.quiet(graph_sim, call_id)

    assert failed.value.code == 603
    assert steps(bot.of_call(call_id)) == [("deleted", "operation", "failed"), ("updated", "participants", 1)]
    assert joined.participant_with_identity(INVITEE) is None


@pytest.mark.parametrize(
    ("consultative", "subcode"),
    [(False, 7000), (True, 7700)],
    ids=["direct", "consultative"],
)
def test_a_transfer_target_who_declines_sends_the_call_back_to_established(
    graph_sim: GraphSimulator, api: Api, bot: Bot, consultative: bool, subcode: int
) -> None:
    call_id = graph_sim.seed_call(callback_uri=bot.callback_uri, participants=1)
    graph_sim.respond_to_transfers(TARGET, "decline")
    extra = {"replaces_call_id": "e5d39592-99bd-4db8-bca8-30fb894ec51d"} if consultative else {}

    api(lambda graph: graph.calls[call_id].transfer(transfer_target=invitee(user(TARGET), **extra)))
    received = bot.wait_for(call_id, lambda got: len(got) >= 2)
    call = api(lambda graph: graph.calls[call_id].get())

    assert steps(received) == [("updated", "call", "transferring"), ("updated", "call", "established")]
    assert result_of(received[1])[:2] == (500, subcode)
    assert call.state == "established"
    assert bot.receiver.registry.wait_for_call(
        call_id, lambda snapshot: snapshot.state == "established", timeout=TIMEOUT_S
    )


def test_a_transfer_target_who_accepts_ends_the_call_transferred(
    graph_sim: GraphSimulator, api: Api, bot: Bot
) -> None:
    call_id = graph_sim.seed_call(callback_uri=bot.callback_uri, participants=1)
    graph_sim.respond_to_transfers(None, "busy")  # everyone else is busy; the target is not
    graph_sim.respond_to_transfers(TARGET, "accept")

    api(lambda graph: graph.calls[call_id].transfer(transfer_target=invitee(user(TARGET))))
    received = bot.wait_for(call_id, lambda got: len(got) >= 3)

    assert steps(received) == [
        ("updated", "call", "transferring"),
        ("updated", "call", "transferAccepted"),
        ("deleted", "call", "terminated"),
    ]
    assert result_of(received[2]) == (0, 7015, "GracefulTransferCompleted")
