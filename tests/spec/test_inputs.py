"""The lock: pinned upstream files are found (in ../shared, vendored in the repository, in the cache) or
downloaded, always hash-verified; ../shared's snapshots are never copied into the repository.

Nothing here depends on which files are pinned: after `make upstream-bump` the same tests hold.
"""

from __future__ import annotations

import dataclasses
import hashlib
import lzma
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


def test_pinned_files_resolve_and_match_their_sha256(lock: inputs.Lock) -> None:
    for pin in (lock.module, lock.metadata):
        path = inputs.resolve(pin)
        if pin.vendored is None:
            assert path == inputs.SHARED_UPSTREAM / pin.file
        assert hashlib.sha256(path.read_bytes()).hexdigest() == pin.sha256


@pytest.fixture
def module_copy(pinned_paths: tuple[Path, Path]) -> Path:
    """The pinned module, wherever it was found."""
    return pinned_paths[0]


def test_a_flipped_byte_raises_input_error_naming_both_hashes(
    lock: inputs.Lock, module_copy: Path, tmp_path: Path
) -> None:
    copy = tmp_path / lock.module.file
    data = bytearray(module_copy.read_bytes())
    data[1000] ^= 0x01
    copy.write_bytes(bytes(data))
    actual = hashlib.sha256(bytes(data)).hexdigest()

    with pytest.raises(inputs.InputError) as raised:
        inputs.resolve(lock.module, shared_dir=tmp_path, cache_dir=tmp_path / "cache")

    message = str(raised.value)
    assert f"expected {lock.module.sha256}" in message
    assert f"got {actual}" in message
    assert not (tmp_path / "cache").exists()  # the shared dir exists: no download was attempted


