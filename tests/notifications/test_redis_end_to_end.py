"""Two bot instances on one Redis, over real sockets: the simulator POSTs a call's notifications to one
instance's receiver, and the instance that sent the invite (whose receiver hears nothing of it) resolves
its wait from Redis; a third instance started afterwards finds the call."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests._redis_server import RedisServer, RedisStores

from graph_calls import identities, models
from graph_calls.notifications import CallbackTokenValidator, CallRegistry, NotificationReceiver
from graph_calls.notifications.stores import RedisStore
from graph_calls.testing import ServerThread
from graph_calls.testing.simulator import GraphSimulator

TIMEOUT_S = 10.0


@pytest.fixture(scope="module")
def sim() -> Iterator[GraphSimulator]:
    with GraphSimulator() as simulator:
        yield simulator


class Instance:
    """One bot instance: a receiver (TLS, the simulator's CA) whose registry is on the shared store."""

    def __init__(self, sim: GraphSimulator, store: RedisStore) -> None:
        validator = CallbackTokenValidator(
            sim.client_id, openid_config_url=sim.idp.callback_openid_config_url, verify=sim.ca_bundle
        )
        self.registry = CallRegistry(store=store)
        self.receiver = NotificationReceiver(sim.client_id, validator=validator, registry=self.registry)
        self.server = ServerThread(
            self.receiver.asgi_app(), certfile=sim.ca.server_certfile, keyfile=sim.ca.server_keyfile
        )

    @property
    def callback_uri(self) -> str:
        return f"{self.server.base_url}/callback"


@pytest.fixture
def instances(sim: GraphSimulator, stores: RedisStores) -> Iterator[tuple[Instance, Instance]]:
    sim.reset()
    sender, receiver = (
        Instance(sim, stores.store()),
        Instance(sim, stores.store()),
    )
    with sender.server, receiver.server:
        yield sender, receiver
        sim.settle()
    sender.receiver.close()
    receiver.receiver.close()


def invitation(user_id: str) -> list[models.InvitationParticipantInfo]:
    return [models.InvitationParticipantInfo(identity=identities.user(user_id, identity_provider="AAD"))]


def test_an_invite_sent_by_one_instance_resolves_from_the_notification_another_received(
    sim: GraphSimulator, stores: RedisStores, instances: tuple[Instance, Instance]
) -> None:
    sender, receiving = instances
    call_id = sim.seed_call(
        callback_uri=receiving.callback_uri, participants=1, chatInfo={"threadId": "19:t@thread.v2"}
    )
    with sim.client() as graph:
        invite = graph.calls[call_id].participants.invite(invitation("invitee"), client_context="scale")
        done = sender.registry.wait_for_operation(invite, timeout=TIMEOUT_S)
        joined = sender.registry.wait_for_call(
            call_id, lambda c: c.participant_with_identity("invitee") is not None, timeout=TIMEOUT_S
        )
    sim.settle()

    assert (done.id, done.status, done.client_context) == (invite.id, "completed", "scale")
    deliveries = sim.notifications_sent
    assert deliveries
    assert {d.url for d in deliveries} == {receiving.callback_uri}  # none went to the sender
    assert [d.status for d in deliveries] == [202] * len(deliveries)
    later = CallRegistry(store=stores.store())  # a third instance, started now
    assert (
        later[call_id].participant_with_identity("invitee").id
        == joined.participant_with_identity("invitee").id
    )
    sim.assert_no_contract_violations()


@pytest.mark.anyio
async def test_an_async_invite_and_hang_up_resolve_on_the_instance_that_sent_them(
    sim: GraphSimulator, instances: tuple[Instance, Instance]
) -> None:
    sender, receiving = instances
    registry = sender.registry
    async with sim.async_client() as graph:
        created = await graph.calls.create(
            models.Call(
                callback_uri=receiving.callback_uri,
                media_config=models.ServiceHostedMediaConfig(),
                requested_modalities=["audio"],
                targets=invitation("first-user"),
                chat_info=models.ChatInfo(thread_id="19:meeting_graph-calls@thread.v2"),
                tenant_id=sim.tenant_id,
            )
        )
        await registry.await_call(created.id, lambda c: c.state == "established", timeout=TIMEOUT_S)
        invite = await graph.calls[created.id].participants.invite(invitation("async-invitee"))
        done = await registry.await_operation(invite, timeout=TIMEOUT_S)
        await graph.calls[created.id].delete()
        ended = await registry.await_call(created.id, lambda c: c.ended, timeout=TIMEOUT_S)

    assert done.status == "completed"
    assert ended.state == "terminated"
    assert (ended.call.result_info.code, ended.call.result_info.subcode) == (200, 5001)


def test_the_readme_redis_example_shares_calls_with_every_instance_on_the_namespace(
    server: RedisServer,
) -> None:
    from graph_calls.notifications import parse_notifications

    from . import readme_examples
    from ._payloads import CALL_ID, body, call_data, notification, participant_data, roster

    registry, receiver = readme_examples.redis_registry("readme-app", server.url)
    other = CallRegistry(store=RedisStore(server.url, namespace="readme-app"))
    elsewhere = CallRegistry(store=RedisStore(server.url, namespace="another-app"))
    try:
        other.apply_all(
            parse_notifications(
                body(
                    notification("updated", "", call_data("established")),
                    roster("updated", participant_data("p1")),
                )
            )
        )
        call = registry.get(CALL_ID)
        assert call is not None
        assert (call.state, list(call.participants)) == ("established", ["p1"])
        assert receiver.registry is registry
        assert elsewhere.get(CALL_ID) is None  # namespaces keep apps apart
    finally:
        receiver.close()
        for each in (registry, other, elsewhere):
            each.store.close()
