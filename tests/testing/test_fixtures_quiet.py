"""Quiet by events, not sleeps: ``bot.wait_quiet()`` returns once the simulator and the bot have both
finished, however many rounds of notification, callback and Graph request a flow takes.

The bot here answers a ringing call, plays a prompt once the call is established, and hangs up once the
prompt finished: three rounds of simulator → notification → callback → Graph request. The issue's
``settle()`` then ``wait_idle()`` returned between two rounds (17 failures in 30); ``wait_quiet`` cannot.
"""

from __future__ import annotations

import textwrap
import threading
from pathlib import Path
from typing import Any

import pytest

from graph_calls import AsyncGraphCalls, GraphCalls
from graph_calls.models import Call, MediaInfo, MediaPrompt, ServiceHostedMediaConfig
from graph_calls.notifications import Notification
from graph_calls.testing.fixtures import AsyncServeBot, ServeBot, async_serve_bot, serve_bot
from graph_calls.testing.simulator import GraphSimulator

from ._users_suite import printed_by_pytest

pytestmark = pytest.mark.slow  # 30 runs of a bot flow, and a user's suite

__all__ = ["async_serve_bot", "serve_bot"]

PROMPT = MediaPrompt(media_info=MediaInfo(uri="https://bot.contoso.com/welcome.wav"))


class PromptingBot:
    """Answers, plays a prompt once established, hangs up once the prompt finished; records what it saw."""

    def __init__(self, graph: GraphCalls) -> None:
        self.graph = graph
        self.seen: list[str] = []

    def __call__(self, notifications: list[Notification]) -> None:
        for notification in notifications:
            call_id = notification.call_id
            assert call_id is not None
            data = notification.resource_data
            if notification.kind == "call" and isinstance(data, Call):
                self.seen.append(f"call {notification.change_type} {data.state}")
                if notification.change_type == "created":
                    self.graph.calls[call_id].answer(
                        callback_uri=str(data.callback_uri),
                        media_config=ServiceHostedMediaConfig(),
                        accepted_modalities=["audio"],
                    )
                elif data.state == "established":
                    self.graph.calls[call_id].play_prompt(prompts=[PROMPT])
            elif notification.kind == "operation" and notification.is_operation_finished:
                self.seen.append("prompt finished")
                self.graph.calls[call_id].delete()


@pytest.mark.parametrize("run", range(30))
def test_wait_quiet_returns_only_after_every_round_of_the_flow(
    run: int, graph_sim: GraphSimulator, graph_client: GraphCalls, serve_bot: ServeBot
) -> None:
    bot_code = PromptingBot(graph_client)
    bot = serve_bot(on_notifications=bot_code)

    call_id = graph_sim.ring(bot.callback_url)
    bot.wait_quiet()

    assert bot_code.seen[:4] == [
        "call created incoming",
        "call updated establishing",
        "call updated established",
        "prompt finished",
    ]
    assert bot_code.seen[-1] == "call deleted terminated"
    [prompt] = graph_sim.operations(call_id)
    assert prompt["status"].lower() == "completed"
    assert graph_sim.call(call_id)["state"] == "terminated"
    assert bot.registry[call_id].ended


def test_wait_quiet_waits_for_a_callback_that_is_still_running(
    graph_sim: GraphSimulator, serve_bot: ServeBot
) -> None:
    release = threading.Event()
    finished: list[str] = []

    def on_notifications(notifications: list[Notification]) -> None:
        release.wait(10)
        finished.append(notifications[0].change_type)

    bot = serve_bot(on_notifications=on_notifications)
    graph_sim.ring(bot.callback_url)
    graph_sim.settle()  # the simulator is done: only the callback still runs
    releaser = threading.Timer(0.05, release.set)
    releaser.start()

    bot.wait_quiet()

    assert finished == ["created"]
    releaser.join()


def test_a_quiet_wait_that_times_out_names_what_is_still_busy_and_what_was_delivered(
    graph_sim: GraphSimulator, serve_bot: ServeBot
) -> None:
    release = threading.Event()
    bot = serve_bot(on_notifications=lambda notifications: release.wait(10) and None)
    call_id = graph_sim.ring(bot.callback_url)
    try:
        with pytest.raises(TimeoutError) as timed_out:
            bot.wait_quiet(timeout=0.2)
    finally:
        release.set()

    message = str(timed_out.value)
    assert "not quiet within 0.2 s: NotificationReceiver(" in message
    assert "still runs callbacks" in message
    assert f"1 notification(s) delivered to {bot.base_url} since " in message
    assert f"created /communications/calls/{call_id} (incoming) -> 202" in message


