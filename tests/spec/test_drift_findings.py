"""The drift report's findings of issue 15, one proof each.

- Success responses moving between status codes are classified by what the generated client then parses,
  checked against clients openapi-python-client really generates (finding 2).
- ``style``/``explode`` at their OpenAPI defaults and reference links that only move their locale, anchor
  or redirected host are not reported; several link changes under one owner fold into one line (finding 6).
- A removal and an addition of the same signature on the same owner are one rename, when unambiguous (7).
- A property only the target metadata adds to a shipped type is reported as additive, and the pipeline's
  source marker is never a change by itself (reporting side of finding 1).
- Beta inputs are refused with exit 3 unless ``--allow-beta`` (reporting side of finding 4).
"""

from __future__ import annotations

import copy
import importlib
import itertools
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

# conftest.py puts tools/ on sys.path.
from graph_calls_spec import cli, drift, pipeline, regen, transforms
from graph_calls_spec.csdl import load as load_csdl
from graph_calls_spec.rules import load_rules
from graph_calls_spec.specdiff import diff_specs, pair_renames

from .conftest import import_alias, load_yaml, unused_name
from .test_drift import (
    CALL,
    Spec,
    assert_mirrored,
    built,
    obj,
    path_param,
    query,
    rows,
    text,
    with_call,
    with_op,
)

# ----------------------------------------------------------------- finding 2: success codes, as parsed

# Each variant declares one success response: its status key, and whether it carries a ``call`` body.
VARIANTS: dict[str, tuple[str, bool]] = {
    "200+body": ("200", True),
    "201+body": ("201", True),
    "204": ("204", False),
    "2XX": ("2XX", False),
    "2XX+body": ("2XX", True),
}
# What the service may answer: (status, body). A bodiless 200 is what the keepAlive docs show.
ANSWERS = [(200, b""), (202, b""), (204, b""), (200, b'{"id": "c1"}'), (201, b'{"id": "c1"}')]
KEEP_ALIVE = f"{CALL}/keepAlive"


def keep_alive_spec(status: str, with_body: bool) -> Spec:
    """A one-operation spec shaped like the pipeline's output, keepAlive answering ``status``."""
    success: dict[str, Any] = {"description": "Success"}
    if with_body:
        success["content"] = {"application/json": {"schema": {"$ref": "#/components/schemas/call"}}}
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ODataError"}}}
    operation = {
        "tags": ["calls"],
        "operationId": "calls_keep_alive",
        "parameters": [path_param()],
        "responses": {status: success, "default": {"$ref": "#/components/responses/error"}},
    }
    return {
        "openapi": "3.0.1",
        "info": {"title": "t", "version": "v1.0"},
        "paths": {KEEP_ALIVE: {"post": operation}},
        "components": {
            "schemas": {
                "call": obj(id=text()),
                "ODataError": obj(error=obj(code=text())),
            },
            "responses": {"error": {"description": "error", "content": error}},
        },
    }


def keep_alive_variants_spec() -> Spec:
    """Every variant's keepAlive in one spec, as operation ``calls_keep_alive_<index>`` at its own path.

    The generator renders an endpoint module from its own operation (the models are shared: the same
    ``call`` and ``ODataError``), so each parses as it does generated alone (byte for byte the same module,
    but for its path and name: checked when they were merged), and one run serves the five.
    """
    spec = keep_alive_spec(*VARIANTS["2XX"])
    spec["paths"] = {}
    for index, variant in enumerate(VARIANTS.values()):
        item = keep_alive_spec(*variant)["paths"][KEEP_ALIVE]
        item["post"]["operationId"] = f"calls_keep_alive_{index}"
        spec["paths"][f"{KEEP_ALIVE}{index}"] = item
    return spec


