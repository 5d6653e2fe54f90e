"""Fixtures for the spec-pipeline tests: the pinned inputs, pipeline variants, generated clients, checkers.

``graph_calls_spec`` lives in ``tools/`` (the Makefile runs it with ``PYTHONPATH=tools``), so ``tools/`` goes
on ``sys.path`` here. Every client openapi-python-client generates is named ``graph_calls_generated``
(generator-config.yml); one generated into a temporary directory is therefore imported under an alias
(``gcg_<variant>_<n>``), never under its own name, so it cannot clash with the installed package. The
generated code only uses relative imports, which resolve against the alias.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import fcntl
import functools
import hashlib
import importlib
import importlib.metadata
import importlib.util
import itertools
import json
import os
import shutil
import sys
import types
import typing
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from unittest import mock

import attrs
import httpx
import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
TOOLS_DIR = REPO_ROOT / "tools"
if str(TOOLS_DIR) not in sys.path:
    sys.path.insert(0, str(TOOLS_DIR))

from graph_calls_spec import inputs, pipeline, regen, transforms  # noqa: E402
from graph_calls_spec.csdl import Csdl  # noqa: E402
from graph_calls_spec.csdl import load as load_csdl  # noqa: E402
from graph_calls_spec.rules import Rules, load_rules  # noqa: E402

GRAPH_ROOT = "https://graph.microsoft.com/v1.0"
INSTALLED_PACKAGE_DIR = REPO_ROOT / "generated" / "graph_calls_generated"
_aliases = itertools.count()


# ------------------------------------------------------------------------------------------------- YAML


def load_yaml(path: Path) -> Any:
    """The YAML document in ``path`` as ``yaml.safe_load`` reads it, through libyaml (~8x faster)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


