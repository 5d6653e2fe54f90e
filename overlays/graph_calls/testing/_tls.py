"""Local TLS for tests: a per-run certificate authority and self-signed client certificates.

:class:`TestCA` gives a local HTTPS server a certificate for ``127.0.0.1`` and ``localhost`` that
clients trust through :attr:`TestCA.ca_bundle` (a PEM path) or :meth:`TestCA.ssl_context`.
:func:`make_client_certificate` makes the kind of certificate an app registers for
client-certificate authentication with the identity platform.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import shutil
import ssl
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import trustme
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

__all__ = ["ClientCertificate", "TestCA", "make_client_certificate"]

SERVER_HOSTNAMES = ("127.0.0.1", "localhost")
CLIENT_CERTIFICATE_VALIDITY = datetime.timedelta(days=365)


class TestCA:
    """A throwaway CA and a server certificate it issued, written to a private temp dir.

    Example::

        with TestCA() as ca, ServerThread(app, certfile=ca.server_certfile,
                                          keyfile=ca.server_keyfile) as server:
            httpx.get(server.base_url, verify=ca.ssl_context())
    """

    __test__ = False  # not a pytest test class, despite the name

    def __init__(self) -> None:
        self._ca = trustme.CA(organization_name="graph-calls test CA")
        self._dir = Path(tempfile.mkdtemp(prefix="graph-calls-ca-"))  # mode 0700
        self.ca_bundle: str = str(self._dir / "ca.pem")
        """Path of the CA certificate (PEM), for ``verify=`` / ``cafile=``."""
        self.server_certfile: str = str(self._dir / "server.pem")
        """Path of the server certificate chain (PEM) for ``127.0.0.1`` and ``localhost``."""
        self.server_keyfile: str = str(self._dir / "server.key")
        """Path of the server's private key (PEM)."""
        self._ca.cert_pem.write_to_path(self.ca_bundle)
        server_cert = self._ca.issue_cert(*SERVER_HOSTNAMES)
        server_cert.private_key_pem.write_to_path(self.server_keyfile)
        for index, blob in enumerate(server_cert.cert_chain_pems):
            blob.write_to_path(self.server_certfile, append=index > 0)

    def __repr__(self) -> str:
        return f"TestCA(ca_bundle={self.ca_bundle!r})"

    def ssl_context(self) -> ssl.SSLContext:
        """A client-side ``SSLContext`` that trusts this CA (and nothing else)."""
        return ssl.create_default_context(cafile=self.ca_bundle)

    def close(self) -> None:
        """Delete the temp dir with the CA and server key material. Safe to call twice."""
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> TestCA:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


@dataclass(frozen=True)
class ClientCertificate:
    """A self-signed RSA certificate and its key in the forms MSAL takes. The repr hides the key."""

    common_name: str
    private_key_pem: bytes = field(repr=False)
    """PKCS#8 PEM, unencrypted."""
    certificate_pem: bytes = field(repr=False)
    pfx: bytes = field(repr=False)
    """PKCS#12 with key and certificate, encrypted with the password if one was given."""
    sha1_thumbprint_hex: str
    """SHA-1 of the DER certificate in hex: MSAL's legacy ``thumbprint`` (sent as ``x5t``)."""
    sha256_thumbprint_b64url: str
    """SHA-256 of the DER certificate, base64url without padding (as in ``x5t#S256``)."""


def make_client_certificate(common_name: str, *, password: bytes | None = None) -> ClientCertificate:
    """Make a self-signed RSA 2048 certificate for app (client-certificate) authentication.

    Example::

        cert = make_client_certificate("my-bot")
        fake.register_client(certificate_pem=cert.certificate_pem)
        credential = {"private_key": cert.private_key_pem.decode(),
                      "public_certificate": cert.certificate_pem.decode()}
    """
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    certificate = _self_signed_certificate(key, common_name)
    der = certificate.public_bytes(serialization.Encoding.DER)
    return ClientCertificate(
        common_name=common_name,
        private_key_pem=key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM),
        pfx=_pkcs12(key, certificate, common_name, password),
        sha1_thumbprint_hex=hashlib.sha1(der).hexdigest(),  # noqa: S324 - a thumbprint, not security
        sha256_thumbprint_b64url=base64.urlsafe_b64encode(hashlib.sha256(der).digest())
        .rstrip(b"=")
        .decode("ascii"),
    )


def _self_signed_certificate(key: rsa.RSAPrivateKey, common_name: str) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + CLIENT_CERTIFICATE_VALIDITY)
        .sign(key, hashes.SHA256())
    )


def _pkcs12(
    key: rsa.RSAPrivateKey,
    certificate: x509.Certificate,
    common_name: str,
    password: bytes | None,
) -> bytes:
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    )
    return pkcs12.serialize_key_and_certificates(
        common_name.encode("utf-8"), key, certificate, None, encryption
    )