@pytest.fixture(scope="module")
def keep_alive_clients(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The ``_parse_response`` of each variant, from openapi-python-client (pinned) without our post-hooks."""
    root = tmp_path_factory.mktemp("status-clients")
    config = root / "config.yml"
    config.write_text("package_name_override: graph_calls_generated\npost_hooks: []\n", encoding="utf-8")
    spec_path = root / "spec.yml"
    spec_path.write_text(pipeline.dump(keep_alive_variants_spec()), encoding="utf-8")
    package = root / "graph_calls_generated"
    regen.run_generator(spec_path, package, config=config)
    module = import_alias(package, "gcg_status")
    client = module.Client(base_url="https://graph.example")
    parsers: dict[str, Any] = {}
    for index, name in enumerate(VARIANTS):
        endpoint = importlib.import_module(f"gcg_status.api.calls.calls_keep_alive_{index}")
        parsers[name] = (endpoint._parse_response, client)
    return parsers


def outcome(parser: tuple[Any, Any], status: int, body: bytes) -> str:
    """What the generated client makes of an answer: the parsed success value, or ``fails`` (an exception,
    or the answer read as an error body, which the SDK raises as an error)."""
    parse, client = parser
    try:
        parsed = parse(client=client, response=httpx.Response(status, content=body))
    except Exception:  # JSONDecodeError, KeyError...: the generated parser gave up
        return "fails"
    if type(parsed).__name__ == "ODataError":
        return "fails"
    return json.dumps(parsed.to_dict() if hasattr(parsed, "to_dict") else parsed)


def class_by_parsing(old: tuple[Any, Any], new: tuple[Any, Any]) -> str:
    """``breaking`` when an answer the old client parsed is parsed differently or fails; ``additive`` when
    the new client parses the same and more; ``cosmetic`` when nothing changes."""
    before = {answer: outcome(old, *answer) for answer in ANSWERS}
    after = {answer: outcome(new, *answer) for answer in ANSWERS}
    if any(result != "fails" and after[answer] != result for answer, result in before.items()):
        return "breaking"
    return "additive" if after != before else "cosmetic"


MOVES = [
    (old, new)
    for old, new in itertools.permutations(VARIANTS, 2)
    if VARIANTS[old][0] != VARIANTS[new][0]  # the success response moves to another status key
]


@pytest.mark.parametrize(("old", "new"), MOVES, ids=[f"{o}->{n}" for o, n in MOVES])
def test_a_success_code_move_is_classified_by_what_the_generated_client_parses(
    keep_alive_clients: dict[str, Any], old: str, new: str
) -> None:
    found = {c.kind: c for c in diff_specs(keep_alive_spec(*VARIANTS[old]), keep_alive_spec(*VARIANTS[new]))}
    move = found["response.status.changed"]
    assert (move.old, move.new) == (VARIANTS[old][0], VARIANTS[new][0])
    assert move.cls == class_by_parsing(keep_alive_clients[old], keep_alive_clients[new]), move.reason


def test_keep_alive_narrowed_from_2xx_to_204_is_breaking_because_a_bodiless_200_then_fails(
    keep_alive_clients: dict[str, Any],
) -> None:
    assert outcome(keep_alive_clients["2XX"], 200, b"") == "null"
    assert outcome(keep_alive_clients["204"], 200, b"") == "fails"
    [move] = diff_specs(keep_alive_spec("2XX", False), keep_alive_spec("204", False))
    assert (move.cls, move.kind) == ("breaking", "response.status.changed")
    assert "other than 204" in move.reason


# ------------------------------------------------------------------------ finding 6: noise normalized


def test_style_and_explode_spelled_at_their_defaults_are_not_reported() -> None:
    spelled = with_op(
        parameters=[
            {**path_param(), "style": "simple"},
            query("$select", {"type": "string"}, style="form", explode=True),
            {
                "name": "x-tenant",
                "in": "header",
                "schema": {"type": "string"},
                "style": "simple",
                "explode": False,
            },
        ]
    )
    implied = with_op(
        parameters=[
            path_param(),
            query("$select", {"type": "string"}),
            {"name": "x-tenant", "in": "header", "schema": {"type": "string"}},
        ]
    )
    assert rows(spelled, implied) == []
    assert rows(implied, spelled) == []


def test_style_or_explode_away_from_their_defaults_is_still_reported() -> None:
    implied = with_op(parameters=[path_param(), query("$select", {"type": "string"})])
    unexploded = with_op(parameters=[path_param(), query("$select", {"type": "string"}, explode=False)])
    assert rows(implied, unexploded) == [
        ("cosmetic", "keyword.changed", f"GET {CALL} (parameter $select)", "explode: (none) → false")
    ]


def test_the_pin_with_its_defaulted_style_and_explode_left_implied_has_no_difference(
    pinned_paths: tuple[Path, Path],
) -> None:
    module, csdl, rules = pipeline.load_module(pinned_paths[0]), load_csdl(pinned_paths[1]), load_rules()
    implied = copy.deepcopy(module)
    removed = 0
    operations = [op for item in implied["paths"].values() for op in item.values() if isinstance(op, dict)]
    for param in itertools.chain(
        implied.get("components", {}).get("parameters", {}).values(),
        *(item.get("parameters") or [] for item in implied["paths"].values()),
        *(op.get("parameters") or [] for op in operations),
    ):
        if "in" not in param:  # a $ref to a component parameter, handled above
            continue
        default = {"query": "form", "path": "simple", "header": "simple"}[param["in"]]
        if param.get("style") == default:
            del param["style"]
            removed += 1
        if "explode" in param and param["explode"] == (default == "form"):
            del param["explode"]
            removed += 1
    assert removed > 40  # the pin spells them out on every path parameter
    base, target = drift.snapshot(module, csdl, rules, "pin"), drift.snapshot(implied, csdl, rules, "implied")
    assert drift.compare(base, target, rules).changes == ()


@pytest.mark.parametrize(
    ("old_url", "new_url"),
    [
        (
            "https://learn.microsoft.com/en-us/graph/api/call-get",
            "https://learn.microsoft.com/graph/api/call-get",
        ),
        (
            "https://learn.microsoft.com/graph/api/call-get#request",
            "https://learn.microsoft.com/graph/api/call-get",
        ),
        (
            "https://docs.microsoft.com/graph/api/call-get?view=graph-rest-1.0",
            "https://learn.microsoft.com/graph/api/call-get?view=graph-rest-1.0",
        ),
        ("http://learn.microsoft.com/graph/api/call-get/", "https://learn.microsoft.com/graph/api/call-get"),
    ],
    ids=["locale", "anchor", "redirected-host", "scheme-and-slash"],
)
def test_a_reference_link_to_the_same_page_is_not_reported(old_url: str, new_url: str) -> None:
    assert rows(with_op(externalDocs={"url": old_url}), with_op(externalDocs={"url": new_url})) == []


def test_a_reference_link_to_another_page_or_version_is_reported() -> None:
    old = with_op(externalDocs={"url": "https://learn.microsoft.com/graph/api/call-get?view=graph-rest-1.0"})
    new = with_op(externalDocs={"url": "https://learn.microsoft.com/graph/api/call-get?view=graph-rest-beta"})
    [(cls, kind, where, _detail)] = rows(old, new)
    assert (cls, kind, where) == ("cosmetic", "externalDocs.changed", f"GET {CALL}")


def test_reference_links_fold_into_one_line_per_schema() -> None:
    def call(suffix: str) -> Spec:
        docs = {"url": f"https://learn.microsoft.com/graph/api/resources/call{suffix}"}
        schema = obj(state={**text(), "externalDocs": docs}, direction={**text(), "externalDocs": docs})
        return built(schemas={"call": {**schema, "externalDocs": docs}})

    found = diff_specs(call(""), call("-v2"))
    assert [(c.cls, c.kind, c.where, c.detail) for c in found] == [
        ("cosmetic", "externalDocs.changed", "call", "3 reference links changed: direction, itself, state")
    ]
    assert_mirrored(found, diff_specs(call("-v2"), call("")))


# ------------------------------------------------------------------------------- finding 7: renames


def test_a_property_removed_and_another_added_with_the_same_type_is_one_rename() -> None:
    old, new = with_call(callbackUri=text(), state=text()), with_call(callbackUrl=text(), state=text())
    assert rows(old, new) == [
        ("breaking", "property.renamed", "call", "callbackUri → callbackUrl (string | null)")
    ]
    assert_mirrored(diff_specs(old, new), diff_specs(new, old))


def test_renames_of_the_same_type_that_cannot_be_told_apart_stay_removals_and_additions() -> None:
    old, new = with_call(a=text(), b=text()), with_call(c=text(), d=text())
    assert sorted(r[1] for r in rows(old, new)) == [
        "property.added",
        "property.added",
        "property.removed",
        "property.removed",
    ]


def test_a_property_replaced_by_one_of_another_type_is_no_rename() -> None:
    old, new = with_call(count={"type": "integer"}), with_call(total={"type": "string"})
    assert sorted(r[1] for r in rows(old, new)) == ["property.added", "property.removed"]


def test_a_parameter_removed_and_another_added_with_the_same_signature_is_one_rename() -> None:
    old = with_op(parameters=[path_param(), query("$top", {"type": "integer"})])
    new = with_op(parameters=[path_param(), query("$first", {"type": "integer"})])
    assert rows(old, new) == [
        ("breaking", "parameter.renamed", f"GET {CALL}", "$top → $first (query integer)")
    ]
    other_type = with_op(parameters=[path_param(), query("$first", {"type": "string"})])
    assert sorted(r[1] for r in rows(old, other_type)) == ["parameter.added", "parameter.removed"]


def test_one_enum_member_removed_and_one_added_is_one_rename() -> None:
    old = built(schemas={"call": obj(), "tone": {"type": "string", "enum": ["tone0", "flash"]}})
    new = built(schemas={"call": obj(), "tone": {"type": "string", "enum": ["tone0", "flash2"]}})
    assert rows(old, new) == [("breaking", "enum.member.renamed", "tone", "flash → flash2")]
    assert rows(new, old) == [("breaking", "enum.member.renamed", "tone", "flash2 → flash")]


def test_case_only_renames_pair_even_among_several() -> None:
    assert pair_renames({"NotStarted": "", "Running": ""}, {"notStarted": "", "running": ""}) == [
        ("NotStarted", "notStarted"),
        ("Running", "running"),
    ]


# ----------------------------------------------------------- finding 1 (reporting): metadata properties


def test_the_source_marker_alone_is_not_a_change() -> None:
    marked = with_call(state={**text(), "x-graph-calls-source": "metadata"})
    plain = with_call(state=text())
    assert rows(marked, plain) == []  # the module caught up with the metadata
    assert rows(plain, marked) == []


def metadata_with_property(source: Path, target: Path, type_name: str, prop: str, edm_type: str) -> None:
    """A copy of ``source`` with one property added to the complex type ``type_name``."""
    opening = f'<ComplexType Name="{type_name}"'
    xml = source.read_text(encoding="utf-8")
    start = xml.index(opening)
    close = xml.index(">", start) + 1
    added = f'\n        <Property Name="{prop}" Type="{edm_type}" />'
    target.write_text(xml[:close] + added + xml[close:], encoding="utf-8")


def test_a_property_only_the_target_metadata_adds_to_a_shipped_type_is_additive(
    pinned_paths: tuple[Path, Path], tmp_path: Path
) -> None:
    module, metadata = tmp_path / pinned_paths[0].name, tmp_path / pinned_paths[1].name
    module.write_bytes(pinned_paths[0].read_bytes())  # the module is untouched: it lags the metadata
    flag = unused_name(pinned_paths[1].read_text(encoding="utf-8"), "isDeltaRosterEnabled")
    metadata_with_property(pinned_paths[1], metadata, "callOptions", flag, "Edm.Boolean")
    report = drift.report_from_files(pinned_paths, (module, metadata), load_rules(), drift.load_allowlist())
    assert [(c.cls, c.kind, c.where, c.detail) for c in report.changes] == [
        (
            "additive",
            "property.added",
            f"callOptions.{flag}",
            "boolean | null, from the metadata",
        )
    ]
    assert report.exit_code == 1


# ---------------------------------------------------------------- finding 4 (reporting): beta refused


@pytest.fixture(scope="module")
def beta_inputs(
    pinned_paths: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """The pin relabelled as Graph's beta channel: the module by its content, the metadata by its name."""
    folder = tmp_path_factory.mktemp("beta")
    module = load_yaml(pinned_paths[0])
    module["info"]["version"] = "beta"
    module["servers"] = [{"url": "https://graph.microsoft.com/beta/", "description": "Core"}]
    module_path = folder / "CloudCommunications.beta.yml"
    module_path.write_text(yaml.dump(module, Dumper=yaml.CSafeDumper, sort_keys=False), encoding="utf-8")
    metadata_path = folder / "cleanMetadata.beta.2024-09-18-09ea605d.xml"
    metadata_path.write_bytes(pinned_paths[1].read_bytes())
    return module_path, metadata_path


def test_diff_refuses_beta_inputs_with_exit_3_and_one_line(
    beta_inputs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    module, metadata = beta_inputs
    assert cli.main(["diff", "--module", str(module), "--metadata", str(metadata)]) == cli.DIFF_ERROR
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert line.startswith("error: ")
    assert "beta" in line
    assert module.name in line


def test_diff_with_allow_beta_compares_beta_inputs(
    beta_inputs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    module, metadata = beta_inputs
    args = ["diff", "--module", str(module), "--metadata", str(metadata), "--allow-beta", "--format", "json"]
    assert cli.main(args) == 1
    document = json.loads(capsys.readouterr().out)
    [server] = [c for c in document["changes"] if c["kind"] == "keyword.changed" and c["where"] == "spec"]
    assert server["detail"].startswith("servers: ")
    assert "/beta/" in server["detail"]


def test_downloaded_beta_metadata_is_known_by_its_url(
    beta_inputs: tuple[Path, Path], pinned_paths: tuple[Path, Path], tmp_path: Path
) -> None:
    module, _ = beta_inputs
    downloaded = tmp_path / "adhoc" / "0123abcd-cleanMetadata.xml"  # as inputs.fetch names a download
    downloaded.parent.mkdir()
    downloaded.write_bytes(pinned_paths[1].read_bytes())
    url = "https://raw.githubusercontent.com/microsoftgraph/msgraph-metadata/main/clean_beta_metadata/cleanMetadata.xml"
    rules = load_rules()
    with pytest.raises(transforms.ChannelError):  # allowed beta, but the metadata looks v1.0: a mix
        drift.report_from_files(pinned_paths, (module, downloaded), rules, allow_beta=True)
    report = drift.report_from_files(
        pinned_paths, (module, downloaded), rules, allow_beta=True, metadata_origins={downloaded: url}
    )
    assert report.exit_code == 1
