"""Give every generated model a ``__repr__`` that shows only the fields that are set.

Works around attrs' default repr (openapi-python-client 0.29.1 models are ``@attrs.define`` classes) printing
every field, the UNSET ones included: a participant's repr was about 4 KB of ``<...Unset object at 0x...>``.
The hook writes ``_repr.py`` (``set_fields_repr``) into the generated package and adds to each model class

    def __repr__(self) -> str:
        return set_fields_repr(self)

which attrs keeps (``define`` has ``auto_detect=True``: a class that implements ``__repr__`` gets none of
attrs'). The result reads ``Participant(id='p1', is_muted=False)``: fields not UNSET (``None`` shows, it is
Graph's explicit null), ``additional_properties`` only when not empty. Classes are found with ``ast``, lines
inserted at their numbers; a module of a shape the hook does not expect fails the generation and nothing is
written. Idempotent, and its output is what ``ruff format`` and ruff's isort would write. Can go when the
generator lets models hide unset fields from their repr.

Usage, as a post-hook in generator-config.yml (cwd is the generated package): ``python -m
graph_calls_spec.model_repr models``.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from graph_calls_spec.syntax_trees import parsed, statements

HELPER_NAME = "_repr.py"
HELPER = '''\
# Written at generation time by the post-hook graph_calls_spec.model_repr; do not edit.
"""Reprs of the generated models that show only the fields that are set."""

from __future__ import annotations  # attrs.AttrsInstance below is only needed by type checkers

import reprlib

import attrs

from .types import Unset


@reprlib.recursive_repr()  # a model reachable from itself (through additional_properties) shows as ...
def set_fields_repr(self: attrs.AttrsInstance) -> str:
    """``Name(field=value, ...)``: the fields that are not UNSET, additional_properties when not empty."""
    shown: list[str] = []
    for field in attrs.fields(type(self)):
        value = getattr(self, field.name)
        if isinstance(value, Unset) or (field.name == "additional_properties" and not value):
            continue
        shown.append(f"{field.name}={value!r}")
    return f"{type(self).__qualname__}({', '.join(shown)})"
'''
DECORATOR = "_attrs_define"
IMPORT = "from .._repr import set_fields_repr"
METHOD = ["def __repr__(self) -> str:", "    return set_fields_repr(self)"]
# ruff's isort order of relative imports: furthest first (``..`` before ``.``), then by module name.
IMPORT_KEY = (-2, "_repr")


class ShapeError(ValueError):
    """A model module the hook does not know how to edit."""


def _is_attrs_model(node: ast.ClassDef) -> bool:
    return any(
        (isinstance(d, ast.Name) and d.id == DECORATOR)
        or (isinstance(d, ast.Call) and isinstance(d.func, ast.Name) and d.func.id == DECORATOR)
        for d in node.decorator_list
    )


def _has_our_repr(node: ast.ClassDef) -> bool:
    """Whether ``node`` defines ``__repr__``; only ours is allowed."""
    for statement in node.body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef) and statement.name == "__repr__":
            if ast.unparse(statement) != "\n".join(METHOD):
                raise ShapeError(f"class {node.name} already defines its own __repr__")
            return True
    return False


def _models(tree: ast.Module) -> list[ast.ClassDef]:
    """The module's ``@_attrs_define`` classes, checked to be of the shape the generator writes."""
    models = []
    top_level = set(tree.body)
    for node in statements(tree):  # class definitions are statements
        if not (isinstance(node, ast.ClassDef) and _is_attrs_model(node)):
            continue
        if node not in top_level:
            raise ShapeError(f"class {node.name} is not at module level")
        if [ast.unparse(d) for d in node.decorator_list] != [DECORATOR]:
            raise ShapeError(f"class {node.name} is decorated with more than a bare @{DECORATOR}")
        if node.body[0].lineno == node.lineno:
            raise ShapeError(f"class {node.name} has its body on the line of its header")
        models.append(node)
    if models and not any(
        isinstance(node, ast.ImportFrom)
        and node.module == "attrs"
        and any(alias.name == "define" and alias.asname == DECORATOR for alias in node.names)
        for node in tree.body
    ):
        expected = f"from attrs import define as {DECORATOR}"
        raise ShapeError(f"@{DECORATOR} is used but not imported as `{expected}`")
    return models


def _import_position(tree: ast.Module, first_class: ast.ClassDef) -> tuple[int, list[str]]:
    """(0-based line before which to insert, lines) for the helper's import, where ruff's isort puts it."""
    header = [
        node
        for node in tree.body
        if isinstance(node, ast.Import | ast.ImportFrom) and node.lineno < first_class.lineno
    ]
    if not header:
        raise ShapeError("no module-level imports before the first model class")
    relative = [node for node in header if isinstance(node, ast.ImportFrom) and node.level]
    for node in relative:
        if (-node.level, (node.module or "").lower()) > IMPORT_KEY:
            return node.lineno - 1, [IMPORT]
    if relative:
        return relative[-1].end_lineno or relative[-1].lineno, [IMPORT]
    last = header[-1]
    return last.end_lineno or last.lineno, ["", IMPORT]  # a new section for the relative imports


def _has_import(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and node.level == 2
        and node.module == "_repr"
        and [alias.name for alias in node.names] == ["set_fields_repr"]
        for node in tree.body
    )


def add_repr(source: str) -> str:
    """``source`` with ``__repr__`` (and the helper's import) added to every ``@_attrs_define`` class."""
    try:
        tree = parsed(source)
    except SyntaxError as exc:
        raise ShapeError(f"does not parse: {exc}") from exc
    models = _models(tree)
    insertions: list[tuple[int, list[str]]] = []
    for node in models:
        if not _has_our_repr(node):
            indent = " " * node.body[0].col_offset
            end = node.end_lineno or node.lineno
            insertions.append((end, ["", *(indent + line for line in METHOD)]))
    if models and not _has_import(tree):
        insertions.append(_import_position(tree, models[0]))
    if not insertions:
        return source
    # Not splitlines(): it also splits at the \u2028 or \x0c a docstring may hold, which ast does not count.
    lines = source.removesuffix("\n").split("\n")
    for at, new in sorted(insertions, key=lambda item: item[0], reverse=True):
        lines[at:at] = new
    result = "\n".join(lines) + "\n"
    check = parsed(result)  # a safety net for the line arithmetic above; model_parsers reads it next
    if not (_has_import(check) and all(_has_our_repr(node) for node in _models(check))):
        raise ShapeError("the edited module lacks the import or a __repr__ (unexpected layout)")
    return result


def main(argv: list[str]) -> int:
    """Write the helper beside the models package given (default ``models``), then edit each model module.

    Every module is checked before anything is written: on any unexpected shape, nothing changes.
    """
    models_dir = Path(argv[0] if argv else "models")
    changed: dict[Path, str] = {}
    errors: list[str] = []
    for path in sorted(models_dir.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        try:
            new = add_repr(text)
        except ShapeError as exc:
            errors.append(f"{path}: {exc}")
            continue
        if new != text:
            changed[path] = new
    if errors:
        for error in errors:
            print(f"model_repr: {error}", file=sys.stderr)
        print("model_repr: nothing was written", file=sys.stderr)
        return 1
    helper = models_dir.resolve().parent / HELPER_NAME
    if not helper.is_file() or helper.read_text(encoding="utf-8") != HELPER:
        helper.write_text(HELPER, encoding="utf-8")
    for path, new in changed.items():
        path.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
