"""No secret reaches an error reporter: MsalCredential and TokenProvider failures, against the fake identity
platform and a hostile one, over real local HTTPS sockets.

Error reporters that record frame locals (Sentry, rich tracebacks, ``pytest --showlocals``) walk the raised
exception, its ``__cause__``/``__context__`` chain and every traceback frame of each. For every failure kind
these tests walk the same way and look for the client secret, the certificate's password and private key,
and anything shaped like a JWT (client assertions, tokens) in:

- ``str()`` and ``repr()`` of every exception in the chain;
- every frame local: the value itself (str or bytes, as a substring), inside dict/list/tuple/set values
  (keys too) down to three levels, its ``repr()`` and ``str()``, and the plain attributes (``__dict__``) of
  object locals, one level down;
- the same text formatted the way the standard library does with ``capture_locals=True``;
- log records, and the frames of any traceback a log record carries (Sentry's logging integration uploads
  them).

A value sealed in ``graph_calls._core.client_credential.Secret`` counts as hidden: its repr says
``<redacted>`` and it is read only by calling ``reveal()``, which no reporter does.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import socket
import ssl
import threading
import traceback
import types
import urllib.parse
from collections.abc import Awaitable, Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization

from graph_calls.auth import MsalCredential, TokenProvider
from graph_calls.errors import AuthenticationError, InvalidInputError
from graph_calls.testing._tls import ClientCertificate, TestCA, make_client_certificate
from graph_calls.testing.identity import FakeIdentityPlatform

SCOPE = "https://graph.microsoft.com/.default"
SECRET = "s3cr3t-XYZ-7f3a9c-never-in-a-report"
PASSWORD = "pfx-pa55-XYZ-41d7-never-in-a-report"
WRONG_PASSWORD = "wrong-XYZ-pa55-9e02-never-in-a-report"
JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


# -- the walk an error reporter does -------------------------------------------------------------


def exception_chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and every exception reachable from it through ``__cause__`` and ``__context__``."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    chain: list[BaseException] = []
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        chain.append(current)
        todo += [current.__cause__, current.__context__]
    return chain


def traceback_frames(exc: BaseException) -> Iterator[tuple[BaseException, types.FrameType]]:
    for member in exception_chain(exc):
        tb = member.__traceback__
        while tb is not None:
            yield member, tb.tb_frame
            tb = tb.tb_next


class Needles:
    """The values no report may show: literal strings and anything shaped like a JWT."""

    def __init__(self, *literals: str) -> None:
        self.literals = [literal for literal in literals if literal]

    def found_in(self, text: str) -> bool:
        return any(literal in text for literal in self.literals) or JWT.search(text) is not None


def holds(value: object, needles: Needles, *, depth: int = 3, attribute_levels: int = 1) -> bool:
    """Whether ``value`` shows a needle: itself, its containers, its repr/str, its plain attributes."""
    if isinstance(value, str):
        return needles.found_in(value)
    if isinstance(value, bytes | bytearray):
        return needles.found_in(bytes(value).decode("latin-1"))
    if depth > 0 and isinstance(value, dict):
        items = list(value.items())
        return any(
            holds(key, needles, depth=depth - 1, attribute_levels=attribute_levels)
            or holds(item, needles, depth=depth - 1, attribute_levels=attribute_levels)
            for key, item in items
        )
    if depth > 0 and isinstance(value, list | tuple | set | frozenset):
        return any(
            holds(item, needles, depth=depth - 1, attribute_levels=attribute_levels) for item in list(value)
        )
    try:
        if needles.found_in(repr(value)) or needles.found_in(str(value)):
            return True
    except Exception:  # a broken repr shows nothing
        pass
    if attribute_levels > 0 and not isinstance(value, type | types.ModuleType | types.FunctionType):
        attributes = getattr(value, "__dict__", None)
        if isinstance(attributes, dict):
            return any(
                holds(item, needles, depth=depth - 1, attribute_levels=attribute_levels - 1)
                for item in list(attributes.values())
            )
    return False


def leaks(exc: BaseException, needles: Needles) -> list[str]:
    """Where an error reporter would find a needle, walking ``exc`` as Sentry does (empty: nowhere)."""
    found: list[str] = []
    for member in exception_chain(exc):
        if needles.found_in(str(member)) or needles.found_in(repr(member)):
            found.append(f"the text of {type(member).__name__}")
    for member, frame in traceback_frames(exc):
        for name, value in frame.f_locals.items():
            if holds(value, needles):
                where = f"{frame.f_code.co_filename}:{frame.f_code.co_name}"
                found.append(f"{type(member).__name__}: local {name!r} of {where}")
    formatted = "".join(
        traceback.TracebackException(type(exc), exc, exc.__traceback__, capture_locals=True).format()
    )
    if needles.found_in(formatted):
        found.append("the traceback formatted with capture_locals=True")
    return found


# The fake identity platform's own server logs (it receives the secret: that is its job), not the client's.
SERVER_SIDE_LOGGERS = ("uvicorn",)


def log_leaks(records: list[logging.LogRecord], needles: Needles) -> list[str]:
    found: list[str] = []
    for record in records:
        if record.name.split(".")[0] in SERVER_SIDE_LOGGERS:
            continue
        if needles.found_in(record.getMessage()):
            found.append(f"log message of {record.name}")
        if record.exc_info and record.exc_info[1] is not None:
            found += [f"log record of {record.name}: {where}" for where in leaks(record.exc_info[1], needles)]
    return found


def raised(call: Callable[[], object]) -> BaseException:
    """The exception ``call`` raises. Caught here, so the test's own frame is not on its traceback."""
    try:
        call()
    except BaseException as exc:  # the tests check its type
        return exc
    raise AssertionError("nothing was raised")


