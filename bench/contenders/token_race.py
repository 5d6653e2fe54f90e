"""20 racing first calls of a fresh client: how many token requests reach the identity platform?

Runs in the project's dev venv (it needs ``graph-calls[testing]``): the credential is graph-calls' MSAL
client-secret credential, against the fake identity platform over TLS, whose token endpoint waits
``--token-delay`` seconds so that every call is waiting for the first token before it is issued. Graph is
the bench server. Prints one JSON line: per round and mode (threads with ``GraphCalls``, tasks with
``AsyncGraphCalls``), the token requests counted, the calls that completed, and how far apart the calls
started (all within the token delay means the race was real).

Usage: ``python token_race.py http://127.0.0.1:PORT/v1.0 [--calls 20] [--rounds 3] [--token-delay 0.3]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import threading
import time
from typing import Any

import _worker as w

from graph_calls import AsyncGraphCalls, GraphCalls, identities
from graph_calls.models import InvitationParticipantInfo
from graph_calls.testing.identity import FakeIdentityPlatform


def _invitees() -> list[InvitationParticipantInfo]:
    return [
        InvitationParticipantInfo(
            identity=identities.user(w.INVITEE_USER_ID, identity_provider="AAD"),
            participant_id=w.INVITEE_PARTICIPANT_ID,
        )
    ]


def race_threads(idp: FakeIdentityPlatform, base_url: str, calls: int) -> dict[str, Any]:
    """``calls`` threads each make the first invite of one fresh ``GraphCalls``."""
    client = idp.register_client()
    started: list[float] = []
    done: list[str] = []
    errors: list[str] = []
    barrier = threading.Barrier(calls)
    with GraphCalls.from_client_secret(
        tenant_id=idp.tenant_id,
        client_id=client.client_id,
        client_secret=client.client_secret or "",
        authority=idp.authority,
        base_url=base_url,
        verify=idp.ca_bundle,
    ) as graph:

        def first_call() -> None:
            barrier.wait()
            started.append(time.perf_counter())
            try:
                done.append(graph.calls[w.CALL_ID].participants.invite(_invitees()).id or "")
            except Exception as exc:
                errors.append(repr(exc))

        threads = [threading.Thread(target=first_call) for _ in range(calls)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    return _outcome(idp, started, done, errors)


async def race_tasks(idp: FakeIdentityPlatform, base_url: str, calls: int) -> dict[str, Any]:
    """``calls`` tasks each make the first invite of one fresh ``AsyncGraphCalls``."""
    client = idp.register_client()
    started: list[float] = []
    async with AsyncGraphCalls.from_client_secret(
        tenant_id=idp.tenant_id,
        client_id=client.client_id,
        client_secret=client.client_secret or "",
        authority=idp.authority,
        base_url=base_url,
        verify=idp.ca_bundle,
    ) as graph:

        async def first_call() -> str:
            started.append(time.perf_counter())
            operation = await graph.calls[w.CALL_ID].participants.invite(_invitees())
            return operation.id or ""

        results = await asyncio.gather(*(first_call() for _ in range(calls)), return_exceptions=True)
    done = [r for r in results if isinstance(r, str)]
    errors = [repr(r) for r in results if not isinstance(r, str)]
    return _outcome(idp, started, done, errors)


def _outcome(
    idp: FakeIdentityPlatform, started: list[float], done: list[str], errors: list[str]
) -> dict[str, Any]:
    return {
        "token_requests": idp.token_requests,
        "completed": len(done),
        "errors": errors[:3],
        "start_spread_s": (max(started) - min(started)) if started else None,
    }


def main() -> None:
    """Run the rounds and print the JSON summary."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("base_url")
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--token-delay", type=float, default=0.3)
    args = parser.parse_args()
    rounds: list[dict[str, Any]] = []
    with FakeIdentityPlatform() as idp:
        for _ in range(args.rounds):
            for mode in ("threads", "tasks"):
                idp.reset()
                idp.token_delay_s = args.token_delay
                if mode == "threads":
                    outcome = race_threads(idp, args.base_url, args.calls)
                else:
                    outcome = asyncio.run(race_tasks(idp, args.base_url, args.calls))
                rounds.append({"mode": mode, **outcome})
    print(json.dumps({"calls": args.calls, "token_delay_s": args.token_delay, "rounds": rounds}))


if __name__ == "__main__":
    main()
