"""The other side of a call, scripted: who the people are, and how they answer.

:func:`identity_set` turns what a test names someone by (an ``IdentitySet`` from
:mod:`graph_calls.identities`, an identitySet dict, a user id or an E.164 phone number) into the
identitySet the service sends. :class:`People` holds how people answer: an invitation
(``participants/invite``) or a transfer (``transfer``) is accepted, declined, busy or not
answered; a recording (``recordResponse``) ends when its maximum duration is reached or on a stop
tone. Unnamed people accept, and recordings complete as they always did.

The outcomes a failed invitation or transfer reports are Graph's ``resultInfo`` values:

- transfer failed: the call goes back to ``established`` with ``500/7000`` (``500/7700`` for a
  consultative transfer), as the ``call: transfer`` reference page shows;
- invitation not answered: ``408/10057`` "Call timed out due to no signaling from callee
  endpoints." (the call end codes of the ``Delete call`` page), after ``INVITE_TIMEOUT_S``;
- invitation declined or busy: the reference shows no failed invitation, so the codes mirror the
  SIP answers Graph's codes follow elsewhere (``487`` cancelled, ``408`` timeout, ``480``
  unreachable): ``603`` Decline and ``486`` Busy Here, subcode ``0``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final, Literal, TypeAlias, cast, get_args

from graph_calls.testing._records import IDENTITY_SET_TYPE, IDENTITY_TYPE, json_copy

__all__ = [
    "INVITE_TIMEOUT_S",
    "RING_TIMEOUT_S",
    "Answer",
    "InviteResponse",
    "People",
    "RecordingEnd",
    "TransferResponse",
    "identity_keys",
    "identity_set",
]

InviteResponse: TypeAlias = Literal["accept", "decline", "busy", "no-answer"]
"""How someone answers being called: by an invitation, a transfer, or a redirect."""
TransferResponse: TypeAlias = InviteResponse
RecordingEnd: TypeAlias = Literal["maxRecordDurationReached", "stopToneDetected"]
"""Why a ``recordResponse`` ends (the service's ``completionReason`` values for a recording)."""

RESPONSES: Final = frozenset(get_args(InviteResponse))
RECORDING_ENDS: Final = frozenset(get_args(RecordingEnd))

# "The bot is expected to answer, reject, or redirect the call before the call times out. The
# current timeout value is 15 seconds" (call: answer).
RING_TIMEOUT_S: Final = 15.0
# The reference gives no number; a Teams user who does not answer an invitation fails it after
# about 60 s (microsoftgraph/microsoft-graph-comms-samples issue #408).
INVITE_TIMEOUT_S: Final = 60.0

# 408/10057 is on the "call end reason codes" of the Delete call page; 603 and 486 are the SIP
# answers (the reference shows no declined invitation).
NOT_ANSWERED: Final = {
    "code": 408,
    "subcode": 10057,
    "message": "Call timed out due to no signaling from callee endpoints.",
}
INVITE_FAILURES: Final[Mapping[str, Mapping[str, Any]]] = MappingProxyType(
    {
        "decline": {"code": 603, "subcode": 0, "message": "The invitee declined the call."},
        "busy": {"code": 486, "subcode": 0, "message": "The invitee is busy."},
        "no-answer": NOT_ANSWERED,
    }
)
TRANSFER_FAILURE_MESSAGES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "decline": "The transfer target declined the call.",
        "busy": "The transfer target is busy.",
        "no-answer": "The transfer target did not answer.",
    }
)

# The identitySet properties that name someone (communicationsIdentitySet's included).
_IDENTITY_KINDS: Final = (
    "user",
    "phone",
    "guest",
    "application",
    "applicationInstance",
    "device",
    "encrypted",
    "onPremises",
    "azureCommunicationServicesUser",
    "assertedIdentity",
)
_E164: Final = re.compile(r"\+[1-9][0-9]{1,14}")


def identity_set(who: Any, *, display_name: str | None = None) -> dict[str, Any]:
    """The identitySet (a dict, with its ``@odata.type`` names) of what a test names someone by.

    ``who`` is an ``IdentitySet`` (``graph_calls.identities.user(...)``, ``.phone(...)``,
    ``.guest(...)``), an identitySet dict, or a string: an E.164 number (``"+15555550100"``) is a
    phone, anything else a user id. ``display_name`` names a user or phone given as a string.
    """
    if isinstance(who, str):
        if not who:
            raise ValueError("an identity needs a non-empty id")
        kind = "phone" if _E164.fullmatch(who) else "user"
        identity: dict[str, Any] = {"id": who}
        if display_name is not None:
            identity["displayName"] = display_name
        data: dict[str, Any] = {kind: identity}
    elif isinstance(who, Mapping):
        data = json_copy(dict(who))
    elif callable(getattr(who, "to_dict", None)):
        data = who.to_dict()
    else:
        raise TypeError(f"name someone by an IdentitySet, an identitySet dict or an id, not {who!r}")
    if not any(isinstance(data.get(kind), Mapping) for kind in _IDENTITY_KINDS):
        raise ValueError(f"the identitySet {data!r} names nobody (no user, phone, guest, application...)")
    data.setdefault("@odata.type", IDENTITY_SET_TYPE)
    for kind in _IDENTITY_KINDS:
        value = data.get(kind)
        if isinstance(value, dict):
            value.setdefault("@odata.type", IDENTITY_TYPE)
    return data