async def araised(call: Callable[[], Awaitable[object]]) -> BaseException:
    """The exception ``await call()`` raises, caught outside the test's frame."""
    try:
        await call()
    except BaseException as exc:  # the tests check its type
        return exc
    raise AssertionError("nothing was raised")


def assert_reports_nothing_secret(exc: BaseException, needles: Needles) -> None:
    assert leaks(exc, needles) == []
    assert exc.__cause__ is None
    assert exc.__context__ is None
    msal_frames = [
        frame.f_code.co_filename
        for _, frame in traceback_frames(exc)
        if "/msal/" in frame.f_code.co_filename.replace("\\", "/")
    ]
    assert msal_frames == []


# -- the scanner finds what it must --------------------------------------------------------------


def test_the_scan_finds_a_secret_in_each_place_a_reporter_looks() -> None:
    needles = Needles(SECRET)

    class Holder:
        def __init__(self) -> None:
            self.value = SECRET

    def fails_with(local: object) -> None:
        raise RuntimeError("boom")

    assert leaks(raised(lambda: fails_with({"form": {"client_secret": SECRET}})), needles)
    assert leaks(raised(lambda: fails_with([("x", SECRET.encode())])), needles)
    assert leaks(raised(lambda: fails_with(Holder())), needles)
    assert leaks(raised(lambda: fails_with("eyJhbGciOi.eyJzdWIiOiJ4In0.c2ln")), needles)
    assert leaks(raised(lambda: fails_with(None)), needles) == []

    def chained() -> None:
        try:
            fails_with(f"prefix {SECRET} suffix")
        except RuntimeError:
            raise ValueError("clean") from None

    assert leaks(raised(chained), needles)  # __context__ is still walked


# -- the fake identity platform ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def idp_server() -> Iterator[FakeIdentityPlatform]:
    with FakeIdentityPlatform() as platform:
        yield platform


@pytest.fixture
def idp(idp_server: FakeIdentityPlatform) -> FakeIdentityPlatform:
    idp_server.reset()
    return idp_server


def secret_credential(idp: FakeIdentityPlatform, *, timeout_s: float = 10.0) -> MsalCredential:
    """A fresh credential (and MSAL app: its throttle cache) for an app registered with SECRET."""
    client_id = idp.register_client(client_secret=SECRET).client_id
    return MsalCredential(
        idp.tenant_id,
        client_id,
        client_secret=SECRET,
        authority=idp.authority,
        verify=idp.ca_bundle,
        timeout_s=timeout_s,
    )