def synthetic_pin(
    tmp_path: Path, content: bytes = b"openapi: 3.0.1\ninfo: {title: t, version: v1.0}\n"
) -> tuple[inputs.PinnedInput, Path]:
    """A pin (not vendored, not in any shared dir) of a small file whose raw URL is a ``file://`` URL."""
    source = tmp_path / "source" / "CloudCommunications.yml"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(content)
    pin = inputs.PinnedInput(
        file="CloudCommunications.0123abcd.yml",
        repository="microsoftgraph/msgraph-sdk-powershell",
        commit="0123abcd" * 5,
        path="openApiDocs/v1.0/CloudCommunications.yml",
        url=source.resolve().as_uri(),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    return pin, source


def test_without_the_shared_dir_the_file_is_downloaded_into_the_cache(tmp_path: Path) -> None:
    pin, _ = synthetic_pin(tmp_path)
    cache = tmp_path / "cache"

    path = inputs.resolve(pin, shared_dir=tmp_path / "absent", cache_dir=cache, repo_root=tmp_path)

    assert path == cache / pin.file
    assert hashlib.sha256(path.read_bytes()).hexdigest() == pin.sha256
    assert [p.name for p in cache.iterdir()] == [pin.file]  # no .part left behind
    # A second resolve uses the cache: the URL is not read again.
    unreachable = dataclasses.replace(pin, url=(tmp_path / "nowhere.xml").as_uri())
    assert inputs.resolve(unreachable, shared_dir=tmp_path / "absent", cache_dir=cache) == path


def test_a_file_missing_from_the_shared_dir_is_downloaded_into_the_cache(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()  # exists, but lacks the file (a freshly bumped pin, before CI's copy has it)
    pin, _ = synthetic_pin(tmp_path)
    path = inputs.resolve(pin, shared_dir=shared, cache_dir=tmp_path / "cache")
    assert path == tmp_path / "cache" / pin.file
    assert hashlib.sha256(path.read_bytes()).hexdigest() == pin.sha256


def test_a_download_that_fails_is_an_input_error_naming_where_it_looked(tmp_path: Path) -> None:
    pin, _ = synthetic_pin(tmp_path)
    pin = dataclasses.replace(pin, url=(tmp_path / "nowhere.xml").as_uri())
    with pytest.raises(inputs.InputError, match="cannot download") as raised:
        inputs.resolve(pin, shared_dir=tmp_path / "absent", cache_dir=tmp_path / "cache")
    assert f"neither in {tmp_path / 'absent'} nor in {tmp_path / 'cache'}" in str(raised.value)
    assert not (tmp_path / "cache" / pin.file).exists()
    assert not list((tmp_path / "cache").glob("*.part"))


def test_a_downloaded_file_with_the_wrong_hash_is_rejected(tmp_path: Path) -> None:
    pin, source = synthetic_pin(tmp_path)
    source.write_bytes(b"openapi: 3.0.1\n# the URL now serves another file\n")
    with pytest.raises(inputs.InputError) as raised:
        inputs.resolve(pin, shared_dir=tmp_path / "absent", cache_dir=tmp_path / "cache")
    assert pin.sha256 in str(raised.value)
    assert hashlib.sha256(source.read_bytes()).hexdigest() in str(raised.value)
    assert not (tmp_path / "cache" / pin.file).exists()  # not found next time


# ------------------------------------------------------------------------------------- vendored inputs


def test_a_vendored_input_resolves_with_no_shared_dir_no_cache_and_no_network(tmp_path: Path) -> None:
    pin, source = synthetic_pin(tmp_path)
    vendored = inputs.vendor(source, pin, repo_root=tmp_path / "repo")
    assert vendored.vendored == f"openapi/upstream/{pin.file}.xz"
    source.unlink()  # the raw URL is gone too: only the repository has the file
    cache = tmp_path / "cache"

    path = inputs.resolve(
        vendored, shared_dir=tmp_path / "absent", cache_dir=cache, repo_root=tmp_path / "repo"
    )

    assert path == cache / pin.file
    assert hashlib.sha256(path.read_bytes()).hexdigest() == pin.sha256
    assert [p.name for p in cache.iterdir()] == [pin.file]


def test_vendoring_is_deterministic_and_smaller(tmp_path: Path, module_copy: Path, lock: inputs.Lock) -> None:
    pin = dataclasses.replace(lock.module, vendored=None)
    first = inputs.vendor(module_copy, pin, repo_root=tmp_path / "a")
    second = inputs.vendor(module_copy, pin, repo_root=tmp_path / "b")
    packed = (tmp_path / "a" / str(first.vendored)).read_bytes()
    assert packed == (tmp_path / "b" / str(second.vendored)).read_bytes()
    assert len(packed) < module_copy.stat().st_size / 5
    assert lzma.decompress(packed) == module_copy.read_bytes()


def test_a_vendored_file_that_is_not_the_pinned_one_is_rejected_and_not_unpacked(tmp_path: Path) -> None:
    pin, source = synthetic_pin(tmp_path)
    vendored = inputs.vendor(source, pin, repo_root=tmp_path / "repo")
    (tmp_path / "repo" / str(vendored.vendored)).write_bytes(lzma.compress(b"something else\n"))
    with pytest.raises(inputs.InputError, match=f"expected {pin.sha256}"):
        inputs.resolve(
            vendored,
            shared_dir=tmp_path / "absent",
            cache_dir=tmp_path / "cache",
            repo_root=tmp_path / "repo",
        )
    assert not (tmp_path / "cache" / pin.file).exists()


def test_a_vendored_file_that_is_not_xz_is_an_input_error(tmp_path: Path) -> None:
    pin, source = synthetic_pin(tmp_path)
    vendored = inputs.vendor(source, pin, repo_root=tmp_path / "repo")
    (tmp_path / "repo" / str(vendored.vendored)).write_bytes(b"not xz")
    with pytest.raises(inputs.InputError, match="cannot read the vendored"):
        inputs.resolve(
            vendored,
            shared_dir=tmp_path / "absent",
            cache_dir=tmp_path / "cache",
            repo_root=tmp_path / "repo",
        )


def test_a_stale_unpacked_copy_is_replaced_from_the_vendored_file(tmp_path: Path) -> None:
    pin, source = synthetic_pin(tmp_path)
    vendored = inputs.vendor(source, pin, repo_root=tmp_path / "repo")
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / pin.file).write_bytes(b"an older download under the same name\n")
    path = inputs.resolve(
        vendored, shared_dir=tmp_path / "absent", cache_dir=cache, repo_root=tmp_path / "repo"
    )
    assert path.read_bytes() == source.read_bytes()


def test_the_lock_round_trips_a_vendored_path_and_refuses_one_outside_openapi(lock: inputs.Lock) -> None:
    pin = dataclasses.replace(lock.module, vendored="openapi/upstream/x.yml.xz")
    assert inputs.PinnedInput.from_dict(pin.to_dict()) == pin
    text = inputs.dump_lock(inputs.Lock(pin, lock.metadata), "# header\n")
    assert "  vendored: openapi/upstream/x.yml.xz\n" in text
    with pytest.raises(inputs.InputError, match="under openapi/"):
        inputs.PinnedInput.from_dict(pin.to_dict() | {"vendored": "../elsewhere/x.yml.xz"})


# ------------------------------------------------------------------------------ ../shared stays there


def shared_snapshots() -> list[Path]:
    return sorted(p for p in inputs.SHARED_UPSTREAM.glob("*") if p.suffix in {".yml", ".xml"})


def test_shared_snapshots_never_land_inside_the_repository() -> None:
    assert not inputs.SHARED_UPSTREAM.resolve().is_relative_to(REPO_ROOT)
    assert not inputs.CACHE_DIR.resolve().is_relative_to(REPO_ROOT)
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    snapshots = shared_snapshots()
    names = {p.name for p in snapshots} | {"CloudCommunications.yml", "cleanMetadata.xml"}
    assert not [f for f in files if Path(f).name in names]
    # nor any of them under another name, plain or vendored (compressed)
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in snapshots}
    sizes = {p.stat().st_size for p in snapshots}
    for name in files:
        path = REPO_ROOT / name
        if not path.is_file():
            continue
        data = path.read_bytes()
        if name.endswith(inputs.VENDOR_SUFFIX):
            data = lzma.decompress(data)
        elif len(data) not in sizes:
            continue
        assert hashlib.sha256(data).hexdigest() not in digests, name