def identity_keys(identity: Any) -> frozenset[str]:
    """The ids an identitySet names someone by (user id, phone number...), compared without case."""
    if not isinstance(identity, Mapping):
        return frozenset()
    keys = set()
    for kind in _IDENTITY_KINDS:
        value = identity.get(kind)
        if isinstance(value, Mapping) and isinstance(value.get("id"), str) and value["id"]:
            keys.add(_key(value["id"]))
    return frozenset(keys)


def is_phone(identity: Any) -> bool:
    """Whether an identitySet names a phone number (a PSTN caller)."""
    return isinstance(identity, Mapping) and isinstance(identity.get("phone"), Mapping)


def _key(identifier: str) -> str:
    return identifier.replace("-", "").lower()


@dataclass(frozen=True)
class Answer:
    """How one person answers being called: the response, and after how long (None: the default)."""

    response: InviteResponse = "accept"
    after_s: float | None = None

    def delay_s(self, default_s: float) -> float:
        """Seconds until the answer: ``after_s``, else the timeout for no answer, else ``default_s``."""
        if self.after_s is not None:
            return self.after_s
        return INVITE_TIMEOUT_S if self.response == "no-answer" else default_s


class People:
    """How the people on the other side answer invitations and transfers, and end recordings.

    Thread-safe; :meth:`clear` forgets everything (``sim.reset()``).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._invites: dict[str, Answer] = {}
        self._transfers: dict[str, Answer] = {}
        self._default_invite = Answer()
        self._default_transfer = Answer()
        self._recordings: dict[str | None, RecordingEnd] = {}

    def clear(self) -> None:
        with self._lock:
            self._invites.clear()
            self._transfers.clear()
            self._default_invite = Answer()
            self._default_transfer = Answer()
            self._recordings.clear()

    def answer_invites(self, who: Any | None, response: str, after_s: float | None) -> None:
        """``who`` (None: everyone not named) answers invitations with ``response``."""
        answer = _answer(response, after_s)
        with self._lock:
            if who is None:
                self._default_invite = answer
            for key in _keys_of(who):
                self._invites[key] = answer

    def answer_transfers(self, who: Any | None, response: str, after_s: float | None) -> None:
        """``who`` (None: everyone not named) answers transfers with ``response``."""
        answer = _answer(response, after_s)
        with self._lock:
            if who is None:
                self._default_transfer = answer
            for key in _keys_of(who):
                self._transfers[key] = answer

    def invite_answer(self, identity: Any) -> Answer:
        """How the invitee named by this identitySet answers."""
        with self._lock:
            return _lookup(self._invites, identity_keys(identity), self._default_invite)

    def transfer_answer(self, identity: Any) -> Answer:
        """How the transfer target named by this identitySet answers."""
        with self._lock:
            return _lookup(self._transfers, identity_keys(identity), self._default_transfer)

    def end_recordings(self, reason: str, call_id: str | None) -> None:
        """Recordings on ``call_id`` (None: on every call not named) end by ``reason``."""
        if reason not in RECORDING_ENDS:
            raise ValueError(f"a recording ends by one of {sorted(RECORDING_ENDS)}, not {reason!r}")
        with self._lock:
            self._recordings[call_id] = cast("RecordingEnd", reason)

    def recording_end(self, call_id: str) -> RecordingEnd | None:
        """How recordings on this call end; None: as they always did (completed, ``200/0``)."""
        with self._lock:
            return self._recordings.get(call_id, self._recordings.get(None))


def _answer(response: str, after_s: float | None) -> Answer:
    if response not in RESPONSES:
        raise ValueError(f"someone answers with one of {sorted(RESPONSES)}, not {response!r}")
    if after_s is not None and after_s < 0:
        raise ValueError(f"after_s must not be negative, not {after_s}")
    return Answer(cast("InviteResponse", response), after_s)


def _keys_of(who: Any | None) -> Iterable[str]:
    if who is None:
        return ()
    if isinstance(who, str):
        if not who:
            raise ValueError("name someone by a non-empty id")
        return (_key(who),)
    keys = identity_keys(identity_set(who))
    if not keys:
        raise ValueError(f"{who!r} names nobody by an id")
    return keys


def _lookup(answers: Mapping[str, Answer], keys: frozenset[str], default: Answer) -> Answer:
    for key in keys:
        answer = answers.get(key)
        if answer is not None:
            return answer
    return default
