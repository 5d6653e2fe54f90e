"""Raw ``httpx.Client`` + ``json``: the floor graph-calls' sync client is measured against.

Usage (by the harness): ``python httpx_sync.py http://127.0.0.1:PORT/v1.0 [--cap N]``; then see ``_worker``.
``make_ops`` builds the same client and ops in-process (``bench/profile_burst.py`` uses it).

Without ``--cap``: httpx's default pool (100 connections, 20 kept alive). With ``--cap N``: a pool of ``N``
connections (20 kept alive, httpx's default; see ``httpx_async.py``) and a ``threading.BoundedSemaphore(N)``
around each request, so however many
threads share the client, no more than ``N`` requests wait in httpcore's pool (the sync twin of
``httpx_async.py --cap``; with ``N`` threads or fewer it never blocks).
"""

from __future__ import annotations

import argparse
import json
import threading
from collections.abc import Callable
from typing import Any

import _worker as w
import httpx

Send = Callable[..., httpx.Response]


def make_ops(base_url: str, cap: int | None) -> tuple[dict[str, w.SyncOp], Callable[[], object]]:
    """One client (capped or not, see the module docs): its ops and its ``close``."""
    client = httpx.Client(
        base_url=base_url,
        headers={"Authorization": f"Bearer {w.TOKEN}"},
        limits=httpx.Limits(max_connections=cap or 100, max_keepalive_connections=20),
        timeout=30.0,
    )
    post: Send = client.post
    get: Send = client.get
    delete: Send = client.delete
    if cap:
        semaphore = threading.BoundedSemaphore(cap)

        def in_slot(send: Send) -> Send:
            def send_in_slot(*args: Any, **kwargs: Any) -> httpx.Response:
                with semaphore:
                    return send(*args, **kwargs)

            return send_in_slot

        post, get, delete = in_slot(post), in_slot(get), in_slot(delete)

    def invite_op() -> Any:
        response = post(w.INVITE_PATH, json=w.invite_json())
        response.raise_for_status()
        return json.loads(response.content)

    def delete_op() -> None:
        delete(w.PARTICIPANT_PATH).raise_for_status()

    def get_op() -> Any:
        response = get(w.PARTICIPANT_PATH)
        response.raise_for_status()
        return json.loads(response.content)

    def full_list(call_id: str) -> w.SyncOp:
        first = f"/communications/calls/{call_id}/participants"

        def list_all_op() -> Any:  # every page: follow @odata.nextLink until there is none
            response = get(first)
            response.raise_for_status()
            page = json.loads(response.content)
            participants = page["value"]
            while (link := page.get("@odata.nextLink")) is not None:
                response = get(link)
                response.raise_for_status()
                page = json.loads(response.content)
                participants += page["value"]
            return participants

        return list_all_op

    lists = {op: full_list(call_id) for op, call_id in w.LIST_CALL_IDS.items()}
    return {"invite": invite_op, "delete": delete_op, "get": get_op, **lists}, client.close


def main(base_url: str, cap: int | None) -> None:
    """Build the client and serve the ops."""
    w.serve_sync(*make_ops(base_url, cap))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("base_url")
    parser.add_argument("--cap", type=int, default=None, help="pool size and in-flight cap (see the docs)")
    arguments = parser.parse_args()
    main(arguments.base_url, arguments.cap)
