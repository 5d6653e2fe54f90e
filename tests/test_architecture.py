"""The architecture holds: twins that cannot drift, no import cycles, small modules, layers kept."""

from __future__ import annotations

import ast
import functools
import inspect
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from graph_calls import AsyncGraphCalls, GraphCalls
from graph_calls.resources import aio, aio_pager, sync, sync_pager

REPO = Path(__file__).resolve().parents[1]
OVERLAYS = REPO / "overlays"
TOOLS = REPO / "tools"
MAX_LINES = 600


# -------------------------------------------------------------------------------------------------- twins


def _twin_name(name: str) -> str:
    return name.removeprefix("Async")


def _public_classes(module: object) -> dict[str, type]:
    return {
        name: value
        for name, value in vars(module).items()
        if inspect.isclass(value) and value.__module__ == getattr(module, "__name__", None)
    }


def _members(cls: type) -> dict[str, object]:
    return {name: value for name, value in vars(cls).items() if not name.startswith("_") or name in DUNDERS}


DUNDERS = {"__getitem__", "__iter__", "__aiter__", "__init__"}
SYNC_NAME = {"__aiter__": "__iter__"}
CLIENT_TWIN_NAME = {"aclose": "close"}  # httpx's names


def _signature(member: object) -> str:
    target = member.fget if isinstance(member, property) else member
    text = str(inspect.signature(target))  # type: ignore[arg-type]
    # What legitimately differs between the twins: Async* names, async iterators, awaitables.
    text = re.sub(r"\bAsync(?=[A-Z])", "", text)
    return re.sub(r"Awaitable\[(.*?)\]", r"\1", text)


TWIN_MODULES = ((aio, sync), (aio_pager, sync_pager))
TWIN_CLASSES = [(a, s, name) for a, s in TWIN_MODULES for name in sorted(_public_classes(a))]


@pytest.mark.parametrize(("async_module", "sync_module"), TWIN_MODULES)
def test_every_async_navigation_class_has_a_sync_twin_and_no_more(
    async_module: ModuleType, sync_module: ModuleType
) -> None:
    async_classes = {_twin_name(n) for n in _public_classes(async_module)}
    assert async_classes == set(_public_classes(sync_module))


@pytest.mark.parametrize(("async_module", "sync_module", "name"), TWIN_CLASSES)
def test_twins_have_the_same_methods_and_signatures(
    async_module: ModuleType, sync_module: ModuleType, name: str
) -> None:
    async_cls, sync_cls = getattr(async_module, name), getattr(sync_module, _twin_name(name))
    async_members = {SYNC_NAME.get(n, n): _signature(m) for n, m in _members(async_cls).items()}
    sync_members = {n: _signature(m) for n, m in _members(sync_cls).items()}
    assert async_members == sync_members


def test_the_sync_twin_awaits_nothing_and_the_async_one_awaits_its_requests() -> None:
    for async_module, sync_module, name in TWIN_CLASSES:
        async_cls = getattr(async_module, name)
        sync_cls = getattr(sync_module, _twin_name(name))
        for member_name in ("get", "delete", "create", "invite"):
            if member_name in vars(async_cls):
                assert inspect.iscoroutinefunction(vars(async_cls)[member_name]), f"{name}.{member_name}"
        for member_name, member in vars(sync_cls).items():
            assert not inspect.iscoroutinefunction(member), f"{sync_cls.__name__}.{member_name}"
            assert not inspect.isasyncgenfunction(member), f"{sync_cls.__name__}.{member_name}"


def test_the_clients_offer_the_same_public_names_and_signatures() -> None:
    def surface(cls: type) -> dict[str, str]:
        names = {n for klass in cls.__mro__[:-1] for n in vars(klass) if not n.startswith("_")}
        callables = (n for n in sorted(names) if callable(getattr(cls, n, None)))
        return {CLIENT_TWIN_NAME.get(n, n): _signature(getattr(cls, n)) for n in callables}

    assert surface(AsyncGraphCalls) == surface(GraphCalls)


# ------------------------------------------------------------------------------------------------ modules


def _hand_written_modules() -> Iterator[Path]:
    for top in (OVERLAYS / "graph_calls", TOOLS / "graph_calls_spec", REPO / "bench"):
        yield from (p for p in top.rglob("*.py") if "__pycache__" not in p.parts)


