"""Suite-wide guards.

``no_secret_or_token_in_logs`` runs for every test: with every logger at DEBUG, no log record may contain a
JWT (access tokens, callback tokens, client assertions) or a registered client secret.
"""

from __future__ import annotations

import gc
import logging
import re
from collections.abc import Iterator

import pytest

# The simulator fixtures, for every test (one simulator per session): graph_simulator, graph_sim,
# graph_client, async_graph_client.
from graph_calls.testing.fixtures import async_graph_client, graph_client, graph_sim, graph_simulator

__all__ = ["async_graph_client", "graph_client", "graph_sim", "graph_simulator", "register_secret"]

# Three base64url segments, the first two JSON objects ("eyJ" = '{"'): any JWT, signed or not.
JWT_PATTERN = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
SECRETS: set[str] = set()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files with slow tests first, the rest in their order: xdist (``--dist loadfile``, with
    ``--no-loadscope-reorder``) hands files out in this order, so the long ones start early instead of
    running on after the others."""
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow)  # stable: each file's tests keep their order


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collection built (modules, test parameters) lives for the whole run: out of the cyclic garbage
    collector's way, so that each full collection in a long worker run does not walk it again."""
    gc.collect()
    gc.freeze()


def register_secret(value: str) -> None:
    """Tell the log guard about a secret a test created (client secrets, passwords)."""
    if value:
        SECRETS.add(value)


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # a broken log call is not this guard's concern
            text = str(record.msg)
        if record.exc_info and record.exc_info[1] is not None:
            text += f"\n{record.exc_info[1]!r}"
        self.texts.append(text)


def leaked(texts: list[str]) -> list[str]:
    return [t for t in texts if JWT_PATTERN.search(t) or any(s in t for s in SECRETS)]


@pytest.fixture(autouse=True)
def no_secret_or_token_in_logs() -> Iterator[None]:
    root = logging.getLogger()
    recorder = _Recorder()
    previous = root.level
    root.addHandler(recorder)
    root.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        root.removeHandler(recorder)
        root.setLevel(previous)
    leaks = leaked(recorder.texts)
    assert not leaks, f"{len(leaks)} log record(s) contain a token or a secret, e.g. {leaks[0][:200]!r}"


@pytest.fixture(autouse=True, scope="session")
def _secrets_of_fake_apps_are_guarded() -> Iterator[None]:
    """Every client secret a fake identity platform registers is one the log guard looks for."""
    from graph_calls.testing.identity import FakeIdentityPlatform

    original = FakeIdentityPlatform.register_client

    def register_client(self: FakeIdentityPlatform, *args: object, **kwargs: object) -> object:
        registered = original(self, *args, **kwargs)  # type: ignore[arg-type]
        if registered.client_secret:
            register_secret(registered.client_secret)
        return registered

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(FakeIdentityPlatform, "register_client", register_client)
        yield
