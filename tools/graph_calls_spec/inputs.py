"""The lock file: which upstream files the pipeline reads, where to find them, and their sha256."""

from __future__ import annotations

import hashlib
import os
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
    """Find a pinned file in ``shared_dir`` (when it exists) or download it into ``cache_dir``; verify it."""
    if shared_dir.is_dir():
        candidate = shared_dir / pin.file
        if not candidate.is_file():
            raise InputError(f"{pin.file} is not in {shared_dir}")
        return verify(candidate, pin.sha256)
    cached = cache_dir / pin.file
    if not cached.is_file():
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(cached.suffix + ".part")
        try:
            with urllib.request.urlopen(pin.url, timeout=60) as response:  # noqa: S310 (pinned https URL)
                tmp.write_bytes(response.read())
        except OSError as exc:
            raise InputError(f"cannot download {pin.url}: {exc}") from exc
        tmp.replace(cached)
    return verify(cached, pin.sha256)
