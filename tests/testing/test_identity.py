"""FakeIdentityPlatform end to end: real MSAL, httpx and PyJWT over HTTPS on 127.0.0.1."""

from __future__ import annotations

import base64
import json
import ssl
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jwt
import msal
import pytest
import requests

from graph_calls.testing import FakeIdentityPlatform
from graph_calls.testing._tls import ClientCertificate, make_client_certificate
from graph_calls.testing.identity import DEFAULT_ROLES, JWT_BEARER_ASSERTION_TYPE

GRAPH_SCOPE = "https://graph.microsoft.com/.default"
SECRET = "not-a-real-secret-3f9a"
PFX_PASSWORD = "correct horse"


@pytest.fixture(scope="module")
def platform() -> Iterator[FakeIdentityPlatform]:
    with FakeIdentityPlatform() as fake:
        yield fake


@pytest.fixture(autouse=True)
def _reset_platform(platform: FakeIdentityPlatform) -> None:
    platform.reset()


@pytest.fixture(scope="module")
def certificate() -> ClientCertificate:
    return make_client_certificate("graph-calls-bot", password=PFX_PASSWORD.encode())


@pytest.fixture(scope="module")
def other_certificate() -> ClientCertificate:
    return make_client_certificate("someone-else")


@pytest.fixture(scope="module")
def secret_client_id(platform: FakeIdentityPlatform) -> str:
    return platform.register_client(client_secret=SECRET).client_id


@pytest.fixture(scope="module")
def certificate_client_id(platform: FakeIdentityPlatform, certificate: ClientCertificate) -> str:
    return platform.register_client(certificate_pem=certificate.certificate_pem).client_id


@pytest.fixture
def session(platform: FakeIdentityPlatform) -> Iterator[requests.Session]:
    with requests.Session() as https_session:
        # REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE in the environment override session.verify
        # (requests merges the environment first); trust_env=False makes verify= stick.
        https_session.trust_env = False
        https_session.verify = platform.ca_bundle
        yield https_session


@pytest.fixture
def http(platform: FakeIdentityPlatform) -> Iterator[httpx.Client]:
    context = ssl.create_default_context(cafile=platform.ca_bundle)
    with httpx.Client(verify=context, base_url=platform.authority_host) as client:
        yield client


def msal_app(
    platform: FakeIdentityPlatform, session: requests.Session, client_id: str, credential: Any
) -> msal.ConfidentialClientApplication:
    """A fresh app per test: MSAL's HTTP throttle cache replays some errors for 60 s."""
    return msal.ConfidentialClientApplication(
        client_id,
        client_credential=credential,
        authority=platform.authority,
        instance_discovery=False,
        azure_region=False,
        http_client=session,
    )


def pem_credential(certificate: ClientCertificate) -> dict[str, str]:
    return {
        "private_key": certificate.private_key_pem.decode(),
        "public_certificate": certificate.certificate_pem.decode(),
    }


def client_assertion(
    signer: ClientCertificate,
    *,
    client_id: str,
    audience: str,
    sha256_thumbprint: str,
    expires_in_s: int = 600,
) -> str:
    now = int(time.time())
    claims = {
        "aud": audience,
        "iss": client_id,
        "sub": client_id,
        "jti": str(uuid.uuid4()),
        "iat": now,
        "nbf": now,
        "exp": now + expires_in_s,
    }
    headers = {"x5t#S256": sha256_thumbprint + "="}  # MSAL pads; the platform must not care
    return jwt.encode(claims, signer.private_key_pem, algorithm="PS256", headers=headers)


def post_assertion(
    http: httpx.Client, platform: FakeIdentityPlatform, client_id: str, assertion: str
) -> httpx.Response:
    return http.post(
        platform.token_endpoint,
        data={
            "grant_type": "client_credentials",
            "client_id": client_id,
            "scope": GRAPH_SCOPE,
            "client_assertion_type": JWT_BEARER_ASSERTION_TYPE,
            "client_assertion": assertion,
        },
    )


