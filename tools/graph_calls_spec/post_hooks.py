"""Run the Python post-hooks of ``generator-config.yml`` in one process, in the order given.

Each hook (``hoist_model_imports``, ``model_repr``, ``model_parsers``, ``operation_index``, ``lazy_init``) is
a module with ``main(argv) -> int``, runnable alone as ``python -P -m graph_calls_spec.<hook> ARGS``. Run
here, one after the other, they cost one interpreter start-up and one set of imports instead of five, and a
later hook reuses the syntax trees of the texts an earlier one parsed
(:func:`graph_calls_spec.syntax_trees.shared`: a tree is a function of its text, and no hook mutates one).
Nothing else is shared: each hook reads the files the previous one wrote.

The contract is each hook's own: the current directory is the generated package, ``-P`` (the package's
``types.py`` must not shadow the standard library's), ``PYTHONPATH`` names ``tools``, and
``GRAPH_CALLS_SPEC`` the trimmed spec (for ``operation_index``), as ``regen.run_generator`` sets them.

As with separate post-hooks, every step runs even when one before it failed; the exit status is the first
failure's (an exception is reported with its traceback, as status 1).

Usage (``+`` starts each step)::

    python -P -m graph_calls_spec.post_hooks + graph_calls_spec.hoist_model_imports models \\
        + graph_calls_spec.model_repr models + graph_calls_spec.lazy_init __init__.py
"""

from __future__ import annotations

import importlib
import sys
import traceback
from collections.abc import Callable
from typing import cast

from graph_calls_spec.syntax_trees import shared

PACKAGE = "graph_calls_spec."
SEPARATOR = "+"


def steps(argv: list[str]) -> list[tuple[str, list[str]]]:
    """``[(module, arguments), ...]`` from ``argv``: the steps, split at each ``+`` (empty ones dropped)."""
    found: list[tuple[str, list[str]]] = []
    current: list[str] = []
    for argument in [*argv, SEPARATOR]:
        if argument != SEPARATOR:
            current.append(argument)
        elif current:
            found.append((current[0], current[1:]))
            current = []
    return found


def _entry_point(module: str) -> Callable[[list[str]], int]:
    if not module.startswith(PACKAGE):
        raise ValueError(f"{module} is not a module of {PACKAGE.rstrip('.')}")
    main = getattr(importlib.import_module(module), "main", None)
    if not callable(main):
        raise ValueError(f"{module} has no main(argv)")
    return cast("Callable[[list[str]], int]", main)


def main(argv: list[str]) -> int:
    """Run each step's ``main(arguments)``; 0 when all succeed, else the first failure's status."""
    status = 0
    with shared():  # each text parsed once, whichever hook reads it
        for module, arguments in steps(argv):
            try:
                code = _entry_point(module)(arguments)
            except Exception:  # a hook that crashes fails the generation, and the later hooks still run
                print(f"post_hooks: {' '.join([module, *arguments])} failed:", file=sys.stderr)
                traceback.print_exc()
                code = 1
            status = status or code
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
