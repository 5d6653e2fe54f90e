"""The correct forms are accepted by ``mypy --strict``, with precise types: each
``reveal_type`` marked with an ``N`` comment reveals that type (module paths left out).

Not imported by the tests: ``tests/typing/test_typing.py`` runs mypy over this file.
"""

from __future__ import annotations

from graph_calls import AsyncGraphCalls, GraphCalls, identities
from graph_calls.models import (
    UNSET,
    InvitationParticipantInfo,
    MediaInfo,
    MediaPrompt,
    Modality,
    ServiceHostedMediaConfig,
    Unset,
)


def bot(graph: GraphCalls, call_id: str) -> None:
    call = graph.calls[call_id]
    invitee = InvitationParticipantInfo(identity=identities.user("u1"))
    prompt = MediaPrompt(media_info=MediaInfo(uri="https://bot.contoso.com/a.wav"))
    modalities: list[Modality] = ["audio", "video"]

    call.answer(
        callback_uri="https://b", media_config=ServiceHostedMediaConfig(), accepted_modalities=modalities
    )
    call.reject(reason="busy")
    call.play_prompt(prompts=[prompt], client_context="c1")
    call.update_recording_status(status="recording")
    call.change_screen_sharing_role(role="viewer")
    call.send_dtmf_tones(tones=["tone1", "pound"], delay_between_tones_ms=200)
    call.redirect(
        targets=[invitee], redirect_timeout_s=30, extra_body={"routingPolicies": ["disableForwarding"]}
    )
    call.transfer(transfer_target=invitee, extra_body={"clientContext": "c1"}, timeout=10)
    call.get(extra_headers={"x-trace": "1"}, extra_query={"probe": True})
    call.delete(missing_ok=True)
    graph.with_options(timeout=5, max_retries=0, headers={"x-app": "bot"})
    GraphCalls.from_client_secret(tenant_id="t", client_id="c", client_secret="s", cloud="usgov", timeout=10)

    operation = call.participants.invite([invitee])
    reveal_type(operation)  # N: InviteParticipantsOperation
    for participant in call.participants.list(top=10):
        reveal_type(participant)  # N: Participant
    reveal_type(call.get())  # N: Call
    reveal_type(call.operations["op"].get())  # N: CommsOperation
    reveal_type(call.play_prompt(prompts=[prompt]))  # N: PlayPromptOperation
    reveal_type(call.participants.list().collect())  # N: list[Participant]
    participant = call.participants[call_id].get()
    if not isinstance(participant.is_muted, Unset):
        reveal_type(participant.is_muted)  # N: bool
    participant.metadata = UNSET


async def async_bot(graph: AsyncGraphCalls, call_id: str) -> None:
    call = graph.calls[call_id]
    invitee = InvitationParticipantInfo(identity=identities.user("u1"))
    reveal_type(await call.participants.invite([invitee]))  # N: InviteParticipantsOperation
    async for participant in call.participants.list():
        reveal_type(participant)  # N: Participant
    await call.participants["p"].delete(missing_ok=True)