@pytest.mark.parametrize(
    ("fault", "transient", "message"),
    [
        ({"status": 500, "error": None}, True, "the identity platform failed (HTTP 500)"),
        ({"status": 503, "error": None}, True, "the identity platform failed (HTTP 503)"),
        ({"status": 200, "error": None}, True, "answered HTTP 200 with no JSON object"),
        ({"status": 400, "error": None}, True, "answered HTTP 400 with no JSON object"),
        ({"error": "invalid_client"}, False, "refused the token request (HTTP 401)"),
        ({"error": "temporarily_unavailable"}, True, "failed (HTTP 503); error=temporarily_unavailable"),
        ({"status": 429, "error": "temporarily_unavailable"}, True, "refused the token request (HTTP 429)"),
    ],
    ids=["500", "503", "200-html", "400-html", "invalid-client", "unavailable-503", "throttled-429"],
)
def test_identity_platform_failures_report_no_secret(
    idp: FakeIdentityPlatform,
    caplog: pytest.LogCaptureFixture,
    fault: dict[str, Any],
    transient: bool,
    message: str,
) -> None:
    idp.fail_next(1, **fault)
    with secret_credential(idp) as credential, caplog.at_level(logging.DEBUG):
        error = raised(lambda: credential.get_token(SCOPE))
    assert isinstance(error, AuthenticationError)
    assert error.transient is transient
    assert message in str(error)
    assert_reports_nothing_secret(error, Needles(SECRET))
    assert log_leaks(caplog.records, Needles(SECRET)) == []


def test_wrong_secret_keeps_the_diagnostics_and_reports_no_secret(
    idp: FakeIdentityPlatform, caplog: pytest.LogCaptureFixture
) -> None:
    client_id = idp.register_client(client_secret="the-right-one").client_id
    credential = MsalCredential(
        idp.tenant_id, client_id, client_secret=SECRET, authority=idp.authority, verify=idp.ca_bundle
    )
    with credential, caplog.at_level(logging.DEBUG):
        error = raised(lambda: credential.get_token(SCOPE))
    assert isinstance(error, AuthenticationError)
    assert (error.error, error.error_codes, error.transient) == ("invalid_client", (7000215,), False)
    assert error.correlation_id
    assert error.trace_id
    assert "AADSTS7000215" in str(error)
    assert "HTTP 401" in str(error)
    assert_reports_nothing_secret(error, Needles(SECRET))
    assert log_leaks(caplog.records, Needles(SECRET)) == []


def test_slow_identity_platform_times_out_and_reports_no_secret(idp: FakeIdentityPlatform) -> None:
    idp.fail_next(1, error=None, delay_s=2.0)
    with secret_credential(idp, timeout_s=0.3) as credential:
        error = raised(lambda: credential.get_token(SCOPE))
    assert isinstance(error, AuthenticationError)
    assert error.transient is True
    assert "cannot reach the identity platform" in str(error)
    assert_reports_nothing_secret(error, Needles(SECRET))


def test_unknown_tenant_reports_no_secret(idp: FakeIdentityPlatform) -> None:
    # MSAL fails in its constructor (OpenID discovery), whose frame holds client_credential.
    client_id = idp.register_client(client_secret=SECRET).client_id
    credential = MsalCredential(
        "other-tenant",
        client_id,
        client_secret=SECRET,
        authority=f"{idp.authority_host}/other-tenant",
        verify=idp.ca_bundle,
    )
    with credential:
        error = raised(lambda: credential.get_token(SCOPE))
    assert isinstance(error, AuthenticationError)
    assert error.transient is False
    assert_reports_nothing_secret(error, Needles(SECRET))


def test_refused_connection_reports_no_secret() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    credential = MsalCredential(
        "tenant", "app", client_secret=SECRET, authority=f"https://127.0.0.1:{port}/tenant"
    )
    with credential:
        error = raised(lambda: credential.get_token(SCOPE))
    assert isinstance(error, AuthenticationError)
    assert error.transient is True
    assert_reports_nothing_secret(error, Needles(SECRET))


