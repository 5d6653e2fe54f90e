"""The simulator's clock: real time by default; once the test takes it, time moves when the test says.

Operation and establish delays, and the timeouts of the scenarios, all fall due on ``sim.clock``;
``advance`` steps through them in due order (a job scheduled by one that ran falls due relative
to when that one ran) and returns once they ran. Sync and async clients; a real receiver.
"""

from __future__ import annotations

import time

import pytest

from graph_calls import models
from graph_calls.testing.simulator import GraphSimulator

from ._scenario_helpers import GOOD_PROMPT_URI, Api, Bot, answer, api, bot, invitee, steps, user

__all__ = ["api", "bot"]

PROMPT = models.MediaPrompt(media_info=models.MediaInfo(uri=GOOD_PROMPT_URI))


def test_an_operation_completes_only_when_the_clock_reaches_its_delay(
    graph_sim: GraphSimulator, api: Api, bot: Bot
) -> None:
    graph_sim.use_manual_clock()
    call_id = graph_sim.seed_call(callback_uri=bot.callback_uri)
    delay_s = graph_sim.operation_delay_s

    operation = api(lambda graph: graph.calls[call_id].play_prompt(prompts=[PROMPT]))
    graph_sim.settle()  # returns: what is due later waits for the test
    before = graph_sim.operation(call_id, operation.id)["status"]
    graph_sim.clock.advance(delay_s / 2)
    halfway = graph_sim.operation(call_id, operation.id)["status"]
    graph_sim.clock.advance(delay_s / 2)
    received = bot.wait_for(call_id, lambda got: len(got) >= 1)

    assert (before, halfway) == ("running", "running")
    assert steps(received) == [("deleted", "operation", "completed")]


def test_one_advance_runs_chained_steps_in_due_order(graph_sim: GraphSimulator, api: Api, bot: Bot) -> None:
    graph_sim.use_manual_clock()
    call_id = graph_sim.ring(bot.callback_uri, caller="+15555550100")
    bot.wait_for(call_id, lambda got: len(got) >= 1)

    answer(api, bot, call_id)  # establishing now, established after the establish delay
    graph_sim.clock.advance(graph_sim.establish_delay_s)
    api(lambda graph: graph.calls[call_id].transfer(transfer_target=invitee(user("transfer-target"))))
    graph_sim.clock.advance(10 * graph_sim.operation_delay_s)  # accepted, then completed, in one go

    assert bot.wait_for_steps(call_id, 7) == [
        ("created", "call", "incoming"),
        ("updated", "call", "establishing"),
        ("updated", "call", "established"),
        ("updated", "participants", 2),
        ("updated", "call", "transferring"),
        ("updated", "call", "transferAccepted"),
        ("deleted", "call", "terminated"),
    ]


def test_the_manual_clock_only_moves_forward_and_a_real_one_cannot_be_advanced(
    graph_sim: GraphSimulator,
) -> None:
    start = graph_sim.clock.now()

    with pytest.raises(RuntimeError, match="use_manual_clock"):
        graph_sim.clock.advance(1)
    graph_sim.use_manual_clock()
    frozen = graph_sim.clock.now()
    graph_sim.clock.advance(5)
    with pytest.raises(ValueError, match="back"):
        graph_sim.clock.advance(-1)
    advanced = graph_sim.clock.now()
    graph_sim.use_real_clock()

    assert graph_sim.clock.manual is False
    assert start <= frozen
    assert advanced == frozen + 5
    assert graph_sim.clock.now() >= advanced


def test_reset_gives_back_the_clock_the_simulator_was_made_with(graph_sim: GraphSimulator) -> None:
    graph_sim.use_manual_clock()

    graph_sim.reset()

    assert graph_sim.clock.manual is False


def test_a_simulator_made_with_a_manual_clock_keeps_new_calls_establishing_until_advanced() -> None:
    with GraphSimulator(manual_clock=True) as sim:
        call_id = sim.seed_call(state="establishing")
        sim.settle()
        waiting = sim.call(call_id)["state"]
        sim.clock.advance(sim.establish_delay_s)
        established = sim.call(call_id)["state"]
        sim.use_real_clock()
        sim.reset()
        manual_after_reset = sim.clock.manual

    assert (waiting, established) == ("establishing", "established")
    assert manual_after_reset is True


def test_two_advances_that_add_up_to_a_due_time_reach_it_whatever_the_float_rounding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from graph_calls.testing._clock import SimClock
    from graph_calls.testing._scheduler import Scheduler

    # A clock reading (a few hours of uptime) where, in floats, steps of 59.9 and 0.1 s fall short of 60 s.
    start = next(t for t in (16_000 + k * 0.001 for k in range(1_000_000)) if (t + 59.9) + 0.1 < t + 60.0)
    with monkeypatch.context() as patch:
        patch.setattr(time, "monotonic", lambda: 0.0)  # the clock starts at 0, and may be set forward
        clock = SimClock(manual=True)
    clock._set(start)
    scheduler = Scheduler(clock)
    scheduler.start()
    ran: list[float] = []
    try:
        scheduler.call_later(60.0, lambda: ran.append(clock.now()))
        clock.advance(59.9)
        assert ran == []
        clock.advance(0.1)
    finally:
        scheduler.stop()
    assert ran == [start + 60.0]
