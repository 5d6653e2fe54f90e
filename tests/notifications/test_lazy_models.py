"""The models of a notification are built when first read, once, and shared: a receiver that applies a
roster update builds none of them, and what it reads instead (ids, sequence numbers, removals, call
states, straight from the JSON) is what the models say."""

from __future__ import annotations

import copy
import dataclasses
import json
import random
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from graph_calls import models
from graph_calls.errors import NotificationParseError
from graph_calls.notifications import CallRegistry, Notification, NotificationReceiver, parse_notifications
from graph_calls.notifications._resources import ResourceCell, call_state, roster_facts
from graph_calls.notifications.parsing import resource_cell, resource_cells

from ._payloads import (
    APP_ID,
    CALL_ID,
    body,
    call_data,
    notification,
    participant_data,
    reference_payloads,
    roster,
)


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the Participant and Call models built (their ``from_dict`` calls), in order."""
    names: list[str] = []
    for model in (models.Participant, models.Call):
        original = model.from_dict.__func__  # type: ignore[attr-defined]

        def counting(cls: type, data: Any, _original: Any = original) -> Any:
            names.append(cls.__name__)
            return _original(cls, data)

        monkeypatch.setattr(model, "from_dict", classmethod(counting))
    return names


def roster_body(*ids: str, sequence: int = 1) -> bytes:
    return body(roster("updated", *(participant_data(pid, sequence=sequence) for pid in ids)))


def test_parsing_builds_no_model_and_reading_builds_each_once(built: list[str]) -> None:
    [parsed] = parse_notifications(roster_body("p1", "p2", "p3"))
    assert built == []

    first = parsed.participants
    assert built == ["Participant"] * 3
    assert parsed.participants == first
    assert [a is b for a, b in zip(parsed.participants, first, strict=True)] == [True] * 3
    assert parsed.resource_data == first
    assert built == ["Participant"] * 3


def test_a_receiver_applies_a_roster_and_a_call_state_without_building_models(
    built: list[str], headers: dict[str, str], validator: Any
) -> None:
    receiver = NotificationReceiver(APP_ID, validator=validator)

    assert receiver.handle(roster_body("p1", "p2"), headers).status == 202
    assert receiver.handle(body(notification("updated", "", call_data("established"))), headers).status == 202
    assert built == []

    call = receiver.registry[CALL_ID]
    assert call.state == "established"
    assert sorted(call.participants) == ["p1", "p2"]
    assert isinstance(call.call, models.Call)
    assert sorted(built) == ["Call", "Participant", "Participant"]


def test_the_registry_and_the_notification_share_each_model(built: list[str]) -> None:
    registry = CallRegistry()
    notifications = parse_notifications(roster_body("p1", "p2"))
    registry.apply_all(notifications)

    snapshot = registry[CALL_ID]
    assert snapshot.participants["p1"] is notifications[0].participants[0]
    assert registry[CALL_ID].participants["p2"] is snapshot.participants["p2"]
    assert built == ["Participant", "Participant"]


def test_concurrent_first_readers_get_the_same_models(built: list[str]) -> None:
    [parsed] = parse_notifications(roster_body(*(f"p{i}" for i in range(50))))
    seen: list[list[models.Participant]] = []
    start = threading.Barrier(8)

    def read() -> None:
        start.wait()
        seen.append(parsed.participants)

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(built) == 50
    assert all(all(a is b for a, b in zip(s, seen[0], strict=True)) for s in seen)


@pytest.mark.parametrize(
    "resource",
    [
        {**participant_data("p1"), "mediaStreams": None},
        {**participant_data("p1"), "mediaStreams": ["audio"]},
        {**participant_data("p1"), "mediaStreams": [{"mediaType": "audio"}, 3]},
    ],
)
def test_a_roster_entry_that_cannot_be_read_is_refused_while_parsing(resource: dict[str, Any]) -> None:
    fine = participant_data("p0")

    with pytest.raises(
        NotificationParseError, match=r"value\[0\]\.resourceData\[1\] cannot be read as Participant"
    ):
        parse_notifications(body(roster("updated", fine, resource)))


def test_the_first_entry_that_cannot_be_read_is_the_one_refused() -> None:
    unreadable = {**participant_data("p1"), "mediaStreams": 5}

    with pytest.raises(NotificationParseError, match=r"resourceData\[0\] cannot be read"):
        parse_notifications(body(roster("updated", unreadable, 7)))  # type: ignore[arg-type]


def test_building_leaves_raw_as_received() -> None:
    sent = roster(
        "updated", {**participant_data("p1"), "future": {"nested": [1]}, "rosterSequenceNumber": "7"}
    )
    [parsed] = parse_notifications(body(sent))
    [participant] = parsed.participants

    participant.additional_properties["future"]["nested"].append(2)
    assert parsed.raw == sent
    assert participant.roster_sequence_number == 7


def test_a_lazy_notification_is_a_value_like_any_other() -> None:
    [parsed] = parse_notifications(roster_body("p1"))
    [again] = parse_notifications(roster_body("p1"))

    assert parsed == again
    assert dataclasses.replace(parsed, tenant_id="t").participants == parsed.participants
    assert "Participant(" in repr(parsed)
    assert [f.name for f in dataclasses.fields(Notification)][4] == "resource_data"


# What the registry reads from the JSON is what the models say


def _variants(rnd: random.Random) -> Iterator[dict[str, Any]]:
    values: list[Any] = [None, "", "p1", "P-1", 3, "7", " 8 ", "x", True, 2.5, {}, [], {"reason": "x"}]
    for ref in reference_payloads():
        for item in ref.payload["value"]:
            data = item.get("resourceData")
            for resource in data if isinstance(data, list) else [data] if isinstance(data, dict) else []:
                yield resource
                for _ in range(5):
                    variant = copy.deepcopy(resource)
                    for key in ("id", "rosterSequenceNumber", "removedState", "state"):
                        if rnd.random() < 0.5:
                            variant[key] = rnd.choice(values)
                        elif rnd.random() < 0.3:
                            variant.pop(key, None)
                    yield variant


@pytest.mark.parametrize("model_name", ["Participant", "Call"])
def test_what_is_read_from_the_json_is_what_the_model_says(model_name: str) -> None:
    url = "/participants" if model_name == "Participant" else ""
    for resource in _variants(random.Random(11)):
        resource = {**resource, "@odata.type": f"#microsoft.graph.{model_name[0].lower()}{model_name[1:]}"}
        raw = body(notification("updated", url, [resource] if url else resource))
        [lazy] = parse_notifications(raw)
        [eager] = parse_notifications(json.loads(raw))
        cells = resource_cells(eager, model_name)
        models_ = [cell.get() for cell in cells]
        from_models = [ResourceCell.built(model) for model in models_]
        lazy_cells = resource_cells(lazy, model_name)
        if model_name == "Participant":
            assert roster_facts(lazy_cells) == roster_facts(from_models), resource
        else:
            lazy_cell, model_cell = resource_cell(lazy, "Call"), from_models[0]
            assert lazy_cell is not None
            assert call_state(lazy_cell) == call_state(model_cell), resource
