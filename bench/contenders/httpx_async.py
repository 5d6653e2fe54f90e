"""Raw ``httpx.AsyncClient`` + ``json``: the floor graph-calls' async client is measured against.

Usage (by the harness): ``python httpx_async.py http://127.0.0.1:PORT/v1.0 [--cap N]``; then see ``_worker``.
``make_ops`` builds the same client and ops in-process (``bench/profile_burst.py`` uses it).

Without ``--cap``: httpx's default pool (100 connections, 20 kept alive), every call straight to it. With
``--cap N``, raw httpx capped at its pool size: a pool of ``N`` connections (20 kept alive, httpx's default)
and an ``asyncio.Semaphore(N)`` around each request, so no more than ``N`` wait in httpcore's pool (whose
queue costs O(waiters × connections) per event) and the rest wait, in order, on the semaphore. (Keeping all
``N`` alive is slower: httpcore 1.0 then hands one idle connection to many released requests, which bounce
and rescan the pool; measured 55 against 383 req/s at 200 ms.)
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import _worker as w
import httpx

Send = Callable[..., Awaitable[httpx.Response]]


def make_ops(base_url: str, cap: int | None) -> tuple[dict[str, w.AsyncOp], Callable[[], Awaitable[object]]]:
    """One client (capped or not, see the module docs): its ops and its ``aclose``."""
    client = httpx.AsyncClient(
        base_url=base_url,
        headers={"Authorization": f"Bearer {w.TOKEN}"},
        limits=httpx.Limits(max_connections=cap or 100, max_keepalive_connections=20),
        timeout=30.0,
    )
    post: Send = client.post
    get: Send = client.get
    delete: Send = client.delete
    if cap:
        semaphore = asyncio.Semaphore(cap)

        def in_slot(send: Send) -> Send:
            async def send_in_slot(*args: Any, **kwargs: Any) -> httpx.Response:
                async with semaphore:
                    return await send(*args, **kwargs)

            return send_in_slot

        post, get, delete = in_slot(post), in_slot(get), in_slot(delete)

    async def invite_op() -> Any:
        response = await post(w.INVITE_PATH, json=w.invite_json())
        response.raise_for_status()
        return json.loads(response.content)

    async def delete_op() -> None:
        (await delete(w.PARTICIPANT_PATH)).raise_for_status()

    async def get_op() -> Any:
        response = await get(w.PARTICIPANT_PATH)
        response.raise_for_status()
        return json.loads(response.content)

    def full_list(call_id: str) -> w.AsyncOp:
        first = f"/communications/calls/{call_id}/participants"

        async def list_all_op() -> Any:  # every page: follow @odata.nextLink until there is none
            response = await get(first)
            response.raise_for_status()
            page = json.loads(response.content)
            participants = page["value"]
            while (link := page.get("@odata.nextLink")) is not None:
                response = await get(link)
                response.raise_for_status()
                page = json.loads(response.content)
                participants += page["value"]
            return participants

        return list_all_op

    lists = {op: full_list(call_id) for op, call_id in w.LIST_CALL_IDS.items()}
    return {"invite": invite_op, "delete": delete_op, "get": get_op, **lists}, client.aclose


async def main(base_url: str, cap: int | None) -> None:
    """Build the client and serve the ops."""
    await w.serve_async(*make_ops(base_url, cap))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("base_url")
    parser.add_argument("--cap", type=int, default=None, help="pool size and in-flight cap (see the docs)")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.base_url, arguments.cap))
