"""Regenerate the client and prove the committed outputs are what the pinned inputs produce.

``generate(root)`` trims the pinned inputs, runs openapi-python-client into ``root`` and writes the sync twin
of the async navigation (:mod:`graph_calls_spec.twins`); ``check()`` does it into the git-ignored ``.check/``
(inside the repository, so the same ruff settings format the output) and compares the trees byte for byte
with the committed ones, missing and extra files included.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from graph_calls_spec import inputs, pipeline, twins
from graph_calls_spec.rules import load_rules
from graph_calls_spec.spec_nodes import SpecError

ROOT = inputs.REPO_ROOT
GENERATED_PACKAGE = Path("generated") / "graph_calls_generated"
PACKAGE_DATA = Path("overlays") / "graph_calls" / "testing" / pipeline.VALIDATION_NAME
OPENAPI_OUTPUTS = (pipeline.SPEC_NAME, pipeline.VALIDATION_NAME)
# Hand-written files that live in openapi/ beside the outputs.
OPENAPI_SOURCES = {
    "lock.yml",
    "keep-list.yml",
    "rules.yml",
    "drift-allowlist.yml",
    "README.md",
    "drift",
    "upstream",  # inputs `make upstream-bump` vendored (compressed)
}
CHECK_DIR = ROOT / ".check"
IGNORED = {"__pycache__", ".ruff_cache", ".mypy_cache"}


def run_generator(spec_path: Path, output: Path, *, config: Path = ROOT / "generator-config.yml") -> None:
    """openapi-python-client, pinned, with our config; any warning is an error."""
    bin_dir = Path(sys.executable).parent
    # 0.29.1 renders Literal enum members from a set: with members in two casings their order follows
    # the string hash. A fixed seed makes the output byte-identical whatever the caller's seed.
    # Can go when the generator sorts them (it sorts nothing else that reaches the output unsorted).
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONHASHSEED": "0",
        # tools/: the generator's entry point and the post-hooks (graph_calls_spec.*, run in the output
        # package); operation_index reads the spec.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "tools"), os.environ.get("PYTHONPATH")])),
        "GRAPH_CALLS_SPEC": str(spec_path.resolve()),
    }
    command = [
        sys.executable,
        "-P",  # the working directory's folders (openapi/, tools/...) are no packages to import
        "-m",
        "graph_calls_spec.generator_cli",  # openapi-python-client, its templates' compiled code cached
        "generate",
        "--path",
        str(spec_path),
        "--config",
        str(config),
        "--meta",
        "none",
        "--output-path",
        str(output),
        "--overwrite",
        "--fail-on-warning",
    ]
    completed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if completed.returncode != 0:
        raise RuntimeError(f"openapi-python-client failed:\n{completed.stdout}\n{completed.stderr}")
    shutil.rmtree(output / ".ruff_cache", ignore_errors=True)


def generate(root: Path = ROOT, *, sources: Path | None = None) -> None:
    """Trim the pinned inputs into ``root/openapi`` and generate ``root/generated/graph_calls_generated``.

    The lock, keep-list, rules and generator config are those of ``sources`` (default: ``root``).
    """
    sources = root if sources is None else sources
    try:
        lock = inputs.load_lock(sources / "openapi" / "lock.yml")
        module_path = inputs.resolve(lock.module, repo_root=sources)
        metadata_path = inputs.resolve(lock.metadata, repo_root=sources)
        rules = load_rules(sources / "openapi" / "keep-list.yml", sources / "openapi" / "rules.yml")
        pipeline.trim(
            module_path,
            metadata_path,
            rules,
            root / "openapi",
            package_data_dir=(root / PACKAGE_DATA).parent,
            fatal_missing=True,
            metadata_origin=lock.metadata.url,  # the upstream path tells beta metadata from v1.0
        )
    except (inputs.InputError, SpecError, OSError) as exc:  # never regenerate from a stale spec
        raise RuntimeError(f"trim failed ({exc}): nothing was regenerated") from exc
    run_generator(
        root / "openapi" / pipeline.SPEC_NAME,
        root / GENERATED_PACKAGE,
        config=sources / "generator-config.yml",
    )
    twins.write(sources, root)


@dataclass
class Difference:
    path: str
    kind: str  # "changed", "missing" (committed lacks it), "extra" (committed has it, regeneration not)
    diff: str = ""


def _files(tree: Path) -> set[str]:
    if not tree.exists():
        return set()
    return {
        str(p.relative_to(tree))
        for p in tree.rglob("*")
        if p.is_file() and not IGNORED.intersection(p.relative_to(tree).parts)
    }


def _compare_bytes(committed: Path, fresh: Path, label: str) -> list[Difference]:
    old, new = committed.read_bytes(), fresh.read_bytes()
    if old == new:
        return []
    diff = difflib.unified_diff(
        old.decode("utf-8", "replace").splitlines(),
        new.decode("utf-8", "replace").splitlines(),
        f"committed/{label}",
        f"regenerated/{label}",
        lineterm="",
        n=2,
    )
    return [Difference(label, "changed", "\n".join(diff))]


def compare_trees(committed: Path, fresh: Path, label: str) -> list[Difference]:
    committed_files, fresh_files = _files(committed), _files(fresh)
    differences = [Difference(f"{label}/{n}", "missing") for n in sorted(fresh_files - committed_files)]
    differences += [Difference(f"{label}/{n}", "extra") for n in sorted(committed_files - fresh_files)]
    for name in sorted(committed_files & fresh_files):
        differences += _compare_bytes(committed / name, fresh / name, f"{label}/{name}")
    return differences


def compare_file(committed: Path, fresh: Path, label: str) -> list[Difference]:
    if not committed.exists():
        return [Difference(label, "missing")]
    return _compare_bytes(committed, fresh, label)


def check(root: Path = ROOT, scratch: Path = CHECK_DIR) -> list[Difference]:
    """Regenerate into ``scratch`` and list every difference with the committed outputs in ``root``."""
    shutil.rmtree(scratch, ignore_errors=True)
    generate(scratch, sources=root)
    differences: list[Difference] = []
    for name in OPENAPI_OUTPUTS:
        differences += compare_file(root / "openapi" / name, scratch / "openapi" / name, f"openapi/{name}")
    for extra in sorted(_files(root / "openapi")):
        top = Path(extra).parts[0]
        if top not in OPENAPI_SOURCES and extra not in OPENAPI_OUTPUTS:
            differences.append(Difference(f"openapi/{extra}", "extra"))
    differences += compare_file(root / PACKAGE_DATA, scratch / PACKAGE_DATA, str(PACKAGE_DATA))
    differences += compare_trees(
        root / GENERATED_PACKAGE, scratch / GENERATED_PACKAGE, str(GENERATED_PACKAGE)
    )
    for source, twin in twins.TWINS:
        if (root / source).exists():  # a tree with the overlays (not the tools' partial copies)
            differences += compare_file(root / twin, scratch / twin, str(twin))
    return differences


def report(differences: list[Difference], max_diff_lines: int = 40) -> str:
    lines: list[str] = []
    for d in differences:
        if d.kind == "missing":
            lines.append(f"missing: {d.path} (regeneration produces it; the commit lacks it)")
        elif d.kind == "extra":
            lines.append(f"extra: {d.path} (committed, but regeneration does not produce it)")
        else:
            lines.append(f"changed: {d.path}")
            diff_lines = d.diff.splitlines()
            lines += diff_lines[:max_diff_lines]
            if len(diff_lines) > max_diff_lines:
                lines.append(f"... {len(diff_lines) - max_diff_lines} more diff lines")
    return "\n".join(lines)
