"""graph-calls' ``AsyncGraphCalls`` with a static credential (the token is fetched once, before any timing).

Usage (by the harness): ``python graph_calls_async.py http://127.0.0.1:PORT/v1.0``; then see ``_worker``.
``make_ops`` builds the same client and ops in-process (``bench/profile_burst.py`` uses it).
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

import _worker as w

from graph_calls import AsyncGraphCalls, identities
from graph_calls.auth import AccessToken
from graph_calls.models import InvitationParticipantInfo


class StaticCredential:
    """A credential that hands out one fixed token, valid for an hour."""

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        """The fixed token."""
        return AccessToken(w.TOKEN, int(time.time()) + 3600)


def make_ops(base_url: str) -> tuple[dict[str, w.AsyncOp], Callable[[], Awaitable[object]]]:
    """The client's ops, each what an application writes, and the client's ``aclose``."""
    graph = AsyncGraphCalls(credential=StaticCredential(), base_url=base_url)

    async def invite() -> Any:
        invitee = InvitationParticipantInfo(
            identity=identities.user(w.INVITEE_USER_ID, identity_provider="AAD"),
            participant_id=w.INVITEE_PARTICIPANT_ID,
        )
        return await graph.calls[w.CALL_ID].participants.invite([invitee], client_context=w.CLIENT_CONTEXT)

    async def delete() -> None:
        await graph.calls[w.CALL_ID].participants[w.PARTICIPANT_ID].delete()

    async def get() -> Any:
        return await graph.calls[w.CALL_ID].participants[w.PARTICIPANT_ID].get()

    def full_list(call_id: str) -> w.AsyncOp:
        async def list_all() -> Any:  # every page, followed by the client
            return await graph.calls[call_id].participants.list().collect()

        return list_all

    lists = {op: full_list(call_id) for op, call_id in w.LIST_CALL_IDS.items()}
    return {"invite": invite, "delete": delete, "get": get, **lists}, graph.aclose


async def main(base_url: str) -> None:
    """Build the client and serve the ops."""
    await w.serve_async(*make_ops(base_url))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
