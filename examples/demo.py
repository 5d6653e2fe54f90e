"""The Graph reference's "delete participant" scenario, end to end, through the public client.

    make demo                      # on the embedded simulator (no tenant needed)
    python examples/demo.py        # the same, once `make venv` has run

On the simulator: create a group call, invite the reference page's participant (a user identity with
``identityProvider: AAD``, a ``participantId`` and a ``clientContext``), wait for the invitation, list the
participants, mute the new one, delete it, show it is gone, hang up — printing what was sent, what came
back, how long it took, and the notifications the simulator posted to the bot's callback URL.

Against the real service: set GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET, GRAPH_CALL_ID (a call
your bot is already in) and GRAPH_INVITEE_ID (an Entra user id). Then only the invite / list / delete part
runs; the script never creates or hangs up a real call.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from graph_calls import GraphCalls, identities
from graph_calls.models import (
    Call,
    InvitationParticipantInfo,
    ParticipantInfo,
    ServiceHostedMediaConfig,
)

T = TypeVar("T")
REAL_SERVICE_VARIABLES = (
    "GRAPH_TENANT_ID",
    "GRAPH_CLIENT_ID",
    "GRAPH_CLIENT_SECRET",
    "GRAPH_CALL_ID",
    "GRAPH_INVITEE_ID",
)
# The reference page's invitee and context.
REFERENCE_USER_ID = "278405a3-f568-4b3e-b684-009193463064"
REFERENCE_PARTICIPANT_ID = "a7ebfb2d-871e-419c-87af-27290b22e8db"
REFERENCE_CLIENT_CONTEXT = "f2fa86af-3c51-4bc2-8fc0-475452d9764f"


class Transcript:
    """Numbered steps: what was asked, what came back, how long it took."""

    def __init__(self, show_request: Callable[[], str | None] = lambda: None) -> None:
        self._step = 0
        self._show_request = show_request
        self.started = time.perf_counter()

    def step(self, title: str, action: Callable[[], T], describe: Callable[[T], str]) -> T:
        self._step += 1
        began = time.perf_counter()
        result = action()
        elapsed_ms = (time.perf_counter() - began) * 1000
        print(f"{self._step:>2}. {title:<34} {elapsed_ms:7.1f} ms   {describe(result)}")
        sent = self._show_request()
        if sent:
            print(f"    sent: {sent}")
        return result

    def note(self, text: str) -> None:
        print(f"    {text}")


def short(value: str | None) -> str:
    return (value or "?")[:8]


def names(participants: list[Any]) -> str:
    shown = []
    for participant in participants:
        identity = participant.info.identity if participant.info else None
        who = None
        for slot in ("user", "application", "guest", "phone"):
            member = getattr(identity, slot, None) if identity else None
            if member:
                who = getattr(member, "display_name", None) or f"{slot} {short(member.id)}"
                break
        muted = " (muted)" if participant.is_muted is True else ""
        shown.append(f"{who or short(participant.id)}{muted}")
    return ", ".join(shown) or "(nobody)"


def invitation(user_id: str, participant_id: str | None) -> list[InvitationParticipantInfo]:
    info = InvitationParticipantInfo(identity=identities.user(user_id, identity_provider="AAD"))
    if participant_id:
        info.participant_id = participant_id
    return [info]


def invite_list_delete(
    graph: GraphCalls, transcript: Transcript, call_id: str, user_id: str, participant_id: str | None
) -> str:
    """The reference page's two operations, with a look at the roster between them."""
    call = graph.calls[call_id]
    operation = transcript.step(
        "invite the participant",
        lambda: call.participants.invite(
            invitation(user_id, participant_id), client_context=REFERENCE_CLIENT_CONTEXT
        ),
        lambda op: f"{type(op).__name__} {short(op.id)} is {op.status}",
    )
    transcript.step(
        "wait for the invitation",
        lambda: call.operations[operation.id].wait(timeout=60),
        lambda op: f"operation {short(op.id)} is {op.status}",
    )
    roster = transcript.step(
        "list participants",
        lambda: list(call.participants.list()),
        lambda ps: f"{len(ps)}: {names(ps)}",
    )
    invited = participant_id or next(
        p.id
        for p in roster
        if p.info and p.info.identity and p.info.identity.user and p.info.identity.user.id == user_id
    )
    muting = transcript.step(
        "mute the new participant",
        lambda: call.participants[invited].mute(client_context=REFERENCE_CLIENT_CONTEXT),
        lambda op: f"{type(op).__name__} is {op.status}",
    )
    transcript.step(
        "wait for the mute",
        lambda: call.operations[muting.id].wait(timeout=60),
        lambda op: f"operation {short(op.id)} is {op.status}",
    )
    transcript.step(
        "delete the participant", lambda: call.participants[invited].delete(), lambda _: "204 No Content"
    )
    transcript.step(
        "list participants again",
        lambda: list(call.participants.list()),
        lambda ps: (
            f"{len(ps)}: {names(ps)}" + ("" if invited not in [p.id for p in ps] else "  <- STILL THERE")
        ),
    )
    return invited