@pytest.mark.anyio
async def test_async_token_provider_reports_no_secret(idp: FakeIdentityPlatform) -> None:
    idp.fail_next(1, error=None, status=500)
    with secret_credential(idp) as credential:
        error = await araised(TokenProvider(credential, [SCOPE]).aget)
    assert isinstance(error, AuthenticationError)
    assert leaks(error, Needles(SECRET)) == []
    assert error.__cause__ is None
    frames = [frame.f_code.co_name for _, frame in traceback_frames(error)]
    assert "_fetch" in frames  # the walk went through the worker thread's frames
    assert not any("/msal/" in frame.f_code.co_filename for _, frame in traceback_frames(error))


def test_sync_token_provider_reports_no_secret(idp: FakeIdentityPlatform) -> None:
    idp.fail_next(1, error=None, status=500)
    with secret_credential(idp) as credential:
        provider = TokenProvider(credential, [SCOPE])
        error = raised(provider.get)
    assert isinstance(error, AuthenticationError)
    assert_reports_nothing_secret(error, Needles(SECRET))


def test_credential_keeps_the_secret_sealed() -> None:
    credential = MsalCredential("tenant", "app", client_secret=SECRET)
    assert SECRET not in repr(credential)
    assert SECRET not in str(credential)
    assert not holds(credential, Needles(SECRET))  # neither a plain attribute nor inside one


# -- certificates ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pfx_certificate() -> ClientCertificate:
    return make_client_certificate("secrets-pfx-bot", password=PASSWORD.encode())


