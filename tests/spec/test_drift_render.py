"""How the drift report prints (tools/graph_calls_spec/drift_render.py): the JSON document, the Markdown
pull-request body (golden-tested on the real 2023-12-07 → pin report) and ``diff --format``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

# conftest.py puts tools/ on sys.path.
from graph_calls_spec import cli, drift, inputs
from graph_calls_spec.drift_render import InputFile, Report, cell, code
from graph_calls_spec.rules import load_rules
from graph_calls_spec.specdiff import CLASSES, Change, diff_specs

from .test_drift import GOLDEN, METADATA_2023, MODULE_2023, SNAPSHOT_2024, every_kind_pair, needs_snapshots


def kind_pair_report() -> Report:
    old, new = every_kind_pair()
    return Report("old.yml + old.xml", "new.yml + new.xml", tuple(diff_specs(old, new)))


def sections(markdown: str) -> list[str]:
    """The section titles in order: ``## ...`` headings and ``<summary>`` lines."""
    return re.findall(r"^## (\w+)|^<summary>(\w+)", markdown, flags=re.MULTILINE)


# --------------------------------------------------------------------------------------------- JSON


def test_json_is_an_object_with_base_target_summary_exit_status_and_changes() -> None:
    report = kind_pair_report()
    document = json.loads(report.to_json())
    assert list(document) == ["base", "target", "summary", "exit_status", "changes"]
    assert document["base"] == {"label": "old.yml + old.xml"}
    assert document["exit_status"] == report.exit_code == 2
    counted = {cls: sum(1 for c in document["changes"] if c["class"] == cls) for cls in CLASSES}
    assert document["summary"] == {**counted, "ignored": 0, "not_shipped": 0}
    assert document["summary"]["breaking"] > 0


