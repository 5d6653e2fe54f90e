"""Microsoft's msgraph-sdk (``GraphServiceClient``, async only) with a static credential.

The client is the documented one for a custom host: ``GraphRequestAdapter`` over azure-identity
authentication with ``127.0.0.1`` as an allowed host (else kiota sends no token to it), the SDK's default
middleware, and the adapter's ``base_url`` pointed at the bench server.

Usage (by the harness): ``python msgraph_async.py http://127.0.0.1:PORT/v1.0``; then see ``_worker``.
"""

from __future__ import annotations

import asyncio
import sys
import time
from typing import Any

import _worker as w
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

GRAPH_SCOPE = "https://graph.microsoft.com/.default"


class StaticCredential:
    """A credential that hands out one fixed token, valid for an hour."""

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        """The fixed token."""
        return AccessToken(w.TOKEN, int(time.time()) + 3600)


def make_client(base_url: str) -> GraphServiceClient:
    """A ``GraphServiceClient`` that sends the static token to the bench server."""
    auth = AzureIdentityAuthenticationProvider(
        StaticCredential(), scopes=[GRAPH_SCOPE], allowed_hosts=["127.0.0.1"]
    )
    adapter = GraphRequestAdapter(auth)
    adapter.base_url = base_url
    return GraphServiceClient(request_adapter=adapter)


def invite_body() -> InvitePostRequestBody:
    """The same invitation as the other contenders send (``identityProvider`` as additional data)."""
    return InvitePostRequestBody(
        participants=[
            InvitationParticipantInfo(
                identity=IdentitySet(
                    user=Identity(id=w.INVITEE_USER_ID, additional_data={"identityProvider": "AAD"})
                ),
                participant_id=w.INVITEE_PARTICIPANT_ID,
            )
        ],
        client_context=w.CLIENT_CONTEXT,
    )


async def main(base_url: str) -> None:
    """Build the client and serve the ops; each op is what an application writes."""
    client = make_client(base_url)
    call = client.communications.calls.by_call_id(w.CALL_ID)

    async def invite() -> Any:
        return await call.participants.invite.post(invite_body())

    async def delete() -> None:
        await call.participants.by_participant_id(w.PARTICIPANT_ID).delete()

    async def get() -> Any:
        return await call.participants.by_participant_id(w.PARTICIPANT_ID).get()

    async def list_100() -> Any:
        return await call.participants.get()

    async def close() -> None:
        await client.request_adapter._http_client.aclose()

    await w.serve_async({"invite": invite, "delete": delete, "get": get, "list": list_100}, close)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
