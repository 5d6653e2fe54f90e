"""The model_parsers post-hook: ``from_dict`` is cheaper and behaves exactly as the generator's own.

The proof of "exactly": the client generated from the committed spec *without* the hook (``unhooked``) and
the committed one parse the same payloads, and every outcome is compared, parsed types included: every JSON
object of the reference-page fixtures read as every model, every model field given values of every shape
(``None``, scalars, lists, objects of every ``@odata.type`` the package knows, spelled as documented and
otherwise), the operations endpoint's union, and a roster like the one ``tools/parse_speed.py`` times.
``test_model_repr.py`` type-checks the committed package with ``mypy --strict``, which covers this hook's
output too.
"""

from __future__ import annotations

import ast
import functools
import itertools
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

import parse_speed  # tools/parse_speed.py (conftest puts tools/ on sys.path): the roster it times
from graph_calls_spec import model_parsers, pipeline, regen
from graph_calls_spec.model_parsers import rewrite
from graph_calls_spec.model_shapes import PackageFacts, ShapeError, package_facts

from .conftest import INSTALLED_PACKAGE_DIR, REPO_ROOT, TOOLS_DIR, GeneratedClient, import_alias

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "graph_reference"
MODELS_DIR = INSTALLED_PACKAGE_DIR / "models"
HOOK = "graph_calls_spec.model_parsers"


@pytest.fixture(scope="module")
def unhooked(tmp_path_factory: pytest.TempPathFactory) -> GeneratedClient:
    """The committed spec generated with every post-hook but this one, imported under an alias."""
    root = tmp_path_factory.mktemp("unhooked")
    config = (REPO_ROOT / "generator-config.yml").read_text(encoding="utf-8").splitlines()
    kept = [line for line in config if HOOK not in line]
    assert len(kept) == len(config) - 1
    (root / "generator-config.yml").write_text("\n".join(kept) + "\n", encoding="utf-8")
    package = root / "graph_calls_generated"
    spec = REPO_ROOT / "openapi" / pipeline.SPEC_NAME
    regen.run_generator(spec, package, config=root / "generator-config.yml")
    client = GeneratedClient("unhooked", package, "gcg_unhooked")
    import_alias(package, client.alias)
    assert "def _parse_" in (package / "models" / "participant.py").read_text(encoding="utf-8")
    return client


@pytest.fixture(scope="module")
def facts() -> PackageFacts:
    return package_facts(MODELS_DIR)


# ------------------------------------------------------------------------------------ same outcomes


_FIELDS: dict[type, tuple[str, ...]] = {}


def dump(value: Any) -> Any:
    """``value`` with the class of every model spelled out (fields that are set), so two packages compare."""
    cls = type(value)
    names = _FIELDS.get(cls)
    if names is None and attrs.has(cls):
        names = _FIELDS.setdefault(cls, tuple(f.name for f in attrs.fields(cls)))
    if names is not None:
        fields = ((name, getattr(value, name)) for name in names)
        return (cls.__name__, tuple((n, dump(v)) for n, v in fields if type(v).__name__ != "Unset"))
    if isinstance(value, list):
        return [dump(v) for v in value]
    if isinstance(value, dict):
        return {k: dump(v) for k, v in value.items()}
    return (cls.__name__, value)


def outcome(parse: Any, payload: Any) -> Any:
    """What ``parse(payload)`` (``parse(response=payload)`` for an HTTP response) gives, dumped, or raises."""
    try:
        parsed = parse(response=payload) if isinstance(payload, httpx.Response) else parse(payload)
        return ("parsed", dump(parsed))
    except Exception as exc:  # the generated code raises several kinds; the kind is part of the outcome
        return ("raised", type(exc).__name__, str(exc))


def model_names(client: GeneratedClient) -> list[str]:
    return sorted(name for name in client.models.__all__ if attrs.has(getattr(client.models, name)))


def assert_same(unhooked: GeneratedClient, installed: GeneratedClient, name: str, payloads: list[Any]) -> int:
    """Both packages' ``name.from_dict`` give the same outcome for each payload, and leave it as it was."""
    old, new = getattr(unhooked.models, name).from_dict, getattr(installed.models, name).from_dict
    before = json.dumps(payloads, sort_keys=True)
    differences = [
        (payload, was, now)
        for payload in payloads
        if (was := outcome(old, payload)) != (now := outcome(new, payload))
    ]
    assert not differences, f"{name}: {differences[:3]}"
    assert json.dumps(payloads, sort_keys=True) == before, f"{name} changed its input"
    return len(payloads)


