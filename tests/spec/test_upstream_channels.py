"""Beta inputs are refused unless asked for, and a module and metadata of different channels always (issue 15,
finding 4).

Microsoft's beta module says so in its content (``info.version: v1.0-beta``, server
``https://graph.microsoft.com/beta/``); its beta ``cleanMetadata.xml`` does not (same header, namespace and
alias as v1.0), so the metadata's channel is where it was read from: ``clean_beta_metadata/`` upstream, a
``beta`` word in a local copy's name. The beta inputs here are the pinned ones relabelled.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from graph_calls_spec import cli, pipeline, transforms
from graph_calls_spec.csdl import Csdl
from graph_calls_spec.csdl import load as load_csdl
from graph_calls_spec.rules import Rules
from graph_calls_spec.transforms_channel import metadata_channel, module_channel

from .conftest import load_yaml

BETA_METADATA_URL = (
    "https://raw.githubusercontent.com/microsoftgraph/msgraph-metadata/"
    "0123456789abcdef0123456789abcdef01234567/clean_beta_metadata/cleanMetadata.xml"
)


def relabelled(
    module: dict[str, Any], *, version: str | None = None, server: str | None = None
) -> dict[str, Any]:
    module = copy.deepcopy(module)
    if version is not None:
        module["info"]["version"] = version
    if server is not None:
        module["servers"] = [{"url": server, "description": "Core"}]
    return module


def beta_module(module: dict[str, Any]) -> dict[str, Any]:
    """As Microsoft publishes ``openApiDocs/beta/CloudCommunications.yml``."""
    return relabelled(module, version="v1.0-beta", server="https://graph.microsoft.com/beta/")


@pytest.fixture(scope="module")
def beta_csdl(pinned_paths: tuple[Path, Path]) -> Csdl:
    return load_csdl(pinned_paths[1], origin=BETA_METADATA_URL)


@pytest.mark.parametrize(
    ("version", "server"),
    [
        ("v1.0-beta", "https://graph.microsoft.com/beta/"),
        ("beta", None),
        (None, "https://graph.microsoft.com/beta/"),
        (None, "https://graph.microsoft.com/beta"),
    ],
)
def test_a_beta_module_is_refused_naming_the_source_and_the_way_to_allow_it(
    version: str | None,
    server: str | None,
    pinned_module: dict[str, Any],
    beta_csdl: Csdl,
    pinned_csdl: Csdl,
    pinned_rules: Rules,
) -> None:
    module = relabelled(pinned_module, version=version, server=server)
    source = "CloudCommunications.beta.yml + cleanMetadata.xml"
    for metadata in (beta_csdl, pinned_csdl):  # with beta metadata, and mixed with v1.0 metadata
        with pytest.raises(transforms.ChannelError) as raised:
            pipeline.build(module, metadata, pinned_rules, source=source)
        message = str(raised.value)
        assert message.startswith(f"{source}: ")
        assert module_channel(module)[1] in message  # what says it is beta: the version or the server
        assert "pass allow_beta=True (`--allow-beta`)" in message
        assert isinstance(raised.value, transforms.SpecError)  # the CLI's error path catches it


def test_a_v1_module_with_beta_metadata_is_refused_even_when_beta_is_allowed(
    pinned_module: dict[str, Any], beta_csdl: Csdl, pinned_rules: Rules
) -> None:
    for allow_beta in (False, True):
        with pytest.raises(transforms.ChannelError, match=r"module is v1\.0 .* metadata is beta") as raised:
            pipeline.build(pinned_module, beta_csdl, pinned_rules, allow_beta=allow_beta)
        assert "clean_beta_metadata/cleanMetadata.xml" in str(raised.value)


def test_a_beta_module_with_v1_metadata_is_refused_even_when_beta_is_allowed(
    pinned_module: dict[str, Any], pinned_csdl: Csdl, pinned_rules: Rules
) -> None:
    with pytest.raises(transforms.ChannelError, match=r"module is beta .* metadata is v1\.0"):
        pipeline.build(beta_module(pinned_module), pinned_csdl, pinned_rules, allow_beta=True)


def test_beta_module_and_beta_metadata_build_only_when_allowed(
    pinned_module: dict[str, Any], beta_csdl: Csdl, pinned_rules: Rules
) -> None:
    with pytest.raises(transforms.ChannelError, match="beta inputs"):
        pipeline.build(beta_module(pinned_module), beta_csdl, pinned_rules)

    build = pipeline.build(beta_module(pinned_module), beta_csdl, pinned_rules, allow_beta=True)

    assert build.channel == "beta"
    assert build.spec["servers"] == [{"url": "https://graph.microsoft.com/beta/", "description": "Core"}]
    assert build.validation_spec["servers"] == [{"url": "/beta"}]
    v1 = pipeline.build(pinned_module, Csdl(beta_csdl.types), pinned_rules)
    assert v1.channel == "v1.0"
    assert v1.validation_spec["servers"] == [{"url": "/v1.0"}]


def test_beta_metadata_is_known_by_where_it_was_read_not_by_a_beta_folder_higher_up() -> None:
    beta = [
        BETA_METADATA_URL,
        "clean_beta_metadata/cleanMetadata.xml",  # the lock's upstream path
        "/home/me/msgraph-metadata/clean_beta_metadata/cleanMetadata.xml",
        "/work/shared/upstream/cleanMetadata.beta.2026-08-01-0123abcd.xml",
        "/tmp/beta_metadata.xml",
    ]
    v1 = [
        "https://raw.githubusercontent.com/microsoftgraph/msgraph-metadata/0123/clean_v10_metadata/cleanMetadata.xml",
        "/work/shared/upstream/cleanMetadata.v1.0.2024-09-18-09ea605d.xml",
        "/home/beta/work/cleanMetadata.xml",  # someone's checkout, not the channel
        "/tmp/pytest-0/test_beta_metadata_is_refused0/cleanMetadata.v1.0.xml",
        "/tmp/betamax/cleanMetadata.xml",
        "",
    ]
    assert [metadata_channel(origin)[0] for origin in beta] == ["beta"] * len(beta)
    assert [metadata_channel(origin)[0] for origin in v1] == ["v1.0"] * len(v1)


def test_the_pinned_module_is_v1(pinned_module: dict[str, Any]) -> None:
    assert module_channel(pinned_module)[0] == "v1.0"
    assert module_channel(beta_module(pinned_module))[0] == "beta"


@pytest.fixture(scope="module")
def beta_files(
    pinned_module: dict[str, Any], pinned_paths: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """A beta module and a local copy of beta metadata named as the snapshots are, ``beta`` for ``v1.0``."""
    folder = tmp_path_factory.mktemp("inputs")
    module_path = folder / "CloudCommunications.beta.2026-08-01-0123abcd.yml"
    module_path.write_text(yaml.dump(beta_module(pinned_module), Dumper=yaml.CSafeDumper), encoding="utf-8")
    metadata_path = folder / "cleanMetadata.beta.2026-08-01-0123abcd.xml"
    shutil.copyfile(pinned_paths[1], metadata_path)
    return module_path, metadata_path


def test_build_from_files_knows_beta_metadata_by_its_name_or_the_origin_given(
    beta_files: tuple[Path, Path], pinned_paths: tuple[Path, Path], pinned_rules: Rules
) -> None:
    module_path, metadata_path = beta_files
    with pytest.raises(transforms.ChannelError, match=r"module is v1\.0 .* metadata is beta"):
        pipeline.build_from_files(pinned_paths[0], metadata_path, pinned_rules, fatal_missing=True)
    # a file whose name says nothing: the origin the caller knows (the lock's path, the URL) decides
    with pytest.raises(transforms.ChannelError, match=r"module is beta .* metadata is v1\.0"):
        pipeline.build_from_files(
            module_path, pinned_paths[1], pinned_rules, fatal_missing=True, allow_beta=True
        )
    build = pipeline.build_from_files(
        module_path,
        pinned_paths[1],
        pinned_rules,
        fatal_missing=True,
        allow_beta=True,
        metadata_origin="clean_beta_metadata/cleanMetadata.xml",
    )
    assert build.channel == "beta"


def test_trim_cli_refuses_beta_without_allow_beta_and_writes_nothing(
    beta_files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    module_path, metadata_path = beta_files
    argv = ["trim", "--module", str(module_path), "--metadata", str(metadata_path)]
    argv += ["--out-dir", str(tmp_path), "--package-data-dir", ""]

    assert cli.main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {module_path.name} + {metadata_path.name}: beta inputs")
    assert "--allow-beta" in err
    assert not (tmp_path / pipeline.SPEC_NAME).exists()

    assert cli.main([*argv, "--allow-beta"]) == 0
    written = load_yaml(tmp_path / pipeline.SPEC_NAME)
    assert written["servers"][0]["url"] == "https://graph.microsoft.com/beta/"
    assert written["info"]["version"] == "v1.0-beta"
