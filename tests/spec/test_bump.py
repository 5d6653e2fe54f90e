"""`make upstream-bump`: new inputs are pinned, kept in the repository unless ../shared has them, and a bump
to a newer upstream whose changes are additive lands green with no hand edit.

The last test is the maintainer's loop for real: a copy of this repository is bumped to a synthetic newer
module and metadata (the pin plus a new action, and a property the metadata adds to a shipped type), then
`make check` runs there with no ../shared, an empty cache and no way out to the network.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from graph_calls_spec import bump, inputs
from graph_calls_spec.rules import load_rules

from .conftest import REPO_ROOT, unused_name

# Upstream commits of the synthetic newer inputs: never those pinned now (a bump to them already happened).
_PINNED_COMMITS = {inputs.load_lock().module.commit, inputs.load_lock().metadata.commit}
COMMIT, METADATA_COMMIT = [
    commit
    for commit in (
        "0123456789abcdef0123456789abcdef01234567",
        "89abcdef0123456789abcdef0123456789abcdef",
        "fedcba9876543210fedcba9876543210fedcba98",
        "76543210fedcba9876543210fedcba9876543210",
    )
    if commit not in _PINNED_COMMITS
][:2]

# A documented action upstream adds that the keep-list does not ship (reported, not generated); ACTION is
# replaced by a name the pinned module lacks.
NEW_ACTION = """\
  '/communications/calls/{call-id}/microsoft.graph.ACTION':
    post:
      tags:
        - communications.Actions
      summary: Invoke action ACTION
      externalDocs:
        description: Find more info here
        url: https://learn.microsoft.com/graph/api/call-sendreaction?view=graph-rest-1.0
      operationId: communication.call_ACTION
      parameters:
        - name: call-id
          in: path
          description: The unique identifier of call
          required: true
          schema:
            type: string
          x-ms-docs-key-type: call
      requestBody:
        description: Action parameters
        content:
          application/json:
            schema:
              type: object
              properties:
                reaction:
                  type: string
              additionalProperties:
                type: object
        required: true
      responses:
        2XX:
          description: Success
        default:
          $ref: '#/components/responses/error'
      x-ms-docs-operation-type: action
