"""graph-calls' ``GraphCalls`` with a static credential (the token is fetched once, before any timing).

Usage (by the harness): ``python graph_calls_sync.py http://127.0.0.1:PORT/v1.0``; then see ``_worker``.
``make_ops`` builds the same client and ops in-process (``bench/profile_burst.py`` uses it).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

import _worker as w

from graph_calls import GraphCalls, identities
from graph_calls.auth import AccessToken
from graph_calls.models import InvitationParticipantInfo


class StaticCredential:
    """A credential that hands out one fixed token, valid for an hour."""

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        """The fixed token."""
        return AccessToken(w.TOKEN, int(time.time()) + 3600)


def make_ops(base_url: str) -> tuple[dict[str, w.SyncOp], Callable[[], object]]:
    """The client's ops, each what an application writes, and the client's ``close``."""
    graph = GraphCalls(credential=StaticCredential(), base_url=base_url)

    def invite() -> Any:
        invitee = InvitationParticipantInfo(
            identity=identities.user(w.INVITEE_USER_ID, identity_provider="AAD"),
            participant_id=w.INVITEE_PARTICIPANT_ID,
        )
        return graph.calls[w.CALL_ID].participants.invite([invitee], client_context=w.CLIENT_CONTEXT)

    def delete() -> None:
        graph.calls[w.CALL_ID].participants[w.PARTICIPANT_ID].delete()

    def get() -> Any:
        return graph.calls[w.CALL_ID].participants[w.PARTICIPANT_ID].get()

    def full_list(call_id: str) -> w.SyncOp:
        def list_all() -> Any:  # every page, followed by the client
            return list(graph.calls[call_id].participants.list())

        return list_all

    lists = {op: full_list(call_id) for op, call_id in w.LIST_CALL_IDS.items()}
    return {"invite": invite, "delete": delete, "get": get, **lists}, graph.close


def main(base_url: str) -> None:
    """Build the client and serve the ops."""
    w.serve_sync(*make_ops(base_url))


if __name__ == "__main__":
    main(sys.argv[1])
