"""Make the generated ``from_dict`` cheap: no closures, no failing attempts, no keyword calls, less garbage.

Works around the costs of openapi-python-client 0.29.1's ``from_dict`` that made parsing a page of
participants cost 4-5 times ``json.loads`` (measured with ``tools/parse_speed.py``):

* every call defined one ``_parse_<field>`` closure per nullable, enum or union field (a function object
  and its annotations, garbage a moment later). They use module-level names only (checked), so those that
  do work move to module level, defined once, and are called only for a value they do not return as it is
  (``x: T = d.pop("x", UNSET)``, then ``if x is not None and not isinstance(x, Unset): x = _parse_x(x)``,
  the parser's own first tests: most fields of a Graph object are absent or null). Those that return their
  argument whatever it is (``None | str | Unset`` fields, open enums: the Literal check returns its
  argument or raises, and a miss falls back to the argument) are gone: ``x: T = d.pop("x", UNSET)``;
* a union of subtypes tried each member's ``from_dict`` in turn, and a miss raised. A member whose
  ``from_dict`` starts with ``check_<x>_odata_type(d.pop("@odata.type"))`` refuses every other
  ``@odata.type`` (the values are read from that check's module), so its attempt is now guarded by
  ``if odata_type == "<value>":`` (``odata_type = data.get("@odata.type") if isinstance(data, dict) else
  None``): an attempt that would have raised is skipped; every other runs as before, in the same order.
  Unknown ``@odata.type`` values still reach the base type's unguarded attempt;
* ``cls(a=a, b=b, ...)`` packs its keywords into a dict on every call (twice the cost of positional
  arguments for a dozen fields). For the model itself (``cls is Model``) the fields are passed in the
  order of attrs' ``__init__`` (the class's fields, ``init=False`` ones left out); a subclass still gets
  keywords;
* ``additional_properties`` kept the emptied copy ``d``, which the garbage collector keeps tracking when
  the source held containers; an empty one is now a fresh ``{}``, which it does not track.

Only the generator's exact shapes are rewritten. A nested function in a ``from_dict`` that is not a
``_parse_*`` function, that uses a name of the enclosing function, ``global``/``nonlocal`` or ``super``, or
takes other arguments, or a model built other than by one ``cls(name=value, ...)`` call with every init
field, fails the generation, and nothing is written. Runs after ``hoist_model_imports`` (the per-call
imports are gone by then) and before ruff formats the package; idempotent. Can go when the generator
writes module-level parsers and dispatches on a discriminator.

Usage, as a post-hook in generator-config.yml (cwd is the generated package): ``python -m
graph_calls_spec.model_parsers models api`` (the models package first: what the guards and inlining rely on
is read from it; every ``*.py`` below each directory given is rewritten).
"""

from __future__ import annotations

import ast
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from graph_calls_spec import model_shapes as shapes
from graph_calls_spec.model_shapes import ODATA_KEY, PREFIX, PackageFacts, ShapeError
from graph_calls_spec.syntax_trees import parsed, shared

DISPATCH = f'odata_type = data.get("{ODATA_KEY}") if isinstance(data, dict) else None'
SECTION = "# from_dict's field parsers, defined once (graph_calls_spec.model_parsers)."
POSITIONAL = "# Positional: keywords cost a dict per call (graph_calls_spec.model_parsers)."
UNTRACKED = "  # an empty {} is not tracked by the garbage collector"


@dataclass
class Edit:
    """Replace the 0-based lines ``[start, end)`` with ``lines``."""

    start: int
    end: int
    lines: list[str]


