"""Fixtures for the tests that post to a receiver: a test CA, the fake identity platform serving the
callback signing keys over HTTPS on 127.0.0.1, a validator fetching them from there, and a fresh callback
token. A test module may define its own fixture of the same name instead (``test_validation`` does)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from graph_calls.notifications import CallbackTokenValidator
from graph_calls.testing import FakeIdentityPlatform, TestCA

from ._payloads import APP_ID

if TYPE_CHECKING:
    from tests._redis_server import RedisServer, RedisStores


@pytest.fixture(scope="module")
def ca() -> Iterator[TestCA]:
    with TestCA() as test_ca:
        yield test_ca


@pytest.fixture(scope="module")
def idp(ca: TestCA) -> Iterator[FakeIdentityPlatform]:
    with FakeIdentityPlatform(ca=ca) as platform:
        yield platform


@pytest.fixture(scope="module")
def validator(idp: FakeIdentityPlatform, ca: TestCA) -> CallbackTokenValidator:
    return CallbackTokenValidator(
        APP_ID, openid_config_url=idp.callback_openid_config_url, verify=ca.ca_bundle
    )


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def headers(idp: FakeIdentityPlatform) -> dict[str, str]:
    token = idp.mint_callback_token(audience=APP_ID, tenant_id=idp.tenant_id)
    return {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}


# The Redis store's tests (test_redis_*): a real redis-server per module, and the stores made on it.


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A throwaway ``redis-server`` on a loopback port for this module (no persistence)."""
    from tests._redis_server import RedisServer

    with RedisServer(tmp_path_factory.mktemp("redis")) as running:
        yield running


@pytest.fixture
def stores(server: RedisServer) -> Iterator[RedisStores]:
    """Makes ``RedisStore``s on ``server`` (one namespace per test), closed at teardown."""
    from tests._redis_server import RedisStores

    made = RedisStores(server)
    yield made
    made.close_all()
