"""Who ``make bench`` runs, and with what: the contenders, their scripts and venvs, the answers they give.

Policy only (no measuring): the cold import cases, the per-call contenders, the burst matrix's contenders and
sizes, and the tracked-call counts. :mod:`bench.run` and :mod:`bench.bursts` measure them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.results import MATRIX_PAIRS, OPS

CONTENDERS_DIR = Path(__file__).resolve().parent / "contenders"
INVITE_ID = "eec3812a-fdc3-4fb4-825c-a06c9f35414e"
PARTICIPANT_ID = "7e1b4346-85a6-4bdd-abe3-d11c5d420efe"
EXPECTED_RESULTS: dict[str, object] = {
    "invite": INVITE_ID,
    "delete": None,
    "get": PARTICIPANT_ID,
    "list": 100,
    "list_1000": 1_000,
    "list_5000": 5_000,
}
# Warm-up calls per op are the contender's ``warm_calls``, at most these for the long lists.
MAX_WARM_CALLS = {"list_1000": 5, "list_5000": 2}


@dataclass(frozen=True)
class ImportCase:
    """A cold ``python -c <statement>`` in one venv."""

    label: str
    venv: str
    statement: str


IMPORT_CASES = (
    ImportCase("python -c pass", "graph-calls", "pass"),
    ImportCase("import httpx", "graph-calls", "import httpx"),
    ImportCase("import graph_calls", "graph-calls", "import graph_calls"),
    ImportCase(
        "GraphCalls + the models an invite needs",
        "graph-calls",
        "from graph_calls import GraphCalls, identities\n"
        "from graph_calls.models import InvitationParticipantInfo, IdentitySet, Identity",
    ),
    ImportCase("from msgraph import GraphServiceClient", "msgraph", "from msgraph import GraphServiceClient"),
    ImportCase(
        "GraphServiceClient + the models an invite needs",
        "msgraph",
        "from msgraph import GraphServiceClient\n"
        "from msgraph.generated.communications.calls.item.participants.invite.invite_post_request_body"
        " import InvitePostRequestBody\n"
        "from msgraph.generated.models.invitation_participant_info import InvitationParticipantInfo\n"
        "from msgraph.generated.models.identity_set import IdentitySet\n"
        "from msgraph.generated.models.identity import Identity",
    ),
)


@dataclass(frozen=True)
class Contender:
    """A per-call contender: its script, venv, whether it is async, and the ops it runs."""

    label: str
    venv: str
    script: str
    is_async: bool
    warm_calls: int = 30
    ops: tuple[str, ...] = OPS

    def warm_calls_of(self, op: str) -> int:
        """How many calls of ``op`` warm this contender up."""
        return min(self.warm_calls, MAX_WARM_CALLS.get(op, self.warm_calls))


CONTENDERS = (
    Contender("graph-calls sync", "graph-calls", "graph_calls_sync.py", is_async=False),
    Contender("httpx sync", "graph-calls", "httpx_sync.py", is_async=False),
    Contender("graph-calls async", "graph-calls", "graph_calls_async.py", is_async=True),
    Contender("httpx async", "graph-calls", "httpx_async.py", is_async=True),
    # msgraph-sdk lists one page (a full list takes its PageIterator) and takes ~0.5 s a page: 100 only.
    Contender(
        "msgraph-sdk",
        "msgraph",
        "msgraph_async.py",
        is_async=True,
        warm_calls=3,
        ops=("invite", "delete", "get", "list"),
    ),
)
BURST_CONTENDERS = ("graph-calls async", "httpx async", "msgraph-sdk")

# The burst matrix. POOL_SIZE is graph-calls' DEFAULT_MAX_CONCURRENCY (a test checks): the clients' default
# in-flight cap, the raw contenders' pool and semaphore, and the sync contenders' thread count.
POOL_SIZE = 100
BURST_SIZES = (100, 1_000, 5_000)
BURST_LATENCIES_MS = (0, 200)
TRACKED_CALLS = 10_000
TRACED_CALLS = 1_000


@dataclass(frozen=True)
class MatrixContender:
    """A contender of the burst matrix: its label (see ``MATRIX_PAIRS``), mode, script and arguments."""

    label: str
    mode: str
    script: str
    args: tuple[str, ...] = ()

    def burst_command(self, size: int) -> dict[str, Any]:
        """The worker command for one burst of ``size`` invites (threads for a sync contender)."""
        command: dict[str, Any] = {"cmd": "burst", "op": "invite", "concurrency": size}
        if self.mode == "sync":
            command["threads"] = POOL_SIZE
        return command


MATRIX_CONTENDERS = (
    MatrixContender(MATRIX_PAIRS["async"][0], "async", "graph_calls_async.py"),
    MatrixContender(MATRIX_PAIRS["async"][1], "async", "httpx_async.py", ("--cap", str(POOL_SIZE))),
    MatrixContender(MATRIX_PAIRS["sync"][0], "sync", "graph_calls_sync.py"),
    MatrixContender(MATRIX_PAIRS["sync"][1], "sync", "httpx_sync.py", ("--cap", str(POOL_SIZE))),
)
