"""The public API's types, checked the way a user's type checker sees them.

One ``mypy --strict`` run (no project configuration: the installed package, as a user's project sees it)
over two snippet files: every line of ``misuses.py`` marked ``# E: <code>`` must be rejected with that error
code and nothing else may be; ``correct.py`` must pass, and each ``reveal_type`` marked ``# N: <type>`` must
reveal exactly that type (class names without their module path; ``Any`` never passes for a model). The
README's client examples, and its bot and test for an incoming call (a Starlette app, the simulator's
fixtures), are in the same run and must pass too.
"""

from __future__ import annotations

import re
import tempfile
from functools import cache
from pathlib import Path

import pytest
from mypy import api

pytestmark = pytest.mark.slow  # runs mypy --strict over users' code

HERE = Path(__file__).resolve().parent
MISUSES = HERE / "misuses.py"
CORRECT = HERE / "correct.py"
README = HERE.parents[1] / "README.md"
# The README's client examples, and the typed testing ones: the bot (a Starlette app) and its test.
README_EXAMPLE = re.compile(
    r"<!-- example: ((?:reference|types|extra|meeting|testing-bot)[\w-]*) -->\s*```python\n(.*?)```", re.S
)
# The README's test imports its bot as `my_bot`.
README_MODULE_NAMES = {"testing-bot": "my_bot"}
_MARK = re.compile(r"#\s*(?P<kind>[EN]):\s*(?P<text>.+?)\s*$")
_REPORT = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<severity>error|note): (?P<message>.*)$")
_CODE = re.compile(r"\s+\[(?P<code>[a-z-]+)\]$")
_REVEALED = re.compile(r'^Revealed type is "(?P<type>.*)"$')
_MODULE_PATH = re.compile(r"\b[\w.]+\.(\w+)")


def _marks(path: Path, kind: str) -> dict[int, str]:
    marks: dict[int, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        found = _MARK.search(line)
        if found and found["kind"] == kind:
            marks[number] = found["text"]
    return marks


@cache
def _mypy() -> tuple[dict[tuple[str, int], set[str]], dict[tuple[str, int], list[str]], str]:
    """Error codes and revealed types by (file name, line), and the raw report."""
    readme_dir = Path(tempfile.mkdtemp(prefix="readme-examples-"))
    for name, code in README_EXAMPLE.findall(README.read_text(encoding="utf-8")):
        module = README_MODULE_NAMES.get(name, f"readme_{name.replace('-', '_')}")
        (readme_dir / f"{module}.py").write_text(code, encoding="utf-8")
    files = [str(MISUSES), str(CORRECT), *sorted(str(path) for path in readme_dir.glob("*.py"))]
    stdout, stderr, _ = api.run(
        ["--strict", "--no-incremental", "--config-file=", "--show-error-codes", *files]
    )
    errors: dict[tuple[str, int], set[str]] = {}
    revealed: dict[tuple[str, int], list[str]] = {}
    for line in stdout.splitlines():
        report = _REPORT.match(line)
        if report is None:
            continue
        where = (Path(report["file"]).name, int(report["line"]))
        if report["severity"] == "error":
            code = _CODE.search(report["message"])
            errors.setdefault(where, set()).add(code["code"] if code else "?")
        elif (reveal := _REVEALED.match(report["message"])) is not None:
            # graph_calls_generated.models.participant.Participant -> Participant
            revealed.setdefault(where, []).append(_MODULE_PATH.sub(r"\1", reveal["type"]))
    return errors, revealed, stdout + stderr


def test_the_snippets_hold_enough_misuses() -> None:
    assert len(_marks(MISUSES, "E")) >= 15
    assert len(_marks(CORRECT, "N")) >= 5
    assert len(README_EXAMPLE.findall(README.read_text(encoding="utf-8"))) >= 6


@pytest.mark.parametrize(("line", "code"), sorted(_marks(MISUSES, "E").items()))
def test_mypy_strict_rejects_the_misuse(line: int, code: str) -> None:
    errors, _, report = _mypy()
    found = errors.get((MISUSES.name, line), set())
    source = MISUSES.read_text(encoding="utf-8").splitlines()[line - 1].strip()
    assert code in found, f"misuses.py:{line} `{source}` is not rejected with [{code}]:\n{report}"


def test_mypy_reports_nothing_but_the_marked_misuses() -> None:
    errors, _, report = _mypy()
    expected = {(MISUSES.name, line) for line in _marks(MISUSES, "E")}
    unexpected = sorted(where for where in errors if where not in expected)
    assert unexpected == [], (
        f"errors on lines not marked as misuses (correct.py and README must pass):\n{report}"
    )


@pytest.mark.parametrize(("line", "expected"), sorted(_marks(CORRECT, "N").items()))
def test_mypy_reveals_the_precise_type(line: int, expected: str) -> None:
    _, revealed, report = _mypy()
    assert revealed.get((CORRECT.name, line)) == [expected], f"correct.py:{line}:\n{report}"