def rewrite(source: str, facts: PackageFacts) -> str:
    """``source`` with every ``from_dict`` and ``_parse_*`` function rewritten (see the module docstring)."""
    try:
        tree = parsed(source)
    except SyntaxError as exc:
        raise ShapeError(f"does not parse: {exc}") from exc
    lines = source.removesuffix("\n").split("\n")  # not splitlines(): ast does not split at \x0c or \u2028
    imports = shapes.model_imports(tree)
    module_names = shapes.module_names(tree)
    edits: list[Edit] = []
    hoisted: dict[str, list[str]] = {}
    seen: set[int] = set()
    for cls, from_dict in shapes.from_dicts(tree):
        nodes = list(shapes.own_nodes(from_dict))
        parsers = [n for n in nodes if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        enclosing = shapes.bound_names(from_dict)
        statements = [n for n in nodes if isinstance(n, ast.stmt)]
        names = [n for n in nodes if isinstance(n, ast.Name)]
        for parser in parsers:
            seen.add(id(parser))
            if not isinstance(parser, ast.FunctionDef) or not parser.name.startswith(PREFIX):
                raise ShapeError(f"{cls.name}.from_dict defines {parser.name}, not a {PREFIX}* function")
            if parser.name in module_names or parser.name in hoisted:
                raise ShapeError(f"{parser.name} is already a module-level name")
            shapes.check_movable(parser, enclosing - {parser.name}, module_names)
            uses = [n for n in names if n.id == parser.name]
            sites = [(s, a) for s in statements if (a := shapes.call_site(s, parser.name)) is not None]
            if not sites or len(uses) != len(sites):
                raise ShapeError(
                    f"{cls.name}.from_dict uses {parser.name} other than as x = {parser.name}(arg)"
                )
            edits.append(_removal(lines, parser))
            if shapes.is_identity(parser, facts, imports):
                edits += [_inlined(lines, s, a, parser, names) for s, a in sites]
                continue
            hoisted[parser.name] = _dedented(lines, parser, _guard_edits(parser, facts, imports, lines))
            edits += [_called_when_needed(lines, s, a, parser, names) for s, a in sites]
        edits += _construction_edits(lines, cls, from_dict)
        if hoisted:
            edits.append(Edit(cls.end_lineno or cls.lineno, cls.end_lineno or cls.lineno, _section(hoisted)))
    # The endpoints' _parse_response_* and, on a second run, the parsers already at module level: guards.
    for node in shapes.functions_in(tree.body):
        if node.name.startswith(PREFIX) and id(node) not in seen:
            edits += _guard_edits(node, facts, imports, lines)
    if not edits:
        return source
    result = "\n".join(_apply(lines, edits)) + "\n"
    _verify(result)
    return result


def _apply(lines: list[str], edits: list[Edit], offset: int = 0) -> list[str]:
    """``lines`` (line ``offset`` of the module first) with ``edits`` (module line numbers) applied."""
    result = list(lines)
    last = len(lines) + offset + 1
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        if edit.end > last or edit.start < offset:
            raise ShapeError(f"overlapping edits at line {edit.start + 1}")
        result[edit.start - offset : edit.end - offset] = edit.lines
        last = edit.start
    return result


def _indented(lines: list[str], by: int) -> list[str]:
    return [" " * by + line if line.strip() else "" for line in lines]


def _guard_edits(
    function: ast.FunctionDef, facts: PackageFacts, imports: Mapping[str, str], lines: list[str]
) -> list[Edit]:
    """Guard each strict member's attempt in ``function`` by the ``@odata.type`` values it accepts."""
    attempts = [(s, m) for s in function.body if (m := shapes.strict_attempt(s, facts, imports))]
    if not attempts:
        return []
    if [a.arg for a in function.args.args] != ["data"]:
        raise ShapeError(f"{function.name} does not take a single argument named data")
    if any(isinstance(n, ast.Name) and n.id == "odata_type" for n in ast.walk(function)):
        raise ShapeError(f"{function.name} already uses the name odata_type")
    edits = []
    for number, (statement, model) in enumerate(attempts):
        literals = [json.dumps(value) for value in facts.strict_models[model]]  # JSON strings are Python's
        test = f"== {literals[0]}" if len(literals) == 1 else f"in ({', '.join(literals)})"
        margin = " " * statement.col_offset
        head = ([margin + DISPATCH] if number == 0 else []) + [f"{margin}if odata_type {test}:"]
        start, end = statement.lineno - 1, statement.end_lineno or statement.lineno
        edits.append(Edit(start, end, head + _indented(lines[start:end], 4)))
    return edits


def _dedented(lines: list[str], function: ast.FunctionDef, edits: list[Edit]) -> list[str]:
    """``function``'s lines with ``edits`` applied, moved to column 0."""
    start, end = function.lineno - 1, function.end_lineno or function.lineno
    body = _apply(lines[start:end], edits, offset=start)
    margin = " " * function.col_offset
    if any(line.strip() and not line.startswith(margin) for line in body):
        raise ShapeError(f"{function.name} has lines indented less than its definition")
    return [line[function.col_offset :] if line.strip() else "" for line in body]


def _section(hoisted: Mapping[str, list[str]]) -> list[str]:
    section = ["", "", SECTION]
    for number, body in enumerate(hoisted.values()):
        section += (["", ""] if number else []) + body
    return section


def _removal(lines: list[str], function: ast.FunctionDef) -> Edit:
    """Remove a nested definition with the blank lines that separated it from its neighbours."""
    start, end = function.lineno - 1, function.end_lineno or function.lineno
    while end < len(lines) and not lines[end].strip():
        end += 1
    before = start
    while before > 0 and not lines[before - 1].strip():
        before -= 1
    if before > 0 and lines[before - 1].rstrip().endswith(":"):  # first in its block: no blank line left
        start = before
    return Edit(start, end, [])


def _annotated(
    lines: list[str], statement: ast.stmt, argument: ast.expr, parser: ast.FunctionDef, names: list[ast.Name]
) -> tuple[str, str]:
    """``x = _parse_x(arg)`` → (``x``, ``x: <the parser's return type> = arg``), without the annotation when x
    is assigned elsewhere too (``names``: every name of the enclosing ``from_dict``)."""
    assert isinstance(statement, ast.Assign)
    target = ast.unparse(statement.targets[0])
    stores = [n for n in names if n.id == target and isinstance(n.ctx, ast.Store)]
    annotation = f": {ast.unparse(parser.returns)}" if parser.returns is not None and len(stores) == 1 else ""
    return target, f"{' ' * statement.col_offset}{target}{annotation} = {_segment(lines, argument)}"


def _inlined(
    lines: list[str], statement: ast.stmt, argument: ast.expr, parser: ast.FunctionDef, names: list[ast.Name]
) -> Edit:
    """``x = _parse_x(arg)`` → ``x: <its return type> = arg``, for a parser that returns its argument."""
    _, assignment = _annotated(lines, statement, argument, parser, names)
    return Edit(statement.lineno - 1, statement.end_lineno or statement.lineno, assignment.split("\n"))


def _called_when_needed(
    lines: list[str], statement: ast.stmt, argument: ast.expr, parser: ast.FunctionDef, names: list[ast.Name]
) -> Edit:
    """``x = _parse_x(arg)`` → ``x: T = arg`` and ``if not (<what _parse_x returns as is>): x = _parse_x(x)``.

    The parser's first statements return ``data`` unchanged when it is ``None`` or ``UNSET`` (most fields of
    a Graph object are absent or null); the call site skips the call then, testing the same.
    """
    start, end = statement.lineno - 1, statement.end_lineno or statement.lineno
    conditions = []
    for check in parser.body:
        condition = shapes.passed_through(check)
        if condition is None:
            break
        conditions.append(condition)
    if not conditions:  # a list item's parser: it has work to do whatever the value
        return Edit(start, end, lines[start:end])
    target, assignment = _annotated(lines, statement, argument, parser, names)
    negated = " and ".join(condition.format(target) for condition in conditions)
    margin = " " * statement.col_offset
    return Edit(
        start,
        end,
        [
            *assignment.split("\n"),
            f"{margin}if {negated}:",
            f"{margin}    {target} = {parser.name}({target})",
        ],
    )


def _segment(lines: list[str], node: ast.expr) -> str:
    """The source text of ``node`` (``ast.get_source_segment`` without re-splitting the module each time)."""
    first, last = node.lineno - 1, (node.end_lineno or node.lineno) - 1
    encoded = [line.encode() for line in lines[first : last + 1]]  # ast's columns count UTF-8 bytes
    if first == last:
        return encoded[0][node.col_offset : node.end_col_offset].decode()
    parts = [encoded[0][node.col_offset :], *encoded[1:-1], encoded[-1][: node.end_col_offset]]
    return b"\n".join(parts).decode()


def _construction_edits(lines: list[str], cls: ast.ClassDef, from_dict: ast.FunctionDef) -> list[Edit]:
    """``x = cls(a=a, ...)`` → positional for the model itself; ``x.additional_properties = d or {}``."""
    calls = [
        s
        for s in from_dict.body
        if isinstance(s, ast.Assign)
        and isinstance(s.value, ast.Call)
        and shapes.name_of(s.value.func) == "cls"
    ]
    edits = []
    if len(calls) > 1 or any(len(s.targets) != 1 for s in calls):
        raise ShapeError(f"{cls.name}.from_dict calls cls more than once")
    if calls and [a.arg for a in from_dict.args.args][:1] != ["cls"]:
        raise ShapeError(f"{cls.name}.from_dict does not take cls first")
    if calls:
        statement, call = calls[0], calls[0].value
        assert isinstance(call, ast.Call)
        fields = shapes.init_fields(cls)
        given = {k.arg: k.value for k in call.keywords if k.arg is not None}
        if call.args or len(given) != len(call.keywords) or sorted(given) != sorted(fields):
            raise ShapeError(f"{cls.name}.from_dict does not build the model as cls(<every init field>=...)")
        if not all(isinstance(value, ast.Name) for value in given.values()):
            raise ShapeError(f"{cls.name}.from_dict passes cls an expression, not a local name")
        target = ast.unparse(statement.targets[0])
        arguments = ", ".join(ast.unparse(given[field]) for field in fields)
        margin = " " * statement.col_offset
        start, end = statement.lineno - 1, statement.end_lineno or statement.lineno
        branch = [
            f"{margin}{POSITIONAL}",
            f"{margin}if cls is {cls.name}:",
            f"{margin}    {target} = cls({arguments})",
        ]
        edits.append(Edit(start, end, [*branch, f"{margin}else:", *_indented(lines[start:end], 4)]))
    for kept in from_dict.body:
        if isinstance(kept, ast.Assign) and ast.unparse(kept).endswith(".additional_properties = d"):
            number = kept.lineno - 1
            if lines[number].rstrip().endswith(" = d") and kept.end_lineno == kept.lineno:
                edits.append(Edit(number, number + 1, [lines[number].rstrip() + " or {}" + UNTRACKED]))
    return edits


def _verify(result: str) -> None:
    """A safety net for the line arithmetic: the result parses, and no from_dict defines a function."""
    tree = ast.parse(result)
    for cls, from_dict in shapes.from_dicts(tree):
        if any(True for _ in shapes.functions_in(from_dict.body)):
            raise ShapeError(f"{cls.name}.from_dict still defines a function after the rewrite")


def main(argv: list[str]) -> int:
    """Rewrite every module below the directories given (default ``models``); the first is the models package.

    Every module is checked before anything is written: on any unexpected shape, nothing changes.
    """
    with shared():  # each model is read for the package's facts, then rewritten: parsed once
        return _rewrite_all([Path(arg) for arg in argv] or [Path("models")])


def _rewrite_all(directories: list[Path]) -> int:
    errors: list[str] = []
    changed: dict[Path, str] = {}
    try:
        facts = shapes.package_facts(directories[0])
    except ShapeError as exc:
        errors.append(f"{directories[0]}: {exc}")
        facts = PackageFacts({}, frozenset())
    for path in sorted({p for directory in directories for p in directory.rglob("*.py")}):
        text = path.read_text(encoding="utf-8")
        try:
            new = rewrite(text, facts)
        except ShapeError as exc:
            errors.append(f"{path}: {exc}")
            continue
        if new != text:
            changed[path] = new
    if errors:
        for error in errors:
            print(f"model_parsers: {error}", file=sys.stderr)
        print("model_parsers: nothing was written", file=sys.stderr)
        return 1
    for path, new in changed.items():
        path.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