class _Dumper(yaml.CSafeDumper):
    """No aliases, as ``pipeline.dump`` writes."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_yaml(spec: dict[str, Any]) -> str:
    """``pipeline.dump(spec)`` through libyaml's emitter: the same text (the pinned spec dumps byte for byte
    alike), ~5x faster. The generator reads it, so what a test generates is what the pipeline would write."""
    return yaml.dump(
        spec, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False
    )


# ------------------------------------------------------------------------------------------ pinned inputs


@pytest.fixture(scope="session")
def pinned_paths() -> tuple[Path, Path]:
    """The pinned module and metadata, resolved and hash-verified like ``make spec`` does."""
    lock = inputs.load_lock()
    return inputs.resolve(lock.module), inputs.resolve(lock.metadata)


@pytest.fixture(scope="session")
def pinned_module(pinned_paths: tuple[Path, Path]) -> dict[str, Any]:
    """The parsed pinned module. ``pipeline.build`` works on a copy, so sharing it is safe."""
    return pipeline.load_module(pinned_paths[0])


@pytest.fixture(scope="session")
def pinned_csdl(pinned_paths: tuple[Path, Path]) -> Csdl:
    return load_csdl(pinned_paths[1])


@pytest.fixture(scope="session")
def pinned_rules() -> Rules:
    return load_rules()


def _skipped_transform(*args: Any, **kwargs: Any) -> list[Any]:
    """Stands in for a transform in a negative run (``[]`` also suits the two that return lists)."""
    return []


@contextlib.contextmanager
def transforms_skipped(names: Iterable[str]) -> Iterator[None]:
    """Replace the named functions of ``graph_calls_spec.transforms`` by no-ops (pipeline calls ``t.x``)."""
    with contextlib.ExitStack() as stack:
        for name in names:
            getattr(transforms, name)  # a misspelt name fails loudly instead of skipping nothing
            stack.enter_context(mock.patch.object(transforms, name, _skipped_transform))
        yield


BuildSpec = Callable[..., pipeline.BuildResult]


@pytest.fixture(scope="session")
def build_spec(pinned_module: dict[str, Any], pinned_csdl: Csdl, pinned_rules: Rules) -> BuildSpec:
    """``build_spec(without=("nullable_references",), strip_action_namespace=False)``: one pipeline run.

    ``without`` names transforms to skip; other keywords replace fields of the rules; ``module``/``csdl``
    replace the pinned inputs. Not thread-safe (it patches module attributes): call it from the test thread.
    """

    def build(
        *,
        without: Iterable[str] = (),
        module: dict[str, Any] | None = None,
        csdl: Csdl | None = None,
        **rule_changes: Any,
    ) -> pipeline.BuildResult:
        rules = dataclasses.replace(pinned_rules, **rule_changes)
        with transforms_skipped(without):
            return pipeline.build(module or pinned_module, csdl or pinned_csdl, rules)

    return build


# -------------------------------------------------------------------------------------- generated clients


def import_alias(package_dir: Path, alias: str) -> types.ModuleType:
    """Import the package in ``package_dir`` under the top-level name ``alias``."""
    spec = importlib.util.spec_from_file_location(
        alias, package_dir / "__init__.py", submodule_search_locations=[str(package_dir)]
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[alias] = module
    spec.loader.exec_module(module)
    return module


@dataclasses.dataclass
class GeneratedClient:
    """A generated ``graph_calls_generated`` package, importable as ``alias``."""

    name: str
    package_dir: Path
    alias: str
    error: str | None = None  # what run_generator raised (any generator warning is an error)

    def module(self, dotted: str = "") -> types.ModuleType:
        return importlib.import_module(f"{self.alias}.{dotted}" if dotted else self.alias)

    @property
    def models(self) -> types.ModuleType:
        return self.module("models")

    def endpoint(self, operation_id: str) -> types.ModuleType:
        """``api/<tag>/<operation_id>.py``, whatever its tag."""
        found = sorted(self.package_dir.glob(f"api/*/{operation_id}.py"))
        assert len(found) == 1, f"{operation_id}: {found}"
        return self.module(f"api.{found[0].parent.name}.{operation_id}")

    def http_client(self) -> Any:
        return self.module().Client(base_url=GRAPH_ROOT)

    def request(self, operation_id: str, *args: Any, **kwargs: Any) -> httpx.Request:
        """The request the generated function would send, built by the generated client's own httpx client."""
        request_kwargs = self.endpoint(operation_id)._get_kwargs(*args, **kwargs)
        return typing.cast(
            httpx.Request, self.http_client().get_httpx_client().build_request(**request_kwargs)
        )

    def parse(self, operation_id: str, body: Any, status: int = 200) -> Any:
        """What the generated ``sync`` would return for this response."""
        response = httpx.Response(status, json=body)
        return self.endpoint(operation_id)._parse_response(client=self.http_client(), response=response)


def _ruff_settings(output: Path) -> tuple[bytes, tuple[str, ...]]:
    """The ruff settings that format ``output`` (the nearest settings file above it, as ruff looks for it),
    and what is beside that file (ruff's ``src`` folders decide which imports are first-party)."""
    for directory in output.parents:
        for name in ("ruff.toml", ".ruff.toml", "pyproject.toml"):
            if (directory / name).is_file():
                return (directory / name).read_bytes(), tuple(sorted(p.name for p in directory.iterdir()))
    return b"", ()