def fixture_objects() -> list[dict[str, Any]]:
    """Every JSON object, at any depth, of the reference-page fixtures (once each)."""
    found: dict[str, dict[str, Any]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            found.setdefault(json.dumps(node, sort_keys=True), node)
        for child in node.values() if isinstance(node, dict) else node if isinstance(node, list) else []:
            walk(child)

    for path in sorted(FIXTURES.glob("*.json")):
        walk(json.loads(path.read_text(encoding="utf-8"))["examples"])
    return list(found.values())


def test_every_fixture_object_parses_alike_as_every_model(
    unhooked: GeneratedClient, installed_client: GeneratedClient
) -> None:
    objects = fixture_objects()
    assert len(objects) > 400
    names = model_names(installed_client)
    assert names == model_names(unhooked)
    checked = 0
    for name in names:
        keys = set(json_keys(Path(getattr(unhooked.models, name).from_dict.__code__.co_filename)))
        checked += assert_same(unhooked, installed_client, name, [o for o in objects if keys & o.keys()])
    assert checked > 5_000


def odata_type_spellings(facts: PackageFacts) -> Iterator[Any]:
    """Every ``@odata.type`` the models know, as documented (``#microsoft.graph.x``) and otherwise."""
    known = sorted({value for values in facts.strict_models.values() for value in values})
    for value in [*known, "#microsoft.graph.identity", "#microsoft.graph.commsOperation"]:
        bare = value.removeprefix("#")
        yield from (value, bare, value.upper(), value.lower(), "#" + bare[0].upper() + bare[1:], value + " ")
    yield from ("#microsoft.graph.hologramIdentity", "", None, 1, ["#microsoft.graph.identity"], {})


def field_probes(facts: PackageFacts) -> list[Any]:
    """Values of every JSON shape, and objects of every type the unions dispatch on."""
    scalars: list[Any] = [None, "", "x", "default", "audio", "running", "Running", 0, 1, 2.5, True, False]
    objects: list[Any] = [{}, {"id": "i"}]
    for odata_type in odata_type_spellings(facts):
        objects.append({"@odata.type": odata_type})
        if isinstance(odata_type, str) and odata_type.startswith("#microsoft.graph."):  # as documented
            objects.append({"@odata.type": odata_type, "id": "i", "displayName": "n"})
    objects.append({"@odata.type": "#microsoft.graph.communicationsUserIdentity", "id": 5})  # a wrong field
    lists = [[], [None], ["audio", "hologram"], [1], [{}], [objects[3], objects[-1]]]
    return scalars + objects + lists


def json_keys(module: Path) -> list[str]:
    """The keys ``from_dict`` reads (``d.pop("key"...)``), from the module's source."""
    keys = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "pop"
            and ast.unparse(node.func.value) == "d"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            keys.add(node.args[0].value)
    return sorted(keys)


def test_every_field_of_every_model_parses_every_shape_alike(
    unhooked: GeneratedClient, installed_client: GeneratedClient, facts: PackageFacts
) -> None:
    probes = field_probes(facts)
    checked = 0
    for name in model_names(installed_client):
        module = Path(getattr(unhooked.models, name).from_dict.__code__.co_filename)
        keys = json_keys(module)
        payloads = [{key: probe} for key in keys for probe in probes] + [{}]
        # models with required fields: each probe with the other keys present too
        payloads += [{**dict.fromkeys(keys, "x"), key: probe} for key in keys for probe in probes[:20]]
        checked += assert_same(unhooked, installed_client, name, payloads)
    assert checked > 50_000


def test_the_operations_union_parses_alike(
    unhooked: GeneratedClient, installed_client: GeneratedClient, facts: PackageFacts
) -> None:
    bodies: list[Any] = [
        {"@odata.type": odata_type, "id": "op", "status": status}
        for odata_type, status in itertools.product(odata_type_spellings(facts), ["running", "Failed", 3])
    ]
    bodies += [{"id": "op"}, {"@odata.type": "#microsoft.graph.playPromptOperation", "completionReason": 1}]
    old, new = (c.endpoint("operations_get")._parse_response for c in (unhooked, installed_client))
    for body in bodies:
        response = httpx.Response(200, json=body)
        assert outcome(functools.partial(old, client=None), response) == outcome(
            functools.partial(new, client=None), response
        ), body


def exceptions_raised(parse: Any, payload: Any) -> list[str]:
    """Where an exception was raised (caught or not) while ``parse(payload)`` ran."""
    raised: list[str] = []

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        if event == "exception":
            raised.append(f"{frame.f_code.co_qualname}: {arg[0].__name__}")
        return tracer

    sys.settrace(tracer)
    try:
        parse(payload)
    finally:
        sys.settrace(None)
    return raised


def test_a_roster_parses_alike_and_with_no_failed_attempt(
    unhooked: GeneratedClient, installed_client: GeneratedClient
) -> None:
    page = json.loads(parse_speed.list_body(100))
    assert_same(unhooked, installed_client, "ParticipantCollectionResponse", [page])
    assert exceptions_raised(installed_client.models.ParticipantCollectionResponse.from_dict, page) == []
    # The generator's own parser raised for each plain identity in a slot that has a subtype first.
    missed = exceptions_raised(unhooked.models.ParticipantCollectionResponse.from_dict, page)
    assert sum(m.startswith("check_communications_") for m in missed) >= 50  # 90 of the 100


# ------------------------------------------------------------------------------------- the committed package


def test_the_committed_models_are_what_the_hook_leaves_alone(facts: PackageFacts) -> None:
    """Nothing left to rewrite: no closure, no unguarded subtype attempt, no keyword-only construction."""
    for path in [*MODELS_DIR.glob("*.py"), *(INSTALLED_PACKAGE_DIR / "api").rglob("*.py")]:
        source = path.read_text(encoding="utf-8")
        assert rewrite(source, facts) == source, path.name


def test_the_guards_are_read_from_the_models_odata_type_checks(facts: PackageFacts) -> None:
    assert facts.strict_models["CommunicationsGuestIdentity"] == (
        "#microsoft.graph.communicationsGuestIdentity",
    )
    # An intermediate type accepts its own subtypes' values too (transforms_polymorphism.mark_subtypes).
    assert set(facts.strict_models["TeleconferenceDeviceVideoQuality"]) == {
        "#microsoft.graph.teleconferenceDeviceVideoQuality",
        "#microsoft.graph.teleconferenceDeviceScreenSharingQuality",
    }
    assert len(facts.strict_models) == 30
    assert {"check_modality", "check_endpoint_type", "check_operation_status"} <= facts.literal_checks


def test_the_model_itself_gets_its_fields_in_the_order_of_attrs_init(
    installed_client: GeneratedClient,
) -> None:
    checked = 0
    for name in model_names(installed_client):
        cls = getattr(installed_client.models, name)
        tree = ast.parse(Path(cls.from_dict.__code__.co_filename).read_text(encoding="utf-8"))
        branch = next(
            n for n in ast.walk(tree) if isinstance(n, ast.If) and ast.unparse(n.test) == f"cls is {name}"
        )
        (assign,) = branch.body
        assert isinstance(assign, ast.Assign)
        assert isinstance(assign.value, ast.Call)
        passed = [ast.unparse(a) for a in assign.value.args]
        assert passed == [f.alias for f in attrs.fields(cls) if f.init], name
        checked += 1
    assert checked == len(model_names(installed_client)) > 80


def test_a_subclass_is_still_built_with_keywords(installed_client: GeneratedClient) -> None:
    participant_class = installed_client.models.Participant

    @attrs.define
    class Annotated(participant_class):
        note: str = "none"

    class KeywordsOnly(participant_class):
        def __init__(self, **fields: Any) -> None:
            super().__init__(**fields)
            self.note = "built by keywords"

    payload = {"id": "p1", "isMuted": True, "extra": 1}
    annotated = Annotated.from_dict(payload)
    assert type(annotated) is Annotated
    assert (annotated.id, annotated.is_muted, annotated.note, annotated["extra"]) == ("p1", True, "none", 1)
    keywords_only = KeywordsOnly.from_dict(payload)
    assert (keywords_only.id, keywords_only.is_muted, keywords_only.note) == ("p1", True, "built by keywords")


def test_the_repository_runs_the_hook_after_the_imports_are_hoisted_and_before_ruff() -> None:
    config = (REPO_ROOT / "generator-config.yml").read_text(encoding="utf-8")
    order = [config.index(s) for s in ("hoist_model_imports models", f"{HOOK} models api", "ruff format")]
    assert order == sorted(order)


# -------------------------------------------------------------------------------------------- rewrite


SAMPLE = """\
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.colour import Colour, check_colour
from ..types import UNSET, Unset

T = TypeVar("T", bound="Thing")


@_attrs_define
class Thing:
    name: None | str | Unset = UNSET
    colour: Colour | None | str | Unset = UNSET
    part: Base | None | Sub | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_colour(data: object) -> Colour | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                colour_type_0 = check_colour(data)

                return colour_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Colour | None | str | Unset, data)

        colour = _parse_colour(d.pop("colour", UNSET))

        def _parse_part(data: object) -> Base | None | Sub | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                part_type_0 = Sub.from_dict(data)

                return part_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                part_type_1 = Base.from_dict(data)

                return part_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Base | None | Sub | Unset, data)

        part = _parse_part(d.pop("part", UNSET))

        thing = cls(
            name=name,
            colour=colour,
            part=part,
        )

        thing.additional_properties = d
        return thing


from ..models.base import Base
from ..models.sub import Sub
"""
SAMPLE_FACTS = PackageFacts(
    {"Sub": ("#microsoft.graph.sub", "#microsoft.graph.subSub")}, frozenset({"check_colour"})
)
PARSE_PART = """\
# from_dict's field parsers, defined once (graph_calls_spec.model_parsers).
def _parse_part(data: object) -> Base | None | Sub | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    odata_type = data.get("@odata.type") if isinstance(data, dict) else None
    if odata_type in ("#microsoft.graph.sub", "#microsoft.graph.subSub"):
        try:
            if not isinstance(data, dict):
                raise TypeError()
            part_type_0 = Sub.from_dict(data)

            return part_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    try:
        if not isinstance(data, dict):
            raise TypeError()
        part_type_1 = Base.from_dict(data)
"""


def test_rewrite_inlines_what_returns_its_argument_and_moves_the_rest_to_module_level() -> None:
    out = rewrite(SAMPLE, SAMPLE_FACTS)
    from_dict = out[out.index("    def from_dict") : out.index("# from_dict's field parsers")]
    assert from_dict == (
        "    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:\n"
        "        d = dict(src_dict)\n\n"
        '        name: None | str | Unset = d.pop("name", UNSET)\n\n'
        '        colour: Colour | None | str | Unset = d.pop("colour", UNSET)\n\n'
        '        part: Base | None | Sub | Unset = d.pop("part", UNSET)\n'
        "        if part is not None and not isinstance(part, Unset):\n"
        "            part = _parse_part(part)\n\n"
        "        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).\n"
        "        if cls is Thing:\n"
        "            thing = cls(name, colour, part)\n"
        "        else:\n"
        "            thing = cls(\n"
        "                name=name,\n"
        "                colour=colour,\n"
        "                part=part,\n"
        "            )\n\n"
        f"        thing.additional_properties = d or {{}}{model_parsers.UNTRACKED}\n"
        "        return thing\n\n\n"
    )
    assert PARSE_PART in out
    assert out.endswith("\n\n\nfrom ..models.base import Base\nfrom ..models.sub import Sub\n")
    assert rewrite(out, SAMPLE_FACTS) == out  # idempotent


def test_rewrite_keeps_an_attempt_unguarded_when_its_model_accepts_any_odata_type() -> None:
    out = rewrite(SAMPLE, PackageFacts({}, frozenset()))
    assert "odata_type" not in out
    assert "def _parse_colour(data: object)" in out  # check_colour is not known to return its argument
    assert "colour: Colour | None | str | Unset = d.pop" in out
    assert "colour = _parse_colour(colour)" in out


SHAPES = {
    "enclosing_name": (
        "        x = 1\n\n        def _parse_name(data: object) -> object:\n            return x\n",
        "_parse_name uses 'x' of the enclosing from_dict",
    ),
    "decorated": (
        "        @staticmethod\n        def _parse_name(data: object) -> object:\n            return data\n",
        "_parse_name has decorators, defaults or positional-only arguments",
    ),
    "default": (
        "        def _parse_name(data: object = None) -> object:\n            return data\n",
        "_parse_name has decorators, defaults or positional-only arguments",
    ),
    "not_a_parser": (
        "        def helper(data: object) -> object:\n            return data\n",
        "Thing.from_dict defines helper, not a _parse_* function",
    ),
    "nonlocal": (
        "        def _parse_name(data: object) -> object:\n            nonlocal d\n            return data\n",
        "_parse_name declares global or nonlocal names",
    ),
    "super": (
        "        def _parse_name(data: object) -> object:\n            return super()\n",
        "_parse_name uses 'super'",
    ),
    "undefined": (
        "        def _parse_name(data: object) -> object:\n            return nowhere\n",
        "_parse_name uses 'nowhere', defined nowhere in the module",
    ),
    "other_use": (
        "        def _parse_name(data: object) -> object:\n            return data\n\n"
        "        parsers = [_parse_name]\n",
        "Thing.from_dict uses _parse_name other than as x = _parse_name(arg)",
    ),
    "module_name": (
        "        def cast(data: object) -> object:\n            return data\n",
        "Thing.from_dict defines cast, not a _parse_* function",
    ),
}


def _with_parser(code: str) -> str:
    anchor = "        def _parse_name(data: object) -> None | str | Unset:\n"
    start = SAMPLE.index(anchor)
    end = SAMPLE.index('        name = _parse_name(d.pop("name", UNSET))\n')
    return SAMPLE[:start] + code + "\n" + SAMPLE[end:]


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_rewrite_refuses_a_nested_function_it_cannot_move(shape: str) -> None:
    code, message = SHAPES[shape]
    with pytest.raises(ShapeError, match=re.escape(message)):
        rewrite(_with_parser(code), SAMPLE_FACTS)


def test_rewrite_refuses_a_model_not_built_from_every_init_field() -> None:
    with pytest.raises(
        ShapeError, match=re.escape("does not build the model as cls(<every init field>=...)")
    ):
        rewrite(SAMPLE.replace("            part=part,\n", ""), SAMPLE_FACTS)
    with pytest.raises(ShapeError, match="calls cls more than once"):
        rewrite(
            SAMPLE.replace("        return thing\n", "        return cls()\n").replace(
                "        return cls()\n", "        other = cls()\n        return thing\n"
            ),
            SAMPLE_FACTS,
        )


def test_package_facts_refuse_an_odata_type_check_that_is_not_a_literal_check(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "sub.py").write_text(
        "from .sub_odata_type import check_sub_odata_type\n\n\n"
        "@_attrs_define\nclass Sub:\n"
        "    @classmethod\n    def from_dict(cls, src_dict):\n"
        "        d = dict(src_dict)\n"
        '        odata_type = check_sub_odata_type(d.pop("@odata.type"))\n        return cls()\n',
        encoding="utf-8",
    )
    (models / "sub_odata_type.py").write_text(
        "def check_sub_odata_type(value: str) -> str:\n    return value\n", encoding="utf-8"
    )
    with pytest.raises(
        ShapeError, match=re.escape("Sub.from_dict checks @odata.type with check_sub_odata_type")
    ):
        package_facts(models)


def test_the_hook_writes_nothing_when_one_module_has_an_unexpected_shape(tmp_path: Path) -> None:
    package = tmp_path / "graph_calls_generated"
    (package / "models").mkdir(parents=True)
    (package / "models" / "good.py").write_text(SAMPLE, encoding="utf-8")
    (package / "models" / "bad.py").write_text(_with_parser(SHAPES["super"][0]), encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-P", "-m", HOOK, "models"],
        cwd=package,
        env={**os.environ, "PYTHONPATH": str(TOOLS_DIR)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert "model_parsers: models/bad.py: _parse_name uses 'super'" in completed.stderr
    assert "nothing was written" in completed.stderr
    assert (package / "models" / "good.py").read_text(encoding="utf-8") == SAMPLE
