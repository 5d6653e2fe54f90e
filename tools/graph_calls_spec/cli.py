"""``python -m graph_calls_spec``: the maintainer's spec commands (``make spec`` calls ``trim``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph_calls_spec import inputs, pipeline, regen, transforms
from graph_calls_spec.rules import load_rules

# The simulator validates against this copy: a user's install has no openapi/ folder.
PACKAGE_DATA_DIR = inputs.REPO_ROOT / regen.PACKAGE_DATA.parent


def _resolve(
    module: str | None, metadata: str | None, lock_path: Path = inputs.LOCK_PATH
) -> tuple[Path, Path, bool]:
    """The input files, and whether they are the pin (a missing keep-list operation is then fatal)."""
    lock = inputs.load_lock(lock_path)
    module_path = Path(module) if module else inputs.resolve(lock.module)
    metadata_path = Path(metadata) if metadata else inputs.resolve(lock.metadata)
    return module_path, metadata_path, module is None


def cmd_trim(args: argparse.Namespace) -> int:
    module_path, metadata_path, pinned = _resolve(args.module, args.metadata, Path(args.lock))
    rules_dir = Path(args.rules_dir)
    rules = load_rules(rules_dir / "keep-list.yml", rules_dir / "rules.yml")
    package_data_dir = Path(args.package_data_dir) if args.package_data_dir else None
    pipeline.trim(
        module_path,
        metadata_path,
        rules,
        Path(args.out_dir),
        package_data_dir=package_data_dir,
        fatal_missing=pinned,
        allow_beta=args.allow_beta,
        # A pinned metadata's upstream URL tells beta from v1.0; a given file's own path does.
        metadata_origin=None if args.metadata else inputs.load_lock(Path(args.lock)).metadata.url,
    )
    return 0


def cmd_inputs(args: argparse.Namespace) -> int:
    lock = inputs.load_lock()
    for pin in (lock.module, lock.metadata):
        print(inputs.resolve(pin))
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    regen.generate()
    print(f"generated {regen.GENERATED_PACKAGE}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    differences = regen.check()
    if not differences:
        print(
            "check: openapi/, the packaged validation spec, generated/ and the sync twin match a regeneration"
        )
        return 0
    print(regen.report(differences))
    print(f"\ncheck failed: {len(differences)} difference(s) with a fresh regeneration; run make generate")
    return 1


DIFF_ERROR = 3  # 0, 1 and 2 are the report's own exit codes


def cmd_diff(args: argparse.Namespace) -> int:
    """Drift report BASE → TARGET: exit 0 no difference, 1 additive/cosmetic only, 2 breaking, 3 error."""
    import xml.etree.ElementTree as ET

    import yaml

    from graph_calls_spec import drift

    try:
        base_lock = Path(args.base_lock)
        base, target = drift.pick_inputs(args.base, args.base_metadata, base_lock, args.module, args.metadata)
        allowlist = drift.load_allowlist(Path(args.allowlist))
        pins = drift.known_pins(base_lock, inputs.LOCK_PATH)
        # A downloaded file's path no longer says where it came from; its channel is read from the URL.
        given = ((base[1], args.base_metadata), (target[1], args.metadata))
        origins = {path: source for path, source in given if source and inputs.is_url(source)}
        report = drift.report_from_files(
            base,
            target,
            load_rules(),
            allowlist,
            pins=pins,
            allow_beta=args.allow_beta,
            metadata_origins=origins,
        )
    except (
        inputs.InputError,
        transforms.SpecError,
        yaml.YAMLError,
        ET.ParseError,
        OSError,
        ValueError,
    ) as exc:
        print("error: " + " ".join(str(exc).split()), file=sys.stderr)  # one line, for CI logs
        return DIFF_ERROR
    print(report.render(args.format), end="")
    return report.exit_code


def cmd_bump(args: argparse.Namespace) -> int:
    """Pin new upstream input(s) in openapi/lock.yml (``make upstream-bump`` then regenerates and diffs)."""
    from graph_calls_spec import bump

    module = inputs.fetch(args.module) if args.module else None
    metadata = inputs.fetch(args.metadata) if args.metadata else None
    old, new = bump.bump(
        load_rules(),
        module=module,
        commit=args.commit,
        metadata=metadata,
        metadata_commit=args.metadata_commit,
        metadata_origin=args.metadata,  # a URL's clean_beta_metadata/ folder marks beta metadata
    )
    for name, before, after in (("module", old.module, new.module), ("metadata", old.metadata, new.metadata)):
        if before != after:
            print(f"pinned {name}: {before.file} -> {after.file} ({after.repository}@{after.commit[:12]})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="graph_calls_spec", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    trim = sub.add_parser("trim", help="pinned (or given) upstream → trimmed spec")
    trim.add_argument("--module", help="upstream module YAML (default: the pin)")
    trim.add_argument("--metadata", help="upstream CSDL XML (default: the pin)")
    trim.add_argument("--out-dir", default=str(inputs.OPENAPI_DIR))
    trim.add_argument(
        "--rules-dir", default=str(inputs.OPENAPI_DIR), help="where keep-list.yml and rules.yml are"
    )
    trim.add_argument("--lock", default=str(inputs.LOCK_PATH), help="the lock naming the pinned inputs")
    trim.add_argument(
        "--package-data-dir",
        default=str(PACKAGE_DATA_DIR),
        help="where the validation spec ships as package data ('' to skip)",
    )
    trim.add_argument("--allow-beta", action="store_true", help="build from beta inputs (both must be beta)")
    trim.set_defaults(func=cmd_trim)
    sub.add_parser("generate", help="trim, then regenerate generated/").set_defaults(func=cmd_generate)
    sub.add_parser("check", help="regenerate into .check/ and diff with the commit").set_defaults(
        func=cmd_check
    )
    show = sub.add_parser("inputs", help="resolve and verify the pinned inputs, print their paths")
    show.set_defaults(func=cmd_inputs)
    diff = sub.add_parser("diff", help="upstream drift report, BASE (default: the pin) → TARGET")
    diff.add_argument("--module", help="TARGET upstream module, path or URL (default: the pin)")
    diff.add_argument("--metadata", help="TARGET upstream CSDL, path or URL (default: the pin)")
    diff.add_argument("--base", help="BASE upstream module, path or URL (default: pinned in --base-lock)")
    diff.add_argument(
        "--base-metadata", help="BASE upstream CSDL, path or URL (default: pinned in --base-lock)"
    )
    diff.add_argument("--base-lock", default=str(inputs.LOCK_PATH), help="lock whose pins are the BASE")
    diff.add_argument("--allowlist", default=str(inputs.OPENAPI_DIR / "drift-allowlist.yml"))
    from graph_calls_spec.drift_render import FORMATS  # the report formats; drift loads in cmd_diff

    diff.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), json (for machines) or markdown (a pull-request body)",
    )
    diff.add_argument("--json", dest="format", action="store_const", const="json", help="--format json")
    diff.add_argument(
        "--allow-beta", action="store_true", help="compare beta inputs too (refused by default)"
    )
    diff.set_defaults(func=cmd_diff)
    bump_cmd = sub.add_parser("bump", help="pin new upstream input(s) in openapi/lock.yml")
    bump_cmd.add_argument("--module", help="new upstream module (path or URL)")
    bump_cmd.add_argument("--commit", help="its upstream commit (40 hex)")
    bump_cmd.add_argument("--metadata", help="new upstream CSDL (path or URL)")
    bump_cmd.add_argument("--metadata-commit", help="its upstream commit (40 hex)")
    bump_cmd.set_defaults(func=cmd_bump)
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except (inputs.InputError, transforms.SpecError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return code
