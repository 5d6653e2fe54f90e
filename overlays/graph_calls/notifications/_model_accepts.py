"""Whether a generated model's ``from_dict`` surely reads a JSON value, told without building the model.

The parser builds the models of a notification's ``resourceData`` lazily (most of a roster update is read
by nobody), yet must refuse, at once, a body that cannot be read as its models. :func:`surely_reads`
answers for a model class and a decoded JSON object: ``True`` only when ``from_dict`` cannot raise on
it; ``False`` means "not sure", and the parser then builds the model at once, as it always did, so a
doubt costs time, never a wrong answer.

The answer is derived from the model's attrs field annotations, with what the generated ``from_dict``
does with each shape (openapi-python-client's templates, with this project's ``except`` list):

- a union with a member read as-is (``None``, ``str``, ``int``, ``float``, ``bool``) tries the others and
  falls back to keeping the value: any value reads;
- a lone builtin scalar (``str``, ``bool``...) is taken as-is: any value reads;
- a lone model needs a JSON object the model reads; a lone ``list[T]`` needs an array of items ``T``
  reads; a lone enum (``Literal``) needs one of its strings; a union of those needs one member to read
  (all but the last are tried; the first that reads wins);
- anything else (``UUID``, ``datetime`` alone...) is never sure;
- a field without ``Unset`` is required: ``from_dict`` pops it without a default.

A field's JSON name is its Python name in camelCase (``odata_type`` is ``@odata.type``); names that do
not follow that rule (``localIPAddress``) are on lenient fields only, which a test checks against the
generated code for every model a notification can carry.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable
from typing import Any, Final, Literal, TypeAlias

__all__ = ["all_surely_read", "json_name", "object_check", "surely_reads"]

# A check on a decoded JSON value: True when the generated code surely reads it.
Check: TypeAlias = Callable[[Any], bool]

# Annotation members the generated unions keep as they are when nothing else reads.
_AS_IS: Final = (type(None), str, int, float, bool, Any)
_ODATA_TYPE_FIELD: Final = "odata_type"


def surely_reads(model: type, data: dict[str, Any]) -> bool:
    """Whether ``model.from_dict(data)`` surely returns, for a ``dict`` decoded from JSON."""
    return object_check(model)(data)


def all_surely_read(model: type, objects: list[dict[str, Any]]) -> bool:
    """Whether :func:`surely_reads` holds for every one of ``objects`` (dicts): the same answer, a
    field at a time.

    A roster update is a hundred objects of one model: checking each field across all of them takes a
    few loops instead of a few calls per object.
    """
    return _all_pass(object_check(model), objects, objects=True)


def _all_pass(check: Check, values: list[Any], *, objects: bool = False) -> bool:
    """``all(check(v) for v in values)``, without a call per value for the usual checks.

    ``objects``: the values are known to be dicts already.
    """
    if check is _any_object or check is _is_list:
        wanted = dict if check is _any_object else list
        for value in values:  # noqa: SIM110 - a loop: twice as fast as all() over a generator
            if type(value) is not wanted:
                return False
        return True
    if check is _list_of_objects:
        for value in values:
            if type(value) is not list:
                return False
            for item in value:
                if type(item) is not dict:
                    return False
        return True
    if isinstance(check, functools.partial) and check.func is _object_reads:
        if not objects and not _all_pass(_any_object, values):
            return False
        for key, required, field_check in check.args[0]:
            column = [value[key] for value in values if key in value]
            if required and len(column) != len(values):
                return False
            if field_check is not None and not _all_pass(field_check, column):
                return False
        return True
    if isinstance(check, functools.partial) and check.func is _list_reads:
        return _all_pass(_is_list, values) and _all_pass(
            check.args[0], [item for value in values for item in value]
        )
    return all(check(value) for value in values)


@functools.cache
def object_check(model: type) -> Check:
    """The check of a JSON object read as ``model`` (built once per model class)."""
    return _compile(model, frozenset({model}))


def _compile(model: type, resolving: frozenset[type]) -> Check:
    """``model``'s check; the models in ``resolving`` (being compiled) are looked up when first used."""
    plan = _plan(model, resolving)
    if plan is None:
        return _never
    if not plan:
        return _any_object
    return functools.partial(_object_reads, plan)


