"""`make demo` runs the reference page's scenario end to end and says so."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo.py"


def test_demo_runs_the_reference_scenario_on_the_simulator() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPH_")}
    result = subprocess.run(
        [sys.executable, str(DEMO)], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for step in (
        "create a group call",
        "invite the participant",
        "wait for the invitation",
        "mute the new participant",
        "delete the participant",
        "hang up",
    ):
        assert step in out
    assert "is completed" in out
    assert '"identityProvider":"AAD"' in out
    assert "STILL THERE" not in out
    assert "contract violations: 0; token requests: 1" in out


def test_demo_refuses_a_partial_real_service_configuration(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GRAPH_TENANT_ID", "t")
    for name in ("GRAPH_CLIENT_ID", "GRAPH_CLIENT_SECRET", "GRAPH_CALL_ID", "GRAPH_INVITEE_ID"):
        monkeypatch.delenv(name, raising=False)
    # `python demo.py` in this process: a refusal exits before anything starts, so a child interpreter (~0.5 s
    # of CPU) would prove nothing more. SystemExit(code) is what the interpreter turns into the exit status
    # (and, for a message, prints it to stderr and exits 1).
    with pytest.raises(SystemExit) as exited:
        runpy.run_path(str(DEMO), run_name="__main__")
    code = exited.value.code
    assert code not in (0, None)
    assert "also set" in capsys.readouterr().err + (code if isinstance(code, str) else "")