def _toolchain() -> bytes:
    """The rest of what decides the output: the generator's and ruff's versions and the post-hooks' code."""
    digest = hashlib.sha256()
    for name in ("openapi-python-client", "ruff"):
        digest.update(f"{name}=={importlib.metadata.version(name)}\n".encode())
    for path in sorted((TOOLS_DIR / "graph_calls_spec").rglob("*.py")):
        digest.update(f"{path.relative_to(TOOLS_DIR)}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


_run_generator = regen.run_generator  # the real one, whatever a test patches later


@dataclasses.dataclass(frozen=True)
class SharedGenerations:
    """``regen.run_generator`` once per set of inputs in a test run, however many xdist workers ask for it.

    The inputs are everything the generator reads: the spec, the generator config, the ruff settings that
    format the output, the generator's and ruff's versions and the post-hooks' code. The generator is
    deterministic (``make check`` proves it byte for byte), so a copy of its output is what it would write
    again: the regeneration tests of two test files on the same inputs (``test_old_snapshots`` and
    ``test_upstream_snapshots`` regenerate the same snapshots) pay for one generation. The entries live in
    ``root``, a folder of this run that every worker sees; a lock file per entry makes a worker wait while
    another generates those inputs, instead of generating them too.
    """

    root: Path

    def key(self, spec_path: Path, output: Path, config: Path) -> str:
        """The name of a generation of ``spec_path`` into ``output`` with ``config``: its inputs' digest."""
        settings, beside = _ruff_settings(output.resolve())
        digest = hashlib.sha256()
        for part in (spec_path.read_bytes(), config.read_bytes(), settings, "\0".join(beside).encode()):
            digest.update(hashlib.sha256(part).digest())
        digest.update(_toolchain())
        return digest.hexdigest()

    def run(
        self, spec_path: Path, output: Path, *, config: Path = regen.ROOT / "generator-config.yml"
    ) -> str | None:
        """Generate ``spec_path`` into ``output``, or copy there what the same inputs gave; what the generator
        raised (any warning is an error; the output it wrote anyway is copied too), else None."""
        key = self.key(spec_path, output, config)
        entry = self.root / key
        with (self.root / f"{key}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if generating raises
            if not (entry / "result.json").is_file():
                error = None
                try:
                    _run_generator(spec_path, output, config=config)
                except RuntimeError as exc:
                    error = str(exc)
                shutil.rmtree(entry, ignore_errors=True)
                entry.mkdir()
                if output.is_dir():
                    shutil.copytree(output, entry / "package")
                (entry / "result.json").write_text(json.dumps({"error": error}), encoding="utf-8")  # last
                return error
            shutil.rmtree(output, ignore_errors=True)
            if (entry / "package").is_dir():
                shutil.copytree(entry / "package", output)
            stored: str | None = json.loads((entry / "result.json").read_text(encoding="utf-8"))["error"]
            return stored


@pytest.fixture(scope="session")
def shared_generations(tmp_path_factory: pytest.TempPathFactory) -> SharedGenerations:
    """The generations of this test run, shared by its xdist workers."""
    base = tmp_path_factory.getbasetemp()  # without xdist, the run's own (its parent holds every run's)
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # xdist gives each worker <the run's base temp>/<worker id>
    root = base / "shared-generations"
    root.mkdir(exist_ok=True)
    return SharedGenerations(root)


def generate_client(
    spec: dict[str, Any], workdir: Path, name: str, generations: SharedGenerations
) -> GeneratedClient:
    """Dump ``spec`` and run openapi-python-client on it (through ``regen.run_generator``); do not import."""
    workdir.mkdir(parents=True, exist_ok=True)
    spec_path = workdir / "spec.yml"
    spec_path.write_text(dump_yaml(spec), encoding="utf-8")
    package_dir = workdir / "graph_calls_generated"
    error = generations.run(spec_path, package_dir)
    return GeneratedClient(name, package_dir, f"gcg_{name}_{next(_aliases)}", error)


GenerateClients = Callable[[Mapping[str, dict[str, Any]]], dict[str, GeneratedClient]]


@pytest.fixture(scope="session")
def generate_clients(
    tmp_path_factory: pytest.TempPathFactory, shared_generations: SharedGenerations
) -> GenerateClients:
    """``generate_clients({"name": spec, ...})``: generate all in parallel, import each under an alias.

    A generation that warns still leaves its output; it is imported too, and ``error`` says what happened.
    """

    def generate(specs: Mapping[str, dict[str, Any]]) -> dict[str, GeneratedClient]:
        root = tmp_path_factory.mktemp("clients")
        workers = max(1, min(len(specs), os.cpu_count() or 2))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {
                name: pool.submit(generate_client, spec, root / name, name, shared_generations)
                for name, spec in specs.items()
            }
            clients = {name: future.result() for name, future in futures.items()}
        for client in clients.values():
            if (client.package_dir / "__init__.py").is_file():
                import_alias(client.package_dir, client.alias)
        return clients

    return generate


@pytest.fixture
def replayed_generations(monkeypatch: pytest.MonkeyPatch, shared_generations: SharedGenerations) -> None:
    """``regen.run_generator`` through :class:`SharedGenerations`: the ``regen.check`` tests whose inputs are
    the pinned ones share one generation instead of running it each."""

    def replay(spec_path: Path, output: Path, *, config: Path = regen.ROOT / "generator-config.yml") -> None:
        error = shared_generations.run(spec_path, output, config=config)
        if error is not None:
            raise RuntimeError(error)

    monkeypatch.setattr(regen, "run_generator", replay)


@pytest.fixture(scope="session")
def installed_client() -> GeneratedClient:
    """The committed ``generated/graph_calls_generated``, imported under its own name."""
    importlib.import_module("graph_calls_generated")
    return GeneratedClient("installed", INSTALLED_PACKAGE_DIR, "graph_calls_generated")


# ------------------------------------------------------------------------------------ value type checking


@functools.cache
def _models_namespace(package: str) -> dict[str, Any]:
    """Every class of ``<package>.models`` by name.

    Through ``__all__`` and ``getattr``, not ``vars``: ``graph_calls.models`` replaces the installed
    ``graph_calls_generated.models`` with a lazy package whose classes load on first attribute access.
    """
    models = importlib.import_module(f"{package}.models")
    return {name: getattr(models, name) for name in models.__all__}


@functools.cache
def _type_hints(cls: type) -> dict[str, Any]:
    """The resolved annotations of a generated attrs class.

    Its annotations are strings (``from __future__ import annotations``) naming classes the module only
    imports under ``TYPE_CHECKING``, so they resolve against the package's ``models`` namespace too.
    """
    package = cls.__module__.rsplit(".models.", 1)[0]
    namespace = {**_models_namespace(package), **vars(sys.modules[cls.__module__])}
    return typing.get_type_hints(cls, globalns=namespace)


def _describe(annotation: Any) -> str:
    """``None | str | Unset``, ``list[Modality | str]``: annotations as the generated code writes them."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Union or origin is types.UnionType:
        return " | ".join(_describe(a) for a in args)
    if origin is typing.Literal:
        return f"Literal{list(args)}"
    if origin is not None:
        return f"{origin.__name__}[{', '.join(_describe(a) for a in args)}]"
    if annotation is type(None) or annotation is None:
        return "None"
    return getattr(annotation, "__name__", None) or str(annotation)


def value_type_errors(value: Any, annotation: Any, path: str) -> list[str]:
    """Where ``value`` does not match ``annotation`` (recursing into models, lists and unions)."""
    if annotation is Any:
        return []
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        branches = typing.get_args(annotation)
        results = [value_type_errors(value, branch, path) for branch in branches]
        if any(not errors for errors in results):
            return []
        for branch, errors in zip(branches, results, strict=True):
            shape = typing.get_origin(branch) or branch  # list[X] → list; a model class → itself
            if isinstance(shape, type) and isinstance(value, shape):
                return errors  # the right container or class, wrong contents: report the contents
        return [f"{path}: {value!r:.120} is not {_describe(annotation)}"]
    if origin is typing.Literal:
        if any(type(value) is type(arg) and value == arg for arg in typing.get_args(annotation)):
            return []
        return [f"{path}: {value!r} is not one of {typing.get_args(annotation)}"]
    if origin is list:
        if not isinstance(value, list):
            return [f"{path}: {value!r:.120} is not a list"]
        (item,) = typing.get_args(annotation)
        return [e for i, v in enumerate(value) for e in value_type_errors(v, item, f"{path}[{i}]")]
    if origin is dict:
        if not isinstance(value, dict):
            return [f"{path}: {value!r:.120} is not a dict"]
        key_type, value_type = typing.get_args(annotation)
        errors = [
            f"{path}: key {k!r} is not {_describe(key_type)}" for k in value if not isinstance(k, key_type)
        ]
        return errors + [
            e for k, v in value.items() for e in value_type_errors(v, value_type, f"{path}[{k!r}]")
        ]
    if annotation is None or annotation is type(None):
        return [] if value is None else [f"{path}: {value!r:.120} is not None"]
    if not isinstance(annotation, type):
        raise TypeError(f"{path}: the checker does not handle {annotation!r}")
    if attrs.has(annotation):
        if not isinstance(value, annotation):
            return [f"{path}: {type(value).__name__} {value!r:.120} is not {annotation.__name__}"]
        return model_type_errors(value, path)
    if annotation is bool:
        ok = type(value) is bool
    elif annotation is int:
        ok = isinstance(value, int) and type(value) is not bool
    elif annotation is float:  # a JSON number without a fraction arrives as int
        ok = isinstance(value, int | float) and type(value) is not bool
    else:  # str, datetime, UUID, Unset, File
        ok = isinstance(value, annotation)
    return [] if ok else [f"{path}: {type(value).__name__} {value!r:.120} is not {annotation.__name__}"]


def model_type_errors(model: Any, path: str = "$") -> list[str]:
    """Check every attribute of a parsed generated model against its annotation, recursively.

    The generated union parsers end in an unchecked ``cast``: a value that fits no branch is kept with the
    wrong annotation. This is what notices.
    """
    cls = type(model)
    if not attrs.has(cls):
        return [f"{path}: {cls.__name__} is not a generated model"]
    hints = _type_hints(cls)
    return [
        error
        for field in attrs.fields(cls)
        for error in value_type_errors(getattr(model, field.name), hints[field.name], f"{path}.{field.name}")
    ]


@pytest.fixture(scope="session")
def type_errors() -> Callable[[Any], list[str]]:
    """``type_errors(parsed_model)`` → a list of mistyped attributes (empty when every value fits)."""
    return model_type_errors


# ---------------------------------------------------------------------------------- openapi-core checks


class SpecValidator:
    """openapi-core 0.23 on one spec, requests and responses addressed as ``/communications/...``."""

    def __init__(self, spec: dict[str, Any]) -> None:
        from openapi_core import OpenAPI

        spec = copy.deepcopy(spec)
        spec["servers"] = [{"url": "/v1.0"}]
        self.api = OpenAPI.from_dict(spec)

    @staticmethod
    def _errors(call: Callable[[], Any]) -> str | None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Unsupported scheme type": the spec's OAuth scheme
            try:
                call()
            except Exception as exc:  # openapi-core raises a different class per kind of problem
                causes = getattr(exc.__cause__, "schema_errors", ())
                return f"{type(exc).__name__}: {exc} " + "; ".join(str(c.message) for c in causes)
        return None

    def request_errors(self, method: str, path: str, body: Any = None) -> str | None:
        """None when the request is valid, else openapi-core's complaint."""
        from openapi_core.testing import MockRequest

        data = None if body is None else json.dumps(body).encode()
        request = MockRequest("https://graph.microsoft.com", method, "/v1.0" + path, data=data)
        return self._errors(lambda: self.api.validate_request(request))

    def response_errors(self, method: str, path: str, body: Any, status: int = 200) -> str | None:
        """None when ``body`` is a valid response of the operation, else openapi-core's complaint."""
        from openapi_core.testing import MockRequest, MockResponse

        request = MockRequest("https://graph.microsoft.com", method, "/v1.0" + path)
        response = MockResponse(json.dumps(body).encode(), status_code=status)
        return self._errors(lambda: self.api.validate_response(request, response))


@pytest.fixture(scope="session")
def spec_validator() -> Callable[[dict[str, Any]], SpecValidator]:
    return SpecValidator


def unused_name(text: str, wanted: str) -> str:
    """``wanted``, or ``wanted`` with a number after it, whichever ``text`` (an upstream input) lacks.

    Tests that add a property or an action to the pinned inputs use it, so they still add something new
    after a bump to an upstream that has it (Microsoft's metadata of 2026-08 adds ``isDeltaRosterEnabled``).
    """
    name, number = wanted, 1
    while f'"{name}"' in text or f".{name}'" in text or f"{name}:" in text:
        number += 1
        name = f"{wanted}{number}"
    return name
