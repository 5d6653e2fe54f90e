"""`make demo-scale` runs three bot instances on one Redis, restarts one mid-run, and loses no operation."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from tests._redis_server import redis_server_binary

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo_scale.py"
LAST_LINE = re.compile(
    r"calls (\d+), operations awaited (\d+), resolved (\d+), lost (\d+), instances (\d+) \((\d+) restarted\)"
)


@pytest.mark.slow
def test_demo_scale_resolves_every_awaited_invite_across_a_restart() -> None:
    redis_server_binary()  # installed once per session when missing, as for the other Redis tests
    result = subprocess.run(
        [sys.executable, str(DEMO)], capture_output=True, text=True, timeout=120, check=False
    )

    assert result.returncode == 0, result.stdout + result.stderr
    last = result.stdout.strip().splitlines()[-1]
    found = LAST_LINE.fullmatch(last)
    assert found, last
    calls, awaited, resolved, lost, instances, restarted = map(int, found.groups())
    assert calls >= 200
    assert awaited >= calls  # every call's invite was awaited (a call re-invited after the crash: more)
    assert (resolved, lost, instances, restarted) == (awaited, 0, 3, 1)
    assert "found its" in result.stdout  # the restarted instance picked up its calls from Redis
