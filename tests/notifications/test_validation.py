"""CallbackTokenValidator against a real local OpenID configuration + JWKS server.

The server (``KeyServer``) plays the calling platform's ``/v1/.well-known/OpenIdConfiguration`` and
``/v1/keys`` on 127.0.0.1 and counts every fetch; tokens are minted with PyJWT and our own RSA keys,
or crafted byte by byte for the attacks PyJWT refuses to produce.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import ssl
import subprocess
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import anyio
import jwt
import pytest
import trustme
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from jwt.algorithms import RSAAlgorithm
from starlette.datastructures import Headers

from graph_calls.errors import (
    AlgorithmNotAllowedError,
    InboundAuthError,
    InvalidAudienceError,
    InvalidInputError,
    InvalidIssuerError,
    InvalidSignatureError,
    MalformedTokenError,
    MissingTenantError,
    MissingTokenError,
    SigningKeysUnavailableError,
    TenantNotAllowedError,
    TokenExpiredError,
    TokenNotYetValidError,
    UnknownSigningKeyError,
)
from graph_calls.notifications import CallbackTokenValidator, InboundClaims

pytestmark = pytest.mark.slow  # key-fetch rate limits wait out their intervals

APP_ID = "11111111-2222-3333-4444-555555555555"
TENANT_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
OTHER_TENANT_ID = "99999999-8888-7777-6666-555555555555"
ISSUER = "https://api.botframework.com"
CONFIG_PATH = "/v1/.well-known/OpenIdConfiguration"
KEYS_PATH = "/v1/keys"


# Keys and tokens


@dataclass(frozen=True)
class SigningKey:
    """An RSA key pair published (or not) under ``kid``."""

    kid: str
    private_key: rsa.RSAPrivateKey

    def jwk(self) -> dict[str, Any]:
        public = RSAAlgorithm.to_jwk(self.private_key.public_key(), as_dict=True)
        return {"kty": "RSA", "use": "sig", "kid": self.kid, "n": public["n"], "e": public["e"]}

    def public_pem(self) -> bytes:
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def token(self, *, kid: str | None = None, **overrides: Any) -> str:
        """An RS256 token with valid claims, changed by ``overrides`` (a value of None drops it)."""
        claims = {k: v for k, v in valid_claims(**overrides).items() if v is not None}
        return jwt.encode(claims, self.private_key, algorithm="RS256", headers={"kid": kid or self.kid})


def valid_claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims: dict[str, Any] = {
        "aud": APP_ID,
        "iss": ISSUER,
        "tid": TENANT_ID,
        "iat": now - 10,
        "nbf": now - 10,
        "exp": now + 3600,
    }
    claims.update(overrides)
    return claims


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def craft(header: dict[str, Any], claims: dict[str, Any], signature: bytes = b"") -> str:
    """A compact JWT assembled by hand, with whatever header and signature we like."""
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
    return f"{signing_input}.{b64url(signature)}"


def hs256(header: dict[str, Any], claims: dict[str, Any], secret: bytes) -> str:
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(signature)}"


def bearer(token: str) -> str:
    return f"Bearer {token}"


def new_rsa_key(bits: int = 2048) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


@pytest.fixture(scope="module")
def current() -> SigningKey:
    """The key the server publishes from the start."""
    return SigningKey("current-kid", new_rsa_key())


@pytest.fixture(scope="module")
def rotated() -> SigningKey:
    """The key the server moves to in rotation tests (unpublished until then)."""
    return SigningKey("rotated-kid", new_rsa_key())


@pytest.fixture(scope="module")
def outsider() -> rsa.RSAPrivateKey:
    """A key the server never publishes."""
    return new_rsa_key()


# The key server


class KeyServer(ThreadingHTTPServer):
    """Serves an OpenID configuration and a JWKS, counts fetches, and can be made to misbehave."""

    daemon_threads = True

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _KeyServerHandler)
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True, do_handshake_on_connect=False)
        scheme = "https" if tls else "http"
        self.base_url = f"{scheme}://127.0.0.1:{self.server_address[1]}"
        self.config_url = self.base_url + CONFIG_PATH
        self.jwks: list[dict[str, Any]] = []
        self.jwks_uri = self.base_url + KEYS_PATH
        self.status: dict[str, int] = {}
        self.raw_body: dict[str, bytes] = {}
        self.keys_delay_s = 0.0
        self.hits: Counter[str] = Counter()
        self._lock = threading.Lock()

    def publish(self, *entries: dict[str, Any]) -> None:
        self.jwks = list(entries)

    @property
    def keys_fetches(self) -> int:
        return self.hits[KEYS_PATH]

    def respond(self, path: str) -> tuple[int, bytes]:
        with self._lock:
            self.hits[path] += 1
        if path == CONFIG_PATH:
            # Shaped like the real document: its issuer is not its URL and it says "RSA256" (sic).
            body: Any = {
                "issuer": "https://api.botframework.com",
                "authorization_endpoint": "https://example.invalid/v1/authorize",
                "jwks_uri": self.jwks_uri,
                "id_token_signing_alg_values_supported": ["RSA256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            }
        elif path == KEYS_PATH:
            time.sleep(self.keys_delay_s)
            body = {"keys": self.jwks}
        else:
            return 404, b"{}"
        return self.status.get(path, 200), self.raw_body.get(path, json.dumps(body).encode())


class _KeyServerHandler(BaseHTTPRequestHandler):
    server: KeyServer

    def do_GET(self) -> None:
        status, body = self.server.respond(self.path)
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(server: KeyServer) -> Iterator[KeyServer]:
    # A short poll interval: shutdown() waits for it, once per test.
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def key_server(current: SigningKey) -> Iterator[KeyServer]:
    server = KeyServer()
    server.publish(current.jwk())
    yield from serve(server)


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_key_server(ca: trustme.CA, current: SigningKey) -> Iterator[KeyServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    server = KeyServer(tls=context)
    server.publish(current.jwk())
    yield from serve(server)


MakeValidator = Callable[..., CallbackTokenValidator]


@pytest.fixture
def make_validator(key_server: KeyServer) -> MakeValidator:
    def make(**options: Any) -> CallbackTokenValidator:
        options.setdefault("openid_config_url", key_server.config_url)
        return CallbackTokenValidator(APP_ID, **options)

    return make


@pytest.fixture
def validator(make_validator: MakeValidator) -> CallbackTokenValidator:
    return make_validator()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


# Valid tokens


def test_accepts_valid_token(
    validator: CallbackTokenValidator, key_server: KeyServer, current: SigningKey
) -> None:
    token = current.token()

    inbound = validator.validate(bearer(token))

    assert isinstance(inbound, InboundClaims)
    assert inbound.tenant_id == TENANT_ID
    assert inbound.app_id == APP_ID
    assert inbound.issuer == ISSUER
    assert inbound.expires_at == dt.datetime.fromtimestamp(
        jwt.decode(token, options={"verify_signature": False})["exp"], tz=dt.UTC
    )
    assert inbound.claims["tid"] == TENANT_ID
    assert key_server.hits == {CONFIG_PATH: 1, KEYS_PATH: 1}


@pytest.mark.anyio
async def test_accepts_valid_token_async(
    validator: CallbackTokenValidator, key_server: KeyServer, current: SigningKey
) -> None:
    inbound = await validator.avalidate(bearer(current.token()))

    assert inbound.tenant_id == TENANT_ID
    assert key_server.keys_fetches == 1


def test_caches_keys_across_requests(
    validator: CallbackTokenValidator, key_server: KeyServer, current: SigningKey
) -> None:
    for _ in range(3):
        validator.validate(bearer(current.token()))

    assert key_server.hits == {CONFIG_PATH: 1, KEYS_PATH: 1}


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_accepts_bearer_scheme_in_any_case(
    validator: CallbackTokenValidator, current: SigningKey, scheme: str
) -> None:
    assert validator.validate(f"{scheme} {current.token()}").tenant_id == TENANT_ID


@pytest.mark.parametrize(
    "issuer",
    ["https://api.botframework.com", "https://api.botframework.com/", "https://graph.microsoft.com"],
)
def test_accepts_known_issuers_with_or_without_trailing_slash(
    validator: CallbackTokenValidator, current: SigningKey, issuer: str
) -> None:
    # GCC High sends "https://api.botframework.com/" (graph-comms-samples issue #865).
    assert validator.validate(bearer(current.token(iss=issuer))).issuer == issuer


def test_configured_issuer_with_trailing_slash_matches_issuer_without(
    make_validator: MakeValidator, current: SigningKey
) -> None:
    validator = make_validator(issuers=["https://api.botframework.com/"])

    assert validator.validate(bearer(current.token(iss=ISSUER))).issuer == ISSUER


def test_accepts_token_expired_within_clock_skew(
    validator: CallbackTokenValidator, current: SigningKey
) -> None:
    token = current.token(exp=int(time.time()) - 60)

    assert validator.validate(bearer(token)).tenant_id == TENANT_ID


def test_validate_headers_finds_authorization_in_any_case(
    validator: CallbackTokenValidator, current: SigningKey
) -> None:
    token = current.token()

    assert validator.validate_headers({"authorization": bearer(token)}).tenant_id == TENANT_ID
    assert validator.validate_headers({"AUTHORIZATION": bearer(token)}).tenant_id == TENANT_ID
    starlette_headers = Headers(raw=[(b"authorization", bearer(token).encode())])
    assert validator.validate_headers(starlette_headers).tenant_id == TENANT_ID


@pytest.mark.anyio
async def test_avalidate_headers_finds_authorization(
    validator: CallbackTokenValidator, current: SigningKey
) -> None:
    inbound = await validator.avalidate_headers({"Authorization": bearer(current.token())})

    assert inbound.tenant_id == TENANT_ID


def test_accepts_allowed_tenant_case_insensitively(
    make_validator: MakeValidator, current: SigningKey
) -> None:
    validator = make_validator(allowed_tenants=[TENANT_ID.upper(), OTHER_TENANT_ID])

    assert validator.validate(bearer(current.token())).tenant_id == TENANT_ID


def test_inbound_claims_repr_omits_the_token(validator: CallbackTokenValidator, current: SigningKey) -> None:
    token = current.token()

    text = repr(validator.validate(bearer(token)))

    assert TENANT_ID in text
    for segment in token.split("."):
        assert segment not in text


# Attacks and invalid tokens


def test_rejects_unsigned_alg_none(
    validator: CallbackTokenValidator, key_server: KeyServer, current: SigningKey
) -> None:
    token = craft({"alg": "none", "typ": "JWT", "kid": current.kid}, valid_claims())

    with pytest.raises(AlgorithmNotAllowedError):
        validator.validate(bearer(token))
    assert key_server.hits == {}  # refused before any key lookup


def test_rejects_hs256_signed_with_public_key(
    validator: CallbackTokenValidator, key_server: KeyServer, current: SigningKey
) -> None:
    # The classic confusion: HMAC keyed with the (public) RSA key PEM, naming the real kid.
    token = hs256({"alg": "HS256", "typ": "JWT", "kid": current.kid}, valid_claims(), current.public_pem())

    with pytest.raises(AlgorithmNotAllowedError):
        validator.validate(bearer(token))
    assert key_server.hits == {}


@pytest.mark.parametrize("alg", ["RS384", "RS512", "PS256", "ES256", "HS512", "rs256", "NONE", ""])
def test_rejects_algorithms_other_than_rs256(
    validator: CallbackTokenValidator, key_server: KeyServer, current: SigningKey, alg: str
) -> None:
    token = craft({"alg": alg, "kid": current.kid}, valid_claims(), b"\x00" * 256)

    with pytest.raises(AlgorithmNotAllowedError):
        validator.validate(bearer(token))
    assert key_server.hits == {}


def test_rejects_token_without_alg(validator: CallbackTokenValidator, current: SigningKey) -> None:
    token = craft({"kid": current.kid}, valid_claims(), b"\x00" * 256)

    with pytest.raises(AlgorithmNotAllowedError):
        validator.validate(bearer(token))


def test_rejects_wrong_audience(validator: CallbackTokenValidator, current: SigningKey) -> None:
    with pytest.raises(InvalidAudienceError):
        validator.validate(bearer(current.token(aud="another-bot-app-id")))


@pytest.mark.parametrize(
    "issuer",
    [
        "https://login.microsoftonline.com/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/v2.0",
        "https://api.botframework.com//",
        "https://api.botframework.com.attacker.example",
        "http://api.botframework.com",
    ],
)
def test_rejects_wrong_issuer(validator: CallbackTokenValidator, current: SigningKey, issuer: str) -> None:
    with pytest.raises(InvalidIssuerError):
        validator.validate(bearer(current.token(iss=issuer)))


def test_rejects_expired_token(validator: CallbackTokenValidator, current: SigningKey) -> None:
    # Beyond the default 300 s of clock skew.
    token = current.token(exp=int(time.time()) - 600)

    with pytest.raises(TokenExpiredError):
        validator.validate(bearer(token))


def test_rejects_token_expired_within_skew_when_skew_is_zero(
    make_validator: MakeValidator, current: SigningKey
) -> None:
    validator = make_validator(clock_skew_s=0)

    with pytest.raises(TokenExpiredError):
        validator.validate(bearer(current.token(exp=int(time.time()) - 60)))


def test_rejects_token_not_yet_valid(validator: CallbackTokenValidator, current: SigningKey) -> None:
    token = current.token(nbf=int(time.time()) + 600)

    with pytest.raises(TokenNotYetValidError):
        validator.validate(bearer(token))


def test_rejects_signature_by_another_key_carrying_known_kid(
    validator: CallbackTokenValidator, current: SigningKey, outsider: rsa.RSAPrivateKey
) -> None:
    forged = SigningKey(current.kid, outsider)

    with pytest.raises(InvalidSignatureError):
        validator.validate(bearer(forged.token()))


def test_rejects_tampered_claims(validator: CallbackTokenValidator, current: SigningKey) -> None:
    header, _, signature = current.token().split(".")
    tampered_claims = b64url(json.dumps(valid_claims(tid=OTHER_TENANT_ID)).encode())

    with pytest.raises(InvalidSignatureError):
        validator.validate(bearer(f"{header}.{tampered_claims}.{signature}"))


def test_rejects_unknown_kid_after_one_refresh(
    make_validator: MakeValidator,
    key_server: KeyServer,
    current: SigningKey,
    outsider: rsa.RSAPrivateKey,
) -> None:
    validator = make_validator(min_refresh_interval_s=0)
    validator.validate(bearer(current.token()))
    assert key_server.keys_fetches == 1

    with pytest.raises(UnknownSigningKeyError):
        validator.validate(bearer(SigningKey("unknown-kid", outsider).token()))
    assert key_server.keys_fetches == 2


def test_unknown_kid_on_first_request_fetches_keys_once(
    make_validator: MakeValidator, key_server: KeyServer, outsider: rsa.RSAPrivateKey
) -> None:
    validator = make_validator(min_refresh_interval_s=0)

    with pytest.raises(UnknownSigningKeyError):
        validator.validate(bearer(SigningKey("unknown-kid", outsider).token()))
    assert key_server.keys_fetches == 1  # the first load already is the refresh


@pytest.mark.parametrize("tid", [None, "", "   "])
def test_rejects_token_without_tenant(
    validator: CallbackTokenValidator, current: SigningKey, tid: str | None
) -> None:
    with pytest.raises(MissingTenantError):
        validator.validate(bearer(current.token(tid=tid)))


def test_rejects_tenant_not_allowed(make_validator: MakeValidator, current: SigningKey) -> None:
    validator = make_validator(allowed_tenants=[OTHER_TENANT_ID])

    with pytest.raises(TenantNotAllowedError):
        validator.validate(bearer(current.token()))


@pytest.mark.parametrize("authorization", [None, "", "   "])
def test_rejects_missing_authorization_header(
    validator: CallbackTokenValidator, authorization: str | None
) -> None:
    with pytest.raises(MissingTokenError):
        validator.validate(authorization)


def test_rejects_headers_without_authorization(validator: CallbackTokenValidator) -> None:
    with pytest.raises(MissingTokenError):
        validator.validate_headers({"Content-Type": "application/json"})


def test_rejects_basic_scheme(validator: CallbackTokenValidator, key_server: KeyServer) -> None:
    with pytest.raises(MissingTokenError):
        validator.validate("Basic dXNlcjpwYXNzd29yZA==")
    assert key_server.hits == {}


@pytest.mark.parametrize("authorization", ["Bearer", "Bearer   ", "Bearer a.b.c extra"])
def test_rejects_bearer_without_exactly_one_token(
    validator: CallbackTokenValidator, authorization: str
) -> None:
    with pytest.raises(MalformedTokenError):
        validator.validate(authorization)


@pytest.mark.parametrize(
    "token",
    ["garbage", "a.b", "a.b.c", "....", "ñoño.ñoño.ñoño", "W10.e30.", "!!!!.e30.e30"],
)
def test_rejects_garbage_token(validator: CallbackTokenValidator, key_server: KeyServer, token: str) -> None:
    with pytest.raises(MalformedTokenError):
        validator.validate(bearer(token))
    assert key_server.hits == {}


def test_rejects_several_authorization_headers(
    validator: CallbackTokenValidator, current: SigningKey
) -> None:
    token = bearer(current.token()).encode()
    headers = Headers(raw=[(b"authorization", token), (b"authorization", token)])

    with pytest.raises(MalformedTokenError):
        validator.validate_headers(headers)


def test_rejects_token_without_kid(validator: CallbackTokenValidator, current: SigningKey) -> None:
    token = jwt.encode(valid_claims(), current.private_key, algorithm="RS256")

    with pytest.raises(MalformedTokenError):
        validator.validate(bearer(token))


@pytest.mark.parametrize("claim", ["exp", "iss", "aud"])
def test_rejects_token_without_required_claim(
    validator: CallbackTokenValidator, current: SigningKey, claim: str
) -> None:
    with pytest.raises(MalformedTokenError):
        validator.validate(bearer(current.token(**{claim: None})))


def test_error_messages_and_tracebacks_never_contain_the_token(
    make_validator: MakeValidator, current: SigningKey, outsider: rsa.RSAPrivateKey
) -> None:
    validator = make_validator(allowed_tenants=[OTHER_TENANT_ID])
    header, claims, _ = current.token().split(".")
    tokens = [
        current.token(),  # tenant not allowed
        current.token(aud="x"),
        current.token(iss="https://attacker.example"),
        current.token(exp=int(time.time()) - 600),
        current.token(nbf=int(time.time()) + 600),
        current.token(exp=None),
        SigningKey(current.kid, outsider).token(),
        SigningKey("unknown-kid", outsider).token(),
        hs256({"alg": "HS256", "kid": current.kid}, valid_claims(), current.public_pem()),
        craft({"alg": "none"}, valid_claims()),
        f"{header}.{claims}.!!!!",
        f"{header}.{claims[:-3]}.{b64url(b'x' * 256)}",
    ]
    for token in tokens:
        with pytest.raises(InboundAuthError) as caught:
            validator.validate(bearer(token))
        text = "".join(traceback.format_exception(caught.value)) + repr(caught.value)
        assert token not in text
        signature = token.rsplit(".", 1)[-1]
        if signature:
            assert signature not in text


# Signing keys: rotation, rate limit, freshness, failures


def test_follows_key_rotation(
    make_validator: MakeValidator,
    key_server: KeyServer,
    current: SigningKey,
    rotated: SigningKey,
) -> None:
    validator = make_validator(min_refresh_interval_s=0)
    validator.validate(bearer(current.token()))

    key_server.publish(rotated.jwk())
    inbound = validator.validate(bearer(rotated.token()))

    assert inbound.tenant_id == TENANT_ID
    assert key_server.keys_fetches == 2
    # The retired key is gone after the refresh.
    with pytest.raises(UnknownSigningKeyError):
        validator.validate(bearer(current.token()))


def test_rate_limits_refresh_on_unknown_kids(
    make_validator: MakeValidator,
    key_server: KeyServer,
    current: SigningKey,
    outsider: rsa.RSAPrivateKey,
) -> None:
    validator = make_validator(min_refresh_interval_s=0.5)
    validator.validate(bearer(current.token()))
    time.sleep(0.6)

    with pytest.raises(UnknownSigningKeyError):
        validator.validate(bearer(SigningKey("unknown-1", outsider).token()))
    with pytest.raises(UnknownSigningKeyError):
        validator.validate(bearer(SigningKey("unknown-2", outsider).token()))
    assert key_server.keys_fetches == 2

    time.sleep(0.6)
    with pytest.raises(UnknownSigningKeyError):
        validator.validate(bearer(SigningKey("unknown-2", outsider).token()))
    assert key_server.keys_fetches == 3


def test_rate_limit_delays_a_rotated_key_until_the_interval_passes(
    make_validator: MakeValidator,
    key_server: KeyServer,
    current: SigningKey,
    rotated: SigningKey,
) -> None:
    validator = make_validator(min_refresh_interval_s=0.5)
    validator.validate(bearer(current.token()))
    key_server.publish(current.jwk(), rotated.jwk())

    with pytest.raises(UnknownSigningKeyError):
        validator.validate(bearer(rotated.token()))
    time.sleep(0.6)

    assert validator.validate(bearer(rotated.token())).tenant_id == TENANT_ID
    assert key_server.keys_fetches == 2


def test_concurrent_unknown_kid_requests_share_one_refresh(
    make_validator: MakeValidator,
    key_server: KeyServer,
    current: SigningKey,
    rotated: SigningKey,
) -> None:
    # No rate limit, so only the single-flight can keep this to one fetch.
    validator = make_validator(min_refresh_interval_s=0)
    validator.validate(bearer(current.token()))
    key_server.publish(current.jwk(), rotated.jwk())
    key_server.keys_delay_s = 0.3
    token = rotated.token()
    start = threading.Barrier(8)

    def validate(_: int) -> InboundClaims:
        start.wait()
        return validator.validate(bearer(token))

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(validate, range(8)))

    assert all(r.tenant_id == TENANT_ID for r in results)
    assert key_server.keys_fetches == 2


def test_concurrent_requests_for_a_kid_still_unknown_share_one_refresh(
    make_validator: MakeValidator,
    key_server: KeyServer,
    current: SigningKey,
    outsider: rsa.RSAPrivateKey,
) -> None:
    # Those that waited for the refresh must not start another one when it did not help either.
    validator = make_validator(min_refresh_interval_s=0)
    validator.validate(bearer(current.token()))
    key_server.keys_delay_s = 0.3
    token = SigningKey("unknown-kid", outsider).token()
    start = threading.Barrier(8)

    def validate(_: int) -> type[BaseException] | None:
        start.wait()
        try:
            validator.validate(bearer(token))
        except InboundAuthError as exc:
            return type(exc)
        return None

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(validate, range(8)))

    assert outcomes == [UnknownSigningKeyError] * 8
    assert key_server.keys_fetches == 2


@pytest.mark.anyio
async def test_concurrent_async_unknown_kid_requests_share_one_refresh(
    make_validator: MakeValidator,
    key_server: KeyServer,
    current: SigningKey,
    rotated: SigningKey,
) -> None:
    validator = make_validator(min_refresh_interval_s=0)
    await validator.avalidate(bearer(current.token()))
    key_server.publish(current.jwk(), rotated.jwk())
    key_server.keys_delay_s = 0.3
    token = rotated.token()
    results: list[InboundClaims] = []

    async def validate() -> None:
        results.append(await validator.avalidate(bearer(token)))

    async with anyio.create_task_group() as tg:
        for _ in range(8):
            tg.start_soon(validate)

    assert len(results) == 8
    assert key_server.keys_fetches == 2


@pytest.mark.anyio
async def test_async_key_fetch_does_not_block_the_event_loop(
    validator: CallbackTokenValidator, key_server: KeyServer, current: SigningKey
) -> None:
    key_server.keys_delay_s = 0.5
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await anyio.sleep(0.01)
            ticks += 1

    async with anyio.create_task_group() as tg:
        tg.start_soon(tick)
        await validator.avalidate(bearer(current.token()))
        tg.cancel_scope.cancel()

    assert ticks >= 10  # the loop kept running during the 0.5 s fetch


def test_refreshes_keys_older_than_max_age(
    make_validator: MakeValidator, key_server: KeyServer, current: SigningKey
) -> None:
    validator = make_validator(max_keys_age_s=0.3)
    validator.validate(bearer(current.token()))
    validator.validate(bearer(current.token()))
    assert key_server.keys_fetches == 1

    time.sleep(0.35)
    validator.validate(bearer(current.token()))
    assert key_server.keys_fetches == 2


def _config_fails(server: KeyServer) -> None:
    server.status[CONFIG_PATH] = 500


def _keys_fail(server: KeyServer) -> None:
    server.status[KEYS_PATH] = 503


def _keys_not_json(server: KeyServer) -> None:
    server.raw_body[KEYS_PATH] = b"<html>maintenance</html>"


def _config_without_jwks_uri(server: KeyServer) -> None:
    server.raw_body[CONFIG_PATH] = b'{"issuer": "https://api.botframework.com"}'


def _keys_not_rsa(server: KeyServer) -> None:
    server.publish({"kty": "oct", "kid": "current-kid", "k": b64url(b"secret" * 8)})


def _keys_as_list(server: KeyServer) -> None:
    server.raw_body[KEYS_PATH] = b"[]"


@pytest.mark.parametrize(
    "break_server",
    [
        _config_fails,
        _keys_fail,
        _keys_not_json,
        _config_without_jwks_uri,
        _keys_not_rsa,
        _keys_as_list,
    ],
)
def test_rejects_token_when_keys_cannot_be_fetched(
    validator: CallbackTokenValidator,
    key_server: KeyServer,
    current: SigningKey,
    break_server: Callable[[KeyServer], None],
) -> None:
    break_server(key_server)

    with pytest.raises(SigningKeysUnavailableError):
        validator.validate(bearer(current.token()))


def test_rejects_token_when_key_server_is_down(current: SigningKey) -> None:
    server = KeyServer()
    config_url = server.config_url
    server.server_close()  # nothing listens on that port any more
    validator = CallbackTokenValidator(APP_ID, openid_config_url=config_url, http_timeout_s=2)

    with pytest.raises(SigningKeysUnavailableError):
        validator.validate(bearer(current.token()))


def test_rejects_token_when_expired_keys_cannot_be_refreshed(
    make_validator: MakeValidator, key_server: KeyServer, current: SigningKey
) -> None:
    validator = make_validator(max_keys_age_s=0.3)
    validator.validate(bearer(current.token()))
    key_server.status[KEYS_PATH] = 500
    time.sleep(0.35)

    with pytest.raises(SigningKeysUnavailableError):
        validator.validate(bearer(current.token()))


def test_failed_key_fetch_is_not_retried_within_min_interval(
    make_validator: MakeValidator, key_server: KeyServer, current: SigningKey
) -> None:
    validator = make_validator(min_refresh_interval_s=0.5)
    key_server.status[KEYS_PATH] = 500
    for _ in range(3):
        with pytest.raises(SigningKeysUnavailableError):
            validator.validate(bearer(current.token()))
    assert key_server.keys_fetches == 1

    del key_server.status[KEYS_PATH]
    time.sleep(0.6)
    assert validator.validate(bearer(current.token())).tenant_id == TENANT_ID
    assert key_server.keys_fetches == 2


def test_reads_key_from_x5c_certificate(
    validator: CallbackTokenValidator, key_server: KeyServer, current: SigningKey
) -> None:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "calling platform signer")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(current.private_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(current.private_key, hashes.SHA256())
    )
    der = certificate.public_bytes(serialization.Encoding.DER)
    key_server.publish(
        {"kty": "RSA", "use": "sig", "kid": current.kid, "x5c": [base64.b64encode(der).decode()]}
    )

    assert validator.validate(bearer(current.token())).tenant_id == TENANT_ID


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
def test_ignores_published_keys_shorter_than_2048_bits(
    validator: CallbackTokenValidator, key_server: KeyServer, current: SigningKey
) -> None:
    weak = SigningKey("weak-kid", new_rsa_key(1024))
    key_server.publish(current.jwk(), weak.jwk())

    with pytest.raises(UnknownSigningKeyError):
        validator.validate(bearer(weak.token()))


# TLS


@pytest.mark.parametrize("verify_as", ["path", "context"])
def test_fetches_keys_over_https_with_given_ca(
    tls_key_server: KeyServer,
    ca: trustme.CA,
    current: SigningKey,
    tmp_path: Path,
    verify_as: str,
) -> None:
    verify: str | ssl.SSLContext
    if verify_as == "path":
        verify = str(tmp_path / "ca.pem")
        ca.cert_pem.write_to_path(verify)
    else:
        verify = ssl.create_default_context()
        ca.configure_trust(verify)
    validator = CallbackTokenValidator(APP_ID, openid_config_url=tls_key_server.config_url, verify=verify)

    assert validator.validate(bearer(current.token())).tenant_id == TENANT_ID


def test_rejects_token_when_key_server_certificate_is_untrusted(
    tls_key_server: KeyServer, current: SigningKey
) -> None:
    validator = CallbackTokenValidator(APP_ID, openid_config_url=tls_key_server.config_url)

    with pytest.raises(SigningKeysUnavailableError):
        validator.validate(bearer(current.token()))


def test_refuses_http_jwks_uri_from_https_configuration(
    tls_key_server: KeyServer, key_server: KeyServer, ca: trustme.CA, current: SigningKey
) -> None:
    tls_key_server.jwks_uri = key_server.base_url + KEYS_PATH
    context = ssl.create_default_context()
    ca.configure_trust(context)
    validator = CallbackTokenValidator(APP_ID, openid_config_url=tls_key_server.config_url, verify=context)

    with pytest.raises(SigningKeysUnavailableError):
        validator.validate(bearer(current.token()))
    assert key_server.keys_fetches == 0


# Construction and imports


@pytest.mark.parametrize(
    ("app_id", "options"),
    [
        ("", {}),
        (APP_ID, {"openid_config_url": "ftp://example.com/config"}),
        (APP_ID, {"issuers": []}),
        (APP_ID, {"issuers": [""]}),
        (APP_ID, {"allowed_tenants": []}),
        (APP_ID, {"clock_skew_s": -1}),
        (APP_ID, {"max_keys_age_s": 0}),
        (APP_ID, {"verify": "/nonexistent/ca.pem"}),
    ],
)
def test_rejects_invalid_configuration(app_id: str, options: dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError):
        CallbackTokenValidator(app_id, **options)


def test_accepts_a_single_issuer_string(make_validator: MakeValidator, current: SigningKey) -> None:
    validator = make_validator(issuers="https://graph.microsoft.com")

    with pytest.raises(InvalidIssuerError):
        validator.validate(bearer(current.token()))
    assert validator.validate(bearer(current.token(iss="https://graph.microsoft.com")))


def test_importing_notifications_does_not_load_jwt_or_cryptography() -> None:
    code = (
        "import sys\n"
        "from graph_calls.notifications import CallbackTokenValidator\n"
        "CallbackTokenValidator('app-id')\n"
        "print(sorted(m for m in ('jwt', 'cryptography') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert result.stdout.strip() == "[]"
