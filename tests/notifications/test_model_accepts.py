"""surely_reads: what lets the parser build models lazily and still refuse a bad body at once.

It must never say a generated ``from_dict`` reads a value it then refuses (the lazy model would fail when
first read, after the body was accepted). Checked against the real ``from_dict`` of every generated model
on many random values, the field names it relies on against the generated code, and its usefulness on
what Graph sends (every reference resource surely reads, so none is built while parsing).
"""

from __future__ import annotations

import inspect
import json
import random
import typing
from typing import Any, Literal

import attrs
import pytest

import graph_calls_generated.models as generated_models
from graph_calls.notifications._model_accepts import (
    _members,
    _plan,
    all_surely_read,
    json_name,
    surely_reads,
)
from graph_calls.notifications._resources import model_class, normalised
from graph_calls.notifications.parsing import _known_type
from graph_calls_generated.types import Unset

from ._payloads import reference_payloads

MODELS = [
    getattr(generated_models, name)
    for name in generated_models.__all__
    if attrs.has(getattr(generated_models, name))
]
# Values of every JSON type, and the shapes a strict field refuses.
JUNK: list[Any] = [None, 0, 1, "x", "", True, 1.5, [], {}, ["x"], [1], [None], {"a": 1}, [{}], [[]]]


def random_value(annotation: Any, rnd: random.Random, depth: int) -> Any:
    """A value for a field of this annotation: mostly of a shape it names, sometimes junk."""
    members = [m for m in _members(annotation) if m is not Unset]
    choices: list[Any] = []
    for member in members:
        if isinstance(member, type) and attrs.has(member) and depth > 0:
            choices.append(lambda member=member: random_object(member, rnd, depth - 1))
        origin = typing.get_origin(member)
        if origin is list and depth > 0:
            (item,) = typing.get_args(member)
            choices.append(
                lambda item=item: [random_value(item, rnd, depth - 1) for _ in range(rnd.randint(0, 2))]
            )
        if origin is Literal:
            choices.append(lambda member=member: rnd.choice(typing.get_args(member)))
    if not choices or rnd.random() < 0.15:
        return rnd.choice(JUNK)
    return rnd.choice(choices)()


def random_object(model: type, rnd: random.Random, depth: int) -> dict[str, Any]:
    """A JSON object for ``model``: a random subset of its fields (by their JSON names), maybe extras."""
    hints = typing.get_type_hints(model)
    data = {
        json_name(f.name): random_value(hints[f.name], rnd, depth)
        for f in attrs.fields(model)
        if f.init and rnd.random() < 0.6
    }
    if rnd.random() < 0.1:
        data["futureProperty"] = rnd.choice(JUNK)
    return data


def reads(model: type, data: dict[str, Any]) -> bool:
    try:
        model.from_dict(data)  # type: ignore[attr-defined]
    except Exception:
        return False
    return True


def test_it_never_says_a_model_reads_a_value_its_from_dict_refuses() -> None:
    rnd = random.Random(20240601)
    said_yes = refused = 0
    for _ in range(8000):
        model = rnd.choice(MODELS)
        data = random_object(model, rnd, 3)
        if surely_reads(model, data):
            said_yes += 1
            assert reads(model, data), (model.__name__, data)
        elif not reads(model, data):
            refused += 1

    assert said_yes > 4000  # it says yes to most of what reads: doubts are rare, not the rule
    assert refused > 100  # and the random values do reach what from_dict refuses


def test_a_column_at_a_time_gives_the_same_answer_as_one_object_at_a_time() -> None:
    rnd = random.Random(7)
    for _ in range(1500):
        model = rnd.choice(MODELS)
        objects = [random_object(model, rnd, 2) for _ in range(rnd.randint(0, 4))]

        assert all_surely_read(model, objects) == all(surely_reads(model, o) for o in objects)


def test_the_fields_it_checks_are_read_by_their_json_names() -> None:
    # A field it checks under another name than from_dict pops would go unchecked.
    for model in MODELS:
        source = inspect.getsource(model.from_dict)  # type: ignore[attr-defined]
        for key, _, _ in _plan(model, frozenset({model})) or ():
            assert f'"{key}"' in source, (model.__name__, key)


def test_the_fixed_quirks_are_on_fields_that_take_any_value() -> None:
    # It runs on the JSON as received, from_dict on the fixed copy (normalised()): they agree only if
    # no value it checks is one the fixes change (integers sent as strings) and no field it requires is
    # one they rename (subCode → subcode).
    for model in MODELS:
        for key, required, check in _plan(model, frozenset({model})) or ():
            if key in {"rosterSequenceNumber", "code", "subcode"}:
                assert check is None, (model.__name__, key)
            assert key not in {"subcode", "subCode"} or not required, (model.__name__, key)


def test_every_reference_resource_surely_reads() -> None:
    for ref in reference_payloads():
        for item in ref.payload["value"]:
            data = item.get("resourceData")
            for resource in data if isinstance(data, list) else [data] if data else []:
                resource = json.loads(json.dumps(resource))
                name, exact = _known_type(resource.get("@odata.type"))
                if name is None or exact is None:
                    continue  # read as the URL's base model: covered by the parser's tests
                resource["@odata.type"] = exact
                model = model_class(name)
                assert surely_reads(model, resource), (ref.id, name)
                assert reads(model, normalised(resource))


@pytest.mark.parametrize(
    ("model_name", "data", "expected"),
    [
        ("Participant", {"mediaStreams": [{"mediaType": "audio"}]}, True),
        ("Participant", {"mediaStreams": 5}, False),
        ("Participant", {"mediaStreams": None}, False),
        ("Participant", {"mediaStreams": ["audio"]}, False),
        ("Participant", {"info": "not an object", "removedState": 3}, True),  # kept as sent
        (
            "InviteParticipantsOperation",
            {"@odata.type": "#microsoft.graph.inviteParticipantsOperation"},
            True,
        ),
        ("InviteParticipantsOperation", {}, False),  # the subtype's @odata.type is required
        ("InviteParticipantsOperation", {"@odata.type": "#microsoft.graph.commsOperation"}, False),
        ("Call", {"state": "no such state", "direction": 5}, True),  # enums fall back to the value
    ],
)
def test_what_the_generated_code_refuses_and_keeps(
    model_name: str, data: dict[str, Any], expected: bool
) -> None:
    model = model_class(model_name)

    assert surely_reads(model, data) is expected
    assert reads(model, data) is expected
