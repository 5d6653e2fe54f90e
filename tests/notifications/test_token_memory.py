"""CallbackTokenValidator remembers the tokens it accepted (by SHA-256, bounded) so the same token is not
verified again on every notification, without accepting anything it would have refused: an expired
token, a token signed by a retired key, a token with keys too old to use, a different token."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import jwt
import pytest

from graph_calls.errors import (
    InvalidAudienceError,
    InvalidSignatureError,
    MalformedTokenError,
    TokenExpiredError,
    UnknownSigningKeyError,
)
from graph_calls.notifications import CallbackTokenValidator
from graph_calls.notifications.validation import _MAX_REMEMBERED_TOKENS
from graph_calls.testing import FakeIdentityPlatform, TestCA

from ._payloads import APP_ID

MakeValidator = Callable[..., CallbackTokenValidator]


@pytest.fixture
def make_validator(idp: FakeIdentityPlatform, ca: TestCA) -> MakeValidator:
    def make(**options: Any) -> CallbackTokenValidator:
        return CallbackTokenValidator(
            APP_ID, openid_config_url=idp.callback_openid_config_url, verify=ca.ca_bundle, **options
        )

    return make


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every token whose signature and claims PyJWT checked."""
    checked: list[str] = []
    original = jwt.decode

    def counting(token: str, *args: Any, **kwargs: Any) -> Any:
        checked.append(token)
        return original(token, *args, **kwargs)

    monkeypatch.setattr(jwt, "decode", counting)
    return checked


def mint(idp: FakeIdentityPlatform, **claims: Any) -> str:
    return idp.mint_callback_token(audience=APP_ID, tenant_id=idp.tenant_id, extra_claims=claims or None)


def bearer(token: str) -> str:
    return f"Bearer {token}"


def test_a_token_seen_again_is_not_verified_again(
    make_validator: MakeValidator, idp: FakeIdentityPlatform, decodes: list[str]
) -> None:
    validator = make_validator()
    token = mint(idp, jti="one")

    first = validator.validate(bearer(token))
    again = validator.validate(f"bearer   {token} ")

    assert decodes == [token]
    assert again == first
    assert again.tenant_id == idp.tenant_id


@pytest.mark.anyio
async def test_the_async_twin_remembers_the_same_tokens(
    make_validator: MakeValidator, idp: FakeIdentityPlatform, decodes: list[str]
) -> None:
    validator = make_validator()
    token = mint(idp, jti="async")

    validator.validate(bearer(token))
    inbound = await validator.avalidate_headers({"Authorization": bearer(token)})

    assert decodes == [token]
    assert inbound.tenant_id == idp.tenant_id


def test_each_validation_gets_claims_of_its_own(
    make_validator: MakeValidator, idp: FakeIdentityPlatform
) -> None:
    validator = make_validator()
    token = mint(idp, jti="own")

    validator.validate(bearer(token)).claims["tid"] = "changed by the caller"

    assert validator.validate(bearer(token)).claims["tid"] == idp.tenant_id


def test_a_remembered_token_is_refused_once_it_expires(
    make_validator: MakeValidator, idp: FakeIdentityPlatform
) -> None:
    validator = make_validator(clock_skew_s=0)
    # At least 2 s ahead (exp is whole seconds): a loaded machine still validates it before it expires.
    expires_at = int(time.time()) + 3
    token = mint(idp, exp=expires_at)
    validator.validate(bearer(token))

    time.sleep(max(0.0, expires_at + 0.05 - time.time()))  # past exp, for the memory and for PyJWT

    with pytest.raises(TokenExpiredError):
        validator.validate(bearer(token))


def test_a_remembered_token_signed_by_a_retired_key_is_refused(
    make_validator: MakeValidator, idp: FakeIdentityPlatform
) -> None:
    validator = make_validator(min_refresh_interval_s=0)
    old = mint(idp, jti="old key")
    validator.validate(bearer(old))

    idp.rotate_callback_key(drop_old=True)
    validator.validate(bearer(mint(idp, jti="new key")))  # an unknown kid: the keys are fetched again

    with pytest.raises(UnknownSigningKeyError):
        validator.validate(bearer(old))


def test_keys_too_old_are_fetched_again_for_a_remembered_token(
    make_validator: MakeValidator, idp: FakeIdentityPlatform, decodes: list[str]
) -> None:
    validator = make_validator(max_keys_age_s=0.3)
    token = mint(idp, jti="aging keys")
    validator.validate(bearer(token))
    fetches = idp.callback_key_fetches

    time.sleep(0.35)
    validator.validate(bearer(token))

    assert idp.callback_key_fetches == fetches + 1
    assert decodes == [token, token]  # verified again with the keys just fetched


def test_another_token_is_checked_in_full(make_validator: MakeValidator, idp: FakeIdentityPlatform) -> None:
    validator = make_validator()
    token = mint(idp, jti="genuine")
    validator.validate(bearer(token))
    head, claims, signature = token.split(".")
    flipped = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")

    with pytest.raises((InvalidSignatureError, MalformedTokenError)):
        validator.validate(bearer(f"{head}.{claims}.{flipped}"))
    with pytest.raises(MalformedTokenError):
        validator.validate(bearer(f"{token}, {bearer(token)}"))


def test_a_refused_token_is_not_remembered(make_validator: MakeValidator, idp: FakeIdentityPlatform) -> None:
    validator = make_validator()
    token = idp.mint_callback_token(audience="someone-else", tenant_id=idp.tenant_id)

    for _ in range(2):
        with pytest.raises(InvalidAudienceError):
            validator.validate(bearer(token))
    assert len(validator._remembered) == 0


def test_the_memory_is_bounded_and_holds_no_token(
    make_validator: MakeValidator, idp: FakeIdentityPlatform
) -> None:
    validator = make_validator()
    tokens = [mint(idp, jti=f"t{n}") for n in range(_MAX_REMEMBERED_TOKENS + 10)]
    for token in tokens:
        validator.validate(bearer(token))

    remembered = validator._remembered
    assert len(remembered) == _MAX_REMEMBERED_TOKENS
    assert all(isinstance(key, bytes) and len(key) == 32 for key in remembered)
    assert not any(token in repr(entry) for entry in remembered.values() for token in tokens[-3:])
