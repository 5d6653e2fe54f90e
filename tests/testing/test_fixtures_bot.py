"""serve_bot: a bot's app served as its callback URL, and the test failing loudly when the bot fails.

The bots here are real apps over real sockets: the simulator rings them over HTTPS on 127.0.0.1, they
answer through the graph-calls client, and every notification is checked. The failure reports are
proved the way a user sees them: a small test suite run by pytest in a subprocess.
"""

from __future__ import annotations

import textwrap
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from graph_calls import GraphCalls
from graph_calls.models import Call, ServiceHostedMediaConfig
from graph_calls.notifications import CallbackTokenValidator, Notification, NotificationReceiver
from graph_calls.testing.fixtures import (
    BotFailed,
    ServeBot,
    ServedBot,
    graph_callback_validator,
    serve_bot,
)
from graph_calls.testing.simulator import GraphSimulator

from ._users_suite import printed_by_pytest

# The fixtures this module uses besides the ones tests/conftest.py pulls in.
__all__ = ["graph_callback_validator", "serve_bot"]


def answering_bot(graph: GraphCalls) -> Any:
    """``on_notifications`` of a bot that answers every incoming call."""

    def on_notifications(notifications: list[Notification]) -> None:
        for notification in notifications:
            call = notification.resource_data
            if notification.change_type == "created" and isinstance(call, Call) and notification.call_id:
                graph.calls[notification.call_id].answer(
                    callback_uri=str(call.callback_uri),
                    media_config=ServiceHostedMediaConfig(),
                    accepted_modalities=["audio"],
                )

    return on_notifications


def test_a_served_starlette_app_answers_a_ringing_call(
    graph_sim: GraphSimulator,
    graph_client: GraphCalls,
    graph_callback_validator: CallbackTokenValidator,
    serve_bot: ServeBot,
) -> None:
    receiver = NotificationReceiver(
        graph_sim.client_id, validator=graph_callback_validator, on_notifications=answering_bot(graph_client)
    )
    bot = serve_bot(
        Starlette(routes=[Route("/api/calls", receiver.asgi_app(), methods=["POST"])]), path="/api/calls"
    )

    call_id = graph_sim.ring(bot.callback_url)
    bot.wait_quiet()

    assert bot.callback_url.startswith("https://127.0.0.1:")
    assert bot.callback_url.endswith("/api/calls")
    assert bot.receivers == (receiver,)
    assert graph_sim.call(call_id)["state"] == "established"
    assert bot.registry[call_id].state == "established"
    assert [exchange.status for exchange in bot.exchanges] == [202] * len(bot.exchanges)
    assert bot.exchanges[0].posted == (f"created /communications/calls/{call_id} (incoming)",)
    assert bot.failures == []


def test_a_plain_on_notifications_function_is_served_behind_a_receiver(
    graph_sim: GraphSimulator, graph_client: GraphCalls, serve_bot: ServeBot
) -> None:
    bot = serve_bot(on_notifications=answering_bot(graph_client), max_workers=2)

    call_id = graph_sim.ring(bot.callback_url)
    bot.wait_quiet()

    assert bot.receiver.max_workers == 2
    assert bot.registry[call_id].state == "established"
    assert {delivery.status for delivery in graph_sim.notifications_sent} == {202}


def test_the_receivers_are_found_in_routes_and_mounts(
    graph_callback_validator: CallbackTokenValidator,
) -> None:
    from graph_calls.testing._bot_server import find_receivers

    first = NotificationReceiver("app", validator=CallbackTokenValidator("app"))
    second = NotificationReceiver("app", validator=CallbackTokenValidator("app"))

    async def health(request: Request) -> Response:
        return Response("ok")

    app = Starlette(
        routes=[
            Route("/health", health),
            Route("/callback", first.asgi_app(), methods=["POST"]),
            Mount("/v2", routes=[Route("/callback", second.asgi_app(), methods=["POST"])]),
        ]
    )

    assert find_receivers(app) == [first, second]
    assert find_receivers(first.asgi_app()) == [first]


def test_a_bot_without_a_receiver_to_wait_on_says_how_to_give_one(
    graph_sim: GraphSimulator, serve_bot: ServeBot
) -> None:
    async def accept(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 202, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    bot = serve_bot(accept)
    graph_sim.ring(bot.callback_url)
    bot.wait_quiet()  # the simulator's side alone

    assert len(bot.exchanges) == 1
    with pytest.raises(ValueError, match=r"receivers=\[\.\.\.\]"):
        _ = bot.registry


def test_check_raises_what_was_posted_and_what_the_bot_answered(graph_sim: GraphSimulator) -> None:
    async def refuse(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 500, "headers": []})
        await send({"type": "http.response.body", "body": b"database down"})

    with ServedBot(graph_sim, refuse).start() as bot:
        call_id = graph_sim.ring(bot.callback_url)
        with pytest.raises(BotFailed) as failed:
            bot.wait_quiet()

    message = str(failed.value)
    assert f"created /communications/calls/{call_id} (incoming)" in message
    assert "the bot answered 500: 'database down'" in message
    assert "Bearer" not in message