@contextmanager
def callback_receiver(sim: Any) -> Iterator[tuple[str, list[str]]]:
    """A local HTTPS callback URL for the bot, validating and recording what the simulator posts."""
    from graph_calls.notifications import CallbackTokenValidator, NotificationReceiver
    from graph_calls.testing._server import ServerThread

    seen: list[str] = []

    def record(notifications: list[Any]) -> None:
        for n in notifications:
            state = getattr(n.resource_data, "state", None) or getattr(n.resource_data, "status", None)
            detail = f" ({state})" if isinstance(state, str) else ""
            seen.append(f"{n.change_type:<8} {n.kind:<13} {n.resource_url}{detail}")

    validator = CallbackTokenValidator(
        sim.client_id, openid_config_url=sim.idp.callback_openid_config_url, verify=sim.ca_bundle
    )
    receiver = NotificationReceiver(sim.client_id, validator=validator, on_notifications=record)
    server = ServerThread(receiver.asgi_app(), certfile=sim.ca.server_certfile, keyfile=sim.ca.server_keyfile)
    with server:
        try:
            yield f"{server.base_url}/callback", seen
        finally:
            receiver.close()


def on_simulator() -> None:
    from graph_calls.testing.simulator import GraphSimulator

    print("graph-calls demo: the reference page's scenario on the embedded Graph simulator\n")
    with GraphSimulator() as sim, callback_receiver(sim) as (callback_url, notifications):

        def last_request() -> str | None:
            request = sim.last_request
            if request is None:
                return None
            body = request.body.decode("utf-8") if request.body else ""
            body = body if len(body) <= 160 else body[:157] + "..."
            return f"{request.method} {request.raw_path} -> {request.status}  {body}".rstrip()

        transcript = Transcript(last_request)
        with sim.client() as graph:
            call = transcript.step(
                "create a group call",
                lambda: graph.calls.create(
                    Call(
                        callback_uri=callback_url,
                        requested_modalities=["audio"],
                        media_config=ServiceHostedMediaConfig(),
                        source=ParticipantInfo(
                            identity=identities.application(sim.client_id, display_name="demo bot")
                        ),
                        targets=[
                            InvitationParticipantInfo(
                                identity=identities.user(
                                    "8e8c2a8b-2c43-4d9b-a5a8-6a52b5e0d9a1", display_name="Alex"
                                )
                            )
                        ],
                        tenant_id=sim.tenant_id,
                    )
                ),
                lambda c: f"call {short(c.id)} is {c.state}",
            )
            invite_list_delete(graph, transcript, call.id, REFERENCE_USER_ID, REFERENCE_PARTICIPANT_ID)
            transcript.step("hang up", lambda: graph.calls[call.id].delete(), lambda _: "204 No Content")
        sim.settle()
        print(f"\nnotifications posted to the bot's callback URL ({len(notifications)}):")
        for line in notifications:
            print(f"    {line}")
        violations = sim.contract_violations
        print(f"\ncontract violations: {len(violations)}; token requests: {sim.idp.token_requests}")
        print(f"done in {time.perf_counter() - transcript.started:.2f} s")
        if violations:
            raise SystemExit(1)


def on_real_service() -> None:
    env = {name: os.environ[name] for name in REAL_SERVICE_VARIABLES}
    print("graph-calls demo: invite / list / delete against the real Microsoft Graph service\n")
    with GraphCalls.from_client_secret(
        tenant_id=env["GRAPH_TENANT_ID"],
        client_id=env["GRAPH_CLIENT_ID"],
        client_secret=env["GRAPH_CLIENT_SECRET"],
    ) as graph:
        transcript = Transcript()
        invite_list_delete(graph, transcript, env["GRAPH_CALL_ID"], env["GRAPH_INVITEE_ID"], None)
        print(f"\ndone in {time.perf_counter() - transcript.started:.2f} s")


def main() -> None:
    given = [name for name in REAL_SERVICE_VARIABLES if os.environ.get(name)]
    if given and len(given) < len(REAL_SERVICE_VARIABLES):
        missing = sorted(set(REAL_SERVICE_VARIABLES) - set(given))
        sys.exit(f"to run against the real service, also set {', '.join(missing)}")
    if given:
        on_real_service()
    else:
        on_simulator()


if __name__ == "__main__":
    main()
