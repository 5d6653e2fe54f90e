"""Every upstream snapshot builds without warnings and regenerates cleanly; subtypes come from the module too.

Issue 15: each module snapshot in ../shared/upstream with each metadata snapshot (and the pinned pair) trims
with no warning but the report of the keep-list operations an older module lacks, and each module snapshot
with its own metadata (the newest not after it, else the oldest) generates with no generator warning (the
pinned pair's client is the committed one, which ``make check`` regenerates).

Finding 5: a module newer than its metadata defines subtypes the metadata lacks (the 2024-09-25 module has
``sendDtmfTonesOperation``, the 2023-12-06 metadata does not). They get their ``@odata.type`` and join their
base's union from the module's own ``allOf`` inheritance, as metadata subtypes do.
"""

from __future__ import annotations

import functools
import itertools
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import openapi_spec_validator
import pytest

from graph_calls_spec import cli, inputs, pipeline, transforms, transforms_polymorphism
from graph_calls_spec.csdl import Csdl
from graph_calls_spec.csdl import load as load_csdl
from graph_calls_spec.rules import Rules, canonical_key

from .conftest import REPO_ROOT, BuildSpec, GenerateClients, GeneratedClient, load_yaml

SNAPSHOT = re.compile(
    r"(CloudCommunications|cleanMetadata)\.v1\.0\.(\d{4}-\d{2}-\d{2})-[0-9a-f]{8}\.(?:yml|xml)"
)
OPERATIONS_GET = "/communications/calls/{call-id}/operations/{commsOperation-id}"
TypeErrors = Callable[[Any], list[str]]


def snapshots(kind: str) -> dict[str, Path]:
    """Date → file of each ``kind`` snapshot in ../shared/upstream, oldest first."""
    found = {}
    for path in sorted(inputs.SHARED_UPSTREAM.glob(f"{kind}.*")):
        match = SNAPSHOT.fullmatch(path.name)
        if match and match.group(1) == kind:
            found[match.group(2)] = path
    return dict(sorted(found.items()))


MODULES = snapshots("CloudCommunications")
METADATA = snapshots("cleanMetadata")
pytestmark = pytest.mark.skipif(not (MODULES and METADATA), reason="../shared/upstream has no snapshots")


def own_metadata(module_date: str) -> str:
    """The metadata published with a module: the newest not after it, else the oldest there is."""
    earlier = [date for date in METADATA if date <= module_date]
    return earlier[-1] if earlier else next(iter(METADATA))


@functools.cache  # a snapshot is read once, not once per test that asks
def upstream_keys(module_path: Path) -> frozenset[tuple[str, str]]:
    keys = {canonical_key(m, p) for m, p, _ in transforms.iter_operations(pipeline.load_module(module_path))}
    return frozenset(keys)


# -------------------------------------------------------------------------------- every snapshot, no warnings


