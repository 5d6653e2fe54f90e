"""graph_calls._tls.ssl_context: the one reader of ``verify=`` for Graph, MSAL and the callback key fetcher.

Trust is proven with a real TLS handshake, in memory, against a server certificate issued by a trustme CA
whose certificate the test writes to a file or a hashed CA directory.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
from pathlib import Path

import pytest
import trustme

from graph_calls._tls import ssl_context
from graph_calls.errors import InvalidInputError

SERVER_NAME = "localhost"


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def ca_file(ca: trustme.CA, tmp_path: Path) -> Path:
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


def handshake(client_context: ssl.SSLContext, ca: trustme.CA) -> None:
    """A TLS handshake in memory with a server whose certificate ``ca`` issued; raises if refused."""
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert(SERVER_NAME).configure_cert(server_context)
    to_server, to_client = ssl.MemoryBIO(), ssl.MemoryBIO()
    client = client_context.wrap_bio(to_client, to_server, server_hostname=SERVER_NAME)
    server = server_context.wrap_bio(to_server, to_client, server_side=True)
    done = {client: False, server: False}
    for _ in range(20):
        for side in (client, server):
            if not done[side]:
                try:
                    side.do_handshake()
                    done[side] = True
                except ssl.SSLWantReadError:
                    pass
        if all(done.values()):
            return
    raise AssertionError("the handshake did not finish")


def test_a_ca_file_becomes_a_context_that_trusts_that_ca(ca: trustme.CA, ca_file: Path) -> None:
    context = ssl_context(str(ca_file))

    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
    handshake(context, ca)


def test_a_ca_file_context_refuses_a_server_of_another_ca(ca_file: Path) -> None:
    context = ssl_context(str(ca_file))

    assert isinstance(context, ssl.SSLContext)
    with pytest.raises(ssl.SSLCertVerificationError):
        handshake(context, trustme.CA())


def test_a_path_object_is_read_like_a_string(ca: trustme.CA, ca_file: Path) -> None:
    context = ssl_context(ca_file)

    assert isinstance(context, ssl.SSLContext)
    handshake(context, ca)


@pytest.mark.skipif(
    shutil.which("openssl") is None, reason="needs the openssl command to hash a CA directory"
)
def test_a_ca_directory_becomes_a_context_that_trusts_its_certificates(
    ca: trustme.CA, tmp_path: Path
) -> None:
    directory = tmp_path / "certs"
    directory.mkdir()
    ca.cert_pem.write_to_path(str(directory / "ca.pem"))
    subprocess.run(["openssl", "rehash", str(directory)], check=True, capture_output=True)

    context = ssl_context(str(directory))

    assert isinstance(context, ssl.SSLContext)
    handshake(context, ca)


def test_an_empty_ca_directory_trusts_nothing(ca: trustme.CA, tmp_path: Path) -> None:
    context = ssl_context(tmp_path)

    assert isinstance(context, ssl.SSLContext)
    with pytest.raises(ssl.SSLCertVerificationError):
        handshake(context, ca)


def test_an_ssl_context_is_passed_through_unchanged(ca: trustme.CA) -> None:
    given = ssl.create_default_context()
    ca.configure_trust(given)

    assert ssl_context(given) is given


@pytest.mark.parametrize("verify", [True, False])
def test_bools_are_passed_through_for_httpx(verify: bool) -> None:
    assert ssl_context(verify) is verify


def test_a_missing_path_is_invalid_input(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-ca.pem"

    with pytest.raises(InvalidInputError, match="no CA bundle file or directory") as caught:
        ssl_context(str(missing))

    assert str(missing) in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_a_file_without_certificates_is_invalid_input_without_its_content(tmp_path: Path) -> None:
    path = tmp_path / "not-a-ca.pem"
    path.write_text("hunter2-not-a-certificate\n")

    with pytest.raises(InvalidInputError, match="cannot load CA certificates") as caught:
        ssl_context(str(path))

    assert "hunter2" not in str(caught.value)
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__


def test_pem_text_passed_as_a_path_is_not_quoted_back(ca: trustme.CA) -> None:
    pasted = ca.private_key_pem.bytes().decode()

    with pytest.raises(InvalidInputError) as caught:
        ssl_context(pasted)

    assert "PRIVATE KEY" not in str(caught.value)
    assert pasted.splitlines()[1] not in str(caught.value)


@pytest.mark.parametrize("verify", [None, 42, b"/etc/ssl/ca.pem", ""])
def test_other_values_are_invalid_input(verify: object) -> None:
    with pytest.raises(InvalidInputError, match="verify must be"):
        ssl_context(verify)  # type: ignore[arg-type]
