"""What :mod:`graph_calls_spec.model_parsers` reads in the generated code before it rewrites anything.

The shapes openapi-python-client 0.29.1 writes in ``from_dict`` and its ``_parse_*`` functions, recognised
exactly (anything else is not rewritten, or is a :class:`ShapeError`), and the facts of the models package
the rewriting relies on: which subtypes accept only their own ``@odata.type`` values, and which Literal
checks return their argument. Everything is read with ``ast``, at generation time.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

# Models are read for the facts, then rewritten (never mutated): once per text in model_parsers.main.
from graph_calls_spec.syntax_trees import parsed

ODATA_KEY = "@odata.type"
DECORATOR = "_attrs_define"
FIELD = "_attrs_field"
PREFIX = "_parse_"
ATTEMPT_GUARD = "if not isinstance(data, {}):\n    raise TypeError()"
HANDLER = "except (TypeError, ValueError, AttributeError, KeyError):\n    pass"
# The tests on which a generated parser returns its argument as it is, each with its negation ({}: the value).
PASSED_THROUGH = {"data is None": "{} is not None", "isinstance(data, Unset)": "not isinstance({}, Unset)"}
# Names a function moved out of a method must not use: they would bind differently at module level.
SCOPE_SENSITIVE = frozenset({"super", "__class__", "locals", "vars"})


class ShapeError(ValueError):
    """Generated code the hook does not know how to rewrite safely."""


@dataclass(frozen=True)
class PackageFacts:
    """What the rewriting relies on, read from the generated models package."""

    strict_models: Mapping[str, tuple[str, ...]]  # class → the only @odata.type values its from_dict accepts
    literal_checks: frozenset[str]  # check_* functions that return their argument or raise TypeError


# ------------------------------------------------------------------------------------ facts of the package


def name_of(node: ast.AST | None) -> str | None:
    return node.id if isinstance(node, ast.Name) else None


def source_of(nodes: Sequence[ast.AST]) -> str:
    """The nodes unparsed, one a line (``ast.unparse`` takes lists too, but is not typed for them)."""
    return "\n".join(ast.unparse(node) for node in nodes)


def literal_checks(tree: ast.Module) -> dict[str, tuple[str, ...]]:
    """``def check(value)`` → its values, for each ``if value in VALUES: return value`` + ``raise``."""
    sets: dict[str, tuple[str, ...]] = {}
    found: dict[str, tuple[str, ...]] = {}
    for node in tree.body:
        target: ast.expr | None = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        if name_of(target) and isinstance(value, ast.Set):
            items = [e.value for e in value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len(items) == len(value.elts):
                sets[str(name_of(target))] = tuple(items)
        if not (isinstance(node, ast.FunctionDef) and [a.arg for a in node.args.args] == ["value"]):
            continue
        if len(node.body) != 2 or node.decorator_list or not isinstance(node.body[1], ast.Raise):
            continue
        test = node.body[0]
        if (
            isinstance(test, ast.If)
            and not test.orelse
            and isinstance(test.test, ast.Compare)
            and name_of(test.test.left) == "value"
            and [type(op) for op in test.test.ops] == [ast.In]
            and source_of(test.body) == "return value"
            and name_of(test.test.comparators[0]) in sets
        ):
            found[node.name] = sets[str(name_of(test.test.comparators[0]))]
    return found


def top_level(tree: ast.Module) -> Iterator[ast.stmt]:
    """The module's statements, and those of its top-level ``if`` blocks (``if TYPE_CHECKING:`` imports)."""
    for node in tree.body:
        yield node
        if isinstance(node, ast.If):
            yield from (*node.body, *node.orelse)


def model_imports(tree: ast.Module) -> dict[str, str]:
    """Name → module stem of every module-level ``from <dots>models.<stem> import Name`` (or ``.<stem>``)."""
    found: dict[str, str] = {}
    for node in top_level(tree):
        if isinstance(node, ast.ImportFrom) and node.level and node.module:
            stem = node.module.removeprefix("models.")
            found.update({a.name: stem for a in node.names if a.asname is None and "." not in stem})
    return found


def strict_check(from_dict: ast.FunctionDef) -> str | None:
    """``check`` when ``from_dict`` starts ``d = dict(src_dict)`` then ``odata_type = check(d.pop(KEY))``."""
    if len(from_dict.body) < 2:
        return None
    copy, first = from_dict.body[:2]
    if ast.unparse(copy) != "d = dict(src_dict)" or not isinstance(first, ast.Assign):
        return None
    call = first.value
    if (
        source_of(first.targets) == "odata_type"
        and isinstance(call, ast.Call)
        and not call.keywords
        and source_of(call.args) == f"d.pop('{ODATA_KEY}')"  # no default: a missing key raises
    ):
        return name_of(call.func)
    return None


