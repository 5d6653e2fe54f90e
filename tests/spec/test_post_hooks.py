"""The generation's plumbing: the post-hooks run in one process (``post_hooks``), the syntax trees they share
(``syntax_trees``), the tools' YAML reader (``yaml_load``) and the generator's template cache
(``generator_cli``)."""

from __future__ import annotations

import ast
import gc
import sys
import types
from pathlib import Path

import jinja2
import pytest
import yaml

from graph_calls_spec import post_hooks, syntax_trees, yaml_load

REPO_ROOT = Path(__file__).resolve().parents[2]

# -------------------------------------------------------------------------------------------- post_hooks


def test_steps_split_at_each_plus_and_drop_empty_ones() -> None:
    argv = [
        "+",
        "graph_calls_spec.a",
        "models",
        "+",
        "+",
        "graph_calls_spec.b",
        "+",
        "graph_calls_spec.c",
        "x",
        "y",
    ]

    assert post_hooks.steps(argv) == [
        ("graph_calls_spec.a", ["models"]),
        ("graph_calls_spec.b", []),
        ("graph_calls_spec.c", ["x", "y"]),
    ]


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[str]]]:
    """Three stand-in hooks under graph_calls_spec: one that succeeds, one that fails, one that crashes."""
    ran: list[tuple[str, list[str]]] = []

    def hook(name: str, status: int | None) -> None:
        module = types.ModuleType(f"graph_calls_spec.{name}")

        def main(argv: list[str]) -> int:
            ran.append((name, argv))
            if status is None:
                raise RuntimeError(f"{name} broke")
            return status

        module.main = main  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, module.__name__, module)

    hook("fine", 0)
    hook("failing", 3)
    hook("crashing", None)
    return ran


def test_every_step_runs_and_the_status_is_the_first_failures(
    hooks: list[tuple[str, list[str]]], capsys: pytest.CaptureFixture[str]
) -> None:
    status = post_hooks.main(
        ["graph_calls_spec.crashing", "a", "+", "graph_calls_spec.failing", "+", "graph_calls_spec.fine", "b"]
    )

    assert status == 1  # the crash came first
    assert hooks == [("crashing", ["a"]), ("failing", []), ("fine", ["b"])]
    err = capsys.readouterr().err
    assert "post_hooks: graph_calls_spec.crashing a failed:" in err
    assert "RuntimeError: crashing broke" in err


def test_a_failing_step_is_the_status_when_nothing_crashed(hooks: list[tuple[str, list[str]]]) -> None:
    assert post_hooks.main(["graph_calls_spec.fine", "+", "graph_calls_spec.failing"]) == 3
    assert post_hooks.main(["graph_calls_spec.fine"]) == 0


def test_a_module_outside_the_tools_is_refused_and_the_rest_still_runs(
    hooks: list[tuple[str, list[str]]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert post_hooks.main(["os", "+", "graph_calls_spec.fine"]) == 1
    assert hooks == [("fine", [])]
    assert "os is not a module of graph_calls_spec" in capsys.readouterr().err


# ------------------------------------------------------------------------------------------ syntax_trees

SOURCES = sorted(
    [
        *(REPO_ROOT / "generated" / "graph_calls_generated").rglob("*.py"),
        *(REPO_ROOT / "tools" / "graph_calls_spec").glob("*.py"),
        *(REPO_ROOT / "overlays" / "graph_calls").rglob("*.py"),
    ]
)
BLOCK_NODES = (ast.stmt, ast.Module, ast.ExceptHandler, ast.match_case)

MATCH_AND_TRY = """
def f(x):
    match x:
        case 1:
            try:
                pass
            except ValueError:
                y = lambda: 0
            else:
                pass
            finally:
                class C:
                    z = 1
        case _:
            for i in x:
                pass
            else:
                while x:
                    break
"""


def test_statements_are_the_walks_block_nodes_in_the_walks_order() -> None:
    assert len(SOURCES) > 200
    for path in [*SOURCES, None]:
        tree = ast.parse(MATCH_AND_TRY if path is None else path.read_text(encoding="utf-8"))
        walked = [node for node in ast.walk(tree) if isinstance(node, BLOCK_NODES)]
        assert list(syntax_trees.statements(tree)) == walked, path


@pytest.mark.parametrize("collecting", [True, False])
def test_shared_trees_live_only_inside_the_block_and_the_collector_is_restored(collecting: bool) -> None:
    source = "x = 1\n"
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        assert syntax_trees.parsed(source) is not syntax_trees.parsed(source)  # outside: nothing kept
        with syntax_trees.shared():
            assert not gc.isenabled()
            first = syntax_trees.parsed(source)
            with syntax_trees.shared():  # nested: the same cache
                assert syntax_trees.parsed(source) is first
            assert syntax_trees.parsed(source) is first
            assert syntax_trees.parsed("y = 2\n") is not first
        assert gc.isenabled() is collecting
        assert syntax_trees.parsed(source) is not first
    finally:
        (gc.enable if was else gc.disable)()


# ------------------------------------------------------------------------------------------- yaml_load


@pytest.mark.parametrize("path", sorted((REPO_ROOT / "openapi").glob("*.yml")), ids=lambda path: path.name)
def test_the_tools_read_yaml_as_safe_load_does(path: Path) -> None:
    assert yaml_load.read(path) == yaml.safe_load(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------- generator_cli
# (Imported in the tests that use it: the generator's import costs every test worker ~0.3 s at collection.)


def test_the_generators_environment_gets_a_bytecode_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import openapi_python_client

    from graph_calls_spec import generator_cli

    monkeypatch.setattr(openapi_python_client, "Environment", jinja2.Environment)

    assert generator_cli.install_cache(tmp_path / "jinja")
    environment = openapi_python_client.Environment(loader=jinja2.DictLoader({"t": "{{ 1 + 1 }}"}))
    assert environment.get_template("t").render() == "2"
    assert isinstance(environment.bytecode_cache, jinja2.FileSystemBytecodeCache)
    assert list((tmp_path / "jinja").iterdir())  # the compiled template was stored


def test_no_cache_when_its_folder_cannot_be_made_or_the_generator_changed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import openapi_python_client

    from graph_calls_spec import generator_cli

    monkeypatch.setattr(openapi_python_client, "Environment", jinja2.Environment)
    (tmp_path / "file").write_text("", encoding="utf-8")

    assert not generator_cli.install_cache(tmp_path / "file" / "jinja")
    assert openapi_python_client.Environment is jinja2.Environment

    monkeypatch.delattr(openapi_python_client, "Environment")
    assert not generator_cli.install_cache(tmp_path / "jinja")


def test_the_cache_is_one_folder_per_generator_and_jinja_version(monkeypatch: pytest.MonkeyPatch) -> None:
    import openapi_python_client

    from graph_calls_spec import generator_cli

    monkeypatch.setenv("XDG_CACHE_HOME", "/cache")

    assert generator_cli.cache_dir() == Path(
        "/cache/graph-calls/jinja",
        f"openapi-python-client-{openapi_python_client.__version__}-jinja2-{jinja2.__version__}",
    )
