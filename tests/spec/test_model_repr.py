"""The model_repr post-hook: generated models repr as their set fields only, and the hook is safe to rerun.

The hook runs as the generator runs it (in a copy of the committed package, cwd the package, ``-P``,
``PYTHONPATH=tools``); the copy is then imported under its own name in a subprocess whose ``PYTHONPATH``
puts it before the installed ``graph_calls_generated``.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import attrs
import pytest

from graph_calls_spec.model_repr import HELPER, HELPER_NAME, IMPORT, ShapeError, add_repr

from .conftest import INSTALLED_PACKAGE_DIR, REPO_ROOT, TOOLS_DIR

BIN = Path(sys.executable).parent
PACKAGE = "graph_calls_generated"


def run_hook(package_dir: Path) -> subprocess.CompletedProcess[str]:
    """``python -P -m graph_calls_spec.model_repr models`` in ``package_dir``, as the generator runs it."""
    env = {**os.environ, "PYTHONPATH": str(TOOLS_DIR)}
    return subprocess.run(
        [sys.executable, "-P", "-m", "graph_calls_spec.model_repr", "models"],
        cwd=package_dir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def copy_package(root: Path) -> Path:
    """A copy of the committed generated package in ``root``, without bytecode, as it was before this hook.

    The committed package went through the hook already; what it added is removed here, exactly (the
    round-trip test proves that hooking this copy gives back the committed files byte for byte).
    """
    target = root / PACKAGE
    shutil.copytree(INSTALLED_PACKAGE_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    (target / HELPER_NAME).unlink(missing_ok=True)
    for module in (target / "models").glob("*.py"):
        text = module.read_text(encoding="utf-8")
        text = text.replace(f"\n\n{_IMPORT}\n\n", "\n\n").replace(f"{_IMPORT}\n", "").replace(_METHOD, "\n")
        module.write_text(text, encoding="utf-8")
    return target


_IMPORT = "from .._repr import set_fields_repr"
_METHOD = "\n\n    def __repr__(self) -> str:\n        return set_fields_repr(self)\n"


def test_hooking_the_unhooked_package_gives_back_the_committed_files(hooked: Path, tmp_path: Path) -> None:
    unhooked = snapshot(copy_package(tmp_path))
    assert not any(b"set_fields_repr" in text for text in unhooked.values())
    assert snapshot(hooked / PACKAGE) == snapshot(INSTALLED_PACKAGE_DIR)


def snapshot(tree: Path) -> dict[str, bytes]:
    return {str(p.relative_to(tree)): p.read_bytes() for p in sorted(tree.rglob("*.py"))}


@pytest.fixture(scope="module")
def hooked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated package copied and run through the hook; the directory that holds it."""
    root = tmp_path_factory.mktemp("hooked")
    completed = run_hook(copy_package(root))
    assert completed.returncode == 0, completed.stderr
    return root


