"""The virtualenvs the benchmark measures in, cached under ``.bench/venvs`` and rebuilt when stale.

- ``empty``: a bare venv, the baseline of the install footprint.
- ``graph-calls``: ``pip install <repo>`` (not editable), so imports and footprint are what a user gets, and
  the dev tools of ``.venv`` (click and rich make ``import httpx`` slower) stay out of the measurement.
- ``msgraph``: Microsoft's SDK and azure-identity, pinned to the versions the research notes measured, and
  httpx pinned to the version the graph-calls venv resolved, so both clients run on the same httpx (the
  graph-calls venv is built first; a new httpx there rebuilds this one).

Each venv has a stamp file with a digest of what it was built from (the requirements and, for graph-calls,
the content of the sources that go into the wheel); a venv whose stamp matches is reused as it is.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.measure import child_env

REPO_ROOT = Path(__file__).resolve().parents[1]
VENVS_DIR = REPO_ROOT / ".bench" / "venvs"
LOGS_DIR = REPO_ROOT / ".bench" / "logs"
MSGRAPH_REQUIREMENTS = ("msgraph-sdk==1.65.0", "azure-identity==1.27.0")
# What goes into the graph-calls wheel (pyproject's hatch config), hashed to know when to reinstall.
WHEEL_INPUTS = ("pyproject.toml", "README.md", "overlays", "generated")
STAMP_NAME = ".bench-stamp"


@dataclass(frozen=True)
class Venv:
    """A benchmark virtualenv: where it is, and why it is missing if it could not be built."""

    name: str
    path: Path
    error: str | None = None

    @property
    def python(self) -> str:
        """Its interpreter."""
        return str(self.path / "bin" / "python")

    @property
    def available(self) -> bool:
        """Whether it was built."""
        return self.error is None

    def site_packages(self) -> Path:
        """Its ``site-packages`` directory."""
        matches = sorted(self.path.glob("lib/python*/site-packages"))
        if not matches:
            raise FileNotFoundError(f"no site-packages in {self.path}")
        return matches[0]


def tree_digest(root: Path, names: Iterable[str]) -> str:
    """A sha256 over the relative paths and bytes of every file under ``root/name`` (caches skipped)."""
    digest = hashlib.sha256()
    for name in names:
        top = root / name
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class _Plan:
    name: str
    requirements: tuple[str, ...]
    stamp: str


def _plans(repo: Path) -> list[_Plan]:
    """The venvs built first: ``empty`` and ``graph-calls`` (``msgraph`` waits for graph-calls' httpx)."""
    graph_calls = (str(repo),)
    return [
        _Plan("empty", (), _stamp(())),
        _Plan("graph-calls", graph_calls, _stamp(graph_calls, tree_digest(repo, WHEEL_INPUTS))),
    ]


def msgraph_requirements(httpx_version: str | None) -> tuple[str, ...]:
    """msgraph-sdk and azure-identity, with httpx pinned to ``httpx_version`` (when known)."""
    pin = (f"httpx=={httpx_version}",) if httpx_version else ()
    return (*MSGRAPH_REQUIREMENTS, *pin)


def _msgraph_plan(httpx_version: str | None) -> _Plan:
    requirements = msgraph_requirements(httpx_version)
    return _Plan("msgraph", requirements, _stamp(requirements))


def httpx_version(venv: Venv) -> str | None:
    """The httpx version installed in ``venv`` (None if it has none or was not built)."""
    if not venv.available:
        return None
    found = {name.lower(): version for name, version in distributions(venv).items()}
    return found.get("httpx")


def _stamp(requirements: Sequence[str], *extra: str) -> str:
    return json.dumps({"python": sys.version, "requirements": list(requirements), "extra": list(extra)})


def _is_current(path: Path, stamp: str) -> bool:
    stamp_file = path / STAMP_NAME
    return (path / "bin" / "python").exists() and stamp_file.exists() and stamp_file.read_text() == stamp


def _build_command(path: Path, requirements: Sequence[str]) -> str:
    """A shell line: create the venv, then install (pip byte-compiles, as a user's install does)."""
    python = sys.executable
    create = f"{_quote(python)} -m venv {_quote(str(path))}"
    if not requirements:
        return create
    pip = f"{_quote(str(path / 'bin' / 'python'))} -m pip install --quiet --disable-pip-version-check"
    return f"{create} && {pip} {' '.join(_quote(r) for r in requirements)}"


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def ensure_venvs(
    venvs_dir: Path = VENVS_DIR, repo: Path = REPO_ROOT, *, log: Callable[[str], None] = print
) -> dict[str, Venv]:
    """Build the missing or stale venvs and return all three by name.

    ``empty`` and ``graph-calls`` build in parallel; ``msgraph`` starts once graph-calls is ready (its httpx
    is pinned to graph-calls'), in parallel with what is still building. A venv whose install fails is
    returned with ``error`` set (the end of pip's output), not raised: the report then says that column
    could not be measured.
    """
    venvs_dir.mkdir(parents=True, exist_ok=True)
    LOGS_DIR.mkdir(parents=True, exist_ok=True)
    started = {plan.name: _start(plan, venvs_dir, log) for plan in _plans(repo)}
    result = {"graph-calls": _finish(started.pop("graph-calls"), log)}
    started["msgraph"] = _start(_msgraph_plan(httpx_version(result["graph-calls"])), venvs_dir, log)
    result.update({name: _finish(build, log) for name, build in started.items()})
    return {name: result[name] for name in ("empty", "graph-calls", "msgraph")}


@dataclass
class _Build:
    plan: _Plan
    path: Path
    process: subprocess.Popen[bytes] | None  # None: the venv was current and is reused
    log_path: Path
    started: float


def _start(plan: _Plan, venvs_dir: Path, log: Callable[[str], None]) -> _Build:
    """Reuse the venv when its stamp matches; else start building it afresh."""
    path = venvs_dir / plan.name
    log_path = LOGS_DIR / f"{plan.name}-install.log"
    if _is_current(path, plan.stamp):
        return _Build(plan, path, None, log_path, time.perf_counter())
    log(f"building venv {plan.name} ({', '.join(plan.requirements) or 'nothing installed'})")
    shutil.rmtree(path, ignore_errors=True)
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            _build_command(path, plan.requirements),
            shell=True,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env=child_env(),
        )
    return _Build(plan, path, process, log_path, time.perf_counter())


