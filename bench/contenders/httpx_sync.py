"""Raw ``httpx.Client`` + ``json``: the floor graph-calls' sync client is measured against.

Usage (by the harness): ``python httpx_sync.py http://127.0.0.1:PORT/v1.0``; then see ``_worker``.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import _worker as w
import httpx


def main(base_url: str) -> None:
    """Build one client with the same connection pool defaults as graph-calls and serve the ops."""
    client = httpx.Client(
        base_url=base_url,
        headers={"Authorization": f"Bearer {w.TOKEN}"},
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
        timeout=30.0,
    )

    def invite() -> Any:
        response = client.post(w.INVITE_PATH, json=w.invite_json())
        response.raise_for_status()
        return json.loads(response.content)

    def delete() -> None:
        client.delete(w.PARTICIPANT_PATH).raise_for_status()

    def get() -> Any:
        response = client.get(w.PARTICIPANT_PATH)
        response.raise_for_status()
        return json.loads(response.content)

    def list_100() -> Any:
        response = client.get(w.PARTICIPANTS_PATH)
        response.raise_for_status()
        return json.loads(response.content)

    w.serve_sync({"invite": invite, "delete": delete, "get": get, "list": list_100}, client.close)


if __name__ == "__main__":
    main(sys.argv[1])
