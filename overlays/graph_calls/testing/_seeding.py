"""Seeding: what a test puts in place and makes happen on a running simulator.

:class:`SimulatorSeeding` gives :class:`~graph_calls.testing.GraphSimulator` its ``seed_*``
methods (calls, participants, operations, audio routing groups, content sharing sessions, each
without the notifications the real change would send, unless said otherwise), and the events
that come from the other side of a call: an incoming call ringing the bot, a caller pressing a
key.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from graph_calls.testing._parts import SimulatorParts

__all__ = ["SimulatorSeeding"]


class SimulatorSeeding(SimulatorParts):
    """The seeding methods of :class:`~graph_calls.testing.GraphSimulator`."""

    def seed_call(
        self,
        *,
        callback_uri: str | None = None,
        state: str = "established",
        participants: Sequence[Any] | int | None = None,
        call_id: str | None = None,
        app_id: str | None = None,
        direction: str | None = None,
        **properties: Any,
    ) -> str:
        """Put a call in place, without notifications; returns its id.

        The roster holds the bot (``myParticipantId``) and ``participants``: a number of
        generated users, or a list of display names (users), ``identitySet`` dicts, or
        participant dicts. ``state="incoming"`` makes a call waiting to be answered (the bot
        joins the roster when it answers); ``"establishing"`` becomes ``established`` after
        ``establish_delay_s``. Other call properties (``chatInfo``, ``meetingInfo``,
        ``callOptions``, ``subject``, ...) can be passed by their Graph names.
        """
        return self._require(self._state).calls.seed(
            app_id=app_id or self.client_id,
            call_id=call_id,
            state=state,
            direction=direction,
            callback_uri=callback_uri,
            participants=participants,
            properties=properties,
        )

    def incoming_call(self, *, callback_uri: str, call_id: str | None = None, **properties: Any) -> str:
        """Ring the bot: an ``incoming`` call and its ``created`` notification to ``callback_uri``.

        :meth:`ring` does more of what the service does: a caller you choose, who joins the roster
        once the bot answers and can hang up, and a ring that times out.
        """
        state = self._require(self._state)
        call_id = self.seed_call(callback_uri=callback_uri, state="incoming", call_id=call_id, **properties)
        with state.lock:
            call = state.call_record(call_id)
            data = json.loads(json.dumps(call.resource))
            data["@odata.id"] = call.url
            state.notify(call, "created", call.url, data)
        return call_id

    def seed_participants(self, call_id: str, n: int) -> list[str]:
        """Add ``n`` generated users to a call's roster (no notification); returns their ids."""
        return self._require(self._state).participants.seed(call_id, n)

    def seed_content_sharing_session(self, call_id: str, session_id: str | None = None) -> str:
        """Someone starts sharing content; notifies the bot if the call enabled it. Returns the id."""
        return self._require(self._state).sessions.seed(call_id, session_id)

    def seed_operation(
        self,
        call_id: str,
        kind: str = "playPrompt",
        *,
        status: str = "completed",
        client_context: str | None = None,
    ) -> str:
        """Put an operation of ``kind`` (the action's name: ``"playPrompt"``, ``"invite"``, ...) on a
        call, in ``status``, without scheduling or posting anything; returns its id."""
        return self._require(self._state).operations.seed(
            call_id, kind, status=status, client_context=client_context
        )

    def seed_audio_routing_group(
        self,
        call_id: str,
        group_id: str | None = None,
        *,
        routing_mode: str = "oneToOne",
        sources: Sequence[str] = (),
        receivers: Sequence[str] = (),
    ) -> str:
        """Create an audio routing group on an active call; returns its id."""
        body = {
            "id": group_id,
            "routingMode": routing_mode,
            "sources": list(sources),
            "receivers": list(receivers),
        }
        return str(self._require(self._state).groups.create(call_id, body)["id"])

    def press_tone(self, call_id: str, tone: str) -> None:
        """A caller presses a DTMF key (``"tone1"``, ``"pound"``, ``"#"``...).

        The bot gets a ``toneInfo`` notification if it subscribed (``subscribeToTone``); a running
        ``recordResponse`` whose ``stopTones`` include the key ends (``stopToneDetected``).
        ``ValueError`` if neither listens to the key.
        """
        self._require(self._state).remote.press_tone(call_id, tone)
