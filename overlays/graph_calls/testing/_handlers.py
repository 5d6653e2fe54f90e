"""The per-operation handlers: one function per spec operationId, in the one :data:`HANDLERS` table.

Each handler turns a routed, authorized, spec-checked request (a
:class:`~graph_calls.testing._http.Context`) into a call on the simulated state and a
:class:`~graph_calls.testing._http.Reply` shaped as Graph answers: status, ``Location`` header,
``@odata.context``, and lists paged with ``$top``/``$skip``/``$skiptoken``, ``$count`` and
``$select``. :class:`~graph_calls.testing._graph_app.GraphApp` refuses to start if the spec has
an operation this table lacks.
"""

from __future__ import annotations

import base64
import urllib.parse
from collections.abc import Callable, Mapping
from typing import Any, Final

from graph_calls.testing._contract import GraphError
from graph_calls.testing._http import Context, Reply
from graph_calls.testing._state import SimState

__all__ = ["HANDLERS", "Handler"]

Handler = Callable[[SimState, Context], Reply]
"""Answers one request for one operationId."""


# -- calls -----------------------------------------------------------------------------------------


def calls_create(state: SimState, ctx: Context) -> Reply:
    call = state.calls.create(ctx.body, app_id=ctx.app_id)
    body = {"@odata.context": f"{ctx.base_url}/$metadata#communications/calls/$entity", **call}
    return Reply(201, body, {"Location": _location(ctx, "communications", "calls", call["id"])})


def calls_get(state: SimState, ctx: Context) -> Reply:
    return _entity(ctx, state.calls.get(ctx.call_id), "communications/calls/$entity")


def calls_delete(state: SimState, ctx: Context) -> Reply:
    state.calls.delete(ctx.call_id)
    return Reply(204)


def calls_answer(state: SimState, ctx: Context) -> Reply:
    state.calls.answer(ctx.call_id, ctx.body)
    return Reply(202)


def calls_reject(state: SimState, ctx: Context) -> Reply:
    state.calls.reject(ctx.call_id, ctx.body)
    return Reply(202)


def calls_redirect(state: SimState, ctx: Context) -> Reply:
    state.calls.redirect(ctx.call_id, ctx.body)
    return Reply(202)


def calls_transfer(state: SimState, ctx: Context) -> Reply:
    state.calls.transfer(ctx.call_id, ctx.body)
    return Reply(202)


def calls_change_screen_sharing_role(state: SimState, ctx: Context) -> Reply:
    state.calls.change_screen_sharing_role(ctx.call_id, ctx.body)
    return Reply(202)


def calls_keep_alive(state: SimState, ctx: Context) -> Reply:
    state.calls.keep_alive(ctx.call_id)
    return Reply(200)


def calls_log_teleconference_device_quality(state: SimState, ctx: Context) -> Reply:
    state.calls.log_device_quality(ctx.body)
    return Reply(200)


def _call_action(action: str, status: int = 200) -> Handler:
    """A handler for a call action answered with an operation (playPrompt, mute, ...)."""

    def handle(state: SimState, ctx: Context) -> Reply:
        return _operation_reply(ctx, state.operations.start(ctx.call_id, action, ctx.body), status)

    return handle


# -- operations and participants -------------------------------------------------------------------


def operations_get(state: SimState, ctx: Context) -> Reply:
    operation = state.operations.get(ctx.call_id, ctx.path_params["commsOperation-id"])
    return _entity(ctx, operation, _call_context(ctx, "operations"))


def participants_list(state: SimState, ctx: Context) -> Reply:
    return _list(ctx, lambda window: state.participants.list_window(ctx.call_id, window), "participants")


def participants_get(state: SimState, ctx: Context) -> Reply:
    participant = state.participants.get(ctx.call_id, ctx.path_params["participant-id"])
    return _entity(ctx, participant, _call_context(ctx, "participants"))


def participants_invite(state: SimState, ctx: Context) -> Reply:
    return _operation_reply(ctx, state.participants.invite(ctx.call_id, ctx.body))


