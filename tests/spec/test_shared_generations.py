"""``SharedGenerations`` (conftest.py): a generation runs once per set of inputs, and a replay is its output.

The spec tests share their openapi-python-client runs through it, across files and xdist workers; a key that
missed an input would hand a test the client of other inputs. The generator here is a stand-in that writes
what it was given, so each test says which runs happened.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from . import conftest
from .conftest import SharedGenerations


class Generator:
    """Writes its inputs into the package it makes; raises (after writing, as the real one) for a spec that
    says ``warn``."""

    def __init__(self) -> None:
        self.runs: list[Path] = []

    def __call__(self, spec_path: Path, output: Path, *, config: Path) -> None:
        self.runs.append(output)
        (output / "api").mkdir(parents=True)
        (output / "__init__.py").write_text(spec_path.read_text(encoding="utf-8"), encoding="utf-8")
        (output / "api" / "config.txt").write_bytes(config.read_bytes())
        if "warn" in spec_path.read_text(encoding="utf-8"):
            raise RuntimeError(f"openapi-python-client failed: a warning on {spec_path}")


@pytest.fixture
def generator(monkeypatch: pytest.MonkeyPatch) -> Generator:
    fake = Generator()
    monkeypatch.setattr(conftest, "_run_generator", fake)
    return fake


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def inputs(
    folder: Path, spec: str = "openapi: 3.0.1\n", config: str = "post_hooks: []\n"
) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "spec.yml").write_text(spec, encoding="utf-8")
    (folder / "config.yml").write_text(config, encoding="utf-8")
    return folder / "spec.yml", folder / "config.yml"


def test_the_same_inputs_generate_once_and_every_other_run_gets_a_copy_of_the_output(
    generator: Generator, tmp_path: Path
) -> None:
    generations = SharedGenerations(tmp_path / "shared")
    generations.root.mkdir()
    first, second = tmp_path / "a", tmp_path / "b"
    spec, config = inputs(first)
    assert generations.run(spec, first / "out", config=config) is None
    spec, config = inputs(second)  # the same contents, elsewhere
    (second / "out").mkdir()
    (second / "out" / "stale.py").write_text("from an earlier run\n", encoding="utf-8")

    assert generations.run(spec, second / "out", config=config) is None

    assert generator.runs == [first / "out"]
    assert tree(second / "out") == tree(first / "out") != {}


def test_a_failed_generation_replays_its_error_and_the_output_it_wrote(
    generator: Generator, tmp_path: Path
) -> None:
    generations = SharedGenerations(tmp_path / "shared")
    generations.root.mkdir()
    spec, config = inputs(tmp_path, spec="openapi: 3.0.1\n# warn\n")

    first = generations.run(spec, tmp_path / "first", config=config)
    again = generations.run(spec, tmp_path / "again", config=config)

    assert len(generator.runs) == 1
    assert first == again
    assert first is not None
    assert "a warning on" in first
    assert tree(tmp_path / "again") == tree(tmp_path / "first") != {}


def test_a_change_to_any_input_generates_again(
    generator: Generator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generations = SharedGenerations(tmp_path / "shared")
    generations.root.mkdir()
    spec, config = inputs(tmp_path / "base")
    other_spec, _ = inputs(tmp_path / "spec", spec="openapi: 3.0.2\n")
    _, other_config = inputs(tmp_path / "config", config="post_hooks: [touch py.typed]\n")
    formatted = tmp_path / "project"  # ruff formats an output below a settings file by those settings
    formatted.mkdir()
    (formatted / "pyproject.toml").write_text("[tool.ruff]\nline-length = 110\n", encoding="utf-8")

    generations.run(spec, tmp_path / "out" / "base", config=config)
    generations.run(other_spec, tmp_path / "out" / "spec", config=config)
    generations.run(spec, tmp_path / "out" / "config", config=other_config)
    generations.run(spec, formatted / "out", config=config)
    monkeypatch.setattr(conftest, "_toolchain", lambda: b"another generator, ruff or post-hook")
    generations.run(spec, tmp_path / "out" / "toolchain", config=config)
    generations.run(spec, tmp_path / "out" / "replayed", config=config)

    assert [path.name for path in generator.runs] == ["base", "spec", "config", "out", "toolchain"]
    assert tree(tmp_path / "out" / "replayed") == tree(tmp_path / "out" / "toolchain")
