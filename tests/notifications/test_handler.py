"""NotificationReceiver and its ASGI app: token first, then parse, apply, reply, and only then user code.

Tokens are minted and verified for real: the fake identity platform serves the callback signing keys over
HTTPS on 127.0.0.1 and the receiver's validator fetches them from there (fixtures in ``conftest.py``).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import subprocess
import sys
import threading
import types
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from graph_calls.errors import InvalidInputError
from graph_calls.notifications import (
    CallbackTokenValidator,
    CallRegistry,
    Notification,
    NotificationReceiver,
    Reply,
)
from graph_calls.notifications import handler as handler_module
from graph_calls.testing import FakeIdentityPlatform, ServerThread, TestCA

from . import readme_examples
from ._payloads import (
    APP_ID,
    CALL_ID,
    ESTABLISHED,
    body,
    call_data,
    notification,
    operation_done,
    participant_data,
    roster,
)


class Recorder:
    """An on_notifications callback that records what it got, and can be held until released."""

    def __init__(self, *, hold: bool = False, fail: bool = False) -> None:
        self.calls: list[list[Notification]] = []
        self.threads: list[str] = []
        self.events: list[str] = []
        self.release = threading.Event()
        self.done = threading.Event()
        if not hold:
            self.release.set()
        self.fail = fail

    def __call__(self, notifications: list[Notification]) -> None:
        self.release.wait(5)
        self.calls.append(notifications)
        self.threads.append(threading.current_thread().name)
        self.events.append("callback finished")
        self.done.set()
        if self.fail:
            raise RuntimeError("bug in the bot's handler")


@pytest.fixture
def receivers() -> Iterator[Callable[..., NotificationReceiver]]:
    made: list[NotificationReceiver] = []

    def make(validator: CallbackTokenValidator, **options: Any) -> NotificationReceiver:
        receiver = NotificationReceiver(APP_ID, validator=validator, **options)
        made.append(receiver)
        return receiver

    yield make
    for receiver in made:
        receiver.close()


# Authentication comes first


def test_a_request_without_a_token_gets_401_and_nothing_is_parsed_or_called(
    receivers: Callable[..., NotificationReceiver], validator: CallbackTokenValidator
) -> None:
    recorder = Recorder()
    receiver = receivers(validator, on_notifications=recorder)

    reply = receiver.handle(ESTABLISHED, {"Content-Type": "application/json"})
    garbage = receiver.handle(b"{not json", {})

    assert reply.status == garbage.status == 401
    assert reply.headers["WWW-Authenticate"] == "Bearer"
    assert receiver.registry.calls() == []
    assert receiver.wait_idle(1)
    assert recorder.calls == []


def test_a_token_for_another_app_gets_401(
    receivers: Callable[..., NotificationReceiver],
    validator: CallbackTokenValidator,
    idp: FakeIdentityPlatform,
) -> None:
    receiver = receivers(validator)
    token = idp.mint_callback_token(audience="someone-else", tenant_id=idp.tenant_id)

    reply = receiver.handle(ESTABLISHED, {"authorization": f"Bearer {token}"})

    assert reply.status == 401
    assert CALL_ID not in receiver.registry


def test_unreachable_signing_keys_get_503_not_401(
    receivers: Callable[..., NotificationReceiver], headers: dict[str, str], ca: TestCA
) -> None:
    offline = CallbackTokenValidator(
        APP_ID, openid_config_url="https://127.0.0.1:9/config", verify=ca.ca_bundle
    )
    receiver = receivers(offline)

    reply = receiver.handle(ESTABLISHED, headers)

    assert reply.status == 503
    assert CALL_ID not in receiver.registry


# Then the body


def test_a_valid_token_and_bad_json_get_400_with_the_reason(
    receivers: Callable[..., NotificationReceiver], validator: CallbackTokenValidator, headers: dict[str, str]
) -> None:
    recorder = Recorder()
    receiver = receivers(validator, on_notifications=recorder)

    reply = receiver.handle(b'{"value": [', headers)

    assert reply.status == 400
    assert b"not valid JSON" in reply.body
    assert reply.headers["Content-Type"].startswith("text/plain")
    assert receiver.wait_idle(1)
    assert recorder.calls == []


def test_a_payload_with_one_bad_notification_applies_none_of_them(
    receivers: Callable[..., NotificationReceiver], validator: CallbackTokenValidator, headers: dict[str, str]
) -> None:
    receiver = receivers(validator)
    mixed = body(
        notification("updated", "", call_data("established")), operation_done("op-1"), {"changeType": 1}
    )

    reply = receiver.handle(mixed, headers)

    assert reply.status == 400
    assert b"value[2]" in reply.body
    assert receiver.registry.calls() == []
    assert receiver.registry.finished_operation("op-1") is None


def test_a_body_over_the_limit_gets_413(
    receivers: Callable[..., NotificationReceiver], validator: CallbackTokenValidator, headers: dict[str, str]
) -> None:
    receiver = receivers(validator, max_body_bytes=64)

    assert receiver.handle(ESTABLISHED, headers).status == 413


# Accepted: 202 first, user code afterwards


def test_a_valid_notification_gets_202_before_the_callback_finishes(
    receivers: Callable[..., NotificationReceiver], validator: CallbackTokenValidator, headers: dict[str, str]
) -> None:
    recorder = Recorder(hold=True)  # the callback blocks until released, like a slow handler
    receiver = receivers(validator, on_notifications=recorder)

    reply = receiver.handle(ESTABLISHED, headers)
    recorder.events.append("reply returned")
    recorder.release.set()

    assert receiver.wait_idle(5)
    assert reply == Reply(202)
    assert recorder.events == ["reply returned", "callback finished"]
    [[received]] = recorder.calls
    assert received.kind == "call"
    assert recorder.threads == ["graph-calls-notifications"]


def test_a_callback_that_sleeps_does_not_hold_the_reply(
    receivers: Callable[..., NotificationReceiver], validator: CallbackTokenValidator, headers: dict[str, str]
) -> None:
    order: list[str] = []

    def slow(notifications: list[Notification]) -> None:
        threading.Event().wait(1.0)
        order.append("callback finished")

    receiver = receivers(validator, on_notifications=slow)

    reply = receiver.handle(ESTABLISHED, headers)
    order.append("reply returned")

    assert reply.status == 202
    assert receiver.wait_idle(5)
    assert order == ["reply returned", "callback finished"]


def test_the_registry_is_updated_before_the_reply_and_notifications_carry_the_tenant(
    receivers: Callable[..., NotificationReceiver],
    validator: CallbackTokenValidator,
    headers: dict[str, str],
    idp: FakeIdentityPlatform,
) -> None:
    registry = CallRegistry()
    recorder = Recorder()
    receiver = receivers(validator, on_notifications=recorder, registry=registry)

    reply = receiver.handle(
        body(roster("updated", participant_data("alice")), operation_done("op-1")), headers
    )

    assert reply.status == 202
    assert receiver.registry is registry
    assert list(registry[CALL_ID].participants) == ["alice"]
    assert registry.wait_for_operation("op-1", timeout=0.01).id == "op-1"
    assert receiver.wait_idle(5)
    assert {n.tenant_id for n in recorder.calls[0]} == {idp.tenant_id}


def test_callbacks_run_in_the_order_requests_were_accepted(
    receivers: Callable[..., NotificationReceiver], validator: CallbackTokenValidator, headers: dict[str, str]
) -> None:
    recorder = Recorder()
    receiver = receivers(validator, on_notifications=recorder)

    for index in range(20):
        receiver.handle(body(operation_done(f"op-{index}")), headers)

    assert receiver.wait_idle(5)
    assert [n.operation_id for [n] in recorder.calls] == [f"op-{index}" for index in range(20)]


def test_user_code_exceptions_are_logged_and_do_not_break_replies(
    receivers: Callable[..., NotificationReceiver],
    validator: CallbackTokenValidator,
    headers: dict[str, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    recorder = Recorder(fail=True)
    receiver = receivers(validator, on_notifications=recorder)

    with caplog.at_level(logging.ERROR, logger="graph_calls.notifications"):
        first = receiver.handle(ESTABLISHED, headers)
        second = receiver.handle(ESTABLISHED, headers)
        assert receiver.wait_idle(5)

    assert (first.status, second.status) == (202, 202)
    assert len(recorder.calls) == 2
    errors = [
        r for r in caplog.records if r.name == "graph_calls.notifications" and r.levelno == logging.ERROR
    ]
    assert len(errors) == 2
    assert "bug in the bot's handler" in repr(errors[0].exc_info[1])


def test_a_coroutine_callback_behind_the_sync_handler_runs_on_the_worker(
    receivers: Callable[..., NotificationReceiver], validator: CallbackTokenValidator, headers: dict[str, str]
) -> None:
    seen: list[str] = []

    async def on_notifications(notifications: list[Notification]) -> None:
        await asyncio.sleep(0)
        seen.append(threading.current_thread().name)

    receiver = receivers(validator, on_notifications=on_notifications)

    assert receiver.handle(ESTABLISHED, headers).status == 202
    assert receiver.wait_idle(5)
    assert seen == ["graph-calls-notifications"]


def test_close_finishes_queued_callbacks_and_the_receiver_still_works_after(
    receivers: Callable[..., NotificationReceiver], validator: CallbackTokenValidator, headers: dict[str, str]
) -> None:
    recorder = Recorder()
    receiver = receivers(validator, on_notifications=recorder)
    receiver.handle(ESTABLISHED, headers)

    receiver.close()
    assert len(recorder.calls) == 1

    receiver.handle(ESTABLISHED, headers)
    assert receiver.wait_idle(5)
    assert len(recorder.calls) == 2


def test_a_validator_for_another_app_is_refused(validator: CallbackTokenValidator) -> None:
    with pytest.raises(InvalidInputError):
        NotificationReceiver("another-app", validator=validator)
    with pytest.raises(InvalidInputError):
        NotificationReceiver(APP_ID, validator=validator, on_notifications="print")  # type: ignore[arg-type]


def test_the_default_validator_checks_the_app_id() -> None:
    receiver = NotificationReceiver(APP_ID)

    assert receiver.validator.app_id == APP_ID
    assert (
        receiver.validator.openid_config_url == "https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration"
    )


# Async


@pytest.mark.anyio
async def test_ahandle_replies_before_an_async_callback_finishes(
    receivers: Callable[..., NotificationReceiver], validator: CallbackTokenValidator, headers: dict[str, str]
) -> None:
    release = asyncio.Event()
    order: list[str] = []

    async def on_notifications(notifications: list[Notification]) -> None:
        await release.wait()
        order.append("callback finished")

    receiver = receivers(validator, on_notifications=on_notifications)

    reply = await receiver.ahandle(ESTABLISHED, headers)
    order.append("reply returned")
    release.set()

    assert await receiver.await_idle(5)
    assert reply.status == 202
    assert order == ["reply returned", "callback finished"]


@pytest.mark.anyio
async def test_ahandle_runs_a_plain_callback_off_the_event_loop(
    receivers: Callable[..., NotificationReceiver], validator: CallbackTokenValidator, headers: dict[str, str]
) -> None:
    recorder = Recorder()
    receiver = receivers(validator, on_notifications=recorder)

    assert (await receiver.ahandle(ESTABLISHED, headers)).status == 202
    assert (await receiver.ahandle(b"[]", headers)).status == 400
    assert (await receiver.ahandle(ESTABLISHED, {})).status == 401

    assert await receiver.await_idle(5)
    assert recorder.threads == ["graph-calls-notifications"]


@pytest.mark.anyio
async def test_an_async_callback_exception_is_logged(
    receivers: Callable[..., NotificationReceiver],
    validator: CallbackTokenValidator,
    headers: dict[str, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(notifications: list[Notification]) -> None:
        raise ValueError("async handler bug")

    receiver = receivers(validator, on_notifications=broken)

    with caplog.at_level(logging.ERROR, logger="graph_calls.notifications"):
        assert (await receiver.ahandle(ESTABLISHED, headers)).status == 202
        assert await receiver.await_idle(5)

    assert any("async handler bug" in repr(r.exc_info[1]) for r in caplog.records if r.exc_info)


# The ASGI app over a real socket


def post(url: str, payload: bytes, headers: dict[str, str]) -> httpx.Response:
    return httpx.post(url, content=payload, headers=headers, timeout=10)


def test_the_asgi_app_on_its_own_server(
    receivers: Callable[..., NotificationReceiver], validator: CallbackTokenValidator, headers: dict[str, str]
) -> None:
    recorder = Recorder()
    receiver = receivers(validator, on_notifications=recorder)

    with ServerThread(receiver.asgi_app()) as server:  # lifespan on: the app answers it
        url = f"{server.base_url}/anything"
        accepted = post(url, ESTABLISHED, headers)
        unauthenticated = post(url, ESTABLISHED, {})
        bad = post(url, b"{", headers)
        wrong_method = httpx.get(url, headers=headers)
        twice = post(url, ESTABLISHED, {**headers, "X": "1"})

    assert accepted.status_code == 202
    assert accepted.content == b""
    assert unauthenticated.status_code == 401
    assert bad.status_code == 400
    assert b"not valid JSON" in bad.content
    assert wrong_method.status_code == 405
    assert wrong_method.headers["allow"] == "POST"
    assert twice.status_code == 202
    assert receiver.wait_idle(5)
    assert len(recorder.calls) == 2


def test_the_asgi_app_refuses_two_authorization_headers(
    receivers: Callable[..., NotificationReceiver], validator: CallbackTokenValidator, headers: dict[str, str]
) -> None:
    receiver = receivers(validator)

    with ServerThread(receiver.asgi_app()) as server:
        reply = httpx.post(
            server.base_url,
            content=ESTABLISHED,
            headers=[
                ("Authorization", headers["Authorization"]),
                ("Authorization", headers["Authorization"]),
            ],
        )

    assert reply.status_code == 401
    assert CALL_ID not in receiver.registry


def test_the_asgi_app_refuses_a_large_body_with_413(
    receivers: Callable[..., NotificationReceiver], validator: CallbackTokenValidator, headers: dict[str, str]
) -> None:
    receiver = receivers(validator, max_body_bytes=32)

    with ServerThread(receiver.asgi_app()) as server:
        reply = post(server.base_url, ESTABLISHED, headers)

    assert reply.status_code == 413


# README examples


@pytest.fixture
def default_validator_is_the_fake(
    monkeypatch: pytest.MonkeyPatch, idp: FakeIdentityPlatform, ca: TestCA
) -> None:
    """Point the validator the README examples build by default at the fake identity platform."""
    monkeypatch.setattr(
        handler_module,
        "CallbackTokenValidator",
        functools.partial(
            CallbackTokenValidator, openid_config_url=idp.callback_openid_config_url, verify=ca.ca_bundle
        ),
    )


@pytest.mark.usefixtures("default_validator_is_the_fake")
def test_readme_starlette_example_serves_the_callback_route(
    headers: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    app, receiver = readme_examples.starlette_app(APP_ID)

    with ServerThread(app) as server:
        accepted = post(f"{server.base_url}/callback", ESTABLISHED, headers)
        refused = post(f"{server.base_url}/callback", ESTABLISHED, {})
    receiver.close()

    assert (accepted.status_code, refused.status_code) == (202, 401)
    assert capsys.readouterr().out == f"updated call /communications/calls/{CALL_ID}\n"


class FakeFlask(types.ModuleType):
    """Just enough of Flask for the README example: routes, ``request`` and ``Response``."""

    class Response:
        def __init__(self, body: bytes, *, status: int, headers: dict[str, str]) -> None:
            self.body, self.status, self.headers = body, status, headers

    class Flask:
        def __init__(self, name: str) -> None:
            self.views: dict[tuple[str, str], Callable[[], Any]] = {}

        def post(self, path: str) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
            def register(view: Callable[[], Any]) -> Callable[[], Any]:
                self.views["POST", path] = view
                return view

            return register

    class Request:
        def __init__(self) -> None:
            self.data = b""
            self.headers: dict[str, str] = {}

        def get_data(self) -> bytes:
            return self.data

    def __init__(self) -> None:
        super().__init__("flask")
        self.request = self.Request()

    def serve(self, app: Any, path: str, data: bytes, headers: dict[str, str]) -> Any:
        self.request.data, self.request.headers = data, headers
        return app.views["POST", path]()


@pytest.mark.usefixtures("default_validator_is_the_fake")
def test_readme_flask_example_answers_through_handle(
    monkeypatch: pytest.MonkeyPatch, headers: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    flask = FakeFlask()
    monkeypatch.setitem(sys.modules, "flask", flask)
    app, receiver = readme_examples.flask_app(APP_ID)

    accepted = flask.serve(app, "/callback", ESTABLISHED, headers)
    refused = flask.serve(app, "/callback", ESTABLISHED, {})
    bad = flask.serve(app, "/callback", b"[]", headers)
    receiver.close()

    assert (accepted.status, refused.status, bad.status) == (202, 401, 400)
    assert refused.headers == {"WWW-Authenticate": "Bearer"}
    assert "Notification(change_type='updated'" in capsys.readouterr().out


# Import cost


def test_importing_notifications_loads_no_jwt_cryptography_starlette_or_models() -> None:
    code = (
        "import sys\n"
        "import graph_calls.notifications as n\n"
        "heavy = ('jwt', 'cryptography', 'starlette', 'graph_calls_generated', 'httpx', 'anyio', 'asyncio')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "assert all(hasattr(n, name) for name in n.__all__)\n"
        "print(sorted(m for m in ('jwt', 'cryptography', 'starlette') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert result.stdout.split() == ["[]", "[]"]


def test_a_registry_failure_is_a_500_and_logged(
    receivers: Callable[..., NotificationReceiver],
    validator: CallbackTokenValidator,
    headers: dict[str, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    class BrokenRegistry(CallRegistry):
        def apply_all(self, notifications: Any) -> None:
            raise RuntimeError("registry bug")

    recorder = Recorder()
    receiver = receivers(validator, on_notifications=recorder, registry=BrokenRegistry())

    with caplog.at_level(logging.ERROR, logger="graph_calls.notifications"):
        reply = receiver.handle(ESTABLISHED, headers)

    assert reply.status == 500
    assert receiver.wait_idle(1)
    assert recorder.calls == []
    assert any("registry bug" in repr(r.exc_info[1]) for r in caplog.records if r.exc_info)
