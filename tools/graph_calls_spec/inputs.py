"""The lock file: which upstream files the pipeline reads, where to find them, and their sha256."""

from __future__ import annotations

import hashlib
import lzma
import os
import shutil
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from graph_calls_spec import yaml_load

REPO_ROOT = Path(__file__).resolve().parents[2]
OPENAPI_DIR = REPO_ROOT / "openapi"
LOCK_PATH = OPENAPI_DIR / "lock.yml"
SHARED_UPSTREAM = REPO_ROOT.parent / "shared" / "upstream"
# Inputs pinned by `make upstream-bump` that ../shared/upstream does not have, xz-compressed (``<file>.xz``),
# so `make check` and `make test` need no network after a bump.
VENDOR_DIR = OPENAPI_DIR / "upstream"
VENDOR_SUFFIX = ".xz"
CACHE_DIR = Path(os.environ.get("GRAPH_CALLS_CACHE", Path.home() / ".cache" / "graph-calls" / "upstream"))
LOCK_FIELDS = ("file", "repository", "commit", "path", "url", "sha256")
# Optional: where the input is kept in the repository (relative to its root), when it is.
VENDORED_FIELD = "vendored"


class InputError(Exception):
    """An upstream input is missing, cannot be fetched, or does not match its pinned hash."""


@dataclass(frozen=True)
class PinnedInput:
    """One upstream file as recorded in the lock."""

    file: str
    repository: str
    commit: str
    path: str
    url: str
    sha256: str
    vendored: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PinnedInput:
        missing = [f for f in LOCK_FIELDS if not data.get(f)]
        if missing:
            raise InputError(f"lock entry {data.get('file', '?')} lacks {', '.join(missing)}")
        vendored = data.get(VENDORED_FIELD)
        if vendored is not None and not str(vendored).startswith(f"{OPENAPI_DIR.name}/"):
            raise InputError(f"lock entry {data['file']}: {VENDORED_FIELD} must be a path under openapi/")
        fields = {f: str(data[f]) for f in LOCK_FIELDS}
        return cls(**fields, vendored=None if vendored is None else str(vendored))

    def to_dict(self) -> dict[str, str]:
        fields = {f: getattr(self, f) for f in LOCK_FIELDS}
        if self.vendored is not None:
            fields[VENDORED_FIELD] = self.vendored
        return fields


@dataclass(frozen=True)
class Lock:
    """The pinned module (OpenAPI) and metadata (CSDL)."""

    module: PinnedInput
    metadata: PinnedInput


def load_lock(path: Path = LOCK_PATH) -> Lock:
    data = yaml_load.read(path)
    return Lock(PinnedInput.from_dict(data["module"]), PinnedInput.from_dict(data["metadata"]))


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verify(path: Path, expected_sha256: str) -> Path:
    """Return ``path`` if its sha256 is the pinned one; else raise naming both hashes."""
    actual = sha256_of(path)
    if actual != expected_sha256:
        raise InputError(f"sha256 mismatch for {path}: expected {expected_sha256}, got {actual}")
    return path


def resolve(
    pin: PinnedInput,
    *,
    shared_dir: Path = SHARED_UPSTREAM,
    cache_dir: Path = CACHE_DIR,
    repo_root: Path = REPO_ROOT,
) -> Path:
    """Find a pinned file and verify it: in ``shared_dir``, else vendored in the repository, else in
    ``cache_dir``, else download ``pin.url``.

    ../shared/upstream holds Microsoft's snapshots and is never copied into the repository; an input that
    ``make upstream-bump`` pinned from anywhere else is kept compressed in the repository (the lock's
    ``vendored`` path) and unpacked into ``cache_dir`` when first needed, so nothing is downloaded. Only a
    lock whose file is in neither place falls back to the raw URL. Whatever the source, the sha256 must be
    the pinned one.
    """
    candidate = shared_dir / pin.file
    if candidate.is_file():
        return verify(candidate, pin.sha256)
    cached = cache_dir / pin.file
    if pin.vendored is not None:
        return unpack(repo_root / pin.vendored, pin, cached)
    if cached.is_file():
        return verify(cached, pin.sha256)
    try:
        download(pin.url, cached)
    except InputError as exc:
        raise InputError(f"{pin.file} is neither in {shared_dir} nor in {cache_dir}; {exc}") from exc
    try:
        return verify(cached, pin.sha256)
    except InputError:
        cached.unlink()  # a download that is not the pinned file must not be found next time
        raise


