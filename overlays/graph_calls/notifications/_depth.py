"""How deep a notification body nests its arrays and objects, found without recursion.

The parser refuses a body nesting deeper than ``NOTIFICATION_MAX_JSON_DEPTH`` levels before anything
recurses into it. For a body it decoded itself it reads the depth off the JSON text
(:func:`text_nests_deeper_than`), with a few C-speed passes over the bytes: about a fifth of what
walking the decoded objects costs (:func:`nests_deeper_than`, kept for bodies given as objects).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

__all__ = ["nests_deeper_than", "text_nests_deeper_than"]

# bytes.translate table and deletions: "{" and "}" read as "[" and "]"; everything but brackets and
# quotes goes.
_BRACKETS: Final = bytes(range(256)).replace(b"{", b"[").replace(b"}", b"]")
_NOT_STRUCTURE: Final = bytes(c for c in range(256) if c not in b'[]{}"')
_ESCAPE: Final = re.compile(rb"\\.", re.DOTALL)  # a backslash and the character it escapes
_STRING: Final = re.compile(rb'"[^"]*"')
# A tuple, not dict | list: isinstance is about twice as fast with it.
_CONTAINERS: Final = (dict, list)


def text_nests_deeper_than(text: bytes, limit: int) -> bool:
    """Whether the arrays and objects of a valid JSON text nest more than ``limit`` levels.

    The text must have decoded (its brackets balance outside strings). Escapes go first (an escaped
    quote does not end a string), then everything but brackets and quotes, then the strings (brackets
    inside them are text). What is left is the nesting alone, ``[[][[]]]``: each pass removing the
    innermost pairs takes one level off, so ``limit`` passes empty it unless it is deeper.

    Two adjacent quotes are removed together first: all of them, but for the few strings holding a
    bracket, and removing two adjacent quotes never changes which brackets are inside a string.
    """
    if b"\\" in text:
        text = _ESCAPE.sub(b"", text)
    structure = text.translate(_BRACKETS, _NOT_STRUCTURE)
    brackets = structure.translate(None, b'"')
    if structure.count(b'""') * 2 == len(structure) - len(brackets):
        structure = brackets  # no string holds a bracket (each quote pairs with its neighbour)
    else:
        structure = _STRING.sub(b"", structure.replace(b'""', b""))
    for _ in range(limit):
        if not structure:
            return False
        structure = structure.replace(b"[]", b"")
    return bool(structure)


def nests_deeper_than(payload: Mapping[str, Any], limit: int) -> bool:
    """Whether arrays and objects nest more than ``limit`` levels (the payload itself is level 1).

    Level by level over the decoded objects, without recursion, so any depth is safe to check. Only
    dicts and lists (what ``json.loads`` makes) are descended into.
    """
    level = [child for child in payload.values() if isinstance(child, _CONTAINERS)]
    depth = 2
    while level:
        if depth > limit:
            return True
        below: list[Any] = []
        for node in level:
            for child in node.values() if isinstance(node, dict) else node:
                if isinstance(child, _CONTAINERS):
                    below.append(child)
        level = below
        depth += 1
    return False
