"""The lock file: which upstream files the pipeline reads, where to find them, and their sha256."""

from __future__ import annotations

import hashlib
import os
import shutil
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
OPENAPI_DIR = REPO_ROOT / "openapi"
LOCK_PATH = OPENAPI_DIR / "lock.yml"
SHARED_UPSTREAM = REPO_ROOT.parent / "shared" / "upstream"
CACHE_DIR = Path(os.environ.get("GRAPH_CALLS_CACHE", Path.home() / ".cache" / "graph-calls" / "upstream"))
LOCK_FIELDS = ("file", "repository", "commit", "path", "url", "sha256")


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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PinnedInput:
        missing = [f for f in LOCK_FIELDS if not data.get(f)]
        if missing:
            raise InputError(f"lock entry {data.get('file', '?')} lacks {', '.join(missing)}")
        return cls(**{f: str(data[f]) for f in LOCK_FIELDS})

    def to_dict(self) -> dict[str, str]:
        return {f: getattr(self, f) for f in LOCK_FIELDS}


@dataclass(frozen=True)
class Lock:
    """The pinned module (OpenAPI) and metadata (CSDL)."""

    module: PinnedInput
    metadata: PinnedInput


def load_lock(path: Path = LOCK_PATH) -> Lock:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Lock(PinnedInput.from_dict(data["module"]), PinnedInput.from_dict(data["metadata"]))


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verify(path: Path, expected_sha256: str) -> Path:
    """Return ``path`` if its sha256 is the pinned one; else raise naming both hashes."""
    actual = sha256_of(path)
    if actual != expected_sha256:
        raise InputError(f"sha256 mismatch for {path}: expected {expected_sha256}, got {actual}")
    return path


def resolve(pin: PinnedInput, *, shared_dir: Path = SHARED_UPSTREAM, cache_dir: Path = CACHE_DIR) -> Path:
    """Find a pinned file and verify it: in ``shared_dir``, else in ``cache_dir``, else download ``pin.url``.

    CI has only ``shared_dir`` (../shared/upstream); a file pinned by ``make upstream-bump`` that is not there
    yet was staged into ``cache_dir`` under its lock name (:func:`stage`), and anywhere else the lock's raw
    URL is downloaded into ``cache_dir``. Whatever the source, the sha256 must be the pinned one.
    """
    candidate = shared_dir / pin.file
    if candidate.is_file():
        return verify(candidate, pin.sha256)
    cached = cache_dir / pin.file
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
