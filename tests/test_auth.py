"""Token machinery: TokenProvider caching and single-flight, and MsalCredential against the fake identity
platform over local HTTPS (secret, PEM and PFX certificates, errors that never show a secret)."""

from __future__ import annotations

import asyncio
import logging
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization

from graph_calls.auth import AccessToken, MsalCredential, TokenProvider
from graph_calls.errors import AuthenticationError, InvalidInputError
from graph_calls.testing._tls import ClientCertificate, make_client_certificate
from graph_calls.testing.identity import FakeIdentityPlatform

SCOPE = "https://graph.microsoft.com/.default"
SECRET = "s3cret-value-never-shown"
PASSWORD = "pfx-password-never-shown"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


# -- TokenProvider -------------------------------------------------------------------------------


class CountingCredential:
    """A TokenCredential that numbers its tokens (token-1, token-2...), optionally slowly."""

    def __init__(self, *, delay_s: float = 0.0, lifetime_s: int = 3600, clock: Any = time.time) -> None:
        self.delay_s = delay_s
        self.lifetime_s = lifetime_s
        self.clock = clock
        self.calls: list[dict[str, Any]] = []
        self.threads: set[str] = set()
        self._lock = threading.Lock()

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        with self._lock:
            self.calls.append({"scopes": scopes, **kwargs})
            number = len(self.calls)
        self.threads.add(threading.current_thread().name)
        time.sleep(self.delay_s)
        return AccessToken(f"token-{number}", int(self.clock()) + self.lifetime_s)


