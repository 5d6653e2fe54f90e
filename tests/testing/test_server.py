"""ServerThread, TestCA and make_client_certificate, over real sockets on 127.0.0.1."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import anyio
import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from graph_calls.testing import ServerThread, TestCA
from graph_calls.testing._tls import make_client_certificate

SLOW_RESPONSE_S = 0.3


async def hello(request: Request) -> Response:
    return PlainTextResponse("hello")


async def slow(request: Request) -> Response:
    await anyio.sleep(SLOW_RESPONSE_S)
    return PlainTextResponse("slow")


APP = Starlette(routes=[Route("/", hello), Route("/slow", slow)])


@pytest.fixture(scope="module")
def ca() -> Iterator[TestCA]:
    with TestCA() as test_ca:
        yield test_ca


def connection_refused(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return False
    except ConnectionRefusedError:
        return True


def test_serves_plain_http_on_an_ephemeral_port() -> None:
    with ServerThread(APP) as server:
        assert server.port > 0
        assert server.base_url == f"http://127.0.0.1:{server.port}"
        assert httpx.get(server.base_url).text == "hello"


def test_serves_https_for_127_0_0_1_and_localhost_with_the_test_ca(ca: TestCA) -> None:
    with ServerThread(APP, certfile=ca.server_certfile, keyfile=ca.server_keyfile) as server:
        assert server.base_url == f"https://127.0.0.1:{server.port}"
        assert httpx.get(server.base_url, verify=ca.ssl_context()).text == "hello"
        localhost_url = f"https://localhost:{server.port}"
        assert httpx.get(localhost_url, verify=ca.ssl_context()).text == "hello"


def test_https_is_refused_by_a_client_that_does_not_trust_the_test_ca(ca: TestCA) -> None:
    with (
        ServerThread(APP, certfile=ca.server_certfile, keyfile=ca.server_keyfile) as server,
        pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"),
    ):
        httpx.get(server.base_url)


def test_several_servers_run_at_once_on_distinct_ports(ca: TestCA) -> None:
    with (
        ServerThread(APP) as first,
        ServerThread(APP) as second,
        ServerThread(APP, certfile=ca.server_certfile, keyfile=ca.server_keyfile) as third,
    ):
        assert len({first.port, second.port, third.port}) == 3
        assert httpx.get(first.base_url).text == "hello"
        assert httpx.get(second.base_url).text == "hello"
        assert httpx.get(third.base_url, verify=ca.ssl_context()).text == "hello"


def test_stop_closes_the_port_and_can_be_called_twice() -> None:
    server = ServerThread(APP).start()
    port = server.port
    server.stop()
    server.stop()
    assert connection_refused(port)
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.port


def test_server_can_be_started_again_after_stop() -> None:
    server = ServerThread(APP)
    for _ in range(2):
        with server:
            assert httpx.get(server.base_url).text == "hello"


def test_stop_is_quick_while_a_client_holds_an_idle_tls_keep_alive_connection(ca: TestCA) -> None:
    server = ServerThread(APP, certfile=ca.server_certfile, keyfile=ca.server_keyfile).start()
    with httpx.Client(verify=ca.ssl_context()) as client:
        assert client.get(server.base_url).status_code == 200
        started = time.monotonic()
        server.stop()
        assert time.monotonic() - started < 1.0


def test_stop_lets_an_in_flight_request_finish() -> None:
    server = ServerThread(APP).start()
    answers: list[str] = []
    request = threading.Thread(target=lambda: answers.append(httpx.get(f"{server.base_url}/slow").text))
    request.start()
    time.sleep(SLOW_RESPONSE_S / 3)
    server.stop()
    request.join()
    assert answers == ["slow"]


def test_start_and_stop_wait_for_nothing_but_the_server() -> None:
    # uvicorn on its own notices a stop on its next 0.1 s tick, then pauses 0.1 s and polls every 0.1 s.
    started = time.monotonic()
    for _ in range(20):
        with ServerThread(APP) as server:
            assert server.port > 0

    assert time.monotonic() - started < 2.0


def test_answers_are_not_held_back_by_delayed_acks() -> None:
    # Without TCP_NODELAY on accepted sockets every answer waits ~40 ms for the client's ACK.
    with ServerThread(APP) as server, httpx.Client(base_url=server.base_url) as client:
        client.get("/")
        started = time.monotonic()
        for _ in range(20):
            assert client.post("/", content=b"x" * 100).status_code in (200, 405)

        assert time.monotonic() - started < 0.5


def test_start_raises_runtime_error_when_the_port_is_taken() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        server = ServerThread(APP, port=taken.getsockname()[1])
        with pytest.raises(RuntimeError, match="failed to start"):
            server.start()
        assert not server.running


def test_start_raises_runtime_error_when_the_app_fails_to_start() -> None:
    @contextlib.asynccontextmanager
    async def broken_lifespan(app: Starlette) -> AsyncIterator[None]:
        raise OSError("database unavailable")
        yield

    app = Starlette(routes=[Route("/", hello)], lifespan=broken_lifespan)
    with pytest.raises(RuntimeError, match="failed to start"):
        ServerThread(app, lifespan="on").start()


def test_certfile_without_keyfile_is_refused(ca: TestCA) -> None:
    with pytest.raises(ValueError, match="together"):
        ServerThread(APP, certfile=ca.server_certfile)


def test_test_ca_writes_its_files_to_a_private_dir_and_close_removes_them() -> None:
    with TestCA() as test_ca:
        files = [Path(test_ca.ca_bundle), Path(test_ca.server_certfile), Path(test_ca.server_keyfile)]
        assert all(path.is_file() for path in files)
        assert files[0].parent.stat().st_mode & 0o077 == 0
    assert not any(path.exists() for path in files)


def test_client_certificate_thumbprints_are_those_of_its_der_certificate() -> None:
    cert = make_client_certificate("graph-calls-test")
    der = x509.load_pem_x509_certificate(cert.certificate_pem).public_bytes(serialization.Encoding.DER)
    assert cert.sha1_thumbprint_hex == hashlib.sha1(der).hexdigest()
    sha256 = base64.urlsafe_b64encode(hashlib.sha256(der).digest()).rstrip(b"=").decode()
    assert cert.sha256_thumbprint_b64url == sha256
    assert b"PRIVATE KEY" not in repr(cert).encode()
    assert "MII" not in repr(cert)


def test_client_certificate_pfx_needs_its_password() -> None:
    cert = make_client_certificate("graph-calls-test", password=b"correct horse")
    key, certificate, _ = pkcs12.load_key_and_certificates(cert.pfx, b"correct horse")
    assert certificate is not None
    assert certificate.public_bytes(serialization.Encoding.PEM) == cert.certificate_pem
    assert key is not None
    with pytest.raises(ValueError, match="password"):
        pkcs12.load_key_and_certificates(cert.pfx, b"wrong")


def test_importing_graph_calls_testing_loads_no_server_library() -> None:
    code = (
        "import sys, graph_calls.testing\n"
        "heavy = {'uvicorn', 'starlette', 'trustme', 'jwt', 'cryptography'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
        "assert graph_calls.testing.TestCA.__name__ == 'TestCA'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
