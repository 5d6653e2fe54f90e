"""The wheel a user installs: both import packages, typed, with the simulator's spec as package data."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("graph_calls-*.whl")
    return zipfile.ZipFile(built)


def test_wheel_holds_both_packages_typed(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    assert {"graph_calls/py.typed", "graph_calls_generated/py.typed"} <= names
    assert {n.split("/")[0] for n in names} == {"graph_calls", "graph_calls_generated", *_dist_info(names)}


def test_wheel_ships_the_validation_spec_identical_to_openapi(wheel: zipfile.ZipFile) -> None:
    packaged = wheel.read("graph_calls/testing/graph-calls.validation.yml")
    assert packaged == (REPO / "openapi" / "graph-calls.validation.yml").read_bytes()


def test_runtime_dependencies_are_only_what_the_client_needs(wheel: zipfile.ZipFile) -> None:
    (metadata_name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    metadata = Parser().parsestr(wheel.read(metadata_name).decode())
    requires = metadata.get_all("Requires-Dist") or []
    runtime = sorted(r.split(">")[0].split("<")[0].split("=")[0] for r in requires if "extra ==" not in r)
    assert runtime == ["attrs", "httpx", "msal", "python-dateutil"]
    assert metadata["Requires-Python"] == ">=3.11"
    assert "testing" in (metadata.get_all("Provides-Extra") or [])


def _dist_info(names: set[str]) -> set[str]:
    return {n.split("/")[0] for n in names if n.split("/")[0].endswith(".dist-info")}
