"""The whole loop over real sockets: the client calls the Graph simulator, the simulator POSTs signed
notifications to a callback server built with graph_calls.notifications, and the test waits on the
receiver's registry instead of polling Graph.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph_calls import identities, models
from graph_calls.errors import OperationFailed
from graph_calls.notifications import CallbackTokenValidator, Notification, NotificationReceiver
from graph_calls.testing import ServerThread
from graph_calls.testing.simulator import GraphSimulator

from . import readme_examples

TIMEOUT_S = 10.0


@pytest.fixture(scope="module")
def sim() -> Iterator[GraphSimulator]:
    with GraphSimulator() as simulator:
        yield simulator


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Bot:
    """A callback server (TLS, the simulator's CA) running a NotificationReceiver; records callbacks."""

    def __init__(self, sim: GraphSimulator) -> None:
        self.received: list[Notification] = []
        validator = CallbackTokenValidator(
            sim.client_id, openid_config_url=sim.idp.callback_openid_config_url, verify=sim.ca_bundle
        )
        self.receiver = NotificationReceiver(
            sim.client_id, validator=validator, on_notifications=self.received.extend
        )
        self.server = ServerThread(
            self.receiver.asgi_app(), certfile=sim.ca.server_certfile, keyfile=sim.ca.server_keyfile
        )

    @property
    def callback_uri(self) -> str:
        return f"{self.server.base_url}/callback"


@pytest.fixture
def bot(sim: GraphSimulator) -> Iterator[Bot]:
    sim.reset()
    the_bot = Bot(sim)
    with the_bot.server:
        yield the_bot
        sim.settle()
    the_bot.receiver.close()


def group_call(callback_uri: str, tenant_id: str) -> models.Call:
    return models.Call(
        callback_uri=callback_uri,
        media_config=models.ServiceHostedMediaConfig(),
        requested_modalities=["audio"],
        targets=[
            models.InvitationParticipantInfo(identity=identities.user("first-user", identity_provider="AAD"))
        ],
        chat_info=models.ChatInfo(thread_id="19:meeting_graph-calls@thread.v2"),
        tenant_id=tenant_id,
    )


def assert_every_notification_was_accepted(sim: GraphSimulator) -> None:
    sim.settle()
    deliveries = sim.notifications_sent
    assert deliveries
    assert [d.status for d in deliveries] == [202] * len(deliveries)
    sim.assert_no_contract_violations()


def test_invite_roster_and_delete_flow_through_notifications(sim: GraphSimulator, bot: Bot) -> None:
    registry = bot.receiver.registry
    with sim.client() as graph:
        created = graph.calls.create(group_call(bot.callback_uri, sim.tenant_id))
        call_id = created.id
        assert created.state == "establishing"

        established = registry.wait_for_call(call_id, lambda c: c.state == "established", timeout=TIMEOUT_S)
        assert established.call.id == call_id
        target_joined = registry.wait_for_call(
            call_id, lambda c: c.participant_with_identity("first-user") is not None, timeout=TIMEOUT_S
        )
        assert len(target_joined.participants) == 1

        invite = graph.calls[call_id].participants.invite(
            [models.InvitationParticipantInfo(identity=identities.user("invitee", identity_provider="AAD"))],
            client_context="invite-1",
        )
        assert invite.status == "Running"
        done = registry.wait_for_operation(invite, timeout=TIMEOUT_S)
        assert isinstance(done, models.InviteParticipantsOperation)
        assert (done.id, done.status, done.client_context) == (invite.id, "completed", "invite-1")

        roster = registry.wait_for_call(
            call_id, lambda c: c.participant_with_identity("invitee") is not None, timeout=TIMEOUT_S
        )
        invitee_id = roster.participant_with_identity("invitee").id
        assert list(roster.participants) == [
            target_joined.participant_with_identity("first-user").id,
            invitee_id,
        ]
        assert roster.participants[invitee_id].roster_sequence_number is not None

        graph.calls[call_id].participants[invitee_id].delete()
        assert invitee_id not in {p.id for p in graph.calls[call_id].participants.list()}
        # The reference: an active participant is dropped with no notification, so the registry still
        # lists the invitee; only a roster update (removedState, or "deleted") would remove it.
        sim.settle()
        assert invitee_id in registry[call_id].participants

        graph.calls[call_id].delete()
        ended = registry.wait_for_call(call_id, lambda c: c.ended, timeout=TIMEOUT_S)

    assert ended.state == "terminated"
    assert (ended.call.result_info.code, ended.call.result_info.subcode) == (200, 5001)
    assert_every_notification_was_accepted(sim)
    assert bot.receiver.wait_idle(TIMEOUT_S)
    kinds = [(n.change_type, n.kind) for n in bot.received]
    assert kinds[0] == ("updated", "call")
    assert ("deleted", "operation") in kinds
    assert ("updated", "participants") in kinds
    assert kinds[-1] == ("deleted", "call")
    assert {n.tenant_id for n in bot.received} == {sim.tenant_id}


def test_a_cancelled_invitation_fails_the_awaited_operation(sim: GraphSimulator, bot: Bot) -> None:
    sim.operation_delay_s = 1.0  # the invitee does not join before the invitation is cancelled
    call_id = sim.seed_call(
        callback_uri=bot.callback_uri, participants=1, chatInfo={"threadId": "19:t@thread.v2"}
    )
    with sim.client() as graph:
        invite = graph.calls[call_id].participants.invite(
            [
                models.InvitationParticipantInfo(
                    identity=identities.user("late-user", identity_provider="AAD"), participant_id="pending-1"
                )
            ]
        )
        graph.calls[call_id].participants["pending-1"].delete()

        with pytest.raises(OperationFailed) as caught:
            bot.receiver.registry.wait_for_operation(invite, timeout=TIMEOUT_S)

    assert (caught.value.code, caught.value.subcode) == (487, 0)
    assert caught.value.result_message == "The invitation was cancelled."
    assert isinstance(caught.value.operation, models.InviteParticipantsOperation)
    assert_every_notification_was_accepted(sim)


@pytest.mark.anyio
async def test_the_async_client_awaits_an_invite_through_notifications(sim: GraphSimulator, bot: Bot) -> None:
    registry = bot.receiver.registry
    async with sim.async_client() as graph:
        created = await graph.calls.create(group_call(bot.callback_uri, sim.tenant_id))
        await registry.await_call(created.id, lambda c: c.state == "established", timeout=TIMEOUT_S)

        invite = await graph.calls[created.id].participants.invite(
            [
                models.InvitationParticipantInfo(
                    identity=identities.user("async-invitee", identity_provider="AAD")
                )
            ]
        )
        done = await registry.await_operation(invite, timeout=TIMEOUT_S)
        roster = await registry.await_call(
            created.id, lambda c: c.participant_with_identity("async-invitee") is not None, timeout=TIMEOUT_S
        )
        await graph.calls[created.id].delete()
        ended = await registry.await_call(created.id, lambda c: c.ended, timeout=TIMEOUT_S)

    assert done.status == "completed"
    assert roster.participant_with_identity("async-invitee") is not None
    assert ended.state == "terminated"


def test_readme_invite_and_wait_example(
    sim: GraphSimulator, bot: Bot, capsys: pytest.CaptureFixture[str]
) -> None:
    call_id = sim.seed_call(
        callback_uri=bot.callback_uri, participants=1, chatInfo={"threadId": "19:t@thread.v2"}
    )
    with sim.client() as graph:
        operation, call = readme_examples.invite_and_wait(graph, bot.receiver, call_id, "readme-user")

    assert operation.status == "Running"
    joined = call.participant_with_identity("readme-user")
    assert capsys.readouterr().out == f"joined as {joined.id}\n"
