"""The regeneration tooling fails safely: no stale regeneration, no poisoned cache."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from graph_calls_spec import inputs, regen

from .conftest import REPO_ROOT as REPO


def test_a_download_with_the_wrong_hash_does_not_poison_the_cache(tmp_path: Path) -> None:
    lock = inputs.load_lock()
    pinned = inputs.resolve(lock.module)
    pin = dataclasses.replace(lock.module, vendored=None)  # only the raw URL can provide it
    other = tmp_path / "other.yml"
    other.write_bytes(pinned.read_bytes() + b"# not the pinned file\n")
    wrong = dataclasses.replace(pin, url=other.as_uri())
    with pytest.raises(inputs.InputError):
        inputs.resolve(wrong, shared_dir=tmp_path / "absent", cache_dir=tmp_path / "cache")
    right = dataclasses.replace(pin, url=pinned.as_uri())
    assert inputs.resolve(right, shared_dir=tmp_path / "absent", cache_dir=tmp_path / "cache").is_file()


def test_generate_stops_when_the_trim_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "openapi", root / "openapi")  # a committed (now stale) spec is there
    shutil.copyfile(REPO / "pyproject.toml", root / "pyproject.toml")

    def mismatch(pin: inputs.PinnedInput, **_: object) -> Path:
        raise inputs.InputError(f"sha256 mismatch for {pin.file}")

    monkeypatch.setattr(inputs, "resolve", mismatch)
    with pytest.raises(RuntimeError, match="trim failed"):
        regen.generate(root)
    assert not (root / regen.GENERATED_PACKAGE).exists()
