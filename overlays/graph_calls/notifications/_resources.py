"""A notification's ``resourceData`` as generated models, each built the first time someone reads it.

A roster update names a hundred participants; a receiver applies it to its registry (which needs each
participant's id, roster sequence number and whether it left, all plain JSON) and answers at once, and
most of those models are never read. So each resource is a :class:`ResourceCell`: its JSON, the model it
reads as, and the model, built on first use and then kept (every reader gets the same object, the
notification's ``resource_data`` and the registry's snapshots alike).

Laziness never delays a refusal. A cell is made only when
:func:`~graph_calls.notifications._model_accepts.surely_reads` says the model reads the JSON; otherwise the
model is built at once, and a body it cannot be read as raises
:class:`~graph_calls.errors.NotificationParseError` from the parser, as it always did.

Building copies the JSON first, fixing the documented payload quirks on the copy (:func:`normalised`):
the models keep parts of what they are given, and the notification's ``raw`` stays as received.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final, cast

from graph_calls.errors import NotificationParseError
from graph_calls.notifications._model_accepts import all_surely_read, object_check

if TYPE_CHECKING:
    from graph_calls.notifications.parsing import ResourceData, ResourceModel
    from graph_calls_generated.models.participant import Participant

__all__ = [
    "DeferredField",
    "Pending",
    "ResourceCell",
    "build",
    "call_state",
    "describe",
    "model_class",
    "normalised",
    "read_resource",
    "reads_check",
    "roster_facts",
    "settle",
]

# One lock for every build: they hold the GIL anyway, and it makes "built once" true across threads.
_BUILD_LOCK: Final = threading.Lock()
# An integer sent as a JSON string ("200", "-1"), as call-delete's resultInfo does.
_INT_STRING: Final = re.compile(r"\s*[-+]?\d+\s*")


class ResourceCell:
    """One resource of a notification: its JSON and the generated model it reads as, built on first use.

    ``data`` is the JSON (None once built, or when the cell was made from a model); ``model_name`` the
    generated class's name.
    """

    __slots__ = ("_value", "_where", "data", "model_name")

    def __init__(self, model_name: str, data: dict[str, Any] | None, where: tuple[int, int | None]) -> None:
        self.model_name: Final = model_name
        self.data = data
        self._where = where
        self._value: Any = None  # the model once built (a model is never None)

    @classmethod
    def built(cls, model: Any) -> ResourceCell:
        """A cell holding a model someone already has (a notification made by hand)."""
        cell = cls(type(model).__name__, None, (0, None))
        cell._value = model
        return cell

    def get(self) -> ResourceModel:
        """The model (built now if it was not yet)."""
        value = self._value
        if value is None:
            with _BUILD_LOCK:
                value = self._value
                if value is None:
                    data = self.data
                    assert data is not None
                    value = self._value = build(self._where, self.model_name, data)
                    self.data = None  # the model holds what it needs (a copy)
        model: ResourceModel = value
        return model


def read_resource(
    where: tuple[int, int | None], model_name: str, exact_type: str | None, data: dict[str, Any]
) -> ResourceCell:
    """A cell for ``data`` read as ``model_name``, the model built now unless it surely reads later.

    ``exact_type`` is the ``@odata.type`` spelling the model is given (None: leave the JSON's).
    Raises :class:`NotificationParseError` when the model cannot be read.
    """
    if exact_type is not None and data.get("@odata.type") != exact_type:
        data = {**data, "@odata.type": exact_type}
    cell = ResourceCell(model_name, data, where)
    if not reads_check(model_name)(data):
        cell.get()  # not sure it reads: find out now (raises NotificationParseError if it does not)
    return cell


def settle(groups: Mapping[str, tuple[list[ResourceCell], list[dict[str, Any]]]]) -> None:
    """Build now, in order, the models of the cells that do not surely read later.

    ``groups`` holds cells by model name, with their JSON alongside. Raises
    :class:`NotificationParseError` for the first cell that cannot be read. The cells of one model are
    checked together (:func:`all_surely_read`): a roster's hundred participants at once.
    """
    unsure: list[ResourceCell] = []
    for model_name, (cells, data) in groups.items():
        if not all_surely_read(model_class(model_name), data):
            check = reads_check(model_name)
            unsure.extend(cell for cell, entry in zip(cells, data, strict=True) if not check(entry))
    for cell in sorted(unsure, key=lambda cell: cell._where):
        cell.get()


@functools.cache
def reads_check(model_name: str) -> Callable[[Any], bool]:
    """Whether the model of this name surely reads a JSON value (see ``_model_accepts``)."""
    return object_check(model_class(model_name))


@functools.cache
def model_class(model_name: str) -> type:
    """The generated model class of this name."""
    from graph_calls import models

    model: type = getattr(models, model_name)
    return model


def build(where: tuple[int, int | None], model_name: str, data: Mapping[str, Any]) -> ResourceModel:
    """``model_name.from_dict`` of a fixed copy of ``data``; :class:`NotificationParseError` if it fails."""
    model: Any = model_class(model_name)
    try:
        parsed: ResourceModel = model.from_dict(normalised(data))
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise NotificationParseError(
            f"{describe(where)} cannot be read as {model_name} ({type(exc).__name__}: {exc})"
        ) from None
    except RecursionError:  # only a caller's own Mapping types can nest past the depth check
        raise NotificationParseError(f"{describe(where)} nests too deep to be read as {model_name}") from None
    return parsed


def describe(where: tuple[int, int | None]) -> str:
    """Where a resource is in the body: ``value[0].resourceData`` or ``value[0].resourceData[3]``."""
    notification, item = where
    place = f"value[{notification}].resourceData"
    return place if item is None else f"{place}[{item}]"


class Pending:
    """A notification's ``resource_data`` until first read: cells (and plain JSON), one or a list."""

    __slots__ = ("_value", "is_list", "items")

    def __init__(self, items: list[ResourceCell | dict[str, Any]], *, is_list: bool) -> None:
        self.items: Final = items
        self.is_list: Final = is_list
        self._value: Any = None  # resource_data once resolved (never None then: an object or a list)

    def resolve(self) -> ResourceData:
        value = self._value
        if value is None:
            built = [item.get() if type(item) is ResourceCell else item for item in self.items]
            value = built if self.is_list else built[0]
            with _BUILD_LOCK:  # two first readers get the same list
                if self._value is None:
                    self._value = value
                value = self._value
        resolved: ResourceData = value
        return resolved


class DeferredField:
    """The ``resource_data`` dataclass field: a :class:`Pending` given to it resolves on first read.

    A descriptor (dataclasses call its ``__set__`` from ``__init__``, frozen or not); read on the class,
    it raises AttributeError, so the field keeps no default.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self._slot = f"_{name}"

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        if instance is None:
            raise AttributeError(self._slot[1:])
        value = instance.__dict__[self._slot]
        return value.resolve() if type(value) is Pending else value

    def __set__(self, instance: object, value: Any) -> None:
        instance.__dict__[self._slot] = value

    def pending(self, instance: object) -> Pending | None:
        """The instance's :class:`Pending`, or None when it was given its value built."""
        value = instance.__dict__[self._slot]
        return value if type(value) is Pending else None


def roster_facts(cells: list[ResourceCell]) -> list[tuple[str | None, int | None, bool]]:
    """Each participant's id, roster sequence number and whether it was removed, read without building it.

    The same values the model would give: ``id`` and ``removedState`` are taken as sent, and
    ``rosterSequenceNumber`` as :func:`normalised` fixes it. The id must be a non-empty string and the
    sequence an integer (not a bool), else None.
    """
    facts: list[tuple[str | None, int | None, bool]] = []
    for cell in cells:
        data = cell.data
        if data is not None:
            participant_id = data.get("id")
            sequence = data.get("rosterSequenceNumber")
            if type(sequence) is not int:
                sequence = _as_int(sequence)  # as normalised() fixes it for the model
            removed = data.get("removedState") is not None
        else:
            from graph_calls.models import UNSET

            participant = cast("Participant", cell.get())
            participant_id = participant.id
            sequence = participant.roster_sequence_number
            removed = participant.removed_state is not None and participant.removed_state is not UNSET
        # What Graph sends (a str id, an int sequence) passes the first test of each.
        if type(participant_id) is not str or not participant_id:
            participant_id = participant_id if isinstance(participant_id, str) and participant_id else None
        if type(sequence) is not int:
            sequence = sequence if isinstance(sequence, int) and not isinstance(sequence, bool) else None
        facts.append((participant_id, sequence, removed))
    return facts


def call_state(cell: ResourceCell) -> str | None:
    """A call's ``state`` (a non-empty string, else None), read without building the ``Call``.

    The model keeps ``state`` as sent when it is a string (a state it does not know included).
    """
    data = cell.data
    state = data.get("state") if data is not None else getattr(cell.get(), "state", None)
    return state if isinstance(state, str) and state else None


# The documented payload quirks, fixed on a copy


def normalised(data: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``data`` with the documented payload quirks fixed for the generated models.

    Every dict and list is copied (the models keep parts of what they are given, and ``raw`` must stay
    as received); other values are immutable JSON scalars and are shared. One pass, about five times
    faster than ``copy.deepcopy`` followed by the fixes. It recurses, but only into bodies that passed
    the depth check. Fixing twice changes nothing more.
    """
    fixed: dict[str, Any] = {}
    for key, entry in data.items():
        if isinstance(entry, dict):
            entry = normalised(entry)
            if key == "resultInfo":
                _fix_result_info(entry)
        elif isinstance(entry, list):
            entry = _normalised_list(entry)
        elif key == "rosterSequenceNumber":
            entry = _as_int(entry)
        fixed[key] = entry
    return fixed


def _normalised_list(data: list[Any]) -> list[Any]:
    return [
        normalised(entry)
        if isinstance(entry, dict)
        else _normalised_list(entry)
        if isinstance(entry, list)
        else entry
        for entry in data
    ]


def _fix_result_info(info: dict[str, Any]) -> None:
    # call-transfer's failure notifications spell it subCode; the schema says subcode.
    if "subCode" in info:
        sub_code = info.pop("subCode")
        info.setdefault("subcode", sub_code)
    for key in ("code", "subcode"):
        if key in info:
            info[key] = _as_int(info[key])


def _as_int(value: object) -> object:
    """``"200"`` → 200 (call-delete sends its result codes as strings); anything else unchanged."""
    if isinstance(value, str) and _INT_STRING.fullmatch(value):
        return int(value)
    return value
