"""Every generated endpoint module builds the request the Graph reference describes.

For each module under ``graph_calls_generated.api``: call ``_get_kwargs`` with its required arguments (ids
as strings, an empty body model for ``body``) and let the generated client's httpx client build the request
against ``https://graph.microsoft.com/v1.0``; the method and URL path must be the documented ones.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import typing
from types import ModuleType
from typing import Any

import httpx
import pytest

import graph_calls_generated.api
from graph_calls_generated import Client

from .conftest import GRAPH_ROOT

CALLS = "/v1.0/communications/calls"
CALL = f"{CALLS}/call-1"
ID_VALUES = {
    "call_id": "call-1",
    "participant_id": "participant-2",
    "comms_operation_id": "operation-3",
    "audio_routing_group_id": "group-4",
    "content_sharing_session_id": "session-5",
}
EXPECTED = {
    "calls.calls_create": ("POST", CALLS),
    "calls.calls_get": ("GET", CALL),
    "calls.calls_delete": ("DELETE", CALL),
    "calls.calls_answer": ("POST", f"{CALL}/answer"),
    "calls.calls_reject": ("POST", f"{CALL}/reject"),
    "calls.calls_redirect": ("POST", f"{CALL}/redirect"),
    "calls.calls_transfer": ("POST", f"{CALL}/transfer"),
    "calls.calls_keep_alive": ("POST", f"{CALL}/keepAlive"),
    "calls.calls_mute": ("POST", f"{CALL}/mute"),
    "calls.calls_unmute": ("POST", f"{CALL}/unmute"),
    "calls.calls_play_prompt": ("POST", f"{CALL}/playPrompt"),
    "calls.calls_record_response": ("POST", f"{CALL}/recordResponse"),
    "calls.calls_cancel_media_processing": ("POST", f"{CALL}/cancelMediaProcessing"),
    "calls.calls_subscribe_to_tone": ("POST", f"{CALL}/subscribeToTone"),
    "calls.calls_send_dtmf_tones": ("POST", f"{CALL}/sendDtmfTones"),
    "calls.calls_change_screen_sharing_role": ("POST", f"{CALL}/changeScreenSharingRole"),
    "calls.calls_update_recording_status": ("POST", f"{CALL}/updateRecordingStatus"),
    "calls.calls_add_large_gallery_view": ("POST", f"{CALL}/addLargeGalleryView"),
    "calls.calls_log_teleconference_device_quality": ("POST", f"{CALLS}/logTeleconferenceDeviceQuality"),
    "operations.operations_get": ("GET", f"{CALL}/operations/operation-3"),
    "participants.participants_list": ("GET", f"{CALL}/participants"),
    "participants.participants_get": ("GET", f"{CALL}/participants/participant-2"),
    "participants.participants_delete": ("DELETE", f"{CALL}/participants/participant-2"),
    "participants.participants_invite": ("POST", f"{CALL}/participants/invite"),
    "participants.participants_mute": ("POST", f"{CALL}/participants/participant-2/mute"),
    "participants.participants_start_hold_music": (
        "POST",
        f"{CALL}/participants/participant-2/startHoldMusic",
    ),
    "participants.participants_stop_hold_music": ("POST", f"{CALL}/participants/participant-2/stopHoldMusic"),
    "audio_routing_groups.audio_routing_groups_list": ("GET", f"{CALL}/audioRoutingGroups"),
    "audio_routing_groups.audio_routing_groups_create": ("POST", f"{CALL}/audioRoutingGroups"),
    "audio_routing_groups.audio_routing_groups_get": ("GET", f"{CALL}/audioRoutingGroups/group-4"),
    "audio_routing_groups.audio_routing_groups_update": ("PATCH", f"{CALL}/audioRoutingGroups/group-4"),
    "audio_routing_groups.audio_routing_groups_delete": ("DELETE", f"{CALL}/audioRoutingGroups/group-4"),
    "content_sharing_sessions.content_sharing_sessions_list": ("GET", f"{CALL}/contentSharingSessions"),
    "content_sharing_sessions.content_sharing_sessions_get": (
        "GET",
        f"{CALL}/contentSharingSessions/session-5",
    ),
}


def endpoint_modules() -> list[str]:
    """``<tag>.<operation>`` for every module under graph_calls_generated.api."""
    root = graph_calls_generated.api
    return sorted(
        info.name.removeprefix(f"{root.__name__}.")
        for info in pkgutil.walk_packages(root.__path__, prefix=f"{root.__name__}.")
        if not info.ispkg
    )


def required_arguments(module: ModuleType) -> tuple[list[Any], dict[str, Any]]:
    """Dummy values for the required parameters of ``_get_kwargs``: ids by name, an empty body model."""
    hints = typing.get_type_hints(module._get_kwargs)
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for name, parameter in inspect.signature(module._get_kwargs).parameters.items():
        if parameter.default is not inspect.Parameter.empty:
            continue
        if name == "body":
            kwargs[name] = hints[name]()  # every body model's fields are optional
        else:
            assert hints[name] is str, name
            args.append(ID_VALUES[name])
    return args, kwargs


def build_request(module: ModuleType, *args: Any, **kwargs: Any) -> httpx.Request:
    request_kwargs = module._get_kwargs(*args, **kwargs)
    return Client(base_url=GRAPH_ROOT).get_httpx_client().build_request(**request_kwargs)


def test_there_is_one_module_per_keep_list_operation() -> None:
    assert endpoint_modules() == sorted(EXPECTED)
    assert len(EXPECTED) == 34


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_endpoint_module_builds_the_documented_request(name: str) -> None:
    module = importlib.import_module(f"graph_calls_generated.api.{name}")
    for function in ("sync", "sync_detailed", "asyncio", "asyncio_detailed"):
        assert callable(getattr(module, function)), function
    args, kwargs = required_arguments(module)

    request = build_request(module, *args, **kwargs)

    method, path = EXPECTED[name]
    assert (request.method, request.url.path) == (method, path)
    assert request.url.host == "graph.microsoft.com"
    assert request.url.scheme == "https"
    assert request.url.query == b""
    if "body" in kwargs:
        assert request.headers["Content-Type"] == "application/json"
        assert json.loads(request.content) == {}  # nothing the caller did not set (no spec defaults)
    else:
        assert request.content == b""


def test_ids_are_quoted_as_one_path_segment() -> None:
    module = importlib.import_module("graph_calls_generated.api.participants.participants_get")
    request = build_request(module, "call 1/x", "p#2")
    assert request.url.raw_path == b"/v1.0/communications/calls/call%201%2Fx/participants/p%232"