def test_wait_quiet_raises_for_a_bot_that_failed_meanwhile(
    graph_sim: GraphSimulator, serve_bot: ServeBot
) -> None:
    from graph_calls.testing.fixtures import BotFailed

    async def refuse(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 401, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    bot = serve_bot(refuse)
    graph_sim.ring(bot.callback_url)
    with pytest.raises(BotFailed, match="the bot answered 401"):
        bot.wait_quiet()
    bot.check(unreported_only=True)  # reported once: the fixture's teardown stays quiet


class AsyncPromptingBot:
    """:class:`PromptingBot` as a coroutine callback on the async client."""

    def __init__(self, graph: AsyncGraphCalls) -> None:
        self.graph = graph
        self.seen: list[str] = []

    async def __call__(self, notifications: list[Notification]) -> None:
        for notification in notifications:
            call_id = notification.call_id
            assert call_id is not None
            data = notification.resource_data
            if notification.kind == "call" and isinstance(data, Call):
                self.seen.append(f"call {notification.change_type} {data.state}")
                if notification.change_type == "created":
                    await self.graph.calls[call_id].answer(
                        callback_uri=str(data.callback_uri),
                        media_config=ServiceHostedMediaConfig(),
                        accepted_modalities=["audio"],
                    )
                elif data.state == "established":
                    await self.graph.calls[call_id].play_prompt(prompts=[PROMPT])
            elif notification.kind == "operation" and notification.is_operation_finished:
                self.seen.append("prompt finished")
                await self.graph.calls[call_id].delete()


@pytest.mark.anyio
@pytest.mark.parametrize("run", range(5))
async def test_an_async_bot_shares_the_async_client_on_the_tests_loop(
    run: int, graph_sim: GraphSimulator, async_graph_client: AsyncGraphCalls, async_serve_bot: AsyncServeBot
) -> None:
    bot_code = AsyncPromptingBot(async_graph_client)
    bot = await async_serve_bot(on_notifications=bot_code)

    call_id = graph_sim.ring(bot.callback_url)
    await bot.await_quiet()

    assert "prompt finished" in bot_code.seen
    assert bot_code.seen[-1] == "call deleted terminated"
    [prompt] = graph_sim.operations(call_id)
    assert prompt["status"].lower() == "completed"
    assert bot.registry[call_id].ended


def _run_users_suite(tmp_path: Path, suite: str) -> str:
    (tmp_path / "conftest.py").write_text(
        'import pytest\npytest_plugins = ["graph_calls.testing.fixtures"]\n\n\n'
        "@pytest.fixture\ndef anyio_backend():\n    return 'asyncio'\n"
    )
    (tmp_path / "test_suite.py").write_text(textwrap.dedent(suite))
    return printed_by_pytest(tmp_path, "-rA")


ASYNC_SUITE = """
    import pytest

    from graph_calls.models import Call, ServiceHostedMediaConfig


    def answering(graph):
        async def on_notifications(notifications):
            for notification in notifications:
                call = notification.resource_data
                if notification.change_type == "created" and isinstance(call, Call):
                    await graph.calls[notification.call_id].answer(
                        callback_uri=call.callback_uri,
                        media_config=ServiceHostedMediaConfig(),
                        accepted_modalities=["audio"],
                    )

        return on_notifications


    @pytest.mark.anyio
    async def test_served_on_another_loop(graph_sim, async_graph_client, serve_bot):
        bot = serve_bot(on_notifications=answering(async_graph_client))
        graph_sim.ring(bot.callback_url)
        await bot.await_quiet()


    @pytest.mark.anyio
    async def test_served_on_the_tests_loop(graph_sim, async_graph_client, async_serve_bot):
        bot = await async_serve_bot(on_notifications=answering(async_graph_client))
        call_id = graph_sim.ring(bot.callback_url)
        await bot.await_quiet()
        assert (await async_graph_client.calls[call_id].get()).state == "established"
"""


def test_an_async_bot_needs_the_tests_loop_and_async_serve_bot_gives_it(tmp_path: Any) -> None:
    """The issue's failure, reproduced: a coroutine bot served on its own loop uses the async client
    there, and closing that client on the test's loop ends in ``Event loop is closed``."""
    printed = _run_users_suite(tmp_path, ASYNC_SUITE)

    pytest.LineMatcher(printed.splitlines()).fnmatch_lines(
        ["ERROR test_suite.py::test_served_on_another_loop - RuntimeError: Event loop is closed"]
    )
    pytest.LineMatcher(printed.splitlines()).fnmatch_lines(
        ["PASSED test_suite.py::test_served_on_the_tests_loop"]
    )
    assert "test_served_on_the_tests_loop - " not in printed  # no error at its teardown either
