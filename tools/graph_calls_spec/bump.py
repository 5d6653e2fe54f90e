"""``make upstream-bump``: pin new upstream inputs in openapi/lock.yml.

The given file is checked (it must build, with every keep-list operation), hashed, and staged into the
cache under its lock name, so :func:`inputs.resolve` finds it here without a download; CI, which only has
../shared/upstream, downloads the lock's raw URL instead and checks the same sha256.
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
) -> tuple[Lock, Lock]:
    """Record the given module and/or metadata in the lock; return the lock before and after.

    Nothing is written unless the new inputs build with every keep-list operation.
    """
    if module is None and metadata is None:
        raise InputError("nothing to bump: give a module and/or a metadata file")
    old = inputs.load_lock(lock_path)
    new = old
    if module is not None:
        new = replace(new, module=new_pin(old.module, module, commit or ""))
    if metadata is not None:
        new = replace(new, metadata=new_pin(old.metadata, metadata, metadata_commit or ""))
    module_path = module or inputs.resolve(old.module, shared_dir=shared_dir, cache_dir=cache_dir)
    metadata_path = metadata or inputs.resolve(old.metadata, shared_dir=shared_dir, cache_dir=cache_dir)
    pipeline.build_from_files(module_path, metadata_path, rules, fatal_missing=True)
    for source, pin in ((module, new.module), (metadata, new.metadata)):
        if source is not None:
            inputs.stage(source, pin, cache_dir=cache_dir)
    header = inputs.lock_header(lock_path.read_text(encoding="utf-8"))
    lock_path.write_text(inputs.dump_lock(new, header), encoding="utf-8")
    return old, new
