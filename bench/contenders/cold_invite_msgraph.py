"""From a cold interpreter to the first completed invite with msgraph-sdk (static credential).

Usage (by the harness): ``python cold_invite_msgraph.py http://127.0.0.1:PORT/v1.0``. Prints
``<modules loaded>`` once the invite has completed; the harness times spawn → that line.
"""

import sys
import time


def report() -> None:
    """Print the modules loaded and this process image's peak RSS (KiB), as ``bench.measure`` reads them."""
    with open("/proc/self/status") as status:
        hwm = [line.split()[1] for line in status if line.startswith("VmHWM:")]
    print(len(sys.modules), hwm[0] if hwm else 0, flush=True)


def main(base_url: str) -> None:
    """Import, build the client (as ``msgraph_async.py`` does), invite once, report."""
    import asyncio

    from azure.core.credentials import AccessToken
    from kiota_authentication_azure.azure_identity_authentication_provider import (
        AzureIdentityAuthenticationProvider,
    )
    from msgraph import GraphRequestAdapter, GraphServiceClient
    from msgraph.generated.communications.calls.item.participants.invite.invite_post_request_body import (
        InvitePostRequestBody,
    )
    from msgraph.generated.models.identity import Identity
    from msgraph.generated.models.identity_set import IdentitySet
    from msgraph.generated.models.invitation_participant_info import InvitationParticipantInfo

    class StaticCredential:
        def get_token(self, *scopes: str, **kwargs: object) -> AccessToken:
            return AccessToken("bench-static-token", int(time.time()) + 3600)

    async def invite() -> object:
        auth = AzureIdentityAuthenticationProvider(
            StaticCredential(), scopes=["https://graph.microsoft.com/.default"], allowed_hosts=["127.0.0.1"]
        )
        adapter = GraphRequestAdapter(auth)
        adapter.base_url = base_url
        client = GraphServiceClient(request_adapter=adapter)
        body = InvitePostRequestBody(
            participants=[
                InvitationParticipantInfo(
                    identity=IdentitySet(
                        user=Identity(
                            id="278405a3-f568-4b3e-b684-009193463064",
                            additional_data={"identityProvider": "AAD"},
                        )
                    ),
                    participant_id="a7ebfb2d-871e-419c-87af-27290b22e8db",
                )
            ]
        )
        call = client.communications.calls.by_call_id("7531d31f-d10d-44de-802f-c569dbca451c")
        try:
            return await call.participants.invite.post(body)
        finally:
            await adapter._http_client.aclose()

    operation = asyncio.run(invite())
    assert getattr(operation, "id", None) == "eec3812a-fdc3-4fb4-825c-a06c9f35414e", operation
    report()


if __name__ == "__main__":
    main(sys.argv[1])
