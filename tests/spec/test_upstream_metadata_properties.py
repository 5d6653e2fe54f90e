"""Properties the metadata declares on a type the module defines, but the module lacks (issue 15, finding 1).

Microsoft regenerates the module from the metadata on its own schedule, so the module lags: the metadata of
2026-08 gave ``callOptions`` ``isDeltaRosterEnabled`` and ``isInteractiveRosterEnabled`` before the module
had them. The pipeline adds such properties to the shipped schema (mapped like a derived type's), marks each
``x-graph-calls-source: metadata``, and they reach the generated models. The lagging pair is made here from
the pinned inputs: the pinned module without the two properties, the pinned metadata with them.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openapi_spec_validator
import pytest

from graph_calls_spec import pipeline, transforms
from graph_calls_spec.csdl import Csdl
from graph_calls_spec.csdl import load as load_csdl
from graph_calls_spec.rules import Rules

from .conftest import GenerateClients, GeneratedClient

ROSTER_FLAGS = ("isDeltaRosterEnabled", "isInteractiveRosterEnabled")
MARK = {transforms.SOURCE_EXTENSION: transforms.SOURCE_METADATA}
TypeErrors = Callable[[Any], list[str]]


def with_properties(metadata_xml: str, type_name: str, properties_xml: str, types_xml: str = "") -> str:
    """``metadata_xml`` with ``properties_xml`` first in the ``type_name`` complex or entity type, and
    ``types_xml`` (whole type elements) just before it, in the same namespace."""
    opening = re.compile(rf'<(?:ComplexType|EntityType) Name="{type_name}"[^>/]*>')
    match = opening.search(metadata_xml)
    assert match is not None, f"{type_name} is not an open-and-close type in the metadata"
    start, end = match.span()
    return metadata_xml[:start] + types_xml + metadata_xml[start:end] + properties_xml + metadata_xml[end:]


def without_properties(module: dict[str, Any], schema: str, names: tuple[str, ...]) -> dict[str, Any]:
    """A copy of ``module`` whose ``microsoft.graph.<schema>`` lacks ``names`` (if a newer pin has them)."""
    module = copy.deepcopy(module)
    part = transforms.object_part(module["components"]["schemas"][f"microsoft.graph.{schema}"])
    for name in names:
        part.get("properties", {}).pop(name, None)
    return module


def lagging_metadata(
    metadata_path: Path, target: Path, extra_properties: str = "", extra_types: str = ""
) -> Csdl:
    """The pinned metadata whose ``callOptions`` declares the two roster flags (then ``extra_properties``)."""
    text = metadata_path.read_text(encoding="utf-8")
    for flag in ROSTER_FLAGS:  # a newer pin may declare them already
        text = re.sub(rf'\s*<Property Name="{flag}" Type="Edm.Boolean"\s*/>', "", text)
    flags = "".join(f'<Property Name="{flag}" Type="Edm.Boolean" />' for flag in ROSTER_FLAGS)
    target.write_text(
        with_properties(text, "callOptions", flags + extra_properties, extra_types), encoding="utf-8"
    )
    return load_csdl(target)


@pytest.fixture(scope="module")
def lagging_build(
    pinned_module: dict[str, Any],
    pinned_paths: tuple[Path, Path],
    pinned_rules: Rules,
    tmp_path_factory: pytest.TempPathFactory,
) -> pipeline.BuildResult:
    metadata = lagging_metadata(pinned_paths[1], tmp_path_factory.mktemp("metadata") / "cleanMetadata.xml")
    module = without_properties(pinned_module, "callOptions", ROSTER_FLAGS)
    return pipeline.build(module, metadata, pinned_rules)


def properties_of(spec: dict[str, Any], schema: str) -> dict[str, Any]:
    found: dict[str, Any] = transforms.object_part(spec["components"]["schemas"][schema])["properties"]
    return found


def test_properties_the_metadata_adds_to_call_options_are_in_the_built_spec_marked(
    lagging_build: pipeline.BuildResult, pinned_module: dict[str, Any]
) -> None:
    assert lagging_build.from_metadata == [f"callOptions.{flag}" for flag in ROSTER_FLAGS]
    for spec in (lagging_build.spec, lagging_build.validation_spec):
        call_options = properties_of(spec, "callOptions")
        for flag in ROSTER_FLAGS:
            # Edm.Boolean, Nullable (the default): as a derived type's property, plus where it came from
            assert call_options[flag] == {"type": "boolean", "nullable": True, **MARK}
        module_own = transforms.object_part(
            pinned_module["components"]["schemas"]["microsoft.graph.callOptions"]
        )
        for name in set(module_own["properties"]) - set(ROSTER_FLAGS):
            assert transforms.SOURCE_EXTENSION not in call_options[name], name
    # the subtype inherits them by reference, and the specs stay valid OpenAPI with the extension
    outgoing = lagging_build.spec["components"]["schemas"]["outgoingCallOptions"]
    assert transforms.ref_name(outgoing["allOf"][0]) == "callOptions"
    openapi_spec_validator.validate(lagging_build.spec)
    openapi_spec_validator.validate(lagging_build.validation_spec)


def test_a_referenced_type_the_spec_lacks_comes_in_with_the_property(
    pinned_module: dict[str, Any], pinned_paths: tuple[Path, Path], pinned_rules: Rules, tmp_path: Path
) -> None:
    properties = (
        '<Property Name="rosterSettings" Type="graph.rosterSettings" />'
        '<Property Name="rosterModes" Type="Collection(graph.rosterMode)" Nullable="false" />'
    )
    types = (
        '<ComplexType Name="rosterSettings"><Property Name="pageSize" Type="Edm.Int32" /></ComplexType>'
        '<EnumType Name="rosterMode"><Member Name="delta" Value="0" /><Member Name="full" Value="1" />'
        "</EnumType>"
    )
    metadata = lagging_metadata(pinned_paths[1], tmp_path / "cleanMetadata.xml", properties, types)
    module = without_properties(pinned_module, "callOptions", ROSTER_FLAGS)

    build = pipeline.build(module, metadata, pinned_rules)

    assert build.from_metadata[-2:] == ["callOptions.rosterSettings", "callOptions.rosterModes"]
    call_options = properties_of(build.spec, "callOptions")
    assert call_options["rosterSettings"] == {
        "anyOf": [{"$ref": "#/components/schemas/rosterSettings"}, {"nullable": True, "enum": [None]}],
        **MARK,
    }
    assert call_options["rosterModes"] == {
        "type": "array",
        "items": {"anyOf": [{"$ref": "#/components/schemas/rosterMode"}, {"type": "string"}]},
        **MARK,
    }
    schemas = build.spec["components"]["schemas"]
    assert properties_of(build.spec, "rosterSettings")["pageSize"]["format"] == "int32"
    assert schemas["rosterMode"] == {"type": "string", "enum": ["delta", "full"]}


def test_only_graph_types_are_completed_not_the_error_schema_sharing_a_metadata_name(
    lagging_build: pipeline.BuildResult, pinned_csdl: Csdl
) -> None:
    # The module's microsoft.graph.ODataErrors.InnerError is renamed InnerError, like the metadata's unrelated
    # microsoft.graph.InnerError (request-id, client-request-id, date): the error schema stays as published.
    assert {"request-id", "date"} <= {p.name for p in pinned_csdl.types["InnerError"].properties}
    inner_error = properties_of(lagging_build.spec, "InnerError")
    assert "request-id" not in inner_error
    assert "date" not in inner_error
    assert not [entry for entry in lagging_build.from_metadata if entry.startswith("InnerError.")]


def test_exactly_the_added_properties_are_marked(lagging_build: pipeline.BuildResult) -> None:
    marked = [
        f"{name}.{prop}"
        for name, schema in lagging_build.spec["components"]["schemas"].items()
        for prop, value in transforms.object_part(schema).get("properties", {}).items()
        if isinstance(value, dict) and transforms.SOURCE_EXTENSION in value
    ]
    assert marked == lagging_build.from_metadata
    assert marked


def test_a_property_the_module_has_stays_as_the_module_defines_it_whatever_the_metadata_says(
    pinned_module: dict[str, Any], pinned_paths: tuple[Path, Path], pinned_rules: Rules, tmp_path: Path
) -> None:
    text = pinned_paths[1].read_text(encoding="utf-8")
    retyped = re.sub(
        r'<Property Name="hideBotAfterEscalation" Type="Edm.Boolean"',
        '<Property Name="hideBotAfterEscalation" Type="Edm.String"',
        text,
        count=1,
    )
    assert retyped != text
    (tmp_path / "cleanMetadata.xml").write_text(retyped, encoding="utf-8")

    build = pipeline.build(pinned_module, load_csdl(tmp_path / "cleanMetadata.xml"), pinned_rules)

    hide_bot = properties_of(build.spec, "callOptions")["hideBotAfterEscalation"]
    assert hide_bot["type"] == "boolean"
    assert transforms.SOURCE_EXTENSION not in hide_bot
    assert "callOptions.hideBotAfterEscalation" not in build.from_metadata


@pytest.fixture(scope="module")
def lagging_clients(
    lagging_build: pipeline.BuildResult, generate_clients: GenerateClients
) -> dict[str, GeneratedClient]:
    def unmarked(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: unmarked(v) for k, v in node.items() if k != transforms.SOURCE_EXTENSION}
        if isinstance(node, list):
            return [unmarked(v) for v in node]
        return node

    return generate_clients({"marked": lagging_build.spec, "unmarked": unmarked(lagging_build.spec)})


def package_files(client: GeneratedClient) -> dict[str, bytes]:
    return {
        str(path.relative_to(client.package_dir)): path.read_bytes()
        for path in sorted(client.package_dir.rglob("*.py"))
    }


@pytest.mark.slow
def test_generator_ignores_the_mark_byte_for_byte(lagging_clients: dict[str, GeneratedClient]) -> None:
    marked, unmarked = lagging_clients["marked"], lagging_clients["unmarked"]
    assert marked.error is None, marked.error  # --fail-on-warning
    assert unmarked.error is None, unmarked.error
    assert package_files(marked) == package_files(unmarked)


@pytest.mark.slow
def test_the_added_flags_are_typed_fields_of_the_generated_call_options(
    lagging_clients: dict[str, GeneratedClient], type_errors: TypeErrors
) -> None:
    models = lagging_clients["marked"].models
    payload = {
        "@odata.type": "#microsoft.graph.outgoingCallOptions",
        "isDeltaRosterEnabled": True,
        "isInteractiveRosterEnabled": False,
    }
    options = models.OutgoingCallOptions.from_dict(payload)
    assert options.is_delta_roster_enabled is True
    assert options.is_interactive_roster_enabled is False
    assert options.additional_properties == {}  # typed, not extras
    assert type_errors(options) == []
    assert options.to_dict() == payload
    assert models.CallOptions(is_delta_roster_enabled=None).to_dict() == {"isDeltaRosterEnabled": None}
