"""The sync navigation is generated from its async source, and make check fails when the two disagree."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph_calls_spec import regen, twins

from .test_pipeline import copy_repository

ASYNC_SOURCE = '''\
"""Async navigation: an async iterator over ``async for item in ...``."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable


class AsyncThingResource:
    def __init__(self, run: Callable[[int], Awaitable[dict[str, int]]]) -> None:
        self._run = run

    async def get(self) -> dict[str, int]:
        await asyncio.sleep(0)
        return await self._run(1)

    async def __aiter__(self) -> AsyncIterator[int]:
        async for page in self.pages():
            yield page

    async def collect(self) -> list[int]:
        return [item async for item in self]
'''


def test_unasync_drops_async_and_await_and_maps_async_names_outside_strings() -> None:
    out = twins.unasync(ASYNC_SOURCE)

    assert "await" not in out
    assert "async def" not in out
    assert "async for" not in out
    assert "class ThingResource:" in out
    assert "run: Callable[[int], dict[str, int]]" in out  # Awaitable[...] unwrapped, brackets balanced
    assert "def __iter__(self) -> Iterator[int]:" in out
    assert "time.sleep(0)" in out
    assert "import time" in out
    assert "return [item for item in self]" in out
    assert '"""Async navigation: an iterator over ``for item in ...``."""' in out  # docstring phrases
    compile(out, "sync.py", "exec")


def test_the_committed_sync_twin_is_what_its_source_generates() -> None:
    for source, twin in twins.TWINS:
        rendered = twins.render(source, twin)
        assert (regen.ROOT / twin).read_text(encoding="utf-8") == rendered


def _with_twins(root: Path) -> Path:
    """A repository copy with the overlays too (ruff sorts the twin's imports by what is first-party)."""
    copy_repository(root)
    shutil.copytree(
        regen.ROOT / "overlays",
        root / "overlays",
        ignore=shutil.ignore_patterns("__pycache__"),
        dirs_exist_ok=True,
    )
    return root


@pytest.mark.usefixtures("replayed_generations")
def test_check_fails_when_a_method_is_added_to_the_async_source_only(tmp_path: Path) -> None:
    root = _with_twins(tmp_path / "repo")
    source, twin = twins.TWINS[0]
    text = (root / source).read_text(encoding="utf-8")
    anchor = "    async def keep_alive(self, **options: Unpack[RequestOptions]) -> None:\n"
    assert text.count(anchor) == 1
    added = "    async def ring(self) -> None:\n        return await self._client._run(None)\n\n"
    (root / source).write_text(text.replace(anchor, added + anchor), encoding="utf-8")

    differences = regen.check(root=root, scratch=root / ".check")

    assert [(d.kind, d.path) for d in differences] == [("changed", str(twin))]
    assert "+    def ring(self) -> None:" in differences[0].diff


@pytest.mark.usefixtures("replayed_generations")
def test_check_fails_when_the_sync_twin_is_edited_by_hand(tmp_path: Path) -> None:
    root = _with_twins(tmp_path / "repo")
    _source, twin = twins.TWINS[0]
    text = (root / twin).read_text(encoding="utf-8")
    (root / twin).write_text(text.replace("    def keep_alive(self", "    def keep_alive_now(self"), "utf-8")

    differences = regen.check(root=root, scratch=root / ".check")

    assert [(d.kind, d.path) for d in differences] == [("changed", str(twin))]
