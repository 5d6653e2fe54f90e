"""The two changes made for parse speed keep behaviour: narrowed identity unions, hoisted model imports.

Numbers behind them are in BENCHMARKS.md and bench/parse_cost.py; these tests prove what they must not break.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from graph_calls.models import (
    CommunicationsGuestIdentity,
    CommunicationsUserIdentity,
    Identity,
    IdentitySet,
)
from graph_calls_spec.hoist_model_imports import COMMENT, hoist

from .conftest import REPO_ROOT

MODELS = REPO_ROOT / "generated" / "graph_calls_generated" / "models"


def test_an_identity_in_its_own_slot_parses_to_its_subtype() -> None:
    parsed = IdentitySet.from_dict(
        {
            "user": {
                "@odata.type": "#microsoft.graph.communicationsUserIdentity",
                "id": "u",
                "tenantId": "t",
            },
            "guest": {"@odata.type": "#microsoft.graph.communicationsGuestIdentity", "id": "g"},
        }
    )
    assert isinstance(parsed.user, CommunicationsUserIdentity)
    assert parsed.user.tenant_id == "t"
    assert isinstance(parsed.guest, CommunicationsGuestIdentity)


def test_a_subtype_in_another_slot_parses_as_identity_with_nothing_lost() -> None:
    payload = {"@odata.type": "#microsoft.graph.communicationsGuestIdentity", "id": "g", "displayName": "G"}
    parsed = IdentitySet.from_dict({"user": payload})
    assert type(parsed.user) is Identity
    assert parsed.user.odata_type == "#microsoft.graph.communicationsGuestIdentity"
    assert parsed.to_dict() == {"user": payload}


def test_plain_identities_in_every_slot_parse_as_identity() -> None:
    slots = ["user", "application", "applicationInstance", "guest", "phone", "encrypted", "device"]
    body = {slot: {"@odata.type": "#microsoft.graph.identity", "id": slot} for slot in slots}
    parsed = IdentitySet.from_dict(body)
    assert all(type(getattr(parsed, _snake(slot))) is Identity for slot in slots)


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


SAMPLE = """from __future__ import annotations


class A:
    def to_dict(self):
        from ..models.b import B
        return B

    @classmethod
    def from_dict(cls, src):
        from ..models.b import B
        from ..models.c import (
            C,
        )
        d = dict(src)
        from ..types import UNSET
        return cls()
"""


def test_hoist_moves_model_imports_of_model_methods_to_the_end_once() -> None:
    out = hoist(SAMPLE)
    tree = ast.parse(out)
    methods = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    inner_imports = [s.module for m in methods for s in ast.walk(m) if isinstance(s, ast.ImportFrom)]
    assert inner_imports == ["types"]  # only the non-model import, after other statements, stays
    assert out.rstrip().endswith("from ..models.b import B\nfrom ..models.c import C")
    assert out.count("from ..models.b import B") == 1
    assert COMMENT in out
    assert hoist(out) == out  # idempotent


def test_no_generated_model_imports_other_models_per_call() -> None:
    for path in sorted(MODELS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom):
                    assert not (node.module or "").startswith("models."), f"{path.name}: {function.name}"


def test_every_generated_model_imports_on_its_own() -> None:
    """Import cycles between models still resolve whichever of them is imported first."""
    names = sorted(p.stem for p in MODELS.glob("*.py") if p.stem != "__init__")
    script = (
        "import importlib, sys\n"
        "failed = []\n"
        f"for name in {names!r}:\n"
        "    for loaded in [m for m in sys.modules if m.startswith('graph_calls_generated.models.')]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(f'graph_calls_generated.models.{name}')\n"
        "    except ImportError as exc:\n"
        "        failed.append(f'{name}: {exc}')\n"
        "print(failed)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_repository_ships_the_hook_it_configures() -> None:
    config = (REPO_ROOT / "generator-config.yml").read_text(encoding="utf-8")
    assert "graph_calls_spec.hoist_model_imports" in config
    assert Path(REPO_ROOT / "tools" / "graph_calls_spec" / "hoist_model_imports.py").is_file()
