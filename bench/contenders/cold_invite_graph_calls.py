"""From a cold interpreter to the first completed invite with graph-calls (static credential).

Usage (by the harness): ``python cold_invite_graph_calls.py sync|async http://127.0.0.1:PORT/v1.0``.
Prints ``<modules loaded> <peak RSS KiB>`` once the invite has completed; the harness times spawn → that line.
"""

import sys
import time
from typing import Any


def report() -> None:
    """Print the modules loaded and this process image's peak RSS (KiB), as ``bench.measure`` reads them."""
    with open("/proc/self/status") as status:
        hwm = [line.split()[1] for line in status if line.startswith("VmHWM:")]
    print(len(sys.modules), hwm[0] if hwm else 0, flush=True)


def main(mode: str, base_url: str) -> None:
    """Import, build the client, invite once, report."""
    from graph_calls import identities
    from graph_calls.auth import AccessToken
    from graph_calls.models import InvitationParticipantInfo

    class StaticCredential:
        def get_token(self, *scopes: str, **kwargs: object) -> AccessToken:
            return AccessToken("bench-static-token", int(time.time()) + 3600)

    call_id = "7531d31f-d10d-44de-802f-c569dbca451c"
    invitee = InvitationParticipantInfo(
        identity=identities.user("278405a3-f568-4b3e-b684-009193463064", identity_provider="AAD"),
        participant_id="a7ebfb2d-871e-419c-87af-27290b22e8db",
    )
    operation: Any
    if mode == "sync":
        from graph_calls import GraphCalls

        with GraphCalls(credential=StaticCredential(), base_url=base_url) as graph:
            operation = graph.calls[call_id].participants.invite([invitee])
    else:
        import asyncio

        from graph_calls import AsyncGraphCalls

        async def invite() -> Any:
            async with AsyncGraphCalls(credential=StaticCredential(), base_url=base_url) as graph:
                return await graph.calls[call_id].participants.invite([invitee])

        operation = asyncio.run(invite())
    assert operation.id == "eec3812a-fdc3-4fb4-825c-a06c9f35414e", operation
    report()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
