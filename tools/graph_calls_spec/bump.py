"""``make upstream-bump``: pin new upstream inputs in openapi/lock.yml.

The given file is checked (it must build, with every keep-list operation) and hashed. Unless it is one of
the snapshots in ../shared/upstream (which are read from there and never copied into the repository), it is
kept in the repository xz-compressed under openapi/upstream/ and the lock names it (``vendored``), so
`make check` and `make test` need neither ../shared nor the network after a bump. Vendored files no longer
pinned are removed. The file is also staged into the cache, so nothing is unpacked on this machine.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from graph_calls_spec import inputs, pipeline
from graph_calls_spec.inputs import CACHE_DIR, LOCK_PATH, InputError, Lock, PinnedInput
from graph_calls_spec.rules import Rules

COMMIT = re.compile(r"[0-9a-f]{40}")


def file_name(source: Path, previous: PinnedInput, commit: str) -> str:
    """The lock name of a new input: the given name if it carries the short commit, else ``<stem>.<commit8>``.

    The names in ../shared/upstream follow ``CloudCommunications.v1.0.<date>-<commit8>.yml``; a file saved
    under its upstream name (``CloudCommunications.yml``) gets the short commit so two pins never collide.
    """
    if commit[:8] in source.name:
        return source.name
    upstream = Path(previous.path)
    return f"{upstream.stem}.{commit[:8]}{upstream.suffix}"


def new_pin(previous: PinnedInput, source: Path, commit: str) -> PinnedInput:
    """``previous`` moved to ``commit``: same repository and path, new name, raw URL and sha256."""
    if not COMMIT.fullmatch(commit):
        raise InputError(f"{commit!r} is not a full 40-hex upstream commit")
    return replace(
        previous,
        file=file_name(source, previous, commit),
        commit=commit,
        url=inputs.raw_url(previous.repository, commit, previous.path),
        sha256=inputs.sha256_of(source),
    )


def bump(
    rules: Rules,
    *,
    module: Path | None = None,
    commit: str | None = None,
    metadata: Path | None = None,
    metadata_commit: str | None = None,
    lock_path: Path = LOCK_PATH,
    cache_dir: Path = CACHE_DIR,
    shared_dir: Path = inputs.SHARED_UPSTREAM,
    repo_root: Path = inputs.REPO_ROOT,
    metadata_origin: str | None = None,
) -> tuple[Lock, Lock]:
    """Record the given module and/or metadata in the lock; return the lock before and after.

    Nothing is written unless the new inputs build with every keep-list operation and are v1.0 (the SDK
    ships v1.0: beta is refused; ``metadata_origin`` is where a given metadata came from, a URL or path).
    """
    if module is None and metadata is None:
        raise InputError("nothing to bump: give a module and/or a metadata file")
    old = inputs.load_lock(lock_path)
    new = old
    if module is not None:
        new = replace(new, module=new_pin(old.module, module, commit or ""))
    if metadata is not None:
        new = replace(new, metadata=new_pin(old.metadata, metadata, metadata_commit or ""))
    where = {"shared_dir": shared_dir, "cache_dir": cache_dir, "repo_root": repo_root}
    module_path = module or inputs.resolve(old.module, **where)
    metadata_path = metadata or inputs.resolve(old.metadata, **where)
    origin = metadata_origin if metadata is not None else old.metadata.url
    pipeline.build_from_files(module_path, metadata_path, rules, fatal_missing=True, metadata_origin=origin)
    if module is not None:
        new = replace(new, module=keep(module, new.module, shared_dir, cache_dir, repo_root))
    if metadata is not None:
        new = replace(new, metadata=keep(metadata, new.metadata, shared_dir, cache_dir, repo_root))
    header = inputs.lock_header(lock_path.read_text(encoding="utf-8"))
    lock_path.write_text(inputs.dump_lock(new, header), encoding="utf-8")
    drop_unpinned(new, repo_root)
    return old, new


def keep(source: Path, pin: PinnedInput, shared_dir: Path, cache_dir: Path, repo_root: Path) -> PinnedInput:
    """Stage ``source`` in the cache and, unless ../shared/upstream has it, vendor it in the repository.

    A snapshot ../shared/upstream has (by content, whatever the given file's name) is pinned under its name
    there, so it is read from there like the snapshots in it always are.
    """
    candidates = sorted(path for path in shared_dir.glob("*") if path.is_file())
    shared = next((path for path in candidates if inputs.sha256_of(path) == pin.sha256), None)
    if shared is not None:
        return replace(pin, file=shared.name, vendored=None)
    inputs.stage(source, pin, cache_dir=cache_dir)
    return inputs.vendor(source, pin, repo_root=repo_root)


def drop_unpinned(lock: Lock, repo_root: Path) -> list[Path]:
    """Remove vendored inputs the lock no longer names (a bump replaces them); return what was removed."""
    folder = repo_root / inputs.VENDOR_DIR.relative_to(inputs.REPO_ROOT)
    pinned = {repo_root / pin.vendored for pin in (lock.module, lock.metadata) if pin.vendored}
    removed = [path for path in sorted(folder.glob(f"*{inputs.VENDOR_SUFFIX}")) if path not in pinned]
    for path in removed:
        path.unlink()
    return removed
