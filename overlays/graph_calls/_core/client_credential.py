"""An app's credential in MSAL's ``client_credential`` shape: a client secret, or a PEM or PFX file.

:class:`~graph_calls.auth.MsalCredential` calls :func:`client_credential` when it is built, so a missing
file, a wrong password or a key that does not match its certificate is an
:class:`~graph_calls.errors.InvalidInputError` before any request. No message ever shows the secret, the
key or the password.

Secrets travel sealed in :class:`Secret` (its repr and str say ``<redacted>``) and are revealed only inside
the expression that hands them to cryptography or MSAL. The rule, for error reporters that record frame
locals (Sentry, rich tracebacks, ``pytest --showlocals``): no frame on the traceback of an error raised
here, nor on the errors chained to it, holds a secret, a private key or a password as a local, or inside a
``dict``/``list``/``tuple``/``set`` local, or as a plain attribute of an object local. So an
``InvalidInputError`` is raised only here in :func:`client_credential`, after the block that caught what
cryptography raised has ended (that error, and the frames that held the file and the password, are gone).

cryptography loads only when a certificate file is read.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Generic, TypeAlias, TypeVar

from graph_calls.errors import InvalidInputError

__all__ = ["MsalClientCredential", "Secret", "client_credential", "require_text", "seal"]

_PEM_PRIVATE_KEY = re.compile(r"-----BEGIN ((?:[A-Z]+ )*PRIVATE KEY)-----.+?-----END \1-----", re.DOTALL)
_PEM_CERTIFICATE = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.DOTALL)
_PFX_SUFFIXES = frozenset({".pfx", ".p12"})

_T_co = TypeVar("_T_co", covariant=True)

MsalClientCredential: TypeAlias = "str | dict[str, str]"
"""What MSAL takes as ``client_credential``: the secret, or a dict with the key (PEM or PFX path) and more."""


class Secret(Generic[_T_co]):
    """A value never to be shown: a client secret, a password, a credential dict holding a private key.

    ``repr()`` and ``str()`` say ``<redacted>``; :meth:`reveal` returns the value. Reveal it inside the
    expression that uses it (``load(data, password.reveal())``), never into a local variable of a frame an
    exception may carry.
    """

    __slots__ = ("_value",)

    def __init__(self, value: _T_co) -> None:
        self._value = value

    def reveal(self) -> _T_co:
        """The value itself."""
        return self._value

    def __repr__(self) -> str:
        return "Secret(<redacted>)"

    __str__ = __repr__


def seal(value: str | None) -> Secret[str] | None:
    """``value`` sealed in a :class:`Secret`, or ``None`` for ``None``."""
    return None if value is None else Secret(value)


def require_text(name: str, value: object) -> None:
    """Raise :class:`InvalidInputError` unless ``value`` is a string with something besides spaces."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(f"{name} must be a non-empty string")


class _Unusable(Exception):
    """A certificate file that cannot be used; the message says why (never the key or the password)."""


def client_credential(
    client_secret: Secret[str] | None,
    certificate_path: str | os.PathLike[str] | None,
    password: Secret[str] | None,
) -> tuple[str, Secret[MsalClientCredential]]:
    """A description of the credential for repr (never the secret itself), and the credential for MSAL."""
    if (client_secret is None) == (certificate_path is None):
        raise InvalidInputError("give exactly one of client_secret and certificate_path")
    if client_secret is not None:
        if not _is_text(client_secret):
            raise InvalidInputError("client_secret must be a non-empty string")
        if password is not None:
            raise InvalidInputError("password is for certificate_path, not client_secret")
        return "client secret", client_secret
    assert certificate_path is not None
    path = Path(certificate_path)
    description = f"certificate {str(path)!r}"
    problem: str
    try:
        if path.suffix.lower() in _PFX_SUFFIXES:
            return description, _pfx_credential(path, password)
        return description, _pem_credential(path, password)
    except _Unusable as exc:
        problem = str(exc)
    except Exception as exc:  # what cryptography raises for a file it cannot parse at all
        problem = f"cannot use certificate file {str(path)!r}: {type(exc).__name__}"
    # Raised here, after the except block: the chain of this error holds no frame that saw the file
    # contents or the password.
    raise InvalidInputError(problem)


def _is_text(secret: Secret[object]) -> bool:
    return isinstance(secret.reveal(), str) and bool(str(secret.reveal()).strip())


def _read_certificate_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _Unusable(
            f"cannot read certificate file {str(path)!r}: {exc.strerror or type(exc).__name__}"
        ) from None


def _pfx_credential(path: Path, password: Secret[str] | None) -> Secret[MsalClientCredential]:
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        key, certificate, _ = pkcs12.load_key_and_certificates(
            _read_certificate_file(path), _password_bytes(password)
        )
    except (ValueError, TypeError):
        # cryptography's message does not show the password, but ours says what to check.
        raise _Unusable(
            f"cannot open PFX file {str(path)!r}: wrong or missing password, or not a PKCS#12 file"
        ) from None
    if key is None or certificate is None:
        raise _Unusable(f"PFX file {str(path)!r} must hold both a private key and its certificate")
    if not isinstance(key, rsa.RSAPrivateKey):
        raise _Unusable(f"the private key in {str(path)!r} must be an RSA key")
    if password is None or not password.reveal():
        return Secret({"private_key_pfx_path": str(path)})
    return Secret({"private_key_pfx_path": str(path), "passphrase": password.reveal()})


def _pem_credential(path: Path, password: Secret[str] | None) -> Secret[MsalClientCredential]:
    text = _read_certificate_file(path).decode("ascii", errors="replace")
    key_block = _PEM_PRIVATE_KEY.search(text)
    cert_block = _PEM_CERTIFICATE.search(text)
    if key_block is None or cert_block is None:
        raise _Unusable(
            f"PEM file {str(path)!r} must hold a private key and its certificate (or use a .pfx file)"
        )
    _check_pem_pair(path, key_block.group(0), cert_block.group(0), password)
    credential = {"private_key": key_block.group(0), "public_certificate": cert_block.group(0)}
    if password is not None and password.reveal():
        credential["passphrase"] = password.reveal()
    return Secret(credential)


def _check_pem_pair(path: Path, key_pem: str, cert_pem: str, password: Secret[str] | None) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    try:
        key = serialization.load_pem_private_key(key_pem.encode("ascii"), _password_bytes(password))
    except TypeError:  # "password given but not encrypted" or the reverse
        given = password is not None and bool(password.reveal())
        state = "is not encrypted" if given else "is encrypted: give its password"
        raise _Unusable(f"the private key in {str(path)!r} {state}") from None
    except ValueError:
        raise _Unusable(
            f"cannot load the private key in {str(path)!r}: wrong password or damaged key"
        ) from None
    try:
        certificate = x509.load_pem_x509_certificate(cert_pem.encode("ascii"))
    except ValueError:
        raise _Unusable(f"cannot load the certificate in {str(path)!r}") from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise _Unusable(f"the private key in {str(path)!r} must be an RSA key")
    if certificate.public_key() != key.public_key():
        raise _Unusable(f"the certificate in {str(path)!r} does not match its private key")


def _password_bytes(password: Secret[str] | None) -> bytes | None:
    return password.reveal().encode("utf-8") if password is not None and password.reveal() else None
