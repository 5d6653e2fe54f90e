"""The pipeline as a whole: deterministic, equal to the committed outputs, valid; ``make check`` sees drift.

``regen.check(root, scratch)`` regenerates from ``root``'s lock, keep-list, rules and generator config and
compares with the outputs committed in ``root``; the tests run it on temporary copies of the repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import openapi_spec_validator
import pytest

from graph_calls_spec import inputs, pipeline, regen, transforms
from graph_calls_spec.rules import Rules, canonical_key, load_rules

from .conftest import REPO_ROOT, TOOLS_DIR, dump_yaml, load_yaml

SPEC_OUTPUTS = (pipeline.SPEC_NAME, pipeline.VALIDATION_NAME)
PACKAGE_DATA = REPO_ROOT / regen.PACKAGE_DATA


def run_trim(out_dir: Path, hash_seed: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(TOOLS_DIR), "PYTHONHASHSEED": hash_seed}
    command = [
        sys.executable,
        "-m",
        "graph_calls_spec",
        "trim",
        "--out-dir",
        str(out_dir),
        "--package-data-dir",
        "",
    ]
    return subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.fixture(scope="module")
def fresh_trims(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The trim CLI run twice, concurrently, with different hash seeds."""
    root = tmp_path_factory.mktemp("trim")
    runs = {seed: (root / f"seed{seed}", run_trim(root / f"seed{seed}", seed)) for seed in ("1", "2")}
    for seed, (_, process) in runs.items():
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, f"seed {seed}: {err.decode()}"
        expected = f"trimmed {inputs.load_lock().module.file}: {len(load_rules().keep_keys)} operations"
        assert expected.encode() in out
    return {seed: out_dir for seed, (out_dir, _) in runs.items()}


def test_trim_is_byte_identical_whatever_the_hash_seed(fresh_trims: dict[str, Path]) -> None:
    for name in SPEC_OUTPUTS:
        assert (fresh_trims["1"] / name).read_bytes() == (fresh_trims["2"] / name).read_bytes(), name


def test_committed_specs_equal_a_fresh_trim(fresh_trims: dict[str, Path]) -> None:
    for name in SPEC_OUTPUTS:
        assert (REPO_ROOT / "openapi" / name).read_bytes() == (fresh_trims["1"] / name).read_bytes(), name
    packaged = PACKAGE_DATA.read_bytes()
    assert packaged == (fresh_trims["1"] / pipeline.VALIDATION_NAME).read_bytes()


def test_trimmed_and_validation_specs_are_valid_openapi() -> None:
    for name in SPEC_OUTPUTS:
        openapi_spec_validator.validate(load_yaml(REPO_ROOT / "openapi" / name))


def test_the_tests_libyaml_dump_writes_the_committed_specs_byte_for_byte() -> None:
    # The clients the spec tests generate are dumped by conftest.dump_yaml (libyaml), not pipeline.dump.
    for name in SPEC_OUTPUTS:
        committed = (REPO_ROOT / "openapi" / name).read_text(encoding="utf-8")
        assert dump_yaml(load_yaml(REPO_ROOT / "openapi" / name)) == committed, name


def test_spec_has_exactly_the_34_keep_list_operations(pinned_rules: Rules) -> None:
    for name in SPEC_OUTPUTS:
        spec = load_yaml(REPO_ROOT / "openapi" / name)
        keys = [canonical_key(method, path) for method, path, _ in transforms.iter_operations(spec)]
        assert len(keys) == 34
        assert set(keys) == set(pinned_rules.keep_keys)


# ------------------------------------------------------------------------------------------- make check


