"""Argument checks that run before anything is sent: ids and the types of action parameters."""

from __future__ import annotations

from collections.abc import Sequence
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
