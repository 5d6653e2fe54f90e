"""Mistakes a bot developer makes; ``mypy --strict`` must reject each line marked with an ``E`` comment
naming the mypy error code.

Not imported by the tests: ``tests/typing/test_typing.py`` runs mypy over this file.
"""

from __future__ import annotations

from graph_calls import AsyncGraphCalls, GraphCalls, identities
from graph_calls.models import (
    InvitationParticipantInfo,
    MediaInfo,
    MediaPrompt,
    ServiceHostedMediaConfig,
)


def bot(graph: GraphCalls, call_id: str) -> None:
    call = graph.calls[call_id]
    invitee = InvitationParticipantInfo(identity=identities.user("u1"))
    prompt = MediaPrompt(media_info=MediaInfo(uri="https://bot.contoso.com/a.wav"))
    media = ServiceHostedMediaConfig()

    call.answer(callback_uri="https://b", media_config=media, accepted_modalities=["Audio"])  # E: list-item
    call.answer(callback_uri="https://b", media_config={"x": 1}, accepted_modalities=["audio"])  # E: arg-type
    call.answer(callback_uri="https://b", media_config=prompt, accepted_modalities=["audio"])  # E: arg-type
    call.answer(callback_uri="https://b", media_config=media, accepted_modalities="audio")  # E: arg-type
    call.reject(reason="Busy")  # E: arg-type
    call.play_prompt(prompts=["https://bot.contoso.com/a.wav"])  # E: list-item
    call.play_prompt(prompts=prompt)  # E: arg-type
    call.participants.invite(invitee)  # E: arg-type
    call.participants.invite([{"identity": {"user": {"id": "u1"}}}])  # E: list-item
    call.transfer(transfer_target=invitee, transferee="some-id")  # E: arg-type
    call.transfer(transfer_target="some-id")  # E: arg-type
    call.update_recording_status(status="Recording")  # E: arg-type
    call.change_screen_sharing_role(role="presenter")  # E: arg-type
    call.send_dtmf_tones(tones=["1", "#"])  # E: list-item
    hold = call.participants[call_id]
    hold.start_hold_music(custom_prompt="https://bot.contoso.com/hold.wav")  # E: arg-type
    call.redirect(targets=[invitee], timeout="30")  # E: arg-type
    call.get(extra_headers={"x-trace": 1})  # E: dict-item
    call.get(extra_heders={"x-trace": "1"})  # E: call-arg
    call.delete(missing_ok="yes")  # E: arg-type
    graph.with_options(timout=5)  # E: call-arg
    graph.with_options(max_retries="3")  # E: arg-type
    GraphCalls.from_client_secret(
        tenant_id="t",
        client_id="c",
        client_secret="s",
        cloud="gcc-high",  # E: arg-type
    )
    GraphCalls.from_client_secret(tenant_id="t", client_id="c", client_secret="s", retries=3)  # E: call-arg
    participant = call.participants[call_id].get()
    participant.info.identity  # E: union-attr
    operation = call.participants.invite([invitee])
    operation.id.upper()  # E: union-attr


async def async_bot(graph: AsyncGraphCalls, call_id: str) -> None:
    call = graph.calls[call_id]
    call.reject(reason="busy")  # E: unused-coroutine
    await call.reject(reason="Forbidden")  # E: arg-type
    for item in graph.calls[call_id].participants.list():  # E: attr-defined
        print(item)