def test_no_hand_written_module_is_over_600_lines() -> None:
    too_long = {
        str(path.relative_to(REPO)): n
        for path in _hand_written_modules()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not too_long


def test_every_overlay_package_says_what_it_owns_and_may_import() -> None:
    for init in (OVERLAYS / "graph_calls").rglob("__init__.py"):
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert docstring, init
        if init.parent.name != "graph_calls":
            assert "May import" in docstring, init


# -------------------------------------------------------------------------------------------- import graph


def _module_name(path: Path, base: Path) -> str:
    parts = list(path.relative_to(base).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


# The fields of statements that hold statements: an import is a statement, so it can only be found
# there, never inside an expression (walking every expression node was most of this module's time).
_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")


def _statements(node: ast.AST) -> Iterator[ast.AST]:
    for field in _BLOCKS:
        block = getattr(node, field, None)
        if isinstance(block, list):
            yield from block


def _imports(tree: ast.AST, module: str, is_package: bool) -> Iterator[str]:
    """Every module imported at run time (function-level too), skipping ``if TYPE_CHECKING:`` blocks."""
    for node in _statements(tree):
        yield from _imports_of(node, module, is_package)


def _imports_of(node: ast.AST, module: str, is_package: bool) -> Iterator[str]:
    if isinstance(node, ast.If) and _is_type_checking(node):
        for child in node.orelse:  # what runs when not type checking
            yield from _imports_of(child, module, is_package)
    elif isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            package = module if is_package else module.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{node.module}" if node.module else package
        else:
            base = node.module or ""
        yield base
        yield from (f"{base}.{alias.name}" for alias in node.names)
    else:
        yield from _imports(node, module, is_package)


def _graph(base: Path, package: str) -> dict[str, set[str]]:
    paths = {_module_name(p, base): p for p in (base / package).rglob("*.py") if "__pycache__" not in p.parts}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets = _imports(tree, name, path.name == "__init__.py")
        graph[name] = {t for t in targets if t in paths and t != name}
    return graph


@functools.cache
def _package_graph(base: Path, package: str) -> dict[str, set[str]]:
    """:func:`_graph` of a package of this repository, parsed once for every test that reads it."""
    return _graph(base, package)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@pytest.mark.parametrize(("base", "package"), [(OVERLAYS, "graph_calls"), (TOOLS, "graph_calls_spec")])
def test_no_import_cycles_at_run_time(base: Path, package: str) -> None:
    assert _cycles(_package_graph(base, package)) == []


def test_the_cycle_finder_finds_a_lazy_import_cycle(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "a.py").write_text("from pkg import b\n")
    (tmp_path / "pkg" / "b.py").write_text("def f():\n    from pkg import a\n")
    (tmp_path / "pkg" / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pkg.a\n"
    )
    assert _cycles(_graph(tmp_path, "pkg")) == [["pkg.a", "pkg.b"]]


def test_imports_are_found_in_every_kind_of_block_but_type_checking() -> None:
    source = """
import a
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    import hidden
else:
    import b
try:
    import c
except ImportError:
    import d
else:
    import e
finally:
    import f
with open("x"):
    import g
class K:
    def m(self):
        for _ in ():
            while True:
                import h
async def n():
    async with x:
        import i
match x:
    case 1:
        import j
"""
    imported = set(_imports(ast.parse(source), "pkg.mod", is_package=False))
    assert imported == {*"abcdefghij", "typing", "typing.TYPE_CHECKING"}


VOCABULARY = (
    "errors",
    "_error_hints",
    "models",
    "identities",
    "meetings",
    "permissions",
    "waiting",
    "_constants",
    "_validate",
    "_tls",
)
LAYERS = {
    # package or module → packages/modules of graph_calls it must never import at run time
    **{
        f"graph_calls.{name}": (
            "graph_calls._core",
            "graph_calls.resources",
            "graph_calls.client",
            "graph_calls.notifications",
            "graph_calls.auth",
            "graph_calls.retry",
            "graph_calls.paging",
        )
        for name in VOCABULARY
    },
    "graph_calls._core": ("graph_calls.resources", "graph_calls.client", "graph_calls.notifications"),
    "graph_calls.resources": ("graph_calls.client", "graph_calls.notifications", "graph_calls.testing"),
    "graph_calls.notifications": ("graph_calls._core", "graph_calls.resources", "graph_calls.client"),
}


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_layers_import_only_what_their_package_docstring_allows(layer: str) -> None:
    graph = _package_graph(OVERLAYS, "graph_calls")
    forbidden = LAYERS[layer]
    crossings = {
        (module, target)
        for module, targets in graph.items()
        if module == layer or module.startswith(layer + ".")
        for target in targets
        if any(target == f or target.startswith(f + ".") for f in forbidden)
    }
    assert not crossings


def test_nothing_but_testing_imports_testing() -> None:
    graph = _package_graph(OVERLAYS, "graph_calls")
    outside = {m: t for m, t in graph.items() if not m.startswith("graph_calls.testing")}
    assert not {
        (m, t) for m, targets in outside.items() for t in targets if t.startswith("graph_calls.testing")
    }
