"""What make generate derives for the overlays: the operation index and the lazy package ``__init__``s."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from graph_calls_generated import operations
from graph_calls_spec import lazy_init, pipeline, regen
from graph_calls_spec.operation_index import action_operations, operation_subtypes

from .conftest import load_yaml

SPEC = load_yaml(regen.ROOT / "openapi" / pipeline.SPEC_NAME)


def test_every_operation_of_the_spec_has_its_generated_endpoint_and_no_more() -> None:
    operation_ids = {
        op["operationId"] for item in SPEC["paths"].values() for op in item.values() if isinstance(op, dict)
    }
    assert set(operations.ENDPOINTS) == operation_ids
    for operation_id, module in operations.ENDPOINTS.items():
        assert callable(importlib.import_module(module).sync_detailed), operation_id


def test_operation_types_are_the_generated_classes_with_their_odata_type() -> None:
    import graph_calls_generated.models as models

    assert next(iter(operations.OPERATION_TYPES)) == "CommsOperation"
    for class_name, odata_type in operations.OPERATION_TYPES.items():
        model = getattr(models, class_name)
        if class_name != "CommsOperation":
            assert model().odata_type == odata_type
    operation_models = {name for name in models.__all__ if name.endswith("Operation")}
    assert set(operations.OPERATION_TYPES) == operation_models


def test_each_action_maps_to_the_operation_its_answer_declares() -> None:
    assert operations.ACTION_OPERATIONS["invite"] == "#microsoft.graph.inviteParticipantsOperation"
    assert operations.ACTION_OPERATIONS["recordResponse"] == "#microsoft.graph.recordOperation"
    assert operations.ACTION_OPERATIONS["mute"] == "#microsoft.graph.muteParticipantOperation"
    assert "answer" not in operations.ACTION_OPERATIONS  # 202, no body
    assert set(operations.ACTION_OPERATIONS.values()) <= set(operations.OPERATION_TYPES.values())


def test_a_new_comms_operation_subtype_in_the_spec_is_indexed_without_a_hand_edit() -> None:
    spec = {
        "paths": {
            "/calls/{id}/ring": {
                "post": {
                    "responses": {
                        "2XX": {
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/ringOp"}}
                            }
                        }
                    }
                }
            }
        },
        "components": {
            "schemas": {
                "commsOperation": {"type": "object"},
                "ringOp": {
                    "allOf": [
                        {"$ref": "#/components/schemas/commsOperation"},
                        {"properties": {"@odata.type": {"default": "#microsoft.graph.ringOp"}}},
                    ]
                },
            }
        },
    }
    subtypes = operation_subtypes(spec)
    assert subtypes == {
        "commsOperation": "#microsoft.graph.commsOperation",
        "ringOp": "#microsoft.graph.ringOp",
    }
    assert action_operations(spec, subtypes) == {"ring": "#microsoft.graph.ringOp"}


def test_lazy_init_imports_a_name_only_when_it_is_used(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "heavy.py").write_text("import sys\nsys.modules['pkg'].LOADED = True\nclass Heavy: ...\n")
    (package / "light.py").write_text("class Light: ...\n")
    eager = (
        '"""Doc."""\n\nfrom .heavy import Heavy\nfrom .light import Light\n\n__all__ = ("Heavy", "Light")\n'
    )
    (package / "__init__.py").write_text(lazy_init.lazy(eager))
    code = (
        "import pkg, sys\n"
        "assert pkg.__doc__ == 'Doc.'\n"
        "assert 'pkg.heavy' not in sys.modules\n"
        "from pkg import Light\n"
        "assert 'pkg.heavy' not in sys.modules\n"
        "assert pkg.Heavy.__name__ == 'Heavy' and pkg.LOADED\n"
        "assert sorted(dir(pkg)) == ['Heavy', 'Light']\n"
        "try:\n    pkg.Missing\nexcept AttributeError as exc:\n    print(exc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "module 'pkg' has no attribute 'Missing'"
    assert lazy_init.relative_imports(lazy_init.lazy(eager)) == {"Heavy": "heavy", "Light": "light"}


def test_a_comms_operation_subtype_without_its_odata_type_stops_the_generation(tmp_path: Path) -> None:
    """The overlays dispatch on @odata.type: a subtype without one must not slip out of the index."""
    spec = load_yaml(regen.ROOT / "openapi" / pipeline.SPEC_NAME)
    schema = spec["components"]["schemas"]["inviteParticipantsOperation"]
    schema["allOf"][1]["properties"].pop("@odata.type")
    schema["allOf"][1].pop("required", None)
    spec_path = tmp_path / "spec.yml"
    spec_path.write_text(pipeline.dump(spec), encoding="utf-8")

    with pytest.raises(RuntimeError) as raised:
        regen.run_generator(spec_path, tmp_path / "out" / "graph_calls_generated")

    assert "inviteParticipantsOperation derives from commsOperation but declares no @odata.type" in str(
        raised.value
    )
    assert not (tmp_path / "out" / "graph_calls_generated" / "operations.py").exists()