def _finish(build: _Build, log: Callable[[str], None]) -> Venv:
    """Wait for a build (if any) and stamp it; a failed build's venv carries the error."""
    if build.process is None:
        return Venv(build.plan.name, build.path)
    code = build.process.wait()
    if code == 0:
        (build.path / STAMP_NAME).write_text(build.plan.stamp)
        log(f"built venv {build.plan.name} in {time.perf_counter() - build.started:.0f} s")
        return Venv(build.plan.name, build.path)
    lines = [ln for ln in build.log_path.read_text(errors="replace").splitlines() if "is ignored" not in ln]
    error = " / ".join(lines[-3:]) or f"exit code {code}"
    log(f"venv {build.plan.name} could not be built: {error}")
    return Venv(build.plan.name, build.path, error=error)


def du_kib(path: Path) -> int:
    """Disk usage of ``path`` in KiB, as ``du -sk`` counts it (blocks allocated, hard links once)."""
    seen: set[tuple[int, int]] = set()
    total_bytes = 0
    for entry in [path, *path.rglob("*")]:
        stat = entry.lstat()
        key = (stat.st_dev, stat.st_ino)
        if key in seen:
            continue
        seen.add(key)
        total_bytes += stat.st_blocks * 512
    return total_bytes // 1024


def distributions(venv: Venv) -> dict[str, str]:
    """Name → version of every distribution installed in ``venv`` (read from its metadata)."""
    code = (
        "import importlib.metadata as m, json;"
        "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))"
    )
    output = subprocess.run(
        [venv.python, "-c", code], capture_output=True, text=True, check=True, env=child_env()
    ).stdout
    found: dict[str, str] = json.loads(output)
    return found
