"""identities.*: the IdentitySet the service expects, checked before anything is sent."""

from __future__ import annotations

import pytest

from graph_calls import identities
from graph_calls.errors import InvalidInputError
from graph_calls.models import Identity, IdentitySet


def test_user_with_identity_provider_serializes_like_the_reference_page() -> None:
    identity_set = identities.user("278405a3-f568-4b3e-b684-009193463064", identity_provider="AAD")
    assert isinstance(identity_set, IdentitySet)
    assert isinstance(identity_set.user, Identity)
    assert identity_set.to_dict() == {
        "user": {"id": "278405a3-f568-4b3e-b684-009193463064", "identityProvider": "AAD"}
    }


def test_user_extras_go_into_additional_properties() -> None:
    identity_set = identities.user("u1", tenant_id="t1", display_name="Ada")
    assert isinstance(identity_set.user, Identity)
    assert identity_set.user.display_name == "Ada"
    assert identity_set.user.additional_properties == {"tenantId": "t1"}
    assert identity_set.to_dict() == {"user": {"id": "u1", "displayName": "Ada", "tenantId": "t1"}}


def test_application_guest_and_phone_use_their_own_slots() -> None:
    assert identities.application("app", display_name="Bot").to_dict() == {
        "application": {"id": "app", "displayName": "Bot"}
    }
    assert identities.guest("g1", display_name="Guest").to_dict() == {
        "guest": {"id": "g1", "displayName": "Guest"}
    }
    assert identities.phone("+15555550100").to_dict() == {"phone": {"id": "+15555550100"}}


@pytest.mark.parametrize(
    "number", ["15555550100", "+05555550100", "+1 555 555 0100", "+1555555010012345", "+", "", "+1-555"]
)
def test_phone_rejects_numbers_that_are_not_e164(number: str) -> None:
    with pytest.raises(InvalidInputError, match=r"E\.164"):
        identities.phone(number)


@pytest.mark.parametrize("bad", [None, 42, b"id", ""])
def test_user_rejects_ids_that_are_not_non_empty_strings(bad: object) -> None:
    with pytest.raises(InvalidInputError):
        identities.user(bad)  # type: ignore[arg-type]


def test_identity_provider_must_be_a_string() -> None:
    with pytest.raises(InvalidInputError, match="identity_provider must be str"):
        identities.user("u1", identity_provider=1)  # type: ignore[arg-type]