class FakeClock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_twenty_threads_that_miss_make_one_credential_call() -> None:
    credential = CountingCredential(delay_s=0.2)
    provider = TokenProvider(credential, [SCOPE])
    start = threading.Barrier(20)
    tokens: list[str] = []

    def fetch() -> None:
        start.wait()
        tokens.append(provider.get())

    threads = [threading.Thread(target=fetch) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert tokens == ["token-1"] * 20
    assert len(credential.calls) == 1


@pytest.mark.anyio
async def test_twenty_tasks_that_miss_make_one_credential_call() -> None:
    credential = CountingCredential(delay_s=0.2)
    provider = TokenProvider(credential, [SCOPE])
    tokens = await asyncio.gather(*(provider.aget() for _ in range(20)))
    assert tokens == ["token-1"] * 20
    assert len(credential.calls) == 1
    assert threading.main_thread().name not in credential.threads  # ran in a worker thread


@pytest.mark.anyio
async def test_event_loop_keeps_running_during_the_credential_call() -> None:
    provider = TokenProvider(CountingCredential(delay_s=0.3), [SCOPE])
    ticks = 0
    done = asyncio.Event()

    async def heartbeat() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            await asyncio.sleep(0.01)

    beating = asyncio.create_task(heartbeat())
    assert await provider.aget() == "token-1"
    done.set()
    await beating
    assert ticks >= 10  # a blocked loop would have ticked once


@pytest.mark.anyio
async def test_threads_and_tasks_together_make_one_credential_call() -> None:
    credential = CountingCredential(delay_s=0.2)
    provider = TokenProvider(credential, [SCOPE])
    results: list[str] = []
    thread = threading.Thread(target=lambda: results.append(provider.get()))
    thread.start()
    results.extend(await asyncio.gather(*(provider.aget() for _ in range(5))))
    thread.join()
    assert results == ["token-1"] * 6
    assert len(credential.calls) == 1


def test_cached_token_is_reused_until_the_refresh_margin() -> None:
    clock = FakeClock()
    credential = CountingCredential(lifetime_s=3600, clock=clock)
    provider = TokenProvider(credential, [SCOPE], refresh_margin_s=300, clock=clock)
    assert provider.get() == "token-1"
    clock.now += 3299  # 301 s left
    assert provider.get() == "token-1"
    clock.now += 2  # 299 s left: refresh before it expires
    assert provider.get() == "token-2"
    assert len(credential.calls) == 2


def test_a_short_lived_token_is_refreshed_at_half_its_life() -> None:
    clock = FakeClock()
    credential = CountingCredential(lifetime_s=200, clock=clock)  # shorter than the 300 s margin
    provider = TokenProvider(credential, [SCOPE], clock=clock)
    assert provider.get() == "token-1"
    clock.now += 99
    assert provider.get() == "token-1"
    clock.now += 2
    assert provider.get() == "token-2"


def test_invalidate_drops_only_the_token_it_names() -> None:
    credential = CountingCredential()
    provider = TokenProvider(credential, [SCOPE])
    assert provider.get() == "token-1"
    provider.invalidate("some-other-token")
    assert provider.get() == "token-1"
    provider.invalidate("token-1")
    assert provider.get() == "token-2"
    assert len(credential.calls) == 2


def test_many_401s_on_one_token_lead_to_one_refetch() -> None:
    credential = CountingCredential(delay_s=0.1)
    provider = TokenProvider(credential, [SCOPE])
    refused = provider.get()
    start = threading.Barrier(10)
    tokens: list[str] = []

    def after_401() -> None:
        start.wait()
        provider.invalidate(refused)
        tokens.append(provider.get())

    threads = [threading.Thread(target=after_401) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The invalidations that come after the refetch name a token no longer cached: no-ops.
    assert len(credential.calls) == 2
    assert set(tokens) == {"token-2"}


def test_claims_skip_the_cache_and_replace_the_cached_token() -> None:
    credential = CountingCredential()
    provider = TokenProvider(credential, [SCOPE])
    assert provider.get() == "token-1"
    claims = '{"access_token":{"nbf":{"essential":true,"value":"1"}}}'
    assert provider.get(claims=claims) == "token-2"
    assert provider.get() == "token-2"
    assert credential.calls[1] == {"scopes": (SCOPE,), "claims": claims, "enable_cae": True}
    assert len(credential.calls) == 2


@pytest.mark.anyio
async def test_async_claims_skip_the_cache() -> None:
    credential = CountingCredential()
    provider = TokenProvider(credential, [SCOPE])
    assert await provider.aget() == "token-1"
    assert await provider.aget(claims="{}") == "token-2"
    assert await provider.aget() == "token-2"


def test_credential_errors_propagate_and_are_not_cached() -> None:
    class FlakyCredential(CountingCredential):
        def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
            token = super().get_token(*scopes, **kwargs)
            if len(self.calls) == 1:
                raise AuthenticationError("identity platform down", transient=True)
            return token

    credential = FlakyCredential()
    provider = TokenProvider(credential, [SCOPE])
    with pytest.raises(AuthenticationError):
        provider.get()
    assert provider.get() == "token-2"


def test_scopes_must_be_a_sequence_of_strings_not_a_string() -> None:
    with pytest.raises(InvalidInputError):
        TokenProvider(CountingCredential(), SCOPE)
    with pytest.raises(InvalidInputError):
        TokenProvider(CountingCredential(), [])


def test_access_token_repr_hides_the_token() -> None:
    token = AccessToken("eyJ.secret.token", 1_800_000_000)
    assert "eyJ" not in repr(token)
    assert "eyJ" not in str(token)
    assert "1800000000" in repr(token)


def test_importing_auth_loads_neither_msal_nor_requests() -> None:
    code = (
        "import sys, graph_calls.auth, graph_calls._core.transport, graph_calls.retry; "
        "print(sorted(m for m in ('msal', 'requests', 'cryptography') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# -- MsalCredential against the fake identity platform --------------------------------------------


@pytest.fixture(scope="module")
def idp_server() -> Iterator[FakeIdentityPlatform]:
    with FakeIdentityPlatform() as platform:
        yield platform


@pytest.fixture
def idp(idp_server: FakeIdentityPlatform) -> FakeIdentityPlatform:
    idp_server.reset()
    return idp_server


@pytest.fixture(scope="module")
def certificate() -> ClientCertificate:
    return make_client_certificate("graph-calls-test-bot")


def secret_credential(idp: FakeIdentityPlatform, client_id: str, secret: str) -> MsalCredential:
    return MsalCredential(
        idp.tenant_id, client_id, client_secret=secret, authority=idp.authority, verify=idp.ca_bundle
    )


def test_client_secret_gets_a_token(idp: FakeIdentityPlatform) -> None:
    client = idp.register_client(client_secret=SECRET)
    with secret_credential(idp, client.client_id, SECRET) as credential:
        access = credential.get_token(SCOPE)
    claims = idp.validate_access_token(access.token)
    assert claims["appid"] == client.client_id
    assert abs(access.expires_on - (time.time() + 3599)) < 60
    assert idp.token_request_log[-1].auth_method == "secret"


def test_second_call_is_served_from_the_cache(idp: FakeIdentityPlatform) -> None:
    client = idp.register_client(client_secret=SECRET)
    with secret_credential(idp, client.client_id, SECRET) as credential:
        first = credential.get_token(SCOPE)
        second = credential.get_token(SCOPE)
    assert first.token == second.token
    assert idp.token_requests == 1


def test_pem_file_with_key_and_certificate_gets_a_token(
    idp: FakeIdentityPlatform, certificate: ClientCertificate, tmp_path: Path
) -> None:
    client = idp.register_client(certificate_pem=certificate.certificate_pem)
    pem = tmp_path / "bot.pem"
    pem.write_bytes(certificate.private_key_pem + certificate.certificate_pem)
    with MsalCredential(
        idp.tenant_id,
        client.client_id,
        certificate_path=pem,
        authority=idp.authority,
        verify=idp.ca_bundle,
    ) as credential:
        access = credential.get_token(SCOPE)
    assert idp.validate_access_token(access.token)["appidacr"] == "2"
    record = idp.token_request_log[-1]
    assert (record.auth_method, record.assertion_alg, record.assertion_thumbprint_header) == (
        "certificate",
        "PS256",
        "x5t#S256",
    )


def test_encrypted_pem_with_password_gets_a_token(
    idp: FakeIdentityPlatform, certificate: ClientCertificate, tmp_path: Path
) -> None:
    client = idp.register_client(certificate_pem=certificate.certificate_pem)
    key = serialization.load_pem_private_key(certificate.private_key_pem, None)
    encrypted = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(PASSWORD.encode()),
    )
    pem = tmp_path / "bot.pem"
    pem.write_bytes(certificate.certificate_pem + encrypted)  # order does not matter
    with MsalCredential(
        idp.tenant_id,
        client.client_id,
        certificate_path=pem,
        password=PASSWORD,
        authority=idp.authority,
        verify=idp.ca_bundle,
    ) as credential:
        assert idp.validate_access_token(credential.get_token(SCOPE).token)


def test_pfx_with_password_gets_a_token(idp: FakeIdentityPlatform, tmp_path: Path) -> None:
    certificate = make_client_certificate("pfx-bot", password=PASSWORD.encode())
    client = idp.register_client(certificate_pem=certificate.certificate_pem)
    pfx = tmp_path / "bot.pfx"
    pfx.write_bytes(certificate.pfx)
    with MsalCredential(
        idp.tenant_id,
        client.client_id,
        certificate_path=str(pfx),
        password=PASSWORD,
        authority=idp.authority,
        verify=idp.ca_bundle,
    ) as credential:
        access = credential.get_token(SCOPE)
        assert PASSWORD not in repr(credential)
    assert idp.validate_access_token(access.token)["appid"] == client.client_id
    assert idp.token_request_log[-1].assertion_thumbprint_header == "x5t#S256"


def test_wrong_secret_raises_authentication_error_without_the_secret(
    idp: FakeIdentityPlatform, caplog: pytest.LogCaptureFixture
) -> None:
    client = idp.register_client(client_secret="the-right-one")
    credential = secret_credential(idp, client.client_id, SECRET)
    with caplog.at_level(logging.DEBUG), pytest.raises(AuthenticationError) as caught:
        credential.get_token(SCOPE)
    credential.close()
    error = caught.value
    assert error.error == "invalid_client"
    assert error.error_codes == (7000215,)
    assert error.transient is False
    assert error.client_id == client.client_id
    assert error.authority == idp.authority
    assert error.correlation_id
    for text in (str(error), repr(error), repr(credential), caplog.text):
        assert SECRET not in text
    assert "AADSTS7000215" in str(error)


def test_wrong_pfx_password_is_refused_before_any_request(idp: FakeIdentityPlatform, tmp_path: Path) -> None:
    certificate = make_client_certificate("pfx-bot", password=PASSWORD.encode())
    pfx = tmp_path / "bot.pfx"
    pfx.write_bytes(certificate.pfx)
    wrong = "not-the-" + PASSWORD
    with pytest.raises(InvalidInputError) as caught:
        MsalCredential(idp.tenant_id, "app", certificate_path=pfx, password=wrong)
    assert "password" in str(caught.value)
    assert wrong not in str(caught.value)
    assert wrong not in repr(caught.value)
    assert idp.token_requests == 0


def test_wrong_pem_password_is_refused_at_construction(
    certificate: ClientCertificate, tmp_path: Path
) -> None:
    key = serialization.load_pem_private_key(certificate.private_key_pem, None)
    encrypted = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(PASSWORD.encode()),
    )
    pem = tmp_path / "bot.pem"
    pem.write_bytes(encrypted + certificate.certificate_pem)
    with pytest.raises(InvalidInputError, match="wrong password") as caught:
        MsalCredential("tenant", "app", certificate_path=pem, password="nope-" + PASSWORD)
    assert PASSWORD not in str(caught.value)
    with pytest.raises(InvalidInputError, match="is encrypted"):
        MsalCredential("tenant", "app", certificate_path=pem)


@pytest.mark.parametrize(
    ("contents", "message"),
    [
        (None, "cannot read certificate file"),
        (b"not a pem", "must hold a private key and its certificate"),
        ("key-only", "must hold a private key and its certificate"),
        ("mismatch", "does not match"),
    ],
)
def test_bad_certificate_files_are_refused_at_construction(
    certificate: ClientCertificate, tmp_path: Path, contents: bytes | str | None, message: str
) -> None:
    path = tmp_path / "bot.pem"
    if contents == "key-only":
        path.write_bytes(certificate.private_key_pem)
    elif contents == "mismatch":
        other = make_client_certificate("someone-else")
        path.write_bytes(certificate.private_key_pem + other.certificate_pem)
    elif isinstance(contents, bytes):
        path.write_bytes(contents)
    with pytest.raises(InvalidInputError, match=message):
        MsalCredential("tenant", "app", certificate_path=path)


def test_exactly_one_credential_and_an_https_authority_are_required() -> None:
    with pytest.raises(InvalidInputError):
        MsalCredential("tenant", "app")
    with pytest.raises(InvalidInputError):
        MsalCredential("tenant", "app", client_secret="x", certificate_path="bot.pem")
    with pytest.raises(InvalidInputError, match="https"):
        MsalCredential("tenant", "app", client_secret="x", authority="http://127.0.0.1:1/tenant")


def test_repr_shows_the_app_but_never_the_secret() -> None:
    credential = MsalCredential("tenant-1", "app-1", client_secret=SECRET)
    assert SECRET not in repr(credential)
    assert "app-1" in repr(credential)
    assert credential.authority == "https://login.microsoftonline.com/tenant-1"


def test_unreachable_identity_platform_is_a_transient_authentication_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    credential = MsalCredential(
        "tenant", "app", client_secret=SECRET, authority=f"https://127.0.0.1:{port}/tenant"
    )
    with pytest.raises(AuthenticationError) as caught:
        credential.get_token(SCOPE)
    credential.close()
    assert caught.value.transient is True
    assert "cannot reach the identity platform" in str(caught.value)
    assert SECRET not in str(caught.value)


def test_identity_platform_server_error_is_transient(idp: FakeIdentityPlatform) -> None:
    client = idp.register_client(client_secret=SECRET)
    idp.fail_next(1, error=None, status=500)
    with (
        secret_credential(idp, client.client_id, SECRET) as credential,
        pytest.raises(AuthenticationError) as caught,
    ):
        credential.get_token(SCOPE)
    assert caught.value.transient is True


def test_temporarily_unavailable_answer_is_transient(idp: FakeIdentityPlatform) -> None:
    client = idp.register_client(client_secret=SECRET)
    idp.fail_next(1, error="temporarily_unavailable", status=400)
    with (
        secret_credential(idp, client.client_id, SECRET) as credential,
        pytest.raises(AuthenticationError) as caught,
    ):
        credential.get_token(SCOPE)
    assert caught.value.error == "temporarily_unavailable"
    assert caught.value.transient is True


def test_claims_go_to_the_identity_platform_even_with_a_cached_token(idp: FakeIdentityPlatform) -> None:
    client = idp.register_client(client_secret=SECRET)
    claims = '{"access_token":{"nbf":{"essential":true,"value":"1604106651"}}}'
    with secret_credential(idp, client.client_id, SECRET) as credential:
        credential.get_token(SCOPE)
        credential.get_token(SCOPE, claims=claims, enable_cae=True)
    assert idp.token_requests == 2
    assert idp.token_request_log[-1].claims == claims


@pytest.mark.anyio
async def test_token_provider_over_msal_serves_tasks_with_one_request(idp: FakeIdentityPlatform) -> None:
    client = idp.register_client(client_secret=SECRET)
    idp.token_delay_s = 0.2
    with secret_credential(idp, client.client_id, SECRET) as credential:
        provider = TokenProvider(credential, [SCOPE])
        tokens = await asyncio.gather(*(provider.aget() for _ in range(10)))
    assert len(set(tokens)) == 1
    assert idp.token_requests == 1


def test_unknown_tenant_is_a_configuration_error(idp: FakeIdentityPlatform) -> None:
    client = idp.register_client(client_secret=SECRET)
    credential = MsalCredential(
        "other-tenant",
        client.client_id,
        client_secret=SECRET,
        authority=f"{idp.authority_host}/other-tenant",
        verify=ssl.create_default_context(cafile=idp.ca_bundle),
    )
    with credential, pytest.raises(AuthenticationError) as caught:
        credential.get_token(SCOPE)
    assert caught.value.transient is False
    assert SECRET not in str(caught.value)


def test_untrusted_identity_platform_certificate_is_a_configuration_error(idp: FakeIdentityPlatform) -> None:
    client = idp.register_client(client_secret=SECRET)
    credential = MsalCredential(
        idp.tenant_id, client.client_id, client_secret=SECRET, authority=idp.authority
    )
    with credential, pytest.raises(AuthenticationError, match="TLS") as caught:
        credential.get_token(SCOPE)  # the fake's CA is not among the system's
    assert caught.value.transient is False
