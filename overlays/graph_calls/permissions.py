"""Application permissions each operation needs, as the Graph v1.0 reference documents them.

Source: the v1.0 API reference pages in ``microsoftgraph/microsoft-graph-docs-contrib``
(``api-reference/v1.0/api/<page>.md``), newest stored version of each page. Current pages no
longer print the table inline: they include a generated table
(``api-reference/v1.0/includes/permissions/<page>-permissions.md``) with a "least privileged"
and a "higher privileged" column. Where that generated table was not available, the entry
follows the data it is generated from (``permissions/new/permissions.json`` in
``microsoftgraph/microsoft-graph-devx-content``: ``least=Application`` marks the least
privileged permission for a path), and the comment on the line says so.

Conventions:

* Only application permissions exist for these APIs; every page says delegated permissions are
  not supported.
* Each tuple lists the least privileged permission(s) first, then the higher privileged ones.
  Any one of them suffices.
* Names use the current spellings (``Calls.JoinGroupCall.All``, ``Calls.InitiateGroupCall.All``,
  ``Calls.JoinGroupCallAsGuest.All``). Older pages print ``Calls.JoinGroupCalls.All``,
  ``Calls.InitiateGroupCalls.All`` and ``Calls.JoinGroupCallsasGuest.All``; those are the same
  permissions under names that are no longer used. ``Calls.JoinGroupCalls.Chat`` (plural) is a
  different permission: a resource-specific-consent (RSC) permission, and that is its real name.
* Many pages add: "Permissions are checked when the call is created; no additional permission
  check is made when calling this API. Calls.AccessMedia.All is only necessary for calls that
  use app-hosted media." For calls with app-hosted media, create and answer need
  ``Calls.AccessMedia.All`` in addition to one of the listed permissions.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

APPLICATION_PERMISSIONS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        # --- calls ---------------------------------------------------------------------------
        # Least: the RSC permission (a bot installed in the chat may join that chat's meeting);
        # higher: the tenant-wide ones. Which one is needed depends on the call: P2P ->
        # Initiate.All, new group call -> InitiateGroupCall.All, join a meeting ->
        # JoinGroupCall.All or JoinGroupCallAsGuest.All; plus AccessMedia.All for app-hosted media.
        "calls_create": (
            "Calls.JoinGroupCalls.Chat",
            "Calls.Initiate.All",
            "Calls.InitiateGroupCall.All",
            "Calls.JoinGroupCall.All",
            "Calls.JoinGroupCallAsGuest.All",
        ),  # application-post-calls.md (include application-post-calls-permissions.md)
        "calls_get": ("Calls.Initiate.All", "Calls.AccessMedia.All"),  # call-get.md
        "calls_delete": ("Calls.Initiate.All", "Calls.AccessMedia.All"),  # call-delete.md
        # Plus Calls.AccessMedia.All when answering with app-hosted media.
        "calls_answer": ("Calls.JoinGroupCall.All", "Calls.JoinGroupCallAsGuest.All"),  # call-answer.md
        # call-reject.md lists "None": reject itself is not checked. Recorded instead: what lets
        # the bot see (decrypted) incoming-call notifications in the first place, per
        # call-answer.md -- the answer permissions first, then the other calling permissions.
        "calls_reject": (
            "Calls.JoinGroupCall.All",
            "Calls.JoinGroupCallAsGuest.All",
            "Calls.Initiate.All",
            "Calls.InitiateGroupCall.All",
            "Calls.AccessMedia.All",
        ),  # call-reject.md (page: None) + call-answer.md note on decrypting the caller
        "calls_redirect": ("Calls.Initiate.All",),  # call-redirect.md
        "calls_transfer": ("Calls.Initiate.All",),  # call-transfer.md
        "calls_keep_alive": ("Calls.Initiate.All", "Calls.AccessMedia.All"),  # call-keepalive.md
        "calls_mute": ("Calls.Initiate.All", "Calls.AccessMedia.All"),  # call-mute.md
        "calls_unmute": ("Calls.Initiate.All", "Calls.AccessMedia.All"),  # call-unmute.md
        "calls_play_prompt": ("Calls.Initiate.All", "Calls.AccessMedia.All"),  # call-playprompt.md
        "calls_record_response": ("Calls.AccessMedia.All",),  # call-record.md
        "calls_cancel_media_processing": (
            "Calls.Initiate.All",
            "Calls.AccessMedia.All",
        ),  # call-cancelmediaprocessing.md
        "calls_subscribe_to_tone": ("Calls.AccessMedia.All",),  # call-subscribetotone.md
        "calls_send_dtmf_tones": (
            "Calls.Initiate.All",
            "Calls.AccessMedia.All",
        ),  # call-senddtmftones.md (include call-senddtmftones-permissions.md)
        "calls_change_screen_sharing_role": ("Calls.AccessMedia.All",),  # call-changescreensharingrole.md
        "calls_update_recording_status": (
            "Calls.AccessMedia.All",
            "Calls.JoinGroupCall.All",
        ),  # call-updaterecordingstatus.md (include call-updaterecordingstatus-permissions.md)
        "calls_add_large_gallery_view": (
            "Calls.JoinGroupCallAsGuest.All",
            "Calls.JoinGroupCall.All",
            "Calls.InitiateGroupCall.All",
        ),  # call-addlargegalleryview.md
        "calls_log_teleconference_device_quality": (
            "Calls.AccessMedia.All",
        ),  # call-logteleconferencedevicequality.md
        # --- operations ----------------------------------------------------------------------
        # No v1.0 page documents GET .../operations/{id}. Recorded: the permissions of the call
        # actions that create operations (playPrompt, mute, cancelMediaProcessing, ...).
        "operations_get": (
            "Calls.Initiate.All",
            "Calls.AccessMedia.All",
        ),  # no page; same as call-playprompt.md / call-mute.md
        # --- participants --------------------------------------------------------------------
        "participants_list": (
            "Calls.Initiate.All",
            "Calls.AccessMedia.All",
        ),  # call-list-participants.md
        "participants_get": (
            "Calls.JoinGroupCall.All",
            "Calls.JoinGroupCallAsGuest.All",
        ),  # participant-get.md (generated table: permissions.json, least=JoinGroupCall.All)
        # The tenant admin must also allow the app:
        # Set-CsApplicationMeetingConfiguration -AllowRemoveParticipantAppIds @{Add="app_id"}.
        "participants_delete": (
            "Calls.JoinGroupCall.All",
            "Calls.JoinGroupCallAsGuest.All",
        ),  # participant-delete.md (current rendering of the page)
        "participants_invite": ("Calls.InitiateGroupCall.All",),  # participant-invite.md
        "participants_mute": (
            "Calls.JoinGroupCall.All",
            "Calls.JoinGroupCallAsGuest.All",
        ),  # participant-mute.md (generated table: permissions.json, least=JoinGroupCall.All)
        # Older page versions say "None" (checked when the app joins or starts the call); the
        # generated table lists these two.
        "participants_start_hold_music": (
            "Calls.JoinGroupCallAsGuest.All",
            "Calls.JoinGroupCall.All",
        ),  # participant-startholdmusic.md
        "participants_stop_hold_music": (
            "Calls.JoinGroupCallAsGuest.All",
            "Calls.JoinGroupCall.All",
        ),  # participant-stopholdmusic.md
        # --- audioRoutingGroups (app-hosted media) -------------------------------------------
        "audio_routing_groups_list": (
            "Calls.JoinGroupCall.All",
            "Calls.InitiateGroupCall.All",
        ),  # call-list-audioroutinggroups.md
        "audio_routing_groups_create": (
            "Calls.JoinGroupCall.All",
            "Calls.InitiateGroupCall.All",
        ),  # call-post-audioroutinggroups.md
        "audio_routing_groups_get": (
            "Calls.JoinGroupCall.All",
            "Calls.InitiateGroupCall.All",
        ),  # audioroutinggroup-get.md
        "audio_routing_groups_update": (
            "Calls.JoinGroupCall.All",
            "Calls.InitiateGroupCall.All",
        ),  # audioroutinggroup-update.md
        "audio_routing_groups_delete": (
            "Calls.JoinGroupCall.All",
            "Calls.InitiateGroupCall.All",
        ),  # audioroutinggroup-delete.md (include audioroutinggroup-delete-permissions.md)
        # --- contentSharingSessions ----------------------------------------------------------
        "content_sharing_sessions_list": (
            "Calls.JoinGroupCallAsGuest.All",
            "Calls.Initiate.All",
            "Calls.InitiateGroupCall.All",
            "Calls.JoinGroupCall.All",
        ),  # call-list-contentsharingsessions.md (include ...-permissions.md)
        "content_sharing_sessions_get": (
            "Calls.JoinGroupCallAsGuest.All",
            "Calls.Initiate.All",
            "Calls.InitiateGroupCall.All",
            "Calls.JoinGroupCall.All",
        ),  # contentsharingsession-get.md (generated table: permissions.json)
    }
)


def required_permissions(operation: str) -> tuple[str, ...]:
    """Return the application permissions for ``operation``, least privileged first.

    Any one of the returned permissions suffices. Raises ``KeyError`` for an unknown operation
    key (an empty tuple would read as "no permission needed").
    """
    try:
        return APPLICATION_PERMISSIONS[operation]
    except KeyError:
        known = ", ".join(sorted(APPLICATION_PERMISSIONS))
        raise KeyError(f"unknown operation {operation!r}; known operations: {known}") from None
