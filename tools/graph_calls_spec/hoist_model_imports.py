"""Move the per-call model imports of generated ``to_dict``/``from_dict`` to the bottom of each model module.

Works around openapi-python-client 0.29.1 writing ``from ..models.x import X`` inside every ``to_dict`` and
``from_dict`` (to break import cycles between models): each runs on every call, about 1.5 µs on CPython 3.11
(``__spec__.parent`` is a Python property, ``__path__`` misses build an AttributeError), 15 per parsed
participant. At the bottom of the module the import runs once, and a cycle between two models still resolves:
by then the importing module's class is defined. Can go when the generator hoists them itself.

Usage, as a post-hook in generator-config.yml (cwd is the generated package): ``python -m
graph_calls_spec.hoist_model_imports models``.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from graph_calls_spec.syntax_trees import parsed, statements

METHODS = frozenset({"to_dict", "from_dict", "to_multipart"})
COMMENT = "# Model imports of to_dict/from_dict, run once here (graph_calls_spec.hoist_model_imports)."


def hoist(source: str) -> str:
    """``source`` with the function-level ``from ..models.* import`` of its model methods moved to the end."""
    tree = parsed(source)
    drop: set[int] = set()
    hoisted: set[str] = set()
    for node in statements(tree):  # function definitions are statements
        if not (isinstance(node, ast.FunctionDef) and node.name in METHODS):
            continue
        for statement in node.body:
            if not (isinstance(statement, ast.ImportFrom) and statement.level == 2):
                break  # the generator puts them first; stop at the first other statement
            if not (statement.module or "").startswith("models."):
                break
            for alias in statement.names:
                hoisted.add(f"from ..{statement.module} import {alias.name}")
            drop.update(range(statement.lineno, (statement.end_lineno or statement.lineno) + 1))
    if not hoisted:
        return source
    lines = [line for number, line in enumerate(source.splitlines(), start=1) if number not in drop]
    return "\n".join([*lines, "", "", COMMENT, *sorted(hoisted)]) + "\n"


def main(argv: list[str]) -> int:
    """Rewrite every module of the models package given (default ``models``) in place."""
    for path in sorted(Path(argv[0] if argv else "models").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        new = hoist(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
