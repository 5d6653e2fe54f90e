"""Scenarios: the other side of a call, played by the test, and the clock it runs on.

:class:`SimulatorScenarios` gives :class:`~graph_calls.testing.GraphSimulator` what people do to
a bot and how they answer it, each reported to the bot with the notifications the Graph
reference documents (the details are in :mod:`~graph_calls.testing._remote` and
:mod:`~graph_calls.testing._people`):

- ``ring`` the bot from a user, a phone number or a guest; the bot answers, rejects or redirects
  (or the call rings out); after ``answer`` the caller is in the roster;
- ``hang_up``: the caller ends the call;
- ``respond_to_invites`` / ``respond_to_transfers``: invitees and transfer targets accept,
  decline, are busy or do not answer;
- ``join``, ``leave``, ``mute_self``, a lobby (``join(..., in_lobby=True)``, ``admit``);
- ``end_recordings_by``: a recording ends by its maximum duration or a stop tone;
- ``clock``, ``use_manual_clock``: timeouts and delays happen when the test advances time.

Example::

    sim.use_manual_clock()
    call_id = sim.ring(bot_url, caller=identities.phone("+15555550100"))
    ...                                   # the bot answers
    sim.respond_to_invites("+15555550111", "no-answer")
    op = graph.calls[call_id].participants.invite([...])
    sim.clock.advance(60)                 # the invitation times out: the operation fails (408)
    sim.hang_up(call_id)                  # the caller hangs up: the call ends (200/540000)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graph_calls.testing._parts import SimulatorParts
from graph_calls.testing._people import RING_TIMEOUT_S

if TYPE_CHECKING:
    from graph_calls.testing._clock import SimClock
    from graph_calls.testing._people import InviteResponse, RecordingEnd, TransferResponse

__all__ = ["SimulatorScenarios"]


class SimulatorScenarios(SimulatorParts):
    """The scenario methods of :class:`~graph_calls.testing.GraphSimulator` (thread-safe)."""

    # -- time ------------------------------------------------------------------------------------

    @property
    def clock(self) -> SimClock:
        """The simulator's clock: every delay and timeout falls due on it.

        Real time by default; after :meth:`use_manual_clock`, ``sim.clock.advance(seconds)``
        moves it and runs what falls due (the operation and establish delays included).
        """
        return self._require(self._scheduler).clock

    def use_manual_clock(self) -> None:
        """Stop the simulator's time: delays and timeouts happen only on ``sim.clock.advance(...)``.

        ``reset()`` gives back the clock the simulator was made with.
        """
        self.clock.use_manual()

    def use_real_clock(self) -> None:
        """Let the simulator's time follow real time again (from where the manual clock stands)."""
        self.clock.use_real()

    # -- incoming calls and hanging up -----------------------------------------------------------

    def ring(
        self,
        callback_uri: str,
        *,
        caller: Any | None = None,
        call_id: str | None = None,
        timeout_s: float | None = RING_TIMEOUT_S,
        **properties: Any,
    ) -> str:
        """Ring the bot: an ``incoming`` call and its ``created`` notification to ``callback_uri``.

        ``caller`` is who calls: an ``IdentitySet`` (``graph_calls.identities.user(...)``,
        ``.phone("+15555550100")``, ``.guest(...)``), an identitySet dict, a user id, or an E.164
        number; a generated user by default. Once the bot answers, the caller joins the roster (a
        roster notification with the bot and the caller). Left ringing for ``timeout_s`` (15 s,
        the service's; None: forever), the call ends (``408/10057``). Other call properties
        (``chatInfo``, ``meetingInfo`` for a meeting invite, ``requestedModalities``,
        ``incomingContext``...) go in by their Graph names. Returns the call id.
        """
        return self._require(self._state).remote.ring(
            app_id=self.client_id,
            callback_uri=callback_uri,
            caller=caller,
            call_id=call_id,
            timeout_s=timeout_s,
            properties=properties,
        )

    def hang_up(self, call_id: str, *, participant_id: str | None = None) -> None:
        """The caller hangs up (or ``participant_id``, in a group call).

        A peer-to-peer call ends: ``deleted``, ``terminated``, ``resultInfo`` ``200/4521`` (the
        other participant ended it; ``200/540000`` for a phone caller). In a group call the
        participant leaves the roster; when only the bot is left, the call ends (``200/5002``).
        """
        self._require(self._state).remote.hang_up(call_id, participant_id)

    # -- how people answer -----------------------------------------------------------------------

    def respond_to_invites(
        self, who: Any | None, response: InviteResponse, *, after_s: float | None = None
    ) -> None:
        """How ``who`` answers ``participants/invite`` from now on (``who=None``: everyone not named).

        ``who`` is a user id, a phone number, an ``IdentitySet`` or an identitySet dict.
        ``response``: ``"accept"`` (the default: joins the roster), ``"decline"`` (``603``),
        ``"busy"`` (``486``) or ``"no-answer"`` (``408/10057`` after 60 s): the invite operation
        fails with that ``resultInfo`` and nobody joins. ``after_s`` is how long they take to
        answer (default: the operation delay; 60 s for no answer). With several invitees, the
        operation ends when the last one answered, failed if one did not accept.
        """
        self._require(self._state).people.answer_invites(who, response, after_s)

    def respond_to_transfers(
        self, who: Any | None, response: TransferResponse, *, after_s: float | None = None
    ) -> None:
        """How the transfer target ``who`` answers a ``transfer`` (``who=None``: everyone not named).

        ``"accept"`` (the default): ``transferring``, ``transferAccepted``, then ``terminated``
        (``0/7015``). Anything else (``"decline"``, ``"busy"``, ``"no-answer"``): ``transferring``,
        then back to ``established`` with ``resultInfo`` ``500/7000`` (``500/7700`` for a
        consultative transfer, with ``replacesCallId``).
        """
        self._require(self._state).people.answer_transfers(who, response, after_s)

    def end_recordings_by(self, reason: RecordingEnd, *, call_id: str | None = None) -> None:
        """How ``recordResponse`` operations complete from now on (on ``call_id``, or every call).

        ``"maxRecordDurationReached"``: ``resultInfo`` ``200/8515``; ``"stopToneDetected"``:
        ``200/0``; each with that ``completionReason``, a ``recordingLocation`` and a
        ``recordingAccessToken``. Unscripted, a recording completes with ``200/0``. A caller can
        also end a recording by pressing one of its ``stopTones`` (:meth:`press_tone`).
        """
        self._require(self._state).people.end_recordings(reason, call_id)

    # -- the roster ------------------------------------------------------------------------------

    def join(
        self,
        call_id: str,
        identity: Any,
        *,
        participant_id: str | None = None,
        in_lobby: bool = False,
        muted: bool = False,
    ) -> str:
        """Someone joins the call (``in_lobby=True``: waits in the meeting lobby); returns their id.

        ``identity`` as for :meth:`ring`. The bot gets a roster update with the new participant.
        """
        return self._require(self._state).remote.join(
            call_id, identity, participant_id=participant_id, in_lobby=in_lobby, muted=muted
        )

    def leave(self, call_id: str, participant_id: str) -> None:
        """A participant leaves: a roster update with the participant and its ``removedState``."""
        self._require(self._state).remote.leave(call_id, participant_id)

    def mute_self(self, call_id: str, participant_id: str, muted: bool = True) -> None:
        """A participant mutes (``muted=False``: unmutes) themselves: a roster update (``isMuted``)."""
        self._require(self._state).remote.mute_self(call_id, participant_id, muted)

    def admit(self, call_id: str, participant_id: str) -> None:
        """Someone in the meeting admits a participant from the lobby: a roster update, ``isInLobby`` false.

        (The bot cannot: graph-calls keeps no admit operation.)
        """
        self._require(self._state).remote.admit(call_id, participant_id)