def package_facts(models_dir: Path) -> PackageFacts:
    """The strict subtypes and the Literal checks of the models package in ``models_dir``."""
    trees = {path.stem: parsed(path.read_text(encoding="utf-8")) for path in models_dir.glob("*.py")}
    checks = {name: values for tree in trees.values() for name, values in literal_checks(tree).items()}
    strict: dict[str, tuple[str, ...]] = {}
    for tree in trees.values():
        for cls, from_dict in from_dicts(tree):
            check = strict_check(from_dict)
            if check is None:
                continue
            stem = model_imports(tree).get(check)  # once per strict model: cheap enough
            values = literal_checks(trees[stem]).get(check) if stem in trees else None
            if not values:
                raise ShapeError(f"{cls.name}.from_dict checks {ODATA_KEY} with {check}, not a Literal check")
            strict[cls.name] = values
    return PackageFacts(strict, frozenset(checks))


# -------------------------------------------------------------------------------------- reading the shapes


def from_dicts(tree: ast.Module) -> list[tuple[ast.ClassDef, ast.FunctionDef]]:
    """The ``from_dict`` of each module-level ``@_attrs_define`` class."""
    found = []
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        if any(ast.unparse(d) == DECORATOR for d in cls.decorator_list):
            found += [(cls, f) for f in cls.body if isinstance(f, ast.FunctionDef) and f.name == "from_dict"]
    return found


def own_nodes(function: ast.FunctionDef) -> Iterator[ast.AST]:
    """The nodes of ``function``'s body, nested definitions included but not their insides."""
    stack: list[ast.AST] = list(reversed(function.body))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            stack.extend(reversed(list(ast.iter_child_nodes(node))))


def functions_in(body: Sequence[ast.AST]) -> Iterator[ast.FunctionDef]:
    """The function definitions in ``body`` and in the blocks of its statements, at any depth."""
    for node in body:
        if isinstance(node, ast.FunctionDef):
            yield node
        for field in ("body", "orelse", "finalbody", "handlers"):
            block = getattr(node, field, None)
            if isinstance(block, list):
                yield from functions_in(block)