def unpack(vendored: Path, pin: PinnedInput, target: Path) -> Path:
    """The vendored ``<file>.xz`` unpacked at ``target`` (reused while its sha256 is the pinned one)."""
    if target.is_file() and sha256_of(target) == pin.sha256:
        return target
    try:
        data = lzma.decompress(vendored.read_bytes())
    except (OSError, lzma.LZMAError) as exc:
        raise InputError(f"cannot read the vendored {pin.file} at {vendored}: {exc}") from exc
    actual = hashlib.sha256(data).hexdigest()
    if actual != pin.sha256:
        raise InputError(f"sha256 mismatch for {vendored}: expected {pin.sha256}, got {actual}")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".part")
    tmp.write_bytes(data)
    tmp.replace(target)
    return target


def vendor(source: Path, pin: PinnedInput, *, repo_root: Path = REPO_ROOT) -> PinnedInput:
    """Keep ``source`` in the repository, xz-compressed, and return ``pin`` with its ``vendored`` path.

    The compression is deterministic (no timestamps), so vendoring one file twice gives the same bytes.
    """
    verify(source, pin.sha256)
    relative = f"{VENDOR_DIR.relative_to(REPO_ROOT)}/{pin.file}{VENDOR_SUFFIX}"
    target = repo_root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(lzma.compress(source.read_bytes(), preset=9 | lzma.PRESET_EXTREME))
    return replace(pin, vendored=relative)


def download(url: str, target: Path) -> Path:
    """Fetch ``url`` into ``target`` (atomically: a partial download never looks complete)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".part")
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (https URL given by the maintainer)
            tmp.write_bytes(response.read())
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot download {url}: {exc}") from exc
    tmp.replace(target)
    return target


def stage(source: Path, pin: PinnedInput, *, cache_dir: Path = CACHE_DIR) -> Path:
    """Copy ``source`` into ``cache_dir`` under the lock's file name, so :func:`resolve` finds it offline."""
    verify(source, pin.sha256)
    target = cache_dir / pin.file
    if source.resolve() != target.resolve():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return target


def is_url(source: str) -> bool:
    """Whether ``source`` is an http(s) URL rather than a path."""
    return source.startswith(("https://", "http://"))


def fetch(source: str, *, cache_dir: Path = CACHE_DIR) -> Path:
    """A local path as given, or an ad-hoc URL downloaded afresh into ``cache_dir/adhoc`` (no hash to check).

    Downloaded every time: an ad-hoc URL may name a branch whose content moves.
    """
    if not is_url(source):
        path = Path(source)
        if not path.is_file():
            raise InputError(f"{source} is not a file")
        return path
    digest = hashlib.sha256(source.encode()).hexdigest()[:12]
    name = source.rstrip("/").rsplit("/", 1)[-1] or "download"
    return download(source, cache_dir / "adhoc" / f"{digest}-{name}")


def raw_url(repository: str, commit: str, path: str) -> str:
    """The raw.githubusercontent.com URL of ``path`` in ``repository`` at ``commit``."""
    return f"https://raw.githubusercontent.com/{repository}/{commit}/{path}"


def dump_lock(lock: Lock, header: str) -> str:
    """The lock file's text: ``header`` (its comment lines), then both entries in field order."""
    lines = [header.rstrip("\n")] if header.strip() else []
    for section, pin in (("module", lock.module), ("metadata", lock.metadata)):
        lines.append(f"{section}:")
        lines += [f"  {name}: {value}" for name, value in pin.to_dict().items()]
    return "\n".join(lines) + "\n"


def lock_header(text: str) -> str:
    """The leading comment lines of a lock file (kept when ``make upstream-bump`` rewrites it)."""
    header: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    return "\n".join(header) + ("\n" if header else "")