@pytest.mark.parametrize(
    ("module_date", "metadata_date"),
    list(itertools.product(MODULES, METADATA)),
    ids=[f"{m}+{x}" for m, x in itertools.product(MODULES, METADATA)],
)
def test_every_module_with_every_metadata_trims_with_no_warning_but_its_missing_operations(
    module_date: str,
    metadata_date: str,
    pinned_rules: Rules,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    module_path, metadata_path = MODULES[module_date], METADATA[metadata_date]
    argv = ["trim", "--module", str(module_path), "--metadata", str(metadata_path)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        code = cli.main([*argv, "--out-dir", str(tmp_path), "--package-data-dir", ""])
    assert code == 0
    captured = capsys.readouterr()
    absent = set(pinned_rules.keep_keys) - upstream_keys(module_path)
    # an operation the module lacks is reported as lacking, and nothing else is said on stderr
    assert sorted(captured.err.splitlines()) == sorted(
        f"warning: {module_path.name} lacks {' '.join(pinned_rules.keep_keys[key])}" for key in absent
    )
    spec = load_yaml(tmp_path / pipeline.SPEC_NAME)
    kept = {canonical_key(m, p) for m, p, _ in transforms.iter_operations(spec)}
    assert kept == set(pinned_rules.keep_keys) - absent
    assert f"trimmed {module_path.name}: {len(kept)} operations, " in captured.out  # 33 for the 2022, 2023
    openapi_spec_validator.validate(spec)
    openapi_spec_validator.validate(load_yaml(tmp_path / pipeline.VALIDATION_NAME))


def test_the_pinned_pair_builds_with_every_operation_and_no_warning(
    pinned_paths: tuple[Path, Path], pinned_rules: Rules
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        build = pipeline.build_from_files(*pinned_paths, pinned_rules, fatal_missing=True)
    assert build.missing == []
    assert build.channel == "v1.0"


@pytest.fixture(scope="module")
def own_pair_clients(
    pinned_paths: tuple[Path, Path],
    pinned_rules: Rules,
    generate_clients: GenerateClients,
    installed_client: GeneratedClient,
) -> dict[str, GeneratedClient]:
    specs = {
        date: pipeline.build_from_files(
            module, METADATA[own_metadata(date)], pinned_rules, fatal_missing=False
        ).spec
        for date, module in MODULES.items()
    }
    # The pinned pair's client is the committed package: make check proves it is what generating the pin
    # gives, with no warning (run_generator fails on any), so it is not generated once more here. Only
    # ``info`` differs (make spec names the pinned files there), and the generator writes it nowhere.
    pinned = {
        date
        for date, module in MODULES.items()
        if (module.name, METADATA[own_metadata(date)].name) == tuple(path.name for path in pinned_paths)
    }
    committed = load_yaml(REPO_ROOT / "openapi" / pipeline.SPEC_NAME)
    for date in pinned:
        assert {**specs[date], "info": None} == {**committed, "info": None}
    clients = generate_clients({f"snapshot_{d}": spec for d, spec in specs.items() if d not in pinned})
    return clients | {f"snapshot_{date}": installed_client for date in pinned}


@pytest.mark.slow
@pytest.mark.parametrize("module_date", list(MODULES))
def test_every_module_snapshot_regenerates_with_its_own_metadata_without_warnings(
    module_date: str, own_pair_clients: dict[str, GeneratedClient], pinned_rules: Rules
) -> None:
    client = own_pair_clients[f"snapshot_{module_date}"]
    assert client.error is None, client.error  # run_generator runs with --fail-on-warning
    endpoints = client.module("operations").ENDPOINTS
    kept = set(pinned_rules.keep_keys) & upstream_keys(MODULES[module_date])
    assert len(endpoints) == len(kept)
    assert sorted(p.stem for p in client.package_dir.glob("api/*/*.py") if p.stem != "__init__") == sorted(
        module.rsplit(".", 1)[-1] for module in endpoints.values()
    )


# ---------------------------------------------------------------------------- finding 5: module subtypes

NEWER_MODULE, OLDER_METADATA = "2024-09-25", "2023-12-06"
needs_the_pair = pytest.mark.skipif(
    not (NEWER_MODULE in MODULES and OLDER_METADATA in METADATA),
    reason=f"../shared/upstream lacks the {NEWER_MODULE} module or the {OLDER_METADATA} metadata",
)


@pytest.fixture(scope="module")
def older_csdl() -> Csdl:
    csdl = load_csdl(METADATA[OLDER_METADATA])
    assert "sendDtmfTonesOperation" not in csdl.types  # the premise: the metadata is older than the module
    return csdl


@pytest.fixture(scope="module")
def newer_module() -> dict[str, Any]:
    module = pipeline.load_module(MODULES[NEWER_MODULE])
    assert "microsoft.graph.sendDtmfTonesOperation" in module["components"]["schemas"]
    return module


def operations_union(spec: dict[str, Any]) -> list[str | None]:
    schema = spec["paths"][OPERATIONS_GET]["get"]["responses"]["2XX"]["content"]["application/json"]["schema"]
    return [transforms.ref_name(branch) for branch in schema["anyOf"]]


@needs_the_pair
def test_a_subtype_only_the_module_has_joins_the_operations_union_with_its_odata_type(
    newer_module: dict[str, Any], older_csdl: Csdl, pinned_rules: Rules
) -> None:
    build = pipeline.build(newer_module, older_csdl, pinned_rules)

    union = operations_union(build.spec)
    assert "sendDtmfTonesOperation" in union
    assert union[-1] == "commsOperation"  # subtypes first, the open base last
    for spec in (build.spec, build.validation_spec):
        part = transforms.object_part(spec["components"]["schemas"]["sendDtmfTonesOperation"])
        assert part["properties"]["@odata.type"] == {
            "type": "string",
            "enum": ["#microsoft.graph.sendDtmfTonesOperation"],
            "default": "#microsoft.graph.sendDtmfTonesOperation",
        }
        assert part["required"][0] == "@odata.type"
    assert transforms.polymorphic_subtypes(build.spec, older_csdl, "commsOperation") == [
        name for name in union if name != "commsOperation"
    ]


def metadata_only_ancestors(spec: dict[str, Any], csdl: Csdl, name: str) -> list[str]:
    """How subtypes were found before: from the metadata alone."""
    return csdl.ancestors(name)


@pytest.fixture(scope="module")
def subtype_clients(
    newer_module: dict[str, Any], older_csdl: Csdl, pinned_rules: Rules, generate_clients: GenerateClients
) -> dict[str, GeneratedClient]:
    with_module = pipeline.build(newer_module, older_csdl, pinned_rules).spec
    with mock.patch.object(transforms_polymorphism, "graph_ancestors", metadata_only_ancestors):
        metadata_only = pipeline.build(newer_module, older_csdl, pinned_rules).spec
    assert "sendDtmfTonesOperation" not in operations_union(metadata_only)
    return generate_clients({"module_subtypes": with_module, "metadata_subtypes": metadata_only})


@needs_the_pair
@pytest.mark.slow
def test_the_generated_client_parses_the_module_only_subtype_by_its_odata_type(
    subtype_clients: dict[str, GeneratedClient], type_errors: TypeErrors
) -> None:
    client = subtype_clients["module_subtypes"]
    assert client.error is None, client.error
    odata_type = "#microsoft.graph.sendDtmfTonesOperation"
    assert client.module("operations").OPERATION_TYPES["SendDtmfTonesOperation"] == odata_type
    payload = {
        "@odata.type": odata_type,
        "id": "o1",
        "status": "completed",
        "completionReason": "completedSuccessfully",
    }
    parsed = client.parse("operations_get", dict(payload))
    assert type(parsed).__name__ == "SendDtmfTonesOperation"
    assert type_errors(parsed) == []
    assert parsed.to_dict() == payload
    assert client.models.SendDtmfTonesOperation().to_dict() == {"@odata.type": odata_type}


@needs_the_pair
@pytest.mark.slow
def test_from_the_metadata_alone_the_module_only_subtype_has_no_odata_type_and_generation_fails(
    subtype_clients: dict[str, GeneratedClient],
) -> None:
    error = subtype_clients["metadata_subtypes"].error
    assert error is not None
    assert "sendDtmfTonesOperation derives from commsOperation but declares no @odata.type" in error


def test_the_odata_type_a_module_declares_is_the_subtypes_value() -> None:
    def entity(name: str, odata: dict[str, Any] | None = None, base: str | None = None) -> dict[str, Any]:
        part = {
            "type": "object",
            "properties": {"@odata.type": odata} if odata else {"id": {"type": "string"}},
        }
        return {"allOf": [transforms.schema_ref(base), part]} if base else part

    spec = {
        "paths": {},
        "components": {
            "schemas": {
                "commsOperation": entity("commsOperation"),
                "holdOperation": entity(
                    "holdOperation", {"type": "string", "default": "#microsoft.graph.hold"}, "commsOperation"
                ),
                "parkOperation": entity(
                    "parkOperation", {"type": "string", "enum": ["#microsoft.graph.park"]}, "commsOperation"
                ),
                "ringOperation": entity("ringOperation", None, "commsOperation"),
            }
        },
    }
    declared = transforms.declared_odata_types(spec)
    assert declared == {"holdOperation": "#microsoft.graph.hold", "parkOperation": "#microsoft.graph.park"}

    transforms.mark_subtypes(spec, Csdl({}), ["commsOperation"], declared)

    values = {
        name: transforms.object_part(schema)["properties"].get("@odata.type", {}).get("default")
        for name, schema in spec["components"]["schemas"].items()
    }
    assert values == {
        "commsOperation": None,
        "holdOperation": "#microsoft.graph.hold",
        "parkOperation": "#microsoft.graph.park",
        "ringOperation": "#microsoft.graph.ringOperation",
    }


def test_with_the_pinned_pair_nothing_changes(
    build_spec: BuildSpec, pinned_csdl: Csdl, pinned_rules: Rules
) -> None:
    build = build_spec()
    for base in pinned_rules.polymorphic_bases:
        from_metadata = [n for n in pinned_csdl.subtypes(base) if n in build.spec["components"]["schemas"]]
        from_metadata.sort(key=lambda name: (-len(pinned_csdl.ancestors(name)), name))
        assert transforms.polymorphic_subtypes(build.spec, pinned_csdl, base) == from_metadata, base
    committed = load_yaml(REPO_ROOT / "openapi" / pipeline.SPEC_NAME)
    assert {**build.spec, "info": None} == {**committed, "info": None}