def run_in(root: Path, script: str) -> str:
    """Run ``script`` with ``root``'s ``graph_calls_generated`` importable under its own name; its stdout."""
    prelude = (
        "import graph_calls_generated\n"
        f"assert graph_calls_generated.__file__.startswith({str(root)!r}), graph_calls_generated.__file__\n"
    )
    env = {**os.environ, "PYTHONPATH": str(root)}
    completed = subprocess.run(
        [sys.executable, "-P", "-c", prelude + textwrap.dedent(script)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


# ------------------------------------------------------------------------------------------- the reprs


def test_a_participant_shows_only_its_set_fields_and_nested_models_alike(hooked: Path) -> None:
    out = run_in(
        hooked,
        """
        from graph_calls_generated.models import Identity, IdentitySet, Participant, ParticipantInfo
        info = ParticipantInfo(identity=IdentitySet(user=Identity(id="u1", display_name="Ada")))
        print(repr(Participant(id="p1", info=info, is_muted=False)))
        """,
    )
    # Fields in their declaration order (Identity declares display_name before id).
    assert out == (
        "Participant(id='p1', info=ParticipantInfo(identity=IdentitySet(user=Identity(display_name='Ada', "
        "id='u1'))), is_muted=False)\n"
    )


def test_an_all_unset_model_is_its_bare_name_and_explicit_none_shows(hooked: Path) -> None:
    out = run_in(
        hooked,
        """
        from graph_calls_generated.models import Participant
        print(repr(Participant()))
        print(repr(Participant(id=None, metadata=None)))
        """,
    )
    assert out.splitlines() == ["Participant()", "Participant(id=None, metadata=None)"]


def test_additional_properties_show_only_when_not_empty(hooked: Path) -> None:
    out = run_in(
        hooked,
        """
        from graph_calls_generated.models import Participant
        participant = Participant.from_dict({"id": "p1", "isInLobby": True, "someNewField": [1]})
        print(repr(participant))
        participant.additional_properties.clear()
        print(repr(participant))
        """,
    )
    assert out.splitlines() == [
        "Participant(id='p1', is_in_lobby=True, additional_properties={'someNewField': [1]})",
        "Participant(id='p1', is_in_lobby=True)",
    ]


def test_lists_of_models_repr_their_items_compactly(hooked: Path) -> None:
    out = run_in(
        hooked,
        """
        from graph_calls_generated.models import MediaStream, Participant
        print(repr(Participant(media_streams=[MediaStream(label="main", server_muted=False)])))
        """,
    )
    assert out == "Participant(media_streams=[MediaStream(label='main', server_muted=False)])\n"


def test_a_model_that_contains_itself_reprs_without_recursing_forever(hooked: Path) -> None:
    out = run_in(
        hooked,
        """
        from graph_calls_generated.models import Participant
        participant = Participant(id="p1")
        participant["self"] = participant
        print(repr(participant))
        """,
    )
    assert out == "Participant(id='p1', additional_properties={'self': ...})\n"


def test_every_model_class_has_the_hooks_repr_not_attrs(hooked: Path) -> None:
    """attrs ``define`` (auto_detect) kept each class's own ``__repr__``: its code is in the model module."""
    out = run_in(
        hooked,
        """
        import sys, attrs
        from graph_calls_generated import models
        classes = [c for c in map(lambda n: getattr(models, n), models.__all__) if attrs.has(c)]
        wrong = [
            c.__name__ for c in classes
            if "__repr__" not in vars(c)
            or c.__repr__.__code__.co_filename != sys.modules[c.__module__].__file__
        ]
        print(len(classes), wrong)
        """,
    )
    count, wrong = out.split(" ", 1)
    assert int(count) > 50
    assert wrong.strip() == "[]"


def test_attrs_define_keeps_a_repr_written_in_the_class_body() -> None:
    """What the hook relies on: ``define`` has ``auto_detect=True``, so it adds no ``__repr__`` of its own."""

    @attrs.define
    class Sample:
        x: int = 0

        def __repr__(self) -> str:
            return "mine"

    assert repr(Sample()) == "mine"
    assert Sample.__repr__.__code__.co_filename == __file__


# -------------------------------------------------------------------------------------- the hook's output


def test_the_hook_adds_the_helper_and_touches_only_model_classes(hooked: Path, tmp_path: Path) -> None:
    before = snapshot(copy_package(tmp_path))
    after = snapshot(hooked / PACKAGE)
    assert set(after) - set(before) == {HELPER_NAME}
    assert after[HELPER_NAME].decode() == HELPER
    assert HELPER.startswith("# Written at generation time by the post-hook graph_calls_spec.model_repr")
    for name, text in before.items():
        has_model = "@_attrs_define" in text.decode()
        assert (after[name] != text) == has_model, name  # Literal (enum) modules, __init__s: unchanged
        if has_model:
            tree = ast.parse(after[name])
            classes = [n for n in tree.body if isinstance(n, ast.ClassDef)]
            assert all(any(getattr(s, "name", "") == "__repr__" for s in c.body) for c in classes), name


def test_running_the_hook_again_changes_nothing(hooked: Path) -> None:
    before = snapshot(hooked / PACKAGE)
    completed = run_hook(hooked / PACKAGE)
    assert completed.returncode == 0, completed.stderr
    assert snapshot(hooked / PACKAGE) == before


def test_the_hooks_output_is_what_ruff_would_write(hooked: Path) -> None:
    """The later post-hooks (ruff isort fix, ruff format) have nothing to change in what the hook wrote."""
    config = ["--no-cache", "--config", str(REPO_ROOT / "pyproject.toml")]
    package = str(hooked / PACKAGE)
    for command in (["format", "--check", *config, package], ["check", "--select=F401,I", *config, package]):
        completed = subprocess.run([str(BIN / "ruff"), *command], capture_output=True, text=True, check=False)
        assert completed.returncode == 0, completed.stdout + completed.stderr


def test_the_hooked_package_is_mypy_strict_clean(hooked: Path) -> None:
    """Users type check the generated package: the inserted ``__repr__`` and the helper are typed."""
    completed = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", PACKAGE],
        cwd=hooked,
        env={**os.environ, "MYPYPATH": str(hooked)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


# ----------------------------------------------------------------------------------- unexpected shapes

GOOD = """\
from __future__ import annotations

from attrs import define as _attrs_define

from ..types import UNSET, Unset


@_attrs_define
class Good:
    x: int | Unset = UNSET
"""

ATTRS = "from attrs import define as _attrs_define\n\n\n"
BAD = {
    "own_repr": (
        ATTRS + "@_attrs_define\nclass Bad:\n    def __repr__(self) -> str:\n        return 'Bad'\n",
        "class Bad already defines its own __repr__",
    ),
    "decorator_arguments": (
        ATTRS + "@_attrs_define(slots=False)\nclass Bad:\n    x: int = 0\n",
        "class Bad is decorated with more than a bare @_attrs_define",
    ),
    "nested": (
        ATTRS + "class Outer:\n    @_attrs_define\n    class Bad:\n        x: int = 0\n",
        "class Bad is not at module level",
    ),
    "not_attrs": (
        "def _attrs_define(cls):\n    return cls\n\n\n@_attrs_define\nclass Bad:\n    x: int = 0\n",
        "@_attrs_define is used but not imported as `from attrs import define as _attrs_define`",
    ),
    "one_line_class": (
        ATTRS + "@_attrs_define\nclass Bad: x: int = 0\n",
        "class Bad has its body on the line of its header",
    ),
    "syntax_error": ("class Bad(:\n", "does not parse"),
}


@pytest.mark.parametrize("shape", sorted(BAD))
def test_an_unexpected_model_module_fails_the_hook_and_nothing_is_written(tmp_path: Path, shape: str) -> None:
    source, message = BAD[shape]
    package = tmp_path / PACKAGE
    (package / "models").mkdir(parents=True)
    (package / "models" / "good.py").write_text(GOOD, encoding="utf-8")
    (package / "models" / "bad.py").write_text(source, encoding="utf-8")
    completed = run_hook(package)
    assert completed.returncode == 1
    assert f"model_repr: models/bad.py: {message}" in completed.stderr
    assert "nothing was written" in completed.stderr
    assert (package / "models" / "good.py").read_text(encoding="utf-8") == GOOD
    assert not (package / HELPER_NAME).exists()


# ------------------------------------------------------------------------------------------ add_repr


def test_add_repr_puts_the_import_first_among_the_relative_ones_and_the_method_last() -> None:
    out = add_repr(GOOD)
    method = "\n    def __repr__(self) -> str:\n        return set_fields_repr(self)\n"
    assert out == GOOD.replace("from ..types import", f"{IMPORT}\nfrom ..types import") + method
    assert add_repr(out) == out


def test_add_repr_starts_a_relative_import_section_when_there_is_none() -> None:
    out = add_repr(ATTRS + "@_attrs_define\nclass E:\n    error: str | None\n")
    assert out.startswith(f"from attrs import define as _attrs_define\n\n{IMPORT}\n\n\n@_attrs_define\n")
    assert add_repr(out) == out


def test_add_repr_keeps_unusual_line_separators_inside_docstrings() -> None:
    source = GOOD + '    """A description with a \u2028 line separator and a \x0c form feed."""\n'
    out = add_repr(source)
    assert out.count("\u2028") == out.count("\x0c") == 1
    assert out.endswith('feed."""\n\n    def __repr__(self) -> str:\n        return set_fields_repr(self)\n')


def test_add_repr_restores_a_missing_import_of_the_helper() -> None:
    out = add_repr(GOOD)
    assert add_repr(out.replace(IMPORT + "\n", "")) == out


def test_add_repr_leaves_modules_without_models_alone() -> None:
    literal_module = 'from typing import Literal\n\nModality = Literal["audio", "video"]\n'
    assert add_repr(literal_module) == literal_module


def test_add_repr_names_the_class_whose_shape_it_refuses() -> None:
    with pytest.raises(ShapeError, match="class Bad already defines its own __repr__"):
        add_repr(BAD["own_repr"][0])
