"""An app's credential in MSAL's ``client_credential`` shape: a client secret, or a PEM or PFX file.

:class:`~graph_calls.auth.MsalCredential` calls :func:`client_credential` when it is built, so a missing
file, a wrong password or a key that does not match its certificate is an
:class:`~graph_calls.errors.InvalidInputError` before any request. No message ever shows the secret, the
key or the password.

cryptography loads only when a certificate file is read.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from graph_calls.errors import InvalidInputError

__all__ = ["client_credential", "require_text"]

_PEM_PRIVATE_KEY = re.compile(r"-----BEGIN ((?:[A-Z]+ )*PRIVATE KEY)-----.+?-----END \1-----", re.DOTALL)
_PEM_CERTIFICATE = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.DOTALL)
_PFX_SUFFIXES = frozenset({".pfx", ".p12"})


def require_text(name: str, value: object) -> None:
    """Raise :class:`InvalidInputError` unless ``value`` is a string with something besides spaces."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(f"{name} must be a non-empty string")


def client_credential(
    client_secret: str | None,
    certificate_path: str | os.PathLike[str] | None,
    password: str | None,
) -> tuple[str, str | dict[str, str]]:
    """A description of the credential for repr (never the secret itself), and the credential for MSAL."""
    if (client_secret is None) == (certificate_path is None):
        raise InvalidInputError("give exactly one of client_secret and certificate_path")
    if client_secret is not None:
        require_text("client_secret", client_secret)
        if password is not None:
            raise InvalidInputError("password is for certificate_path, not client_secret")
        return "client secret", client_secret
    assert certificate_path is not None
    path = Path(certificate_path)
    if path.suffix.lower() in _PFX_SUFFIXES:
        return f"certificate {str(path)!r}", _pfx_credential(path, password)
    return f"certificate {str(path)!r}", _pem_credential(path, password)


def _read_certificate_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInputError(
            f"cannot read certificate file {str(path)!r}: {exc.strerror or type(exc).__name__}"
        ) from None


def _pfx_credential(path: Path, password: str | None) -> dict[str, str]:
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12

    data = _read_certificate_file(path)
    try:
        key, certificate, _ = pkcs12.load_key_and_certificates(data, _password_bytes(password))
    except (ValueError, TypeError):
        # cryptography's message does not show the password, but ours says what to check.
        raise InvalidInputError(
            f"cannot open PFX file {str(path)!r}: wrong or missing password, or not a PKCS#12 file"
        ) from None
    if key is None or certificate is None:
        raise InvalidInputError(f"PFX file {str(path)!r} must hold both a private key and its certificate")
    if not isinstance(key, rsa.RSAPrivateKey):
        raise InvalidInputError(f"the private key in {str(path)!r} must be an RSA key")
    credential = {"private_key_pfx_path": str(path)}
    if password:
        credential["passphrase"] = password
    return credential


def _pem_credential(path: Path, password: str | None) -> dict[str, str]:
    text = _read_certificate_file(path).decode("ascii", errors="replace")
    key_block = _PEM_PRIVATE_KEY.search(text)
    cert_block = _PEM_CERTIFICATE.search(text)
    if key_block is None or cert_block is None:
        raise InvalidInputError(
            f"PEM file {str(path)!r} must hold a private key and its certificate (or use a .pfx file)"
        )
    _check_pem_pair(path, key_block.group(0), cert_block.group(0), password)
    credential = {"private_key": key_block.group(0), "public_certificate": cert_block.group(0)}
    if password:
        credential["passphrase"] = password
    return credential


def _check_pem_pair(path: Path, key_pem: str, cert_pem: str, password: str | None) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    try:
        key = serialization.load_pem_private_key(key_pem.encode("ascii"), _password_bytes(password))
    except TypeError:  # "password given but not encrypted" or the reverse
        state = "is not encrypted" if password else "is encrypted: give its password"
        raise InvalidInputError(f"the private key in {str(path)!r} {state}") from None
    except ValueError:
        raise InvalidInputError(
            f"cannot load the private key in {str(path)!r}: wrong password or damaged key"
        ) from None
    try:
        certificate = x509.load_pem_x509_certificate(cert_pem.encode("ascii"))
    except ValueError:
        raise InvalidInputError(f"cannot load the certificate in {str(path)!r}") from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise InvalidInputError(f"the private key in {str(path)!r} must be an RSA key")
    if certificate.public_key() != key.public_key():
        raise InvalidInputError(f"the certificate in {str(path)!r} does not match its private key")


def _password_bytes(password: str | None) -> bytes | None:
    return password.encode("utf-8") if password else None