def participants_delete(state: SimState, ctx: Context) -> Reply:
    state.participants.delete(ctx.call_id, ctx.path_params["participant-id"])
    return Reply(204)


def participants_mute(state: SimState, ctx: Context) -> Reply:
    pid = ctx.path_params["participant-id"]
    return _operation_reply(ctx, state.participants.mute(ctx.call_id, pid, ctx.body))


def participants_start_hold_music(state: SimState, ctx: Context) -> Reply:
    pid = ctx.path_params["participant-id"]
    return _operation_reply(ctx, state.participants.hold_music(ctx.call_id, pid, ctx.body, start=True), 202)


def participants_stop_hold_music(state: SimState, ctx: Context) -> Reply:
    pid = ctx.path_params["participant-id"]
    return _operation_reply(ctx, state.participants.hold_music(ctx.call_id, pid, ctx.body, start=False), 202)


# -- audio routing groups and content sharing sessions ---------------------------------------------


def audio_routing_groups_list(state: SimState, ctx: Context) -> Reply:
    return _list(ctx, lambda window: state.groups.list_window(ctx.call_id, window), "audioRoutingGroups")


def audio_routing_groups_create(state: SimState, ctx: Context) -> Reply:
    # The reference documents 200 (not 201) for this create.
    return Reply(200, state.groups.create(ctx.call_id, ctx.body))


def audio_routing_groups_get(state: SimState, ctx: Context) -> Reply:
    group = state.groups.get(ctx.call_id, ctx.path_params["audioRoutingGroup-id"])
    return _entity(ctx, group, _call_context(ctx, "audioRoutingGroups"))


def audio_routing_groups_update(state: SimState, ctx: Context) -> Reply:
    group_id = ctx.path_params["audioRoutingGroup-id"]
    return Reply(200, state.groups.update(ctx.call_id, group_id, ctx.body))


def audio_routing_groups_delete(state: SimState, ctx: Context) -> Reply:
    state.groups.delete(ctx.call_id, ctx.path_params["audioRoutingGroup-id"])
    return Reply(204)


def content_sharing_sessions_list(state: SimState, ctx: Context) -> Reply:
    return _list(
        ctx, lambda window: state.sessions.list_window(ctx.call_id, window), "contentSharingSessions"
    )


def content_sharing_sessions_get(state: SimState, ctx: Context) -> Reply:
    session = state.sessions.get(ctx.call_id, ctx.path_params["contentSharingSession-id"])
    return _entity(ctx, session, _call_context(ctx, "contentSharingSessions"))


# The operationId -> its handler; GraphApp checks every operation of the spec has one.
HANDLERS: Final[Mapping[str, Handler]] = {
    "calls_create": calls_create,
    "calls_get": calls_get,
    "calls_delete": calls_delete,
    "calls_answer": calls_answer,
    "calls_reject": calls_reject,
    "calls_redirect": calls_redirect,
    "calls_transfer": calls_transfer,
    "calls_keep_alive": calls_keep_alive,
    "calls_change_screen_sharing_role": calls_change_screen_sharing_role,
    "calls_log_teleconference_device_quality": calls_log_teleconference_device_quality,
    "calls_play_prompt": _call_action("playPrompt"),
    "calls_record_response": _call_action("recordResponse"),
    "calls_cancel_media_processing": _call_action("cancelMediaProcessing"),
    "calls_subscribe_to_tone": _call_action("subscribeToTone"),
    "calls_send_dtmf_tones": _call_action("sendDtmfTones"),
    "calls_mute": _call_action("mute"),
    "calls_unmute": _call_action("unmute"),
    "calls_update_recording_status": _call_action("updateRecordingStatus"),
    "calls_add_large_gallery_view": _call_action("addLargeGalleryView", 202),
    "operations_get": operations_get,
    "participants_list": participants_list,
    "participants_get": participants_get,
    "participants_invite": participants_invite,
    "participants_delete": participants_delete,
    "participants_mute": participants_mute,
    "participants_start_hold_music": participants_start_hold_music,
    "participants_stop_hold_music": participants_stop_hold_music,
    "audio_routing_groups_list": audio_routing_groups_list,
    "audio_routing_groups_create": audio_routing_groups_create,
    "audio_routing_groups_get": audio_routing_groups_get,
    "audio_routing_groups_update": audio_routing_groups_update,
    "audio_routing_groups_delete": audio_routing_groups_delete,
    "content_sharing_sessions_list": content_sharing_sessions_list,
    "content_sharing_sessions_get": content_sharing_sessions_get,
}