def key_needles(certificate: ClientCertificate, *more: str) -> Needles:
    """The password, a line from the middle of the private key (plain and encrypted PEM) and ``more``."""
    plain = certificate.private_key_pem.decode().splitlines()
    encrypted = encrypted_key_pem(certificate).decode().splitlines()
    return Needles(PASSWORD, plain[len(plain) // 2], encrypted[len(encrypted) // 2], *more)


def encrypted_key_pem(certificate: ClientCertificate) -> bytes:
    key = serialization.load_pem_private_key(certificate.private_key_pem, None)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(PASSWORD.encode()),
    )


@pytest.fixture(scope="module")
def stable_encrypted_pem(pfx_certificate: ClientCertificate) -> bytes:
    return encrypted_key_pem(pfx_certificate)  # encryption is salted: make it once


def test_pfx_with_password_failure_reports_neither_password_nor_key_nor_assertion(
    idp: FakeIdentityPlatform,
    pfx_certificate: ClientCertificate,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client_id = idp.register_client(certificate_pem=pfx_certificate.certificate_pem).client_id
    pfx = tmp_path / "bot.pfx"
    pfx.write_bytes(pfx_certificate.pfx)
    credential = MsalCredential(
        idp.tenant_id,
        client_id,
        certificate_path=pfx,
        password=PASSWORD,
        authority=idp.authority,
        verify=idp.ca_bundle,
    )
    assert PASSWORD not in repr(credential)
    assert not holds(credential, Needles(PASSWORD))
    for fault in (
        {"status": 500, "error": None},
        {"status": 200, "error": None},
        {"error": "invalid_client"},
    ):
        idp.fail_next(1, **fault)
        with caplog.at_level(logging.DEBUG):
            error = raised(lambda: credential.get_token(SCOPE))
        assert isinstance(error, AuthenticationError), fault
        assert_reports_nothing_secret(error, key_needles(pfx_certificate))
    credential.close()
    assert log_leaks(caplog.records, Needles(PASSWORD)) == []


def test_encrypted_pem_failure_reports_neither_password_nor_key(
    idp: FakeIdentityPlatform,
    pfx_certificate: ClientCertificate,
    stable_encrypted_pem: bytes,
    tmp_path: Path,
) -> None:
    client_id = idp.register_client(certificate_pem=pfx_certificate.certificate_pem).client_id
    pem = tmp_path / "bot.pem"
    pem.write_bytes(stable_encrypted_pem + pfx_certificate.certificate_pem)
    idp.fail_next(1, error=None, status=500)
    with MsalCredential(
        idp.tenant_id,
        client_id,
        certificate_path=pem,
        password=PASSWORD,
        authority=idp.authority,
        verify=idp.ca_bundle,
    ) as credential:
        error = raised(lambda: credential.get_token(SCOPE))
    assert isinstance(error, AuthenticationError)
    assert_reports_nothing_secret(error, key_needles(pfx_certificate))


def test_wrong_pfx_password_reports_neither_password(
    pfx_certificate: ClientCertificate, tmp_path: Path
) -> None:
    pfx = tmp_path / "bot.pfx"
    pfx.write_bytes(pfx_certificate.pfx)
    # The lambda reads a global, as code reading the environment would: the passwords are no local of it.
    error = raised(lambda: MsalCredential("tenant", "app", certificate_path=pfx, password=WRONG_PASSWORD))
    assert isinstance(error, InvalidInputError)
    assert "password" in str(error)
    assert_reports_nothing_secret(error, key_needles(pfx_certificate, WRONG_PASSWORD))


PEM_PASSWORDS = {"wrong-password": WRONG_PASSWORD, "no-password": None, "mismatch": None, "damaged": None}


@pytest.mark.parametrize("case", list(PEM_PASSWORDS))
def test_refused_pem_files_report_neither_password_nor_key(
    pfx_certificate: ClientCertificate, stable_encrypted_pem: bytes, tmp_path: Path, case: str
) -> None:
    pem = tmp_path / "bot.pem"
    if case in ("wrong-password", "no-password"):
        pem.write_bytes(stable_encrypted_pem + pfx_certificate.certificate_pem)
    elif case == "mismatch":
        other = make_client_certificate("someone-else")
        pem.write_bytes(pfx_certificate.private_key_pem + other.certificate_pem)
    else:  # a key block cryptography cannot parse at all
        lines = pfx_certificate.private_key_pem.decode().splitlines()
        damaged = "\n".join([lines[0], *lines[1:-1][::-1], lines[-1]]) + "\n"
        pem.write_bytes(damaged.encode() + pfx_certificate.certificate_pem)
    error = raised(
        lambda: MsalCredential("tenant", "app", certificate_path=pem, password=PEM_PASSWORDS[case])
    )
    assert isinstance(error, InvalidInputError)
    assert_reports_nothing_secret(error, key_needles(pfx_certificate, WRONG_PASSWORD))


def test_client_secret_given_with_a_password_reports_neither() -> None:
    error = raised(lambda: MsalCredential("tenant", "app", client_secret=SECRET, password=PASSWORD))
    assert isinstance(error, InvalidInputError)
    assert_reports_nothing_secret(error, Needles(SECRET, PASSWORD))


def test_bad_tenant_argument_reports_no_secret() -> None:
    error = raised(lambda: MsalCredential("", "app", client_secret=SECRET))
    assert isinstance(error, InvalidInputError)
    assert_reports_nothing_secret(error, Needles(SECRET))


def test_client_constructors_report_neither_the_password_nor_the_secret(
    pfx_certificate: ClientCertificate, tmp_path: Path
) -> None:
    from graph_calls import AsyncGraphCalls, GraphCalls

    pfx = tmp_path / "bot.pfx"
    pfx.write_bytes(pfx_certificate.pfx)
    for client in (GraphCalls, AsyncGraphCalls):
        error = raised(
            lambda client=client: client.from_certificate(
                tenant_id="tenant", client_id="app", certificate_path=pfx, password=WRONG_PASSWORD
            )
        )
        assert isinstance(error, InvalidInputError)
        assert_reports_nothing_secret(error, key_needles(pfx_certificate, WRONG_PASSWORD))
        error = raised(
            lambda client=client: client.from_client_secret(
                tenant_id="", client_id="app", client_secret=SECRET
            )
        )
        assert isinstance(error, InvalidInputError)
        assert_reports_nothing_secret(error, Needles(SECRET))


# -- a hostile identity platform -------------------------------------------------------------------

Answer = Callable[[dict[str, str]], "tuple[int, str, bytes] | None"]
"""How the hostile platform answers a token request's form: (status, content type, body), or None to
drop the connection without answering."""


class HostileIdentityPlatform:
    """A tiny HTTPS server on a real local socket: a valid OpenID configuration, then token answers as a
    test sets them in :attr:`answer` (garbage, a dropped connection, echoes of what was posted)."""

    def __init__(self, ca: TestCA) -> None:
        self.answer: Answer = lambda form: (500, "text/plain", b"not set")
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # the OpenID configuration, for any tenant
                tenant = self.path.strip("/").split("/")[0]
                base = f"https://127.0.0.1:{owner.port}/{tenant}"
                body = json.dumps(
                    {
                        "issuer": f"{base}/v2.0",
                        "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                        "token_endpoint": f"{base}/oauth2/v2.0/token",
                    }
                ).encode()
                self._send(200, "application/json", body)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                answer = owner.answer(form)
                if answer is None:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self._send(*answer)

            def _send(self, status: int, content_type: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(ca.server_certfile, ca.server_keyfile)
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)


@pytest.fixture(scope="module")
def hostile_ca() -> Iterator[TestCA]:
    with TestCA() as ca:
        yield ca


@pytest.fixture(scope="module")
def hostile_server(hostile_ca: TestCA) -> Iterator[HostileIdentityPlatform]:
    platform = HostileIdentityPlatform(hostile_ca)
    yield platform
    platform.close()


@pytest.fixture
def hostile(hostile_server: HostileIdentityPlatform) -> HostileIdentityPlatform:
    hostile_server.answer = lambda form: (500, "text/plain", b"not set")
    return hostile_server


def hostile_credential(hostile: HostileIdentityPlatform, ca: TestCA, **kwargs: Any) -> MsalCredential:
    options: dict[str, Any] = {"client_secret": SECRET, **kwargs}
    return MsalCredential(
        "tenant",
        "app",
        authority=f"https://127.0.0.1:{hostile.port}/tenant",
        verify=ca.ca_bundle,
        timeout_s=5,
        **options,
    )


def echo_of(form: dict[str, str]) -> str:
    return " ".join(f"{key}={value}" for key, value in form.items())


HOSTILE_ANSWERS: dict[str, tuple[Answer, bool, str]] = {
    "dropped-connection": (lambda form: None, True, "cannot reach the identity platform"),
    "truncated-json": (
        lambda form: (200, "application/json", b'{"access_token": "eyJ'),
        True,
        "answered HTTP 200 with no JSON object",
    ),
    "json-list": (
        lambda form: (200, "application/json", b"[1, 2]"),
        True,
        "answered HTTP 200 with no JSON object",
    ),
    "json-string": (
        lambda form: (400, "application/json", b'"error"'),
        True,
        "answered HTTP 400 with no JSON object",
    ),
    "indigestible-token": (  # MSAL fails inside, holding the token and the form
        lambda form: (
            200,
            "application/json",
            b'{"access_token": "eyJhbGci.eyJzdWIi.c2ln", "expires_in": 3600, "scope": 5}',
        ),
        False,
        "MSAL failed: AttributeError",
    ),
    "no-expires-in": (
        lambda form: (
            200,
            "application/json",
            b'{"access_token": "eyJhbGci.eyJzdWIi.c2ln", "token_type": "Bearer"}',
        ),
        True,
        "answered without a usable expires_in",
    ),
    "echoes-the-form": (
        lambda form: (
            401,
            "application/json",
            json.dumps(
                {
                    "error": f"invalid_client {echo_of(form)}",
                    "error_description": f"AADSTS7000215: you sent {echo_of(form)}\r\nTrace ID: x",
                    "error_codes": [7000215, "7000216", "not-a-code", True],
                    "correlation_id": echo_of(form),
                    "trace_id": "\x1b[31m" + echo_of(form),
                }
            ).encode(),
        ),
        False,
        "refused the token request (HTTP 401)",
    ),
    "huge-description": (
        lambda form: (
            400,
            "application/json",
            json.dumps(
                {"error": "invalid_request", "error_description": "A" * 1_000_000 + echo_of(form)}
            ).encode(),
        ),
        False,
        "refused the token request (HTTP 400)",
    ),
}


@pytest.mark.parametrize("kind", list(HOSTILE_ANSWERS))
def test_hostile_identity_platform_answers_report_no_secret(
    hostile: HostileIdentityPlatform, hostile_ca: TestCA, caplog: pytest.LogCaptureFixture, kind: str
) -> None:
    answer, transient, message = HOSTILE_ANSWERS[kind]
    hostile.answer = answer
    with hostile_credential(hostile, hostile_ca) as credential, caplog.at_level(logging.DEBUG):
        error = raised(lambda: credential.get_token(SCOPE))
    assert isinstance(error, AuthenticationError), repr(error)
    assert error.transient is transient
    assert message in str(error)
    assert len(str(error)) < 3000
    assert_reports_nothing_secret(error, Needles(SECRET))
    assert log_leaks(caplog.records, Needles(SECRET)) == []


def test_echoed_secret_is_blanked_and_the_diagnostics_kept(
    hostile: HostileIdentityPlatform, hostile_ca: TestCA
) -> None:
    hostile.answer = HOSTILE_ANSWERS["echoes-the-form"][0]
    with hostile_credential(hostile, hostile_ca) as credential:
        error = raised(lambda: credential.get_token(SCOPE))
    assert isinstance(error, AuthenticationError)
    assert error.error_codes == (7000215, 7000216)
    assert error.error_description is not None
    assert error.error_description.startswith("AADSTS7000215: you sent ")
    assert "client_secret=<redacted>" in error.error_description
    assert error.trace_id is not None
    assert "\x1b" not in error.trace_id


def test_huge_description_is_cut(hostile: HostileIdentityPlatform, hostile_ca: TestCA) -> None:
    hostile.answer = HOSTILE_ANSWERS["huge-description"][0]
    with hostile_credential(hostile, hostile_ca) as credential:
        error = raised(lambda: credential.get_token(SCOPE))
    assert isinstance(error, AuthenticationError)
    assert error.error_description is not None
    assert len(error.error_description) <= 2000
    assert error.error_description.endswith("…")


def test_hostile_echo_of_a_client_assertion_is_blanked(
    hostile: HostileIdentityPlatform,
    hostile_ca: TestCA,
    pfx_certificate: ClientCertificate,
    tmp_path: Path,
) -> None:
    sent: list[str] = []

    def echo(form: dict[str, str]) -> tuple[int, str, bytes]:
        sent.append(form.get("client_assertion", ""))
        return HOSTILE_ANSWERS["echoes-the-form"][0](form) or (500, "text/plain", b"")

    hostile.answer = echo
    pfx = tmp_path / "bot.pfx"
    pfx.write_bytes(pfx_certificate.pfx)
    with hostile_credential(
        hostile, hostile_ca, client_secret=None, certificate_path=pfx, password=PASSWORD
    ) as credential:
        error = raised(lambda: credential.get_token(SCOPE))
    assert isinstance(error, AuthenticationError)
    assert sent  # the platform did get an assertion, and echoed it
    assert JWT.fullmatch(sent[0])
    assert_reports_nothing_secret(error, key_needles(pfx_certificate, sent[0]))


def test_a_credential_gets_a_token_after_a_reported_failure(idp: FakeIdentityPlatform) -> None:
    # Behaviour is otherwise unchanged: the credential and its MSAL app keep working after a failure.
    idp.fail_next(1, error=None, status=200)
    with secret_credential(idp) as credential:
        assert isinstance(raised(lambda: credential.get_token(SCOPE)), AuthenticationError)
        assert idp.validate_access_token(credential.get_token(SCOPE).token)
    assert idp.token_requests == 2


def test_unexpected_msal_error_names_where_it_happened(
    hostile: HostileIdentityPlatform, hostile_ca: TestCA
) -> None:
    hostile.answer = HOSTILE_ANSWERS["indigestible-token"][0]
    with hostile_credential(hostile, hostile_ca) as credential:
        error = raised(lambda: credential.get_token(SCOPE))
    assert isinstance(error, AuthenticationError)
    assert re.search(r"MSAL failed: AttributeError: .* \(at \w+\.py:\d+\)", str(error)), str(error)


def test_aget_after_a_failed_get_gets_a_token(idp: FakeIdentityPlatform) -> None:
    # The provider's locks are not left held by a failure. (Not a 5xx: MSAL replays those for a while.)
    idp.fail_next(1, error=None, status=200)
    with secret_credential(idp) as credential:
        provider = TokenProvider(credential, [SCOPE])
        assert isinstance(raised(provider.get), AuthenticationError)
        token = asyncio.run(provider.aget())
    assert idp.validate_access_token(token)
