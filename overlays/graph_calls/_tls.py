"""Turn the ``verify=`` argument users pass into what httpx wants: the one place that reads CA files.

The Graph transport, the MSAL HTTP client and the callback key fetcher all accept the same ``verify``:
``True`` (the system's CAs, as httpx does), ``False`` (no verification), an ``ssl.SSLContext`` (used as
is), or the path of a CA bundle file or of a directory of hashed CA certificates (``c_rehash``). httpx
0.28 deprecates paths, so a path becomes an ``SSLContext`` here.

Imports only the standard library and :mod:`graph_calls.errors`.
"""

from __future__ import annotations

import os
import ssl

from graph_calls.errors import InvalidInputError

__all__ = ["VerifyTypes", "ssl_context"]

VerifyTypes = str | os.PathLike[str] | ssl.SSLContext | bool
"""How to check the server's TLS certificate: a CA bundle path, an ``SSLContext``, or ``True`` (system)."""

# A path longer than this, or one that looks like PEM text, is not quoted in error messages: it is
# probably a certificate or key pasted where its path belongs, and a key must never reach a log.
_QUOTE_MAX_CHARS = 200


def ssl_context(verify: VerifyTypes) -> ssl.SSLContext | bool:
    """httpx's ``verify=`` for ``verify``: a bool or an ``SSLContext`` as is, a CA file or directory loaded.

    Raises:
        InvalidInputError: ``verify`` is of another type, names nothing that exists, or its CA
            certificates cannot be loaded.

    Example::

        httpx.Client(verify=ssl_context("/etc/ssl/my-ca.pem"))
    """
    if isinstance(verify, bool | ssl.SSLContext):
        return verify
    path = os.fspath(verify) if isinstance(verify, str | os.PathLike) else None
    if not isinstance(path, str) or not path:
        raise InvalidInputError(
            "verify must be True, False, an ssl.SSLContext or the path of a CA bundle file or directory"
        )
    if not os.path.exists(path):
        raise InvalidInputError(f"verify: no CA bundle file or directory at {_shown(path)}")
    is_dir = os.path.isdir(path)
    try:
        return ssl.create_default_context(cafile=None if is_dir else path, capath=path if is_dir else None)
    except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError; its text quotes no file content
        reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or type(exc).__name__
        raise InvalidInputError(
            f"verify: cannot load CA certificates from {_shown(path)} ({reason})"
        ) from None


def _shown(path: str) -> str:
    """``path`` quoted for a message, unless it looks like pasted certificate or key text."""
    if len(path) > _QUOTE_MAX_CHARS or "-----BEGIN" in path or "\n" in path:
        return "the given path (not shown: it looks like PEM text, not a path)"
    return repr(path)
