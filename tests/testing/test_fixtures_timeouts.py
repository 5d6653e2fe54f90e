"""Timeouts that explain themselves: a wait that ends without what it waited for says what the simulator
delivered, where, and what state the call was last seen in."""

from __future__ import annotations

import textwrap
import traceback
from pathlib import Path

import pytest

from graph_calls import waiting
from graph_calls.errors import GraphTimeoutError, OperationTimeoutError
from graph_calls.testing.fixtures import ServeBot, serve_bot
from graph_calls.testing.simulator import GraphSimulator

from ._users_suite import printed_by_pytest

__all__ = ["serve_bot"]

ELSEWHERE = "https://127.0.0.1:9/elsewhere"  # nothing listens on the discard port


def test_a_call_wait_that_times_out_says_no_notification_reached_the_bot_and_where_they_went(
    graph_sim: GraphSimulator, serve_bot: ServeBot
) -> None:
    bot = serve_bot(on_notifications=lambda notifications: None)
    call_id = graph_sim.ring(ELSEWHERE)  # the wrong callbackUri: the bot hears nothing
    graph_sim.settle()

    with pytest.raises(GraphTimeoutError) as timed_out:
        bot.wait_for_call(call_id, lambda call: call.state == "established", timeout=0.2)

    message = str(timed_out.value)
    assert f"call {call_id} did not reach the awaited state within 0.2 s" in message
    assert f"the simulator holds call {call_id} in state 'incoming'" in message
    assert f"no notification delivered to {bot.base_url} since " in message
    assert f"(1 sent to other URLs: {ELSEWHERE})" in message


def test_an_operation_wait_that_times_out_says_what_the_bot_was_sent_last(
    graph_sim: GraphSimulator, serve_bot: ServeBot
) -> None:
    bot = serve_bot(on_notifications=lambda notifications: None)
    call_id = graph_sim.ring(bot.callback_url)
    bot.wait_quiet()

    with pytest.raises(OperationTimeoutError) as timed_out:
        bot.wait_for_operation("0fe0623f-d628-42ed-b4bd-8ac290072cc5", timeout=0.2)

    message = str(timed_out.value)
    assert "no completion notification for operation 0fe0623f-d628-42ed-b4bd-8ac290072cc5" in message
    assert f"1 notification(s) delivered to {bot.base_url} since " in message
    assert f"created /communications/calls/{call_id} (incoming) -> 202" in message


@pytest.mark.anyio
async def test_an_async_call_wait_explains_itself_too(graph_sim: GraphSimulator, serve_bot: ServeBot) -> None:
    bot = serve_bot(on_notifications=lambda notifications: None)
    call_id = graph_sim.ring(bot.callback_url)
    await bot.await_quiet()

    with pytest.raises(GraphTimeoutError) as timed_out:
        await bot.await_call(call_id, lambda call: call.state == "established", timeout=0.2)

    message = str(timed_out.value)
    assert f"call {call_id} did not reach the awaited state within 0.2 s" in message
    assert f"the simulator holds call {call_id} in state 'incoming'" in message
    assert f"1 notification(s) delivered to {bot.base_url} since " in message
    assert f"created /communications/calls/{call_id} (incoming) -> 202" in message


def test_explained_keeps_the_errors_type_attributes_and_traceback() -> None:
    operation = object()
    try:
        raise OperationTimeoutError("operation op-1 still running after 5 s", operation=operation)
    except OperationTimeoutError as original:
        error = original
    explanation = "  no notification delivered to https://bot/cb since 12:00:01.000"
    explained = waiting.explained(error, explanation)

    assert type(explained) is OperationTimeoutError
    assert explained.operation is operation
    assert str(explained) == f"operation op-1 still running after 5 s\n{explanation}"
    assert traceback.extract_tb(explained.__traceback__) == traceback.extract_tb(error.__traceback__)
    assert str(error) == "operation op-1 still running after 5 s"  # the original is left alone


@pytest.mark.parametrize(
    ("last_state", "heard_of", "says"),
    [
        ("establishing", True, "(last state notified: establishing)"),
        (None, True, "(last state notified: none)"),
        (None, False, "(no notification about this call arrived)"),
    ],
)
def test_a_call_timeout_message_names_the_last_state_notified(
    last_state: str | None, heard_of: bool, says: str
) -> None:
    message = waiting.call_timeout_message("c1", 5, last_state=last_state, heard_of=heard_of)
    assert message == f"call c1 did not reach the awaited state within 5 s {says}"


USERS_SUITE = """
    import pytest

    from graph_calls.notifications import NotificationReceiver


    def test_waits_on_its_own_registry(graph_sim, graph_callback_validator, serve_bot):
        receiver = NotificationReceiver(graph_sim.client_id, validator=graph_callback_validator)
        bot = serve_bot(receiver.asgi_app())
        call_id = graph_sim.ring(bot.callback_url)
        receiver.registry.wait_for_call(call_id, lambda call: call.state == "established", timeout=0.3)


    def test_fails_otherwise(graph_sim):
        graph_sim.ring("https://127.0.0.1:9/elsewhere")
        graph_sim.settle()
        assert False, "a plain failure"
"""


def test_a_timeout_in_a_users_test_gets_the_simulators_deliveries_appended(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["graph_calls.testing.fixtures"]\n')
    (tmp_path / "test_suite.py").write_text(textwrap.dedent(USERS_SUITE))
    printed = printed_by_pytest(tmp_path)

    lines = pytest.LineMatcher(printed.splitlines())
    lines.fnmatch_lines(
        [
            "E *graph_calls.errors.GraphTimeoutError: call * did not reach the awaited state within 0.3 s"
            " (*)",
            "E *notifications the simulator delivered during the test:",
            "E *1 notification(s) delivered to https://127.0.0.1:*/callback since *; the last at *:"
            " created /communications/calls/* (incoming) -> 202",
        ]
    )
    assert printed.count("notifications the simulator delivered during the test:") == 1  # not the plain one