def test_json_names_the_commit_of_each_pinned_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["diff", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    lock = inputs.load_lock()
    for side in ("base", "target"):
        assert document[side]["module"]["commit"] == lock.module.commit
        assert document[side]["metadata"]["repository"] == lock.metadata.repository
    # What upstream offers that we do not ship depends on the pin: counted, not fixed here.
    offered = sum(1 for change in document["changes"] if change["class"] == "not-shipped")
    assert document["summary"] == {
        "breaking": 0,
        "additive": 0,
        "cosmetic": 0,
        "ignored": 0,
        "not_shipped": offered,
    }
    assert document["exit_status"] == 0


def test_an_input_that_no_lock_pins_has_no_commit(tmp_path: Path, pinned_paths: tuple[Path, Path]) -> None:
    copy = tmp_path / "module.yml"
    copy.write_text(pinned_paths[0].read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    [module, metadata] = drift.input_files((copy, pinned_paths[1]), drift.known_pins())
    assert module == InputFile("module", "module.yml")
    assert metadata.commit == inputs.load_lock().metadata.commit


# ----------------------------------------------------------------------------------------- Markdown


def test_markdown_puts_breaking_first_with_what_users_code_must_change() -> None:
    markdown = kind_pair_report().to_markdown()
    assert markdown.startswith("# Upstream drift report\n")
    assert [a or b for a, b in sections(markdown)] == ["Breaking", "Additive", "Cosmetic"]
    breaking = markdown.split("## Breaking", 1)[1].split("## Additive", 1)[0]
    assert "| `property.renamed` | `MainError` |" in breaking
    assert "Use .innerError instead of .innererror on MainError." in breaking


def test_markdown_folds_cosmetic_and_not_shipped_entries_in_details_blocks() -> None:
    report = Report(
        "a",
        "b",
        (Change("cosmetic", "summary.changed", "GET /x", "a", "b", reason="documentation only"),),
        not_shipped=(Change("not-shipped", "operation.not-shipped", "GET /y", new="y", reason="offered"),),
    )
    markdown = report.to_markdown()
    blocks = re.findall(r"<details>\n<summary>(.*?)</summary>\n(.*?)</details>", markdown, flags=re.DOTALL)
    assert [(title.split(":")[0], "GET /" in body) for title, body in blocks] == [
        ("Cosmetic", True),
        ("Offered upstream, not shipped", True),
    ]
    assert "None: code written against the base keeps working." in markdown


def test_markdown_table_has_one_row_per_counted_change() -> None:
    report = kind_pair_report()
    markdown = report.to_markdown()
    rows = [line for line in markdown.splitlines() if re.match(r"\| `[a-z.]+` \|", line)]
    assert len(rows) == len(report.changes)
    for cls, count in report.counts().items():
        assert f"| {cls} | {count} |" in markdown


def test_markdown_cells_escape_pipes_backticks_emphasis_and_html() -> None:
    assert cell("a | b `c` *d* _e_ <string>") == r"a \| b \`c\` \*d\* \_e\_ \<string\>"
    assert cell("two\nlines") == "two lines"
    assert code("participantInfo | null") == r"`participantInfo \| null`"
    assert code("a `b`") == r"a \`b\`"
    change = Change("breaking", "property.retyped", "call.x", "string | null", "array<string>", reason="r")
    markdown = Report("a", "b", (change,)).to_markdown()
    assert r"string \| null → array\<string\>" in markdown
    assert "array<string>" not in markdown  # GitHub would drop it as an unknown HTML tag


def test_a_pinned_input_links_its_commit_on_github() -> None:
    pin = inputs.load_lock().module
    item = InputFile("module", pin.file, pin.repository, pin.commit, pin.path)
    assert item.markdown() == (
        f"`{pin.file}` ([{pin.repository}@{pin.commit[:12]}]"
        f"(https://github.com/{pin.repository}/blob/{pin.commit}/{pin.path}))"
    )


@needs_snapshots
def test_markdown_golden_2023_12_07_to_2024_09_25() -> None:
    """To refresh after a reviewed change: see openapi/README.md, "Drift reports"."""
    report = drift.report_from_files(
        (MODULE_2023, METADATA_2023),
        SNAPSHOT_2024,
        load_rules(),
        drift.load_allowlist(),
        pins=drift.known_pins(),
    )
    assert report.to_markdown() == (GOLDEN / "2023-12-07-to-2024-09-25.md").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------- the CLI


@pytest.fixture
def reports_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """``drift.report_from_files`` computes a report once per set of arguments in the test; the CLI's later
    runs on the same inputs and options render that one. A report is a function of its arguments, and what
    such a test proves is how the CLI renders it."""
    compute = drift.report_from_files
    reports: dict[str, Report] = {}

    def once(*args: Any, **kwargs: Any) -> Report:
        key = repr((args, sorted(kwargs.items())))
        if key not in reports:
            reports[key] = compute(*args, **kwargs)
        return reports[key]

    monkeypatch.setattr(drift, "report_from_files", once)


@needs_snapshots
@pytest.mark.usefixtures("reports_once")
def test_diff_format_markdown_and_json_alias(capsys: pytest.CaptureFixture[str]) -> None:
    base = ["diff", "--base", str(MODULE_2023), "--base-metadata", str(METADATA_2023)]
    base += ["--module", str(SNAPSHOT_2024[0]), "--metadata", str(SNAPSHOT_2024[1])]
    assert cli.main([*base, "--format", "markdown"]) == 1
    assert capsys.readouterr().out == (GOLDEN / "2023-12-07-to-2024-09-25.md").read_text(encoding="utf-8")
    assert cli.main([*base, "--json"]) == 1
    alias = capsys.readouterr().out
    assert cli.main([*base, "--format", "json"]) == 1
    assert capsys.readouterr().out == alias
    assert json.loads(alias)["exit_status"] == 1
    assert cli.main(base) == 1
    assert capsys.readouterr().out == (GOLDEN / "2023-12-07-to-2024-09-25.txt").read_text(encoding="utf-8")