"""
# Microsoft's metadata of 2026-08 adds these to callOptions before the module has them (issue 15, finding 1);
# replaced by names the pinned metadata lacks, so the test adds something new whatever is pinned.
NEW_FLAGS = ("isDeltaRosterEnabled", "isInteractiveRosterEnabled")


def new_action(pinned_text: str) -> str:
    return unused_name(pinned_text, "sendReaction")


def new_flags(pinned_text: str) -> tuple[str, ...]:
    return tuple(unused_name(pinned_text, flag) for flag in NEW_FLAGS)


def newer_module(pinned: Path, target: Path) -> Path:
    text = pinned.read_text(encoding="utf-8")
    anchor = "  '/communications/calls/{call-id}/microsoft.graph.keepAlive':\n"
    assert anchor in text
    action = NEW_ACTION.replace("ACTION", new_action(text))
    target.write_text(text.replace(anchor, action + anchor, 1), encoding="utf-8")
    return target


def newer_metadata(pinned: Path, target: Path) -> Path:
    text = pinned.read_text(encoding="utf-8")
    anchor = '<ComplexType Name="callOptions" Abstract="true">'
    assert text.count(anchor) == 1
    added = "".join(f'<Property Name="{flag}" Type="Edm.Boolean" />' for flag in new_flags(text))
    target.write_text(text.replace(anchor, anchor + added), encoding="utf-8")
    return target


@pytest.fixture
def lock_copy(tmp_path: Path) -> Path:
    """The lock in a scratch repository, with the inputs it vendors (if any)."""
    target = tmp_path / "repo" / "openapi" / "lock.yml"
    target.parent.mkdir(parents=True)
    target.write_text(inputs.LOCK_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    lock = inputs.load_lock()
    for pin in (lock.module, lock.metadata):
        if pin.vendored is not None:
            (tmp_path / "repo" / pin.vendored).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(REPO_ROOT / pin.vendored, tmp_path / "repo" / pin.vendored)
    return target


def call_bump(lock: Path, tmp_path: Path, **kwargs: Any) -> Callable[[], tuple[inputs.Lock, inputs.Lock]]:
    return lambda: bump.bump(
        load_rules(),
        lock_path=lock,
        cache_dir=tmp_path / "cache",
        repo_root=lock.parent.parent,
        **kwargs,
    )


def vendored_files(repo: Path, prefix: str = "") -> list[str]:
    return sorted(p.name for p in (repo / "openapi" / "upstream").glob(f"{prefix}*.xz"))


def test_bump_keeps_an_input_shared_lacks_in_the_repository(
    lock_copy: Path, tmp_path: Path, pinned_paths: tuple[Path, Path]
) -> None:
    source = newer_module(pinned_paths[0], tmp_path / "CloudCommunications.yml")

    old, new = call_bump(lock_copy, tmp_path, module=source, commit=COMMIT)()

    assert new.metadata == old.metadata
    assert new.module.file == f"CloudCommunications.{COMMIT[:8]}.yml"
    assert new.module.vendored == f"openapi/upstream/CloudCommunications.{COMMIT[:8]}.yml.xz"
    assert inputs.load_lock(lock_copy) == new
    assert lock_copy.read_text(encoding="utf-8").startswith("# Pinned upstream inputs")
    repo = lock_copy.parent.parent
    assert vendored_files(repo, "CloudCommunications") == [f"CloudCommunications.{COMMIT[:8]}.yml.xz"]
    # Found with no shared dir and an empty cache (nothing to download from: the raw URL is not reachable).
    found = inputs.resolve(
        new.module, shared_dir=tmp_path / "absent", cache_dir=tmp_path / "empty", repo_root=repo
    )
    assert found.read_bytes() == source.read_bytes()


def test_bump_to_a_shared_snapshot_under_another_name_reads_it_from_shared(
    lock_copy: Path, tmp_path: Path, pinned_paths: tuple[Path, Path]
) -> None:
    if not (inputs.SHARED_UPSTREAM / inputs.load_lock().module.file).is_file():
        pytest.skip("the pinned module is not one of ../shared/upstream's snapshots")
    source = tmp_path / "CloudCommunications.yml"  # as a maintainer saves it from GitHub
    shutil.copyfile(pinned_paths[0], source)

    _, new = call_bump(lock_copy, tmp_path, module=source, commit=COMMIT)()

    assert new.module.file == pinned_paths[0].name
    assert new.module.vendored is None
    assert vendored_files(lock_copy.parent.parent, "CloudCommunications") == []


def test_a_second_bump_removes_what_the_first_vendored(
    lock_copy: Path, tmp_path: Path, pinned_paths: tuple[Path, Path]
) -> None:
    first = newer_module(pinned_paths[0], tmp_path / "first.yml")
    call_bump(lock_copy, tmp_path, module=first, commit=COMMIT)()
    second = tmp_path / "second.yml"
    second.write_text(first.read_text(encoding="utf-8") + "# a week later\n", encoding="utf-8")

    _, new = call_bump(lock_copy, tmp_path, module=second, commit=METADATA_COMMIT)()

    assert vendored_files(lock_copy.parent.parent, "CloudCommunications") == [f"{new.module.file}.xz"]
    assert new.module.sha256 == hashlib.sha256(second.read_bytes()).hexdigest()


def test_bump_writes_nothing_when_the_new_input_does_not_build(
    lock_copy: Path, tmp_path: Path, pinned_paths: tuple[Path, Path]
) -> None:
    broken = tmp_path / "CloudCommunications.yml"
    text = pinned_paths[0].read_text(encoding="utf-8")
    broken.write_text(
        text.replace("/microsoft.graph.keepAlive'", "/microsoft.graph.keepAliveGone'"), encoding="utf-8"
    )
    before = lock_copy.read_text(encoding="utf-8"), vendored_files(lock_copy.parent.parent)
    with pytest.raises(Exception, match="keepAlive"):
        call_bump(lock_copy, tmp_path, module=broken, commit=COMMIT)()
    assert (lock_copy.read_text(encoding="utf-8"), vendored_files(lock_copy.parent.parent)) == before


def test_bump_refuses_a_module_lacking_keep_list_operations(lock_copy: Path, tmp_path: Path) -> None:
    older = inputs.SHARED_UPSTREAM / "CloudCommunications.v1.0.2023-12-07-98b7a26c.yml"  # no sendDtmfTones
    if not older.is_file():
        pytest.skip("the upstream snapshots are read from ../shared/upstream")
    before = lock_copy.read_text(encoding="utf-8")
    with pytest.raises(Exception, match="sendDtmfTones"):
        call_bump(lock_copy, tmp_path, module=older, commit=COMMIT)()
    assert lock_copy.read_text(encoding="utf-8") == before


def test_bump_needs_a_full_commit(lock_copy: Path, tmp_path: Path, pinned_paths: tuple[Path, Path]) -> None:
    with pytest.raises(inputs.InputError, match="40-hex"):
        call_bump(lock_copy, tmp_path, module=pinned_paths[0], commit=COMMIT[:8])()


def test_bump_keeps_a_file_name_that_carries_the_commit(tmp_path: Path) -> None:
    lock = inputs.load_lock()
    named = tmp_path / f"CloudCommunications.v1.0.2030-01-01-{COMMIT[:8]}.yml"
    assert bump.file_name(named, lock.module, COMMIT) == named.name
    assert bump.file_name(tmp_path / "CloudCommunications.yml", lock.module, COMMIT) == (
        f"CloudCommunications.{COMMIT[:8]}.yml"
    )


# ------------------------------------------------------------------------ the maintainer's loop, for real


def git(repo: Path, *args: str) -> str:
    command = [
        "git",
        "-c",
        "user.name=test",
        "-c",
        "user.email=test@example.invalid",
        "-c",
        "commit.gpgsign=false",
    ]
    return subprocess.run([*command, *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def copy_repository(target: Path) -> Path:
    """This working tree (committed or not; ignored files left out) as a new git repository at ``target``."""
    listed = git(REPO_ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, listed):
        source = REPO_ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / ".venv").symlink_to(REPO_ROOT / ".venv")
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "copy")
    return target


def make(repo: Path, stamp: Path, cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``make`` in ``repo``, offline: the proxy variables point at a closed port, so any download fails."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")},
        "GRAPH_CALLS_CACHE": str(cache),
        "http_proxy": "http://127.0.0.1:9",
        "https_proxy": "http://127.0.0.1:9",
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "HTTP_PROXY": "http://127.0.0.1:9",
    }
    # The venv is this checkout's (symlinked); a fresh stamp stops make from reinstalling into it.
    command = ["make", "--no-print-directory", f"STAMP={stamp}", *args]
    return subprocess.run(
        command, cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=600
    )


@pytest.mark.slow
def test_a_bump_to_an_additive_upstream_lands_green_with_no_hand_edit(
    tmp_path: Path, pinned_paths: tuple[Path, Path]
) -> None:
    repo = copy_repository(tmp_path / "repo")
    stamp = tmp_path / "stamp"
    stamp.touch()
    module = newer_module(pinned_paths[0], tmp_path / "CloudCommunications.yml")
    metadata = newer_metadata(pinned_paths[1], tmp_path / "cleanMetadata.xml")
    # The maintainer's machine has ../shared (the old pin, for the report); CI after the bump will not.
    shared = tmp_path / "shared" / "upstream"
    shared.mkdir(parents=True)
    for path in pinned_paths:
        (shared / path.name).symlink_to(path)

    bumped = make(
        repo,
        stamp,
        tmp_path / "cache",
        "upstream-bump",
        f"UPSTREAM={module}",
        f"COMMIT={COMMIT}",
        f"METADATA={metadata}",
        f"METADATA_COMMIT={METADATA_COMMIT}",
    )
    assert bumped.returncode == 0, bumped.stdout + bumped.stderr
    report = bumped.stdout
    assert "drift report exit status: 1" in report + bumped.stderr  # additive only
    flags = new_flags(pinned_paths[1].read_text(encoding="utf-8"))
    assert all(f"callOptions.{flag}" in report for flag in flags), report
    assert (
        f"microsoft.graph.{new_action(pinned_paths[0].read_text(encoding='utf-8'))}" in report
    )  # not shipped
    # What changed, new files included: the vendored inputs, and the validation spec the simulator ships.
    assert "?? openapi/upstream/" in report
    assert "overlays/graph_calls/testing/graph-calls.validation.yml" in report
    model = repo / "generated" / "graph_calls_generated" / "models" / "call_options.py"
    assert all(f'"{flag}"' in model.read_text(encoding="utf-8") for flag in flags)  # read and written
    assert vendored_files(repo) == [
        f"CloudCommunications.{COMMIT[:8]}.yml.xz",
        f"cleanMetadata.{METADATA_COMMIT[:8]}.xml.xz",
    ]
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "bump")

    shutil.rmtree(tmp_path / "shared")
    checked = make(repo, stamp, tmp_path / "fresh-cache", "check")

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "match a regeneration" in checked.stdout
    assert git(repo, "status", "--porcelain") == ""
