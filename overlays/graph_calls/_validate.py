"""Argument checks that run before anything is sent: ids and the types of action parameters."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from graph_calls.errors import InvalidInputError

# URL normalisation would turn these into another path (`calls/..` is the collection's parent).
_DOT_SEGMENTS = frozenset({".", ".."})


def check_id(name: str, value: object) -> str:
    """Return ``value`` if it can travel as one path segment; else raise :class:`InvalidInputError`.

    Every other string is fine: the generated code percent-encodes it as exactly one segment
    (``a/b`` → ``a%2Fb``), so it is never encoded twice here.
    """
    if not isinstance(value, str):
        raise InvalidInputError(f"{name} must be a str, not {type(value).__name__}")
    if not value:
        raise InvalidInputError(f"{name} must not be empty")
    if value in _DOT_SEGMENTS:
        raise InvalidInputError(f"{name} {value!r} would change the URL path; it cannot be an id")
    return value


def expect(name: str, value: object, *types: type) -> None:
    """Raise :class:`InvalidInputError` unless ``value`` is None or an instance of one of ``types``."""
    if value is None:
        return
    # bool is an int in Python; an int parameter does not take True.
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
        wanted = " or ".join(t.__name__ for t in types)
        raise InvalidInputError(f"{name} must be {wanted}, not {type(value).__name__}")


def expect_list(name: str, value: object, *types: type, required: bool = False) -> list[Any] | None:
    """Check a list argument (any non-string sequence is accepted and copied to a list)."""
    if value is None:
        if required:
            raise InvalidInputError(f"{name} is required")
        return None
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise InvalidInputError(f"{name} must be a list, not {type(value).__name__}")
    items = list(value)
    for index, item in enumerate(items):
        if not isinstance(item, types) or (isinstance(item, bool) and bool not in types):
            wanted = " or ".join(t.__name__ for t in types)
            raise InvalidInputError(f"{name}[{index}] must be {wanted}, not {type(item).__name__}")
    return items


def query_list(name: str, value: str | Sequence[str] | None) -> str | None:
    """``$select``-style options: a comma-separated string, or a list of names joined with commas."""
    if value is None or isinstance(value, str):
        expect(name, value, str)
        return value
    items = expect_list(name, value, str) or []
    return ",".join(items)


# RFC 9110 token characters: what a header name may be made of.
_TOKEN_CHARS = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
# Set by graph-calls or httpx for every request; a caller's value would break auth, routing or framing.
RESERVED_HEADERS = frozenset({"authorization", "host", "content-length", "transfer-encoding", "connection"})


def check_headers(name: str, headers: object) -> dict[str, str]:
    """A copy of ``headers`` if every name is a token and no value can split the request; else raise.

    A CR or LF in a value would end the header early (header injection); httpx would refuse it only when
    sending, as a connection error. Headers graph-calls or httpx own (``Authorization``, ``Host``, framing)
    cannot be set.
    """
    if not isinstance(headers, Mapping):
        raise InvalidInputError(
            f"{name} must be a mapping of header names to values, not {type(headers).__name__}"
        )
    checked: dict[str, str] = {}
    for key, value in headers.items():
        if not isinstance(key, str) or not key or not set(key) <= _TOKEN_CHARS:
            raise InvalidInputError(f"{name}: {key!r} is not a valid header name")
        if key.lower() in RESERVED_HEADERS:
            raise InvalidInputError(f"{name}: {key} is set by graph-calls and cannot be overridden")
        if not isinstance(value, str):
            raise InvalidInputError(f"{name}: the value of {key} must be a str, not {type(value).__name__}")
        if any(char in value for char in "\r\n\0"):
            raise InvalidInputError(f"{name}: the value of {key} contains a line break or NUL")
        checked[key] = value
    return checked


def check_choice(name: str, value: object, allowed: Collection[str]) -> None:
    """Raise :class:`InvalidInputError` naming the allowed values unless ``value`` is None or one of them."""
    if value is None:
        return
    if not isinstance(value, str) or value not in allowed:
        raise InvalidInputError(
            f"{name} must be one of {', '.join(map(repr, sorted(allowed)))}, not {value!r}"
        )


def check_max_concurrency(value: object) -> int:
    """``value`` if it is an int >= 1 (requests in flight per client); else :class:`InvalidInputError`."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInputError(f"max_concurrency must be an int >= 1, not {value!r}")
    return value
