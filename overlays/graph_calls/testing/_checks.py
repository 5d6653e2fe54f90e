"""The simulated service's own input rules: what it refuses with ``400 BadRequest``.

The spec check in :mod:`~graph_calls.testing._contract` runs first and catches wrong shapes; these
are the rules the reference states in prose (required fields, limits, allowed call states,
https callback URIs, prompts that name their media), checked by the resource modules before they
change anything. Each refusal is a Graph error body (``{"error": {"code", "message", ...}}``).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from typing import Any, Final

from graph_calls.testing._contract import GraphError
from graph_calls.testing._records import CallRecord

__all__ = [
    "check_action_input",
    "check_client_context",
    "check_prompt",
    "check_prompts",
    "require",
    "require_callback_uri",
    "require_state",
]

_LOOPBACK_HOSTS: Final = frozenset({"127.0.0.1", "localhost", "::1"})
MAX_CLIENT_CONTEXT: Final = 256
MAX_PROMPTS: Final = 20


def require(condition: bool, message: str) -> None:
    if not condition:
        raise GraphError(400, "BadRequest", message)


def require_state(call: CallRecord, state: str, action: str) -> None:
    require(call.state == state, f"Cannot {action} call '{call.id}' in state '{call.state}'.")


def require_callback_uri(value: Any, *, required: bool) -> None:
    """A call's ``callbackUri``: an https URL (or plain http on loopback, for local test receivers).

    The reference: "The callback URL on which callbacks are delivered. Must be an HTTPS URL." (the
    ``call`` resource page); "This must be ``https``." (``call: answer``, ``call: reject``).
    """
    if value is None or value == "":
        require(not required, "callbackUri is required.")
        return
    parts = urllib.parse.urlsplit(str(value))
    loopback_http = parts.scheme == "http" and (parts.hostname or "") in _LOOPBACK_HOSTS
    require(
        (parts.scheme == "https" and bool(parts.hostname)) or loopback_http,
        "callbackUri must be an https URL.",
    )


def check_prompts(prompts: Any, *, media_required: bool) -> None:
    """Each ``mediaPrompt`` names its media: a ``mediaInfo`` whose ``uri`` is an https URL.

    The reference: the ``mediaPrompt`` resource lists ``mediaInfo`` with no optional properties, and
    ``mediaInfo.uri`` is "Path to the prompt that will be played" (``mediaInfo`` resource page);
    every example (``call: playPrompt``, ``call: recordResponse``, ``participant:
    startHoldMusic``) serves it from an https URL. Checked when ``media_required`` (the default;
    ``GraphSimulator(require_prompt_media=False)`` accepts any prompt, as earlier versions did).
    """
    if not media_required:
        return
    for index, prompt in enumerate(prompts if isinstance(prompts, list) else []):
        check_prompt(prompt, f"prompts[{index}]")


def check_prompt(prompt: Any, where: str) -> None:
    """One prompt (``where`` names it in the error) names its media by an https ``mediaInfo.uri``."""
    if not isinstance(prompt, Mapping):
        return  # the spec check refuses the shape
    media = prompt.get("mediaInfo")
    require(isinstance(media, Mapping), f"{where}.mediaInfo is required.")
    uri = media.get("uri") if isinstance(media, Mapping) else None
    require(isinstance(uri, str) and bool(uri), f"{where}.mediaInfo.uri is required.")
    parts = urllib.parse.urlsplit(str(uri))
    require(
        parts.scheme == "https" and bool(parts.hostname),
        f"{where}.mediaInfo.uri must be an https URL, not '{uri}'.",
    )


def check_client_context(body: Mapping[str, Any]) -> None:
    context = body.get("clientContext")
    require(
        context is None or len(str(context)) <= MAX_CLIENT_CONTEXT,
        f"clientContext must be at most {MAX_CLIENT_CONTEXT} characters.",
    )


def check_action_input(action: str, body: Mapping[str, Any], *, prompt_media_required: bool = False) -> None:
    if action == "playPrompt":
        prompts = body.get("prompts") or []
        require(bool(prompts), "prompts is required.")
        require(len(prompts) <= MAX_PROMPTS, f"At most {MAX_PROMPTS} prompts are allowed.")
        check_prompts(prompts, media_required=prompt_media_required)
    elif action == "recordResponse":
        require(len(body.get("prompts") or []) <= 1, "At most one prompt is allowed.")
        check_prompts(body.get("prompts"), media_required=prompt_media_required)
        for name in (
            "initialSilenceTimeoutInSeconds",
            "maxSilenceTimeoutInSeconds",
            "maxRecordDurationInSeconds",
        ):
            value = body.get(name)
            require(value is None or 1 <= value <= 120, f"{name} must be between 1 and 120.")
    elif action == "sendDtmfTones":
        require(bool(body.get("tones")), "tones is required.")
    elif action == "updateRecordingStatus":
        require(body.get("status") is not None, "status is required.")