def _object_reads(plan: tuple[tuple[str, bool, Check | None], ...], data: Any) -> bool:
    if type(data) is not dict:
        return False
    for key, required, check in plan:
        if key in data:
            if check is not None and not check(data[key]):
                return False
        elif required:
            return False
    return True


def _any_object(data: Any) -> bool:
    return type(data) is dict


def _never(data: Any) -> bool:
    return False


def _plan(model: type, resolving: frozenset[type]) -> tuple[tuple[str, bool, Check | None], ...] | None:
    """(JSON name, required, check or None for any value) of the fields that can refuse; None: unknown."""
    import attrs

    from graph_calls_generated.types import Unset

    if not attrs.has(model):
        return None
    try:
        hints = typing.get_type_hints(model)
    except Exception:  # an annotation that does not resolve: never sure about this model
        return None
    plan: list[tuple[str, bool, Check | None]] = []
    for attribute in attrs.fields(model):
        if not attribute.init:
            continue  # additional_properties: whatever no field took
        members = _members(hints[attribute.name])
        optional = [m for m in members if m is not Unset]
        required = len(optional) == len(members)
        check = _value_check(optional, resolving)
        if required or check is not None:
            plan.append((json_name(attribute.name), required, check))
    return tuple(plan)


def json_name(field_name: str) -> str:
    """The JSON name of a generated model field: ``is_in_lobby`` → ``isInLobby``."""
    if field_name == _ODATA_TYPE_FIELD:
        return "@odata.type"
    head, *rest = field_name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _members(annotation: Any) -> tuple[Any, ...]:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return typing.get_args(annotation)
    return (annotation,)


def _value_check(members: list[Any], resolving: frozenset[type]) -> Check | None:
    """The check of a value of one of ``members`` (None: any value reads)."""
    if not members or any(m in _AS_IS for m in members):
        return None
    checks = [_member_check(m, resolving) for m in members]
    if len(checks) == 1:
        return checks[0]
    return functools.partial(_any_reads, tuple(checks))


def _any_reads(checks: tuple[Check, ...], value: Any) -> bool:
    return any(check(value) for check in checks)


def _member_check(member: Any, resolving: frozenset[type]) -> Check:
    import attrs

    if isinstance(member, type) and attrs.has(member):
        if member in resolving:
            return _LaterObjectCheck(member)  # the model graph has cycles
        return _compile(member, resolving | {member})
    origin = typing.get_origin(member)
    if origin is list:
        (item,) = typing.get_args(member) or (Any,)
        item_check = _value_check(list(_members(item)), resolving)
        if item_check is None:
            return _is_list
        if item_check is _any_object:
            return _list_of_objects
        return functools.partial(_list_reads, item_check)
    if origin is Literal:
        allowed = frozenset(a for a in typing.get_args(member) if isinstance(a, str))
        return functools.partial(_one_of, allowed)
    return _never


def _is_list(value: Any) -> bool:
    return type(value) is list


def _list_of_objects(value: Any) -> bool:
    if type(value) is not list:
        return False
    for item in value:  # noqa: SIM110 - a loop: twice as fast as all() over a generator
        if type(item) is not dict:
            return False
    return True


def _list_reads(item_check: Check, value: Any) -> bool:
    if type(value) is not list:
        return False
    for item in value:  # noqa: SIM110 - a loop: twice as fast as all() over a generator
        if not item_check(item):
            return False
    return True


def _one_of(allowed: frozenset[str], value: Any) -> bool:
    return type(value) is str and value in allowed


class _LaterObjectCheck:
    """The check of a model still being compiled when it was referred to, looked up on first use."""

    __slots__ = ("_check", "_model")

    def __init__(self, model: type) -> None:
        self._model = model
        self._check: Check | None = None

    def __call__(self, value: Any) -> bool:
        check = self._check
        if check is None:
            check = self._check = object_check(self._model)
        return check(value)
