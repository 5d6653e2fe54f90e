"""The wheel a user installs: both import packages, typed, with the simulator's spec as package data."""

from __future__ import annotations

import ast
import contextlib
import importlib
import re
import sys
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """The wheel ``pip wheel --no-build-isolation`` builds: the PEP 517 ``build_wheel`` hook of the build
    backend pyproject names, called in the project folder as pip calls it (in this process: a child pip
    cost ~0.6 s of CPU)."""
    build_system = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]
    hooks = importlib.import_module(build_system["build-backend"])
    out = tmp_path_factory.mktemp("wheel")
    with contextlib.chdir(REPO):
        built = out / hooks.build_wheel(str(out))
    assert built.name.startswith("graph_calls-")
    return zipfile.ZipFile(built)


def test_wheel_holds_both_packages_typed(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    assert {"graph_calls/py.typed", "graph_calls_generated/py.typed"} <= names
    assert {n.split("/")[0] for n in names} == {"graph_calls", "graph_calls_generated", *_dist_info(names)}


def test_wheel_ships_the_validation_spec_identical_to_openapi(wheel: zipfile.ZipFile) -> None:
    packaged = wheel.read("graph_calls/testing/graph-calls.validation.yml")
    assert packaged == (REPO / "openapi" / "graph-calls.validation.yml").read_bytes()


def _requirements(wheel: zipfile.ZipFile, extra: str | None = None) -> set[str]:
    """The distributions the wheel requires: at run time, or (``extra``) for that optional extra."""
    (metadata_name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    metadata = Parser().parsestr(wheel.read(metadata_name).decode())
    requires = metadata.get_all("Requires-Dist") or []
    assert metadata["Requires-Python"] == ">=3.11"
    assert {"testing", "redis"} <= set(metadata.get_all("Provides-Extra") or [])
    if extra is None:
        chosen = [r for r in requires if "extra ==" not in r]
    else:
        chosen = [r for r in requires if re.search(rf"extra == ['\"]{extra}['\"]", r)]
    return {re.split(r"[<>=!\[ ;]", r, maxsplit=1)[0].lower() for r in chosen}


# Import name -> distribution, where they differ. Modules of the standard library are not listed.
_DISTRIBUTION = {"jwt": "pyjwt", "dateutil": "python-dateutil"}
# Declared though not imported by our code, each for a stated reason (pyproject.toml says why).
_DECLARED_FOR_OTHERS = {"sniffio"}
# Imported only by an optional feature's modules, loaded lazily: distribution -> the extra that declares it.
_OPTIONAL = {"redis": "redis"}


def _third_party_imports(package: Path, skip: str) -> set[str]:
    names: set[str] = set()
    for path in package.rglob("*.py"):
        if skip in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    ours = {"graph_calls", "graph_calls_generated"}
    return {name for name in names - ours if name not in sys.stdlib_module_names}


def test_every_package_the_client_imports_is_a_declared_dependency(wheel: zipfile.ZipFile) -> None:
    imported = _third_party_imports(REPO / "overlays" / "graph_calls", skip="testing")
    imported |= _third_party_imports(REPO / "generated" / "graph_calls_generated", skip="testing")
    needed = {_DISTRIBUTION.get(name, name).lower() for name in imported}
    declared = _requirements(wheel)
    assert needed - set(_OPTIONAL) - declared == set(), "imported but not declared"
    assert declared - needed == _DECLARED_FOR_OTHERS
    for distribution, extra in _OPTIONAL.items():
        assert distribution in needed  # still used: else drop the extra
        assert distribution not in declared  # optional: `import graph_calls` must not need it
        assert distribution in _requirements(wheel, extra), f"{distribution} not in the [{extra}] extra"


def _dist_info(names: set[str]) -> set[str]:
    return {n.split("/")[0] for n in names if n.split("/")[0].endswith(".dist-info")}
