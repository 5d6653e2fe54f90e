"""The lock: pinned upstream files are found or downloaded, always hash-verified, never put in the repo."""

from __future__ import annotations

import dataclasses
import hashlib
import subprocess
from pathlib import Path

import pytest

from graph_calls_spec import inputs

from .conftest import REPO_ROOT


@pytest.fixture(scope="module")
def lock() -> inputs.Lock:
    return inputs.load_lock()


def test_lock_pins_each_input_by_commit_url_and_sha256(lock: inputs.Lock) -> None:
    for pin in (lock.module, lock.metadata):
        assert pin.url == f"https://raw.githubusercontent.com/{pin.repository}/{pin.commit}/{pin.path}"
        assert len(pin.commit) == 40
        assert pin.commit[:8] in pin.file
        assert len(pin.sha256) == 64
        assert inputs.PinnedInput.from_dict(pin.to_dict()) == pin


def test_a_lock_entry_lacking_a_field_is_rejected(lock: inputs.Lock) -> None:
    entry = lock.module.to_dict() | {"sha256": ""}
    with pytest.raises(inputs.InputError, match="lacks sha256"):
        inputs.PinnedInput.from_dict(entry)


def test_pinned_files_resolve_from_the_shared_dir_and_match_their_sha256(lock: inputs.Lock) -> None:
    for pin in (lock.module, lock.metadata):
        path = inputs.resolve(pin)
        assert path == inputs.SHARED_UPSTREAM / pin.file
        assert hashlib.sha256(path.read_bytes()).hexdigest() == pin.sha256


def test_a_flipped_byte_raises_input_error_naming_both_hashes(lock: inputs.Lock, tmp_path: Path) -> None:
    copy = tmp_path / lock.module.file
    data = bytearray((inputs.SHARED_UPSTREAM / lock.module.file).read_bytes())
    data[1000] ^= 0x01
    copy.write_bytes(bytes(data))
    actual = hashlib.sha256(bytes(data)).hexdigest()

    with pytest.raises(inputs.InputError) as raised:
        inputs.resolve(lock.module, shared_dir=tmp_path, cache_dir=tmp_path / "cache")

    message = str(raised.value)
    assert f"expected {lock.module.sha256}" in message
    assert f"got {actual}" in message
    assert not (tmp_path / "cache").exists()  # the shared dir exists: no download was attempted


def file_url_pin(pin: inputs.PinnedInput, source: Path) -> inputs.PinnedInput:
    """The same pin, downloadable from a ``file://`` URL (urllib handles it: no network)."""
    return dataclasses.replace(pin, url=source.resolve().as_uri())


def test_without_the_shared_dir_the_file_is_downloaded_into_the_cache(
    lock: inputs.Lock, tmp_path: Path
) -> None:
    pin = file_url_pin(lock.metadata, inputs.SHARED_UPSTREAM / lock.metadata.file)
    cache = tmp_path / "cache"

    path = inputs.resolve(pin, shared_dir=tmp_path / "absent", cache_dir=cache)

    assert path == cache / pin.file
    assert hashlib.sha256(path.read_bytes()).hexdigest() == pin.sha256
    assert [p.name for p in cache.iterdir()] == [pin.file]  # no .part left behind
    # A second resolve uses the cache: the URL is not read again.
    unreachable = dataclasses.replace(pin, url=(tmp_path / "nowhere.xml").as_uri())
    assert inputs.resolve(unreachable, shared_dir=tmp_path / "absent", cache_dir=cache) == path


def test_a_file_missing_from_the_shared_dir_is_downloaded_into_the_cache(
    lock: inputs.Lock, tmp_path: Path
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()  # exists, but lacks the file (a freshly bumped pin, before CI's copy has it)
    pin = file_url_pin(lock.module, inputs.SHARED_UPSTREAM / lock.module.file)
    path = inputs.resolve(pin, shared_dir=shared, cache_dir=tmp_path / "cache")
    assert path == tmp_path / "cache" / pin.file
    assert hashlib.sha256(path.read_bytes()).hexdigest() == pin.sha256


def test_a_download_that_fails_is_an_input_error_naming_where_it_looked(
    lock: inputs.Lock, tmp_path: Path
) -> None:
    pin = dataclasses.replace(lock.metadata, url=(tmp_path / "nowhere.xml").as_uri())
    with pytest.raises(inputs.InputError, match="cannot download") as raised:
        inputs.resolve(pin, shared_dir=tmp_path / "absent", cache_dir=tmp_path / "cache")
    assert f"neither in {tmp_path / 'absent'} nor in {tmp_path / 'cache'}" in str(raised.value)
    assert not (tmp_path / "cache" / pin.file).exists()
    assert not list((tmp_path / "cache").glob("*.part"))


def test_a_downloaded_file_with_the_wrong_hash_is_rejected(lock: inputs.Lock, tmp_path: Path) -> None:
    # The URL serves the older module, not the pinned one.
    older = inputs.SHARED_UPSTREAM / "CloudCommunications.v1.0.2023-12-07-98b7a26c.yml"
    pin = file_url_pin(lock.module, older)
    with pytest.raises(inputs.InputError) as raised:
        inputs.resolve(pin, shared_dir=tmp_path / "absent", cache_dir=tmp_path / "cache")
    assert lock.module.sha256 in str(raised.value)
    assert hashlib.sha256(older.read_bytes()).hexdigest() in str(raised.value)


def test_upstream_files_never_land_inside_the_repository(lock: inputs.Lock) -> None:
    assert not inputs.SHARED_UPSTREAM.resolve().is_relative_to(REPO_ROOT)
    assert not inputs.CACHE_DIR.resolve().is_relative_to(REPO_ROOT)
    names = {lock.module.file, lock.metadata.file, "CloudCommunications.yml", "cleanMetadata.xml"}
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    untracked = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert not [f for f in tracked + untracked if Path(f).name in names]
    # nor anything as big as the module (370 KB) or the metadata (several MB), under any name
    upstream_sizes = {
        (inputs.SHARED_UPSTREAM / n).stat().st_size for n in (lock.module.file, lock.metadata.file)
    }
    assert not [
        f for f in tracked if (REPO_ROOT / f).is_file() and (REPO_ROOT / f).stat().st_size in upstream_sizes
    ]
