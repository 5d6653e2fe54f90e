"""Make the generated packages' ``__init__`` lazy: a name's module is imported when the name is first used.

Works around openapi-python-client 0.29.1 writing eager ``__init__`` modules: ``models/__init__.py`` imports
all ~170 model modules, so the first use of any one model (an endpoint imports two or three) paid for all of
them, about as long as importing httpx; and the package's own ``__init__`` imports the client and with it
httpx, so even the operation index (:mod:`graph_calls_spec.operation_index`) could not be read cheaply. The
rewritten module keeps the generator's ``from .x import Y`` lines under ``TYPE_CHECKING`` (type checkers see
the real classes) and its ``__all__``, and resolves a name through ``__getattr__`` on first access. Runs as
a post-hook at generation time; nothing is parsed at run time. Can go when the generator offers lazy package
imports.

Usage, as a post-hook in generator-config.yml (cwd is the generated package): ``python -m
graph_calls_spec.lazy_init __init__.py models/__init__.py``.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

TEMPLATE = """\
{docstring}
# Lazy (graph_calls_spec.lazy_init): each name's module is imported on first use.
import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
{imports}

_MODULES = {{
{modules}
}}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {{__name__!r}} has no attribute {{name!r}}")
    value = getattr(importlib.import_module(f"{{__name__}}.{{module}}"), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = (
{names}
)
"""


def relative_imports(source: str) -> dict[str, str]:
    """Name → submodule of every ``from .submodule import Name`` in ``source`` (eager or lazy form)."""
    found: dict[str, str] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            for alias in node.names:
                found[alias.asname or alias.name] = node.module
    return found


def lazy(source: str) -> str:
    """``source`` (a generated package ``__init__``) rewritten to import its names on first use."""
    tree = ast.parse(source)
    docstring = ast.get_docstring(tree, clean=False)
    names = relative_imports(source)
    if not names:
        return source
    return TEMPLATE.format(
        docstring=f'"""{docstring}"""\n' if docstring is not None else "",
        imports="\n".join(f"    from .{module} import {name}" for name, module in sorted(names.items())),
        modules="\n".join(f'    "{name}": "{module}",' for name, module in sorted(names.items())),
        names="\n".join(f'    "{name}",' for name in sorted(names)),
    )


def main(argv: list[str]) -> int:
    """Rewrite each ``__init__`` module given, in place."""
    for name in argv:
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        new = lazy(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