def bound_names(function: ast.FunctionDef) -> set[str]:
    """Names bound in ``function``'s own scope."""
    arguments = function.args
    names = {a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)}
    names.update(a.arg for a in (arguments.vararg, arguments.kwarg) if a)
    for node in own_nodes(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.ExceptHandler):
            names.update([node.name] if node.name else [])
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def module_names(tree: ast.Module) -> set[str]:
    """The names the module binds at its top level (and in its top-level ``if`` blocks)."""
    names: set[str] = set()
    for node in top_level(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
    return names


def attempt(statement: ast.stmt, kind: str) -> ast.Call | None:
    """The call of a generator-shaped union attempt on ``data`` of type ``kind``, returned if it succeeds::

    try:
        if not isinstance(data, dict):
            raise TypeError()
        x_type_0 = X.from_dict(data)

        return x_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    """
    if not (isinstance(statement, ast.Try) and len(statement.body) == 3 and len(statement.handlers) == 1):
        return None
    if statement.orelse or statement.finalbody or ast.unparse(statement.handlers[0]) != HANDLER:
        return None
    check, assign, result = statement.body
    if ast.unparse(check) != ATTEMPT_GUARD.format(kind) or not isinstance(assign, ast.Assign):
        return None
    if len(assign.targets) != 1 or ast.unparse(result) != f"return {ast.unparse(assign.targets[0])}":
        return None
    call = assign.value
    if isinstance(call, ast.Call) and source_of(call.args) == "data" and not call.keywords:
        return call
    return None


def strict_attempt(statement: ast.stmt, facts: PackageFacts, imports: Mapping[str, str]) -> str | None:
    """The strict model an attempt parses (``X.from_dict(data)``), if it is one."""
    call = attempt(statement, "dict")
    if call is None or not isinstance(call.func, ast.Attribute) or call.func.attr != "from_dict":
        return None
    model = name_of(call.func.value)
    return model if model in facts.strict_models and model in imports else None


def passed_through(statement: ast.stmt) -> str | None:
    """For ``if data is None: return data`` / ``if isinstance(data, Unset): return data`` (tests without
    effects, which a caller may repeat or skip), the negated test with ``{}`` for the value; else None."""
    if not (
        isinstance(statement, ast.If) and not statement.orelse and source_of(statement.body) == "return data"
    ):
        return None
    return PASSED_THROUGH.get(ast.unparse(statement.test))


def is_identity(function: ast.FunctionDef, facts: PackageFacts, imports: Mapping[str, str]) -> bool:
    """Whether ``function(data)`` returns ``data`` whatever it is, and raises nothing.

    Its statements are ``if data is None: return data`` / ``if isinstance(data, X): return data``, attempts
    of a Literal check (which returns its argument or raises TypeError, caught), then ``return data`` or
    ``return cast(T, data)``.
    """
    *checks, last = function.body
    for statement in checks:
        if passed_through(statement) is not None:
            continue
        call = attempt(statement, "str")
        check = name_of(call.func) if call is not None else None
        if check not in facts.literal_checks or check not in imports:
            return False
    if not isinstance(last, ast.Return) or last.value is None:
        return False
    value = last.value
    if (
        isinstance(value, ast.Call)
        and name_of(value.func) == "cast"
        and len(value.args) == 2
        and not value.keywords
    ):
        value = value.args[1]
    return name_of(value) == "data"


def check_movable(function: ast.FunctionDef, enclosing: set[str], module_names: set[str]) -> None:
    """Raise unless ``function`` means the same at module level: it uses no name of the enclosing scope."""
    arguments = function.args
    if function.decorator_list or arguments.defaults or arguments.kw_defaults or arguments.posonlyargs:
        raise ShapeError(f"{function.name} has decorators, defaults or positional-only arguments")
    if (
        [a.arg for a in arguments.args] != ["data"]
        or arguments.vararg
        or arguments.kwarg
        or arguments.kwonlyargs
    ):
        raise ShapeError(f"{function.name} does not take a single argument named data")
    local = bound_names(function)
    for node in ast.walk(function):
        if isinstance(node, ast.Global | ast.Nonlocal):
            raise ShapeError(f"{function.name} declares global or nonlocal names")
        if node is not function and isinstance(
            node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef
        ):
            raise ShapeError(f"{function.name} defines a function or class of its own")
        if isinstance(node, ast.Name) and node.id not in local:
            if node.id in enclosing:
                raise ShapeError(f"{function.name} uses {node.id!r} of the enclosing from_dict")
            if node.id in SCOPE_SENSITIVE:
                raise ShapeError(f"{function.name} uses {node.id!r}")
            if node.id not in module_names and not hasattr(builtins, node.id):
                raise ShapeError(f"{function.name} uses {node.id!r}, defined nowhere in the module")
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str | bytes)
            and node.end_lineno != node.lineno
        ):
            raise ShapeError(f"{function.name} has a string over several lines (cannot re-indent it)")


def call_site(statement: ast.AST, parser: str) -> ast.expr | None:
    """The argument of ``x = parser(arg)``."""
    if not (
        isinstance(statement, ast.Assign) and len(statement.targets) == 1 and name_of(statement.targets[0])
    ):
        return None
    call = statement.value
    if (
        isinstance(call, ast.Call)
        and name_of(call.func) == parser
        and len(call.args) == 1
        and not call.keywords
    ):
        return call.args[0]
    return None


def init_fields(cls: ast.ClassDef) -> list[str]:
    """The parameters of attrs' ``__init__`` for ``cls``, in order: its fields but ``init=False`` ones."""
    if cls.bases or cls.keywords or [ast.unparse(d) for d in cls.decorator_list] != [DECORATOR]:
        raise ShapeError(f"class {cls.name} has bases or decorators other than a bare @{DECORATOR}")
    fields = []
    for node in cls.body:
        if not isinstance(node, ast.AnnAssign):
            continue
        name = name_of(node.target)
        if name is None or name.startswith("_") or "ClassVar" in ast.unparse(node.annotation):
            raise ShapeError(
                f"class {cls.name} has a field attrs renames or skips: {ast.unparse(node.target)}"
            )
        value = node.value
        if isinstance(value, ast.Call) and name_of(value.func) == FIELD:
            if [ast.unparse(k) for k in value.keywords][:1] != ["init=False"]:
                raise ShapeError(f"class {cls.name} has a field with attrs options other than init=False")
            continue
        fields.append(name)
    return fields