def copy_repository(root: Path) -> Path:
    """What ``regen.check`` reads from ``root``; pyproject.toml too (ruff formats the regeneration)."""
    shutil.copytree(REPO_ROOT / "openapi", root / "openapi")
    shutil.copytree(
        REPO_ROOT / regen.GENERATED_PACKAGE,
        root / regen.GENERATED_PACKAGE,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    (root / regen.PACKAGE_DATA).parent.mkdir(parents=True)
    shutil.copyfile(PACKAGE_DATA, root / regen.PACKAGE_DATA)
    for name in ("generator-config.yml", "pyproject.toml"):
        shutil.copyfile(REPO_ROOT / name, root / name)
    return root


@pytest.mark.usefixtures("replayed_generations")
def test_check_reports_hand_edits_spec_edits_and_extra_files_with_a_readable_diff(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    invite = root / regen.GENERATED_PACKAGE / "api" / "participants" / "participants_invite.py"
    invite.write_text(invite.read_text(encoding="utf-8") + "\nHAND_EDIT = True\n", encoding="utf-8")
    spec = root / "openapi" / pipeline.SPEC_NAME
    text = spec.read_text(encoding="utf-8")
    assert text.count("summary: Invite participants\n") == 1
    spec.write_text(
        text.replace("summary: Invite participants\n", "summary: Invite people\n"), encoding="utf-8"
    )
    (root / regen.GENERATED_PACKAGE / "models" / "hand_written.py").write_text("X = 1\n", encoding="utf-8")

    differences = regen.check(root=root, scratch=root / ".check")

    found = {(d.kind, d.path) for d in differences}
    generated = str(regen.GENERATED_PACKAGE)
    assert found == {
        ("changed", f"{generated}/api/participants/participants_invite.py"),
        ("changed", f"openapi/{pipeline.SPEC_NAME}"),
        ("extra", f"{generated}/models/hand_written.py"),
    }
    report = regen.report(differences)
    assert f"changed: {generated}/api/participants/participants_invite.py" in report
    assert "-HAND_EDIT = True" in report  # committed has it, the regeneration does not
    assert "-  summary: Invite people" in report or "-      summary: Invite people" in report
    assert "+      summary: Invite participants" in report
    assert (
        f"extra: {generated}/models/hand_written.py (committed, but regeneration does not produce it)"
        in report
    )


def test_check_reports_a_keep_list_change_that_was_not_regenerated(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    keep_list = root / "openapi" / "keep-list.yml"
    lines = keep_list.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if '/stopHoldMusic"' not in line]
    assert len(kept) == len(lines) - 1
    keep_list.write_text("".join(kept), encoding="utf-8")

    differences = regen.check(root=root, scratch=root / ".check")

    found = {(d.kind, d.path) for d in differences}
    generated = str(regen.GENERATED_PACKAGE)
    assert {
        ("changed", f"openapi/{pipeline.SPEC_NAME}"),
        ("changed", f"openapi/{pipeline.VALIDATION_NAME}"),
        ("changed", str(regen.PACKAGE_DATA)),
        ("extra", f"{generated}/api/participants/participants_stop_hold_music.py"),
        ("extra", f"{generated}/models/participants_stop_hold_music_body.py"),
    } <= found
    report = regen.report(differences)
    assert "-  /communications/calls/{call-id}/participants/{participant-id}/stopHoldMusic:" in report
    assert f"extra: {generated}/api/participants/participants_stop_hold_music.py" in report


def test_compare_trees_lists_missing_extra_and_changed_files(tmp_path: Path) -> None:
    committed, fresh = tmp_path / "committed", tmp_path / "fresh"
    for tree in (committed, fresh):
        (tree / "pkg" / "__pycache__").mkdir(parents=True)
        (tree / "pkg" / "same.py").write_text("A = 1\n")
        (tree / "pkg" / "__pycache__" / f"{tree.name}.pyc").write_bytes(b"ignored")
    (committed / "pkg" / "changed.py").write_text("A = 1\nB = 2\n")
    (fresh / "pkg" / "changed.py").write_text("A = 1\nB = 3\n")
    (committed / "pkg" / "extra.py").write_text("")
    (fresh / "pkg" / "missing.py").write_text("")

    differences = regen.compare_trees(committed, fresh, "gen")

    assert [(d.kind, d.path) for d in differences] == [
        ("missing", "gen/pkg/missing.py"),
        ("extra", "gen/pkg/extra.py"),
        ("changed", "gen/pkg/changed.py"),
    ]
    assert "-B = 2\n+B = 3" in differences[2].diff
    assert (
        regen.compare_file(committed / "absent.yml", fresh / "pkg" / "same.py", "x.yml")[0].kind == "missing"
    )