# -- reply shapes ----------------------------------------------------------------------------------


def _location(ctx: Context, *parts: str) -> str:
    return ctx.base_url + "".join(f"/{urllib.parse.quote(part, safe='')}" for part in parts)


def _operation_reply(ctx: Context, operation: dict[str, Any], status: int = 200) -> Reply:
    location = _location(ctx, "communications", "calls", ctx.call_id, "operations", operation["id"])
    return Reply(status, operation, {"Location": location})


def _entity(ctx: Context, entity: dict[str, Any], context_path: str) -> Reply:
    body = {"@odata.context": f"{ctx.base_url}/$metadata#{context_path}"}
    body.update(_select(entity, ctx.query.get("$select")))
    return Reply(200, body)


def _call_context(ctx: Context, collection: str) -> str:
    return f"communications/calls('{urllib.parse.quote(ctx.call_id, safe='')}')/{collection}/$entity"


def _list(ctx: Context, fetch: Callable[[slice], tuple[int, list[dict[str, Any]]]], collection: str) -> Reply:
    """One page of a collection; ``fetch(window)`` gives the collection's size and that window's items."""
    top = _int_param(ctx.query, "$top")
    offset = (_int_param(ctx.query, "$skip") or 0) + _skiptoken_offset(ctx.query.get("$skiptoken"))
    size = top if top is not None else ctx.page_size
    total, window = fetch(slice(offset, offset + size) if size > 0 else slice(0, 0))
    select = ctx.query.get("$select")
    quoted_call = urllib.parse.quote(ctx.call_id, safe="")
    body: dict[str, Any] = {
        "@odata.context": f"{ctx.base_url}/$metadata#communications/calls('{quoted_call}')/{collection}",
    }
    if ctx.query.get("$count", "").lower() == "true":
        body["@odata.count"] = total
    body["value"] = [_select(item, select) for item in window]
    next_offset = offset + size
    if size > 0 and next_offset < total:
        params: list[tuple[str, str]] = [
            (name, ctx.query[name]) for name in ("$select", "$count", "$top") if name in ctx.query
        ]
        params.append(("$skiptoken", _skiptoken(next_offset)))
        query = urllib.parse.urlencode(params, safe="$,")
        body["@odata.nextLink"] = f"{ctx.base_url}/communications/calls/{quoted_call}/{collection}?{query}"
    return Reply(200, body)


def _select(entity: dict[str, Any], select: str | None) -> dict[str, Any]:
    """``$select=a,b``: keep those properties (plus ``@odata.type`` and ``id``)."""
    if not select:
        return entity
    wanted = {name.strip() for name in select.split(",") if name.strip()} | {"@odata.type", "id"}
    return {key: value for key, value in entity.items() if key in wanted}


def _int_param(query: Mapping[str, str], name: str) -> int | None:
    value = query.get(name)
    return None if value is None else int(value)  # already checked against the spec


def _skiptoken(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset={offset}".encode()).decode("ascii").rstrip("=")


def _skiptoken_offset(token: str | None) -> int:
    if not token:
        return 0
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
        name, _, value = text.partition("=")
        if name != "offset" or not value.isdigit():
            raise ValueError(text)
        return int(value)
    except ValueError:
        raise GraphError(400, "BadRequest", f"Invalid $skiptoken '{token}'.") from None
