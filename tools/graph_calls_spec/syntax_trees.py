"""The syntax trees the post-hooks read: parsed once per text while shared, walked without expressions.

Run in one process (:mod:`graph_calls_spec.post_hooks`), a hook parses the text the previous one wrote, and
``model_parsers`` reads each model for the package's facts, then again to rewrite it. Inside
:func:`shared`, :func:`parsed` keeps every tree until the block ends, so each text is parsed once. A tree
is a function of its text, and the hooks read trees only, never change them (a hook edits the text, line
by line). Outside it nothing is kept: a test process or a hook run alone holds no trees.
"""

from __future__ import annotations

import ast
import contextlib
import gc
from collections import deque
from collections.abc import Iterator

# The fields that hold statements (Python 3.11), in the order they come in any node's _fields.
BLOCKS = ("body", "handlers", "orelse", "finalbody", "cases")

_shared: dict[str, ast.Module] | None = None  # text -> its tree, inside shared()


def parsed(source: str) -> ast.Module:
    """``ast.parse(source)``; inside :func:`shared`, once per text (the tree is shared: never mutate it)."""
    if _shared is None:
        return ast.parse(source)
    tree = _shared.get(source)
    if tree is None:
        tree = _shared[source] = ast.parse(source)
    return tree


@contextlib.contextmanager
def shared() -> Iterator[None]:
    """Within the block, :func:`parsed` keeps the trees it builds, and the cycle collector is off.

    Trees hold no reference cycles (reference counting frees them); with thousands of kept nodes a block,
    the collector would only walk them again and again (it doubled the hooks' CPU). A nested block changes
    nothing; the outermost one drops the trees and restores the collector.
    """
    global _shared  # one process-wide cache, scoped by this block
    if _shared is not None:
        yield
        return
    collecting = gc.isenabled()
    gc.disable()
    _shared = {}
    try:
        yield
    finally:
        _shared = None
        if collecting:
            gc.enable()


def statements(tree: ast.AST) -> Iterator[ast.AST]:
    """The nodes of ``tree`` that are or hold statements, in the order of ``ast.walk(tree)``.

    ``tree`` itself, every statement, and the except handlers and match cases whose bodies hold statements:
    expressions never do, so every function and class definition ``ast.walk`` reaches is here, for a
    fraction of the nodes. The blocks are read in the order of their nodes' ``_fields``, as ``ast.walk``
    reads them (a ``try``: body, handlers, orelse, finalbody).
    """
    todo: deque[ast.AST] = deque([tree])
    while todo:
        node = todo.popleft()
        for field in BLOCKS:
            block = getattr(node, field, None)
            if isinstance(block, list):  # not an IfExp's or a Lambda's body: an expression
                todo.extend(block)
        yield node
