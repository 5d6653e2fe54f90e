"""Write ``graph_calls_generated/operations.py``: what the overlays need to know about operations, derived.

Derived at generation time from the trimmed spec (path ``$GRAPH_CALLS_SPEC``, set by ``regen.run_generator``)
and the generated package (cwd), so nothing hand-written lists operations or operation subtypes again:

* ``ENDPOINTS``: operationId → the module of its generated endpoint;
* ``OPERATION_TYPES``: ``commsOperation`` and each subtype, model class name → ``@odata.type``;
* ``ACTION_OPERATIONS``: each action that answers with a comms operation (the last path segment, e.g.
  ``invite``) → the ``@odata.type`` of the operation it starts;
* ``AnyOperation`` (for type checkers): ``CommsOperation`` or any subtype.

Usage, as a post-hook in generator-config.yml, before the ``__init__`` modules are made lazy: ``python -m
graph_calls_spec.operation_index``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from graph_calls_spec import yaml_load
from graph_calls_spec.lazy_init import relative_imports

BASE = "commsOperation"
REF_PREFIX = "#/components/schemas/"
ODATA_PREFIX = "#microsoft.graph."
HEADER = '''\
"""The operations of the trimmed spec and the comms operations they start.

Written at generation time by graph_calls_spec.operation_index from the trimmed spec; do not edit.
"""

from typing import TYPE_CHECKING, Final

'''


def _odata_type(schema: Any) -> str | None:
    for part in schema.get("allOf", [schema]) if isinstance(schema, dict) else []:
        odata = (part.get("properties") or {}).get("@odata.type") or {}
        if isinstance(odata.get("default"), str):
            return str(odata["default"])
    return None


def _ref(schema: Any) -> str | None:
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    return ref[len(REF_PREFIX) :] if isinstance(ref, str) and ref.startswith(REF_PREFIX) else None


def operation_subtypes(spec: dict[str, Any]) -> dict[str, str]:
    """Schema name → ``@odata.type`` of ``commsOperation`` and every schema whose first base it is."""
    schemas = spec["components"]["schemas"]
    found = {BASE: ODATA_PREFIX + BASE}
    for name, schema in schemas.items():
        bases = schema.get("allOf", []) if isinstance(schema, dict) else []
        if bases and _ref(bases[0]) == BASE:
            odata_type = _odata_type(schema)
            if odata_type is None:
                raise ValueError(f"{name} derives from {BASE} but declares no @odata.type")
            found[name] = odata_type
    return found


def action_operations(spec: dict[str, Any], subtypes: dict[str, str]) -> dict[str, str]:
    """Action name → ``@odata.type`` of the comms operation its success answer carries."""
    found: dict[str, str] = {}
    for path, item in spec["paths"].items():
        post = item.get("post") if isinstance(item, dict) else None
        if not isinstance(post, dict):
            continue
        for status, response in post.get("responses", {}).items():
            if not str(status).startswith("2"):
                continue
            schema = ((response.get("content") or {}).get("application/json") or {}).get("schema")
            name = _ref(schema)
            if name in subtypes and name != BASE:
                action = path.rstrip("/").rsplit("/", 1)[1]
                if found.setdefault(action, subtypes[name]) != subtypes[name]:
                    raise ValueError(f"action {action} starts two operation types")
    return dict(sorted(found.items()))


def endpoints(package: Path) -> dict[str, str]:
    """operationId → dotted module of its generated endpoint (every ``api/<tag>/<operationId>.py``)."""
    return {
        module.stem: f"{package.name}.api.{module.parent.name}.{module.stem}"
        for module in sorted((package / "api").glob("*/*.py"))
        if module.stem != "__init__"
    }


def render(spec: dict[str, Any], package: Path) -> str:
    subtypes = operation_subtypes(spec)
    model_modules = relative_imports((package / "models" / "__init__.py").read_text(encoding="utf-8"))
    classes = {name: name[0].upper() + name[1:] for name in subtypes}
    missing = sorted(cls for cls in classes.values() if cls not in model_modules)
    if missing:
        raise ValueError(f"no generated model for {', '.join(missing)}")
    ordered = sorted(subtypes, key=lambda name: (name != BASE, classes[name]))
    lines = [HEADER, "if TYPE_CHECKING:"]
    lines += [f"    from .models.{model_modules[classes[n]]} import {classes[n]}" for n in ordered]
    lines += [
        "",
        "    AnyOperation = (",
        *[f"        {'| ' if i else ''}{classes[n]}" for i, n in enumerate(ordered)],
    ]
    lines += ["    )", "", "# operationId -> the module of its generated endpoint", "ENDPOINTS: Final = {"]
    lines += [f'    "{op}": "{module}",' for op, module in endpoints(package).items()]
    lines += [
        "}",
        "# commsOperation and its subtypes: model class name -> @odata.type",
        "OPERATION_TYPES: Final = {",
    ]
    lines += [f'    "{classes[n]}": "{subtypes[n]}",' for n in ordered]
    lines += ["}", "# action (last path segment) -> @odata.type of the operation it starts"]
    lines += ["ACTION_OPERATIONS: Final = {"]
    lines += [f'    "{action}": "{odata}",' for action, odata in action_operations(spec, subtypes).items()]
    lines += ["}", ""]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    spec_path = os.environ.get("GRAPH_CALLS_SPEC")
    if not spec_path:
        print("operation_index: GRAPH_CALLS_SPEC is not set (run through make generate)", file=sys.stderr)
        return 2
    spec = yaml_load.read(Path(spec_path))
    package = Path.cwd()
    try:
        text = render(spec, package)
    except ValueError as exc:  # a spec the overlays cannot index: fail the generation, say why
        print(f"operation_index: {exc}", file=sys.stderr)
        return 1
    (package / "operations.py").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