USERS_SUITE = """
    from starlette.applications import Starlette
    from starlette.routing import Mount, Route

    from graph_calls.notifications import NotificationReceiver


    async def failing(scope, receive, send):
        await send({"type": "http.response.start", "status": 500, "headers": []})
        await send({"type": "http.response.body", "body": b"database down"})


    def test_a_bot_answering_500(graph_sim, serve_bot):
        bot = serve_bot(failing)
        graph_sim.ring(bot.callback_url)
        graph_sim.settle()


    def test_a_mounted_receiver_redirects(graph_sim, graph_callback_validator, serve_bot):
        receiver = NotificationReceiver(graph_sim.client_id, validator=graph_callback_validator)
        bot = serve_bot(Starlette(routes=[Mount("/callback", receiver.asgi_app())]))
        graph_sim.ring(bot.callback_url)
        graph_sim.settle()


    def test_a_bot_raising(graph_sim, serve_bot):
        async def broken(request):
            raise RuntimeError("bug in the bot's route")

        bot = serve_bot(Starlette(routes=[Route("/callback", broken, methods=["POST"])]))
        graph_sim.ring(bot.callback_url)
        graph_sim.settle()


    def test_an_on_notifications_raising(graph_sim, serve_bot):
        def on_notifications(notifications):
            raise RuntimeError("bug in on_notifications")

        bot = serve_bot(on_notifications=on_notifications)
        graph_sim.ring(bot.callback_url)
        bot.wait_quiet()


    def test_a_healthy_bot(graph_sim, serve_bot):
        bot = serve_bot(on_notifications=lambda notifications: None)
        graph_sim.ring(bot.callback_url)
        bot.wait_quiet()
"""


@pytest.fixture(scope="module")
def users_suite(tmp_path_factory: pytest.TempPathFactory) -> str:
    """What pytest prints running USERS_SUITE in a fresh project that pulls in the shipped fixtures."""
    project = tmp_path_factory.mktemp("users_suite")
    (project / "conftest.py").write_text('pytest_plugins = ["graph_calls.testing.fixtures"]\n')
    (project / "test_bots.py").write_text(textwrap.dedent(USERS_SUITE))
    return printed_by_pytest(project, "-rA")


def test_the_users_suite_fails_each_broken_bot_and_passes_the_healthy_one(
    users_suite: str,
) -> None:
    # A failure the test did not look for fails it at teardown (the test body passed: 3 errors);
    # one wait_quiet() raised fails the test itself, and is not reported again at teardown.
    outcomes = pytest.RunResult.parse_summary_nouns(users_suite.splitlines())
    assert outcomes == {"passed": 4, "failed": 1, "errors": 3}, users_suite
    printed = pytest.LineMatcher(users_suite.splitlines())
    printed.fnmatch_lines(["ERROR test_bots.py::test_a_bot_answering_500 - Failed: the bot at *"])
    printed.fnmatch_lines(["FAILED test_bots.py::test_an_on_notifications_raising - *BotFailed*"])
    printed.fnmatch_lines(["PASSED test_bots.py::test_a_healthy_bot"])


def test_a_bot_answering_500_is_reported_with_what_was_posted(users_suite: str) -> None:
    pytest.LineMatcher(users_suite.splitlines()).fnmatch_lines(
        [
            "*the bot at https://127.0.0.1:*/callback failed 1 time(s):",
            "*POST /callback [[]created /communications/calls/* (incoming)[]]",
            "*the bot answered 500: 'database down'",
        ]
    )


def test_a_mount_redirect_is_reported_with_its_location_and_the_fix(users_suite: str) -> None:
    pytest.LineMatcher(users_suite.splitlines()).fnmatch_lines(
        [
            "*the bot answered 307 (Location: https://127.0.0.1:*/callback/)*",
            "*Graph does not follow redirects. A Starlette/FastAPI Mount answers a path without its*",
        ]
    )


def test_a_raising_bot_is_reported_with_its_traceback(users_suite: str) -> None:
    pytest.LineMatcher(users_suite.splitlines()).fnmatch_lines(
        ["*the bot raised (Graph got 500):", "*RuntimeError: bug in the bot's route"]
    )


def test_a_raising_on_notifications_is_reported_with_its_traceback(users_suite: str) -> None:
    pytest.LineMatcher(users_suite.splitlines()).fnmatch_lines(
        [
            "*logged by graph_calls.notifications: * on_notifications raised; the notifications had been*",
            "*RuntimeError: bug in on_notifications",
        ]
    )
    assert "Bearer" not in users_suite