def post_secret(
    http: httpx.Client, platform: FakeIdentityPlatform, client_id: str, secret: str, scope: str = GRAPH_SCOPE
) -> httpx.Response:
    return http.post(
        platform.token_endpoint,
        data={
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": secret,
            "scope": scope,
        },
    )


def b64url_json(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


# -- MSAL, secret ------------------------------------------------------------------------------


def test_msal_secret_auth_gets_a_graph_token_and_the_second_call_uses_msal_cache(
    platform: FakeIdentityPlatform, session: requests.Session, secret_client_id: str
) -> None:
    app = msal_app(platform, session, secret_client_id, SECRET)
    first = app.acquire_token_for_client([GRAPH_SCOPE])
    second = app.acquire_token_for_client([GRAPH_SCOPE])

    assert first["token_source"] == "identity_provider"
    assert first["expires_in"] == platform.access_token_lifetime_s
    assert second["token_source"] == "cache"
    assert second["access_token"] == first["access_token"]
    assert platform.token_requests == 1
    claims = platform.validate_access_token(first["access_token"])
    assert claims["aud"] == "https://graph.microsoft.com"
    assert claims["iss"] == f"https://sts.windows.net/{platform.tenant_id}/"
    assert claims["tid"] == platform.tenant_id
    assert claims["appid"] == claims["azp"] == secret_client_id
    assert claims["roles"] == list(DEFAULT_ROLES)
    assert claims["exp"] - claims["iat"] == platform.access_token_lifetime_s
    (record,) = platform.token_request_log
    assert (record.auth_method, record.outcome, record.scope) == ("secret", "issued", GRAPH_SCOPE)


def test_msal_wrong_secret_is_refused_with_invalid_client_and_the_secret_is_not_echoed(
    platform: FakeIdentityPlatform, session: requests.Session, secret_client_id: str
) -> None:
    wrong_secret = "wrong-secret-value-81c2"
    result = msal_app(platform, session, secret_client_id, wrong_secret).acquire_token_for_client(
        [GRAPH_SCOPE]
    )

    assert result["error"] == "invalid_client"
    assert result["error_codes"] == [7000215]
    assert wrong_secret not in json.dumps(result)
    assert SECRET not in json.dumps(result)
    assert platform.token_request_log[0].status == 401


def test_msal_unknown_client_is_refused_with_unauthorized_client(
    platform: FakeIdentityPlatform, session: requests.Session
) -> None:
    unknown = str(uuid.uuid4())
    result = msal_app(platform, session, unknown, SECRET).acquire_token_for_client([GRAPH_SCOPE])

    assert result["error"] == "unauthorized_client"
    assert result["error_codes"] == [700016]
    assert unknown in result["error_description"]
    assert platform.token_request_log[0].status == 400


def test_msal_claims_challenge_is_sent_as_the_claims_field_and_recorded(
    platform: FakeIdentityPlatform, session: requests.Session, secret_client_id: str
) -> None:
    challenge = '{"access_token":{"nbf":{"essential":true,"value":"1604106651"}}}'
    result = msal_app(platform, session, secret_client_id, SECRET).acquire_token_for_client(
        [GRAPH_SCOPE], claims_challenge=challenge
    )

    assert "access_token" in result
    assert platform.token_request_log[0].claims == challenge


# -- MSAL, certificate -------------------------------------------------------------------------


def test_msal_certificate_pem_with_public_certificate_signs_ps256_with_x5t_s256(
    platform: FakeIdentityPlatform,
    session: requests.Session,
    certificate: ClientCertificate,
    certificate_client_id: str,
) -> None:
    app = msal_app(platform, session, certificate_client_id, pem_credential(certificate))
    result = app.acquire_token_for_client([GRAPH_SCOPE])

    assert "access_token" in result, result.get("error_description")
    (record,) = platform.token_request_log
    assert record.auth_method == "certificate"
    assert (record.assertion_alg, record.assertion_thumbprint_header) == ("PS256", "x5t#S256")
    assert platform.validate_access_token(result["access_token"])["appidacr"] == "2"


def test_msal_certificate_with_legacy_sha1_thumbprint_signs_rs256_with_x5t(
    platform: FakeIdentityPlatform,
    session: requests.Session,
    certificate: ClientCertificate,
    certificate_client_id: str,
) -> None:
    credential = {
        "private_key": certificate.private_key_pem.decode(),
        "thumbprint": certificate.sha1_thumbprint_hex,
    }
    result = msal_app(platform, session, certificate_client_id, credential).acquire_token_for_client(
        [GRAPH_SCOPE]
    )

    assert "access_token" in result, result.get("error_description")
    (record,) = platform.token_request_log
    assert (record.assertion_alg, record.assertion_thumbprint_header) == ("RS256", "x5t")


def test_msal_certificate_from_a_pfx_file_with_passphrase_gets_a_token(
    platform: FakeIdentityPlatform,
    session: requests.Session,
    certificate: ClientCertificate,
    certificate_client_id: str,
    tmp_path: Path,
) -> None:
    pfx_path = tmp_path / "bot.pfx"
    pfx_path.write_bytes(certificate.pfx)
    credential = {"private_key_pfx_path": str(pfx_path), "passphrase": PFX_PASSWORD}
    result = msal_app(platform, session, certificate_client_id, credential).acquire_token_for_client(
        [GRAPH_SCOPE]
    )

    assert "access_token" in result, result.get("error_description")
    (record,) = platform.token_request_log
    assert (record.assertion_alg, record.assertion_thumbprint_header) == ("PS256", "x5t#S256")


def test_msal_unregistered_certificate_is_refused_with_invalid_client(
    platform: FakeIdentityPlatform,
    session: requests.Session,
    other_certificate: ClientCertificate,
    certificate_client_id: str,
) -> None:
    app = msal_app(platform, session, certificate_client_id, pem_credential(other_certificate))
    result = app.acquire_token_for_client([GRAPH_SCOPE])

    assert result["error"] == "invalid_client"
    assert result["error_codes"] == [700027]
    assert "PRIVATE KEY" not in json.dumps(result)


# -- crafted client assertions -----------------------------------------------------------------


def test_assertion_signed_by_another_key_under_the_registered_thumbprint_is_refused(
    platform: FakeIdentityPlatform,
    http: httpx.Client,
    certificate: ClientCertificate,
    other_certificate: ClientCertificate,
    certificate_client_id: str,
) -> None:
    forged = client_assertion(
        other_certificate,
        client_id=certificate_client_id,
        audience=platform.token_endpoint,
        sha256_thumbprint=certificate.sha256_thumbprint_b64url,
    )
    response = post_assertion(http, platform, certificate_client_id, forged)

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert response.json()["error_codes"] == [700027]


def test_assertion_for_another_audience_is_refused(
    platform: FakeIdentityPlatform,
    http: httpx.Client,
    certificate: ClientCertificate,
    certificate_client_id: str,
) -> None:
    assertion = client_assertion(
        certificate,
        client_id=certificate_client_id,
        audience="https://login.microsoftonline.com/common/oauth2/v2.0/token",
        sha256_thumbprint=certificate.sha256_thumbprint_b64url,
    )
    response = post_assertion(http, platform, certificate_client_id, assertion)

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_expired_assertion_is_refused(
    platform: FakeIdentityPlatform,
    http: httpx.Client,
    certificate: ClientCertificate,
    certificate_client_id: str,
) -> None:
    assertion = client_assertion(
        certificate,
        client_id=certificate_client_id,
        audience=platform.token_endpoint,
        sha256_thumbprint=certificate.sha256_thumbprint_b64url,
        expires_in_s=-60,
    )
    response = post_assertion(http, platform, certificate_client_id, assertion)

    assert response.status_code == 401
    assert response.json()["error_codes"] == [700024]


def test_valid_crafted_assertion_is_accepted_and_may_be_replayed(
    platform: FakeIdentityPlatform,
    http: httpx.Client,
    certificate: ClientCertificate,
    certificate_client_id: str,
) -> None:
    assertion = client_assertion(
        certificate,
        client_id=certificate_client_id,
        audience=platform.token_endpoint,
        sha256_thumbprint=certificate.sha256_thumbprint_b64url,
    )
    # MSAL reuses one signed assertion (same jti) for 540 s, so a replay must pass.
    for _ in range(2):
        response = post_assertion(http, platform, certificate_client_id, assertion)
        assert response.status_code == 200, response.text
    assert platform.token_requests == 2


def test_assertion_without_a_client_id_field_names_the_client_by_its_issuer(
    platform: FakeIdentityPlatform,
    http: httpx.Client,
    certificate: ClientCertificate,
    certificate_client_id: str,
) -> None:
    assertion = client_assertion(
        certificate,
        client_id=certificate_client_id,
        audience=platform.token_endpoint,
        sha256_thumbprint=certificate.sha256_thumbprint_b64url,
    )
    response = http.post(
        platform.token_endpoint,
        data={
            "grant_type": "client_credentials",
            "scope": GRAPH_SCOPE,
            "client_assertion_type": JWT_BEARER_ASSERTION_TYPE,
            "client_assertion": assertion,
        },
    )

    assert response.status_code == 200, response.text
    assert platform.token_request_log[0].client_id == certificate_client_id


def test_assertion_for_a_client_with_only_a_secret_is_refused(
    platform: FakeIdentityPlatform,
    http: httpx.Client,
    certificate: ClientCertificate,
    secret_client_id: str,
) -> None:
    assertion = client_assertion(
        certificate,
        client_id=secret_client_id,
        audience=platform.token_endpoint,
        sha256_thumbprint=certificate.sha256_thumbprint_b64url,
    )
    response = post_assertion(http, platform, secret_client_id, assertion)

    assert response.status_code == 401
    assert response.json()["error_codes"] == [700027]


# -- request shape, errors and scopes ----------------------------------------------------------


def test_error_bodies_have_entra_shape_and_echo_the_client_request_id(
    platform: FakeIdentityPlatform, http: httpx.Client, secret_client_id: str
) -> None:
    request_id = str(uuid.uuid4())
    response = http.post(
        platform.token_endpoint,
        headers={"client-request-id": request_id},
        data={"grant_type": "client_credentials", "client_id": secret_client_id, "client_secret": "nope"},
    )
    body = response.json()

    assert response.status_code == 401
    assert set(body) >= {
        "error",
        "error_description",
        "error_codes",
        "timestamp",
        "trace_id",
        "correlation_id",
    }
    assert body["correlation_id"] == request_id
    first_line, *trailer = body["error_description"].split("\r\n")
    assert first_line.startswith("AADSTS7000215: ")
    assert trailer == [
        f"Trace ID: {body['trace_id']}",
        f"Correlation ID: {request_id}",
        f"Timestamp: {body['timestamp']}",
    ]
    assert "nope" not in response.text


def test_scope_without_default_suffix_is_refused_with_invalid_scope(
    platform: FakeIdentityPlatform, http: httpx.Client, secret_client_id: str
) -> None:
    response = post_secret(
        http, platform, secret_client_id, SECRET, scope="https://graph.microsoft.com/Calls.Initiate.All"
    )

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"
    assert response.json()["error_codes"] == [1002012]


def test_token_audience_follows_the_requested_resource(
    platform: FakeIdentityPlatform, http: httpx.Client, secret_client_id: str
) -> None:
    response = post_secret(http, platform, secret_client_id, SECRET, scope="api://other-api/.default")
    token = response.json()["access_token"]

    with pytest.raises(ValueError, match=r"(?i)audience"):
        platform.validate_access_token(token)
    assert platform.validate_access_token(token, audience="api://other-api")["aud"] == "api://other-api"


def test_token_response_has_the_entra_fields(
    platform: FakeIdentityPlatform, http: httpx.Client, secret_client_id: str
) -> None:
    platform.access_token_lifetime_s = 1234
    response = post_secret(http, platform, secret_client_id, SECRET)
    body = response.json()

    assert set(body) == {"token_type", "expires_in", "ext_expires_in", "access_token"}
    assert (body["token_type"], body["expires_in"], body["ext_expires_in"]) == ("Bearer", 1234, 1234)
    assert response.headers["cache-control"].startswith("no-store")


def test_discovery_advertises_https_endpoints_under_the_tenant(
    platform: FakeIdentityPlatform, http: httpx.Client
) -> None:
    document = http.get(f"/{platform.tenant_id}/v2.0/.well-known/openid-configuration").json()

    assert document["issuer"] == f"{platform.authority}/v2.0"
    assert document["token_endpoint"] == platform.token_endpoint
    assert document["authorization_endpoint"] == f"{platform.authority}/oauth2/v2.0/authorize"
    assert document["jwks_uri"] == f"{platform.authority}/discovery/v2.0/keys"


def test_discovery_for_an_unknown_tenant_is_refused(http: httpx.Client) -> None:
    response = http.get(f"/{uuid.uuid4()}/v2.0/.well-known/openid-configuration")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_tenant"


def test_issued_access_token_verifies_against_the_published_jwks(
    platform: FakeIdentityPlatform, http: httpx.Client, secret_client_id: str
) -> None:
    token = post_secret(http, platform, secret_client_id, SECRET).json()["access_token"]
    jwks_uri = http.get(f"/{platform.tenant_id}/v2.0/.well-known/openid-configuration").json()["jwks_uri"]
    jwks = jwt.PyJWKClient(jwks_uri, ssl_context=ssl.create_default_context(cafile=platform.ca_bundle))

    key = jwks.get_signing_key_from_jwt(token)
    claims = jwt.decode(token, key, algorithms=["RS256"], audience="https://graph.microsoft.com")
    assert claims["appid"] == secret_client_id


# -- validate_access_token ---------------------------------------------------------------------


def test_validate_access_token_rejects_a_tampered_token(
    platform: FakeIdentityPlatform, http: httpx.Client, secret_client_id: str
) -> None:
    token = post_secret(http, platform, secret_client_id, SECRET).json()["access_token"]
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["roles"] = ["Calls.Initiate.All", "Directory.ReadWrite.All"]
    tampered = f"{header}.{b64url_json(claims)}.{signature}"

    with pytest.raises(ValueError, match="Signature verification failed") as raised:
        platform.validate_access_token(tampered)
    assert tampered not in str(raised.value)


def test_validate_access_token_rejects_an_expired_token(
    platform: FakeIdentityPlatform, http: httpx.Client, secret_client_id: str
) -> None:
    platform.access_token_lifetime_s = -10
    token = post_secret(http, platform, secret_client_id, SECRET).json()["access_token"]

    with pytest.raises(ValueError, match="expired"):
        platform.validate_access_token(token)


def test_validate_access_token_rejects_a_token_from_another_signer(platform: FakeIdentityPlatform) -> None:
    foreign = platform.mint_callback_token(audience="https://graph.microsoft.com", tenant_id=None)

    with pytest.raises(ValueError, match="not signed by this platform"):
        platform.validate_access_token(foreign)


# -- faults, counters, registration ------------------------------------------------------------


def test_fail_next_answers_invalid_client_once_then_tokens_flow_again(
    platform: FakeIdentityPlatform, session: requests.Session, secret_client_id: str
) -> None:
    platform.fail_next()
    app = msal_app(platform, session, secret_client_id, SECRET)

    failed = app.acquire_token_for_client([GRAPH_SCOPE])
    succeeded = app.acquire_token_for_client([GRAPH_SCOPE])

    assert failed["error"] == "invalid_client"
    assert "access_token" in succeeded
    assert platform.token_requests == 2
    assert [(r.outcome, r.fault) for r in platform.token_request_log] == [
        ("invalid_client", True),
        ("issued", False),
    ]


def test_fail_next_with_status_500_makes_msal_raise_a_service_error(
    platform: FakeIdentityPlatform, session: requests.Session, secret_client_id: str
) -> None:
    platform.fail_next(status=500, error=None)
    app = msal_app(platform, session, secret_client_id, SECRET)

    with pytest.raises(msal.exceptions.MsalServiceError, match="500"):
        app.acquire_token_for_client([GRAPH_SCOPE])
    (record,) = platform.token_request_log
    assert (record.outcome, record.status, record.fault) == ("http_500", 500, True)


def test_fail_next_with_delay_slows_only_the_next_answers(
    platform: FakeIdentityPlatform, http: httpx.Client, secret_client_id: str
) -> None:
    platform.fail_next(delay_s=0.3, error=None)

    started = time.monotonic()
    assert post_secret(http, platform, secret_client_id, SECRET).status_code == 200
    delayed_s = time.monotonic() - started
    started = time.monotonic()
    assert post_secret(http, platform, secret_client_id, SECRET).status_code == 200
    prompt_s = time.monotonic() - started

    assert delayed_s >= 0.3
    assert prompt_s < 0.3


def test_token_delay_holds_concurrent_requests_at_the_same_time(
    platform: FakeIdentityPlatform, secret_client_id: str
) -> None:
    platform.token_delay_s = 0.4
    context = ssl.create_default_context(cafile=platform.ca_bundle)
    statuses: list[int] = []

    def request_token() -> None:
        with httpx.Client(verify=context) as client:
            statuses.append(post_secret(client, platform, secret_client_id, SECRET).status_code)

    threads = [threading.Thread(target=request_token) for _ in range(3)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed_s = time.monotonic() - started

    assert statuses == [200, 200, 200]
    assert 0.4 <= elapsed_s < 0.8  # overlapped, not serialised: the event loop was never blocked
    assert platform.token_requests == 3


def test_reset_clears_counters_log_and_faults_but_keeps_clients(
    platform: FakeIdentityPlatform, http: httpx.Client, secret_client_id: str
) -> None:
    post_secret(http, platform, secret_client_id, SECRET)
    platform.fail_next(3)
    platform.token_delay_s = 5.0

    platform.reset()

    assert (platform.token_requests, platform.token_request_log, platform.token_delay_s) == (0, [], 0.0)
    assert post_secret(http, platform, secret_client_id, SECRET).status_code == 200


def test_registered_client_repr_and_log_never_show_the_secret(
    platform: FakeIdentityPlatform, http: httpx.Client
) -> None:
    client = platform.register_client(roles=["Calls.Initiate.All"])
    assert client.client_secret is not None
    post_secret(http, platform, client.client_id, client.client_secret)

    assert client.client_secret not in repr(client)
    assert client.client_secret not in repr(platform.token_request_log)
    assert client.client_secret not in repr(platform)


def test_registered_roles_are_the_token_roles(platform: FakeIdentityPlatform, http: httpx.Client) -> None:
    client = platform.register_client("bot-with-one-role", client_secret=SECRET, roles=["Calls.Initiate.All"])
    token = post_secret(http, platform, client.client_id, SECRET).json()["access_token"]

    claims = platform.validate_access_token(token)
    assert claims["roles"] == ["Calls.Initiate.All"]
    assert claims["oid"] == client.object_id


# -- callback-notification signer --------------------------------------------------------------


def callback_jwks(platform: FakeIdentityPlatform, http: httpx.Client) -> jwt.PyJWKClient:
    config = http.get(platform.callback_openid_config_url).json()
    assert config["id_token_signing_alg_values_supported"] == ["RS256"]
    context = ssl.create_default_context(cafile=platform.ca_bundle)
    return jwt.PyJWKClient(config["jwks_uri"], ssl_context=context, cache_jwk_set=False)


def test_minted_callback_token_verifies_against_the_served_keys(
    platform: FakeIdentityPlatform, http: httpx.Client
) -> None:
    bot_app_id = str(uuid.uuid4())
    token = platform.mint_callback_token(audience=bot_app_id, tenant_id=platform.tenant_id)

    key = callback_jwks(platform, http).get_signing_key_from_jwt(token)
    claims = jwt.decode(
        token, key, algorithms=["RS256"], audience=bot_app_id, issuer="https://api.botframework.com"
    )
    assert claims["tid"] == platform.tenant_id
    assert platform.callback_key_fetches == 1


def test_callback_token_without_tenant_has_no_tid_and_keeps_extra_claims(
    platform: FakeIdentityPlatform,
) -> None:
    token = platform.mint_callback_token(
        audience="bot", tenant_id=None, issuer="https://graph.microsoft.com", extra_claims={"extra": 1}
    )
    claims = jwt.decode(token, options={"verify_signature": False})

    assert "tid" not in claims
    assert (claims["iss"], claims["extra"]) == ("https://graph.microsoft.com", 1)


def test_callback_token_lifetime_and_not_before_are_honoured(
    platform: FakeIdentityPlatform, http: httpx.Client
) -> None:
    jwks = callback_jwks(platform, http)
    expired = platform.mint_callback_token(audience="bot", tenant_id="t", lifetime_s=-60)
    premature = platform.mint_callback_token(audience="bot", tenant_id="t", not_before_offset_s=600)

    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(expired, jwks.get_signing_key_from_jwt(expired), algorithms=["RS256"], audience="bot")
    with pytest.raises(jwt.ImmatureSignatureError):
        jwt.decode(premature, jwks.get_signing_key_from_jwt(premature), algorithms=["RS256"], audience="bot")


def test_rotating_the_callback_key_publishes_a_new_kid_and_keeps_the_old_one(
    platform: FakeIdentityPlatform, http: httpx.Client
) -> None:
    old_kid = platform.callback_kids[-1]
    old_token = platform.mint_callback_token(audience="bot", tenant_id="t")

    new_kid = platform.rotate_callback_key()
    new_token = platform.mint_callback_token(audience="bot", tenant_id="t")

    assert new_kid != old_kid
    assert jwt.get_unverified_header(new_token)["kid"] == new_kid
    published = {key["kid"] for key in http.get("/v1/keys").json()["keys"]}
    assert published == {old_kid, new_kid}
    jwks = callback_jwks(platform, http)
    for token in (old_token, new_token):
        jwt.decode(token, jwks.get_signing_key_from_jwt(token), algorithms=["RS256"], audience="bot")


def test_rotating_with_drop_old_unpublishes_the_old_keys(
    platform: FakeIdentityPlatform, http: httpx.Client
) -> None:
    old_token = platform.mint_callback_token(audience="bot", tenant_id="t")

    new_kid = platform.rotate_callback_key(drop_old=True)

    assert [key["kid"] for key in http.get("/v1/keys").json()["keys"]] == [new_kid]
    with pytest.raises(jwt.PyJWKClientError, match="Unable to find a signing key"):
        callback_jwks(platform, http).get_signing_key_from_jwt(old_token)
    with pytest.raises(ValueError, match="kid"):
        platform.mint_callback_token(audience="bot", tenant_id="t", kid="no-such-kid")


def test_platforms_of_one_process_share_their_first_keys_yet_accept_only_their_own_tenants_tokens() -> None:
    # Making an RSA key is most of what starting a platform costs; Entra shares its keys across tenants too.
    with FakeIdentityPlatform() as first, FakeIdentityPlatform() as second:
        assert first.callback_kids == second.callback_kids
        client = first.register_client(client_secret=SECRET)
        with httpx.Client(verify=ssl.create_default_context(cafile=first.ca_bundle)) as https:
            token = post_secret(https, first, client.client_id, SECRET).json()["access_token"]

        assert first.validate_access_token(token)["appid"] == client.client_id
        with pytest.raises(ValueError, match="access token rejected"):
            second.validate_access_token(token)  # another tenant's issuer
        assert second.rotate_callback_key() not in first.callback_kids
