"""Raw ``httpx.AsyncClient`` + ``json``: the floor graph-calls' async client is measured against.

Usage (by the harness): ``python httpx_async.py http://127.0.0.1:PORT/v1.0``; then see ``_worker``.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

import _worker as w
import httpx


async def main(base_url: str) -> None:
    """Build one client with graph-calls' connection limits (httpx's defaults) and serve the ops."""
    client = httpx.AsyncClient(
        base_url=base_url,
        headers={"Authorization": f"Bearer {w.TOKEN}"},
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
        timeout=30.0,
    )

    async def invite() -> Any:
        response = await client.post(w.INVITE_PATH, json=w.invite_json())
        response.raise_for_status()
        return json.loads(response.content)

    async def delete() -> None:
        (await client.delete(w.PARTICIPANT_PATH)).raise_for_status()

    async def get() -> Any:
        response = await client.get(w.PARTICIPANT_PATH)
        response.raise_for_status()
        return json.loads(response.content)

    async def list_100() -> Any:
        response = await client.get(w.PARTICIPANTS_PATH)
        response.raise_for_status()
        return json.loads(response.content)

    await w.serve_async({"invite": invite, "delete": delete, "get": get, "list": list_100}, client.aclose)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
