"""Three bot instances, one Redis: invites awaited on the instance that sent them, wherever Graph posts.

    make demo-scale                # or: python examples/demo_scale.py [--calls 210]

What runs, all on 127.0.0.1:

- a throwaway ``redis-server`` and the embedded Graph simulator (``GraphSimulator``);
- three receiver processes, each a ``NotificationReceiver`` served by uvicorn whose ``CallRegistry`` is on
  ``RedisStore(url, namespace=<app id>)``;
- in front of them, a round-robin front (what a load balancer does): every call's ``callbackUri`` is the
  front's URL, so each notification lands on whichever instance is next, rarely the one that sent the
  operation it reports on.

Each instance creates its share of the calls, waits (``await_call``) until each is established, invites
someone and awaits the invite (``await_operation``) on its own registry, then hangs up. One instance is
killed (SIGKILL) a third of the way through and started again: it finds in Redis the calls it had created
and the invites it was awaiting, and carries on. Its invites resolve from outcomes other instances stored
while it was gone. The last line says what happened:

    calls N, operations awaited A, resolved R, lost L, instances I (K restarted)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _scale_parts import ThrowawayRedis, die_with_parent, free_port, front_app, wait_for_port

INSTANCES = 3
CALLS = 210
CONCURRENT_CALLS = 8  # per instance
DEADLINE_S = 50.0
TIMEOUT_S = 20.0
CONFIG_VARIABLE = "DEMO_SCALE_CONFIG"  # how a worker gets its settings (the app secret never goes on argv)


def key(config: dict[str, Any], *parts: object) -> str:
    """The demo's own bookkeeping keys (beside the store's ``graph_calls:<app id>:*``)."""
    return ":".join(["demo-scale", config["run"], *map(str, parts)])


# One bot instance (a child process)


def instance_main() -> None:
    """Serve the receiver, then drive this instance's calls; keep serving until the parent stops us."""
    import redis

    from graph_calls.notifications import CallbackTokenValidator, CallRegistry, NotificationReceiver
    from graph_calls.notifications.stores import RedisStore
    from graph_calls.testing import ServerThread

    config = json.loads(os.environ[CONFIG_VARIABLE])
    store = RedisStore(config["redis_url"], namespace=config["client_id"])
    registry = CallRegistry(store=store)
    validator = CallbackTokenValidator(
        config["client_id"], openid_config_url=config["openid_config_url"], verify=config["ca_bundle"]
    )
    receiver = NotificationReceiver(config["client_id"], validator=validator, registry=registry)
    with redis.Redis.from_url(config["redis_url"], decode_responses=True) as books:
        server = ServerThread(receiver.asgi_app(), port=config["port"]).start()
        books.set(key(config, "ready", config["instance"]), "1")
        while not books.exists(key(config, "go")):
            time.sleep(0.01)
        asyncio.run(drive(config, registry, books))
        books.set(key(config, "done", config["instance"]), "1")
    threading.Event().wait()  # serving: other instances' notifications still come here, until SIGTERM
    server.stop()


async def drive(config: dict[str, Any], registry: Any, books: Any) -> None:
    """This instance's share of the calls: the ones it had started before a restart first."""
    from graph_calls import AsyncGraphCalls

    mine = key(config, "calls", config["instance"])  # call id → "created" | "invited <op>" | "resolved <op>"
    gate = asyncio.Semaphore(CONCURRENT_CALLS)
    async with AsyncGraphCalls.from_client_secret(
        tenant_id=config["tenant_id"],
        client_id=config["client_id"],
        client_secret=config["client_secret"],
        base_url=config["base_url"],
        authority=config["authority"],
        verify=config["ca_bundle"],
    ) as graph:

        async def one_call(call_id: str | None, state: str) -> None:
            async with gate:
                if call_id is None:
                    call_id = await create_call(graph, registry, config)
                    books.hset(mine, call_id, "created")
                if state == "created":
                    invite = await graph.calls[call_id].participants.invite(
                        [_invitee(f"invitee-{call_id[:8]}")], client_context=config["run"]
                    )
                    state = f"invited {invite.id}"
                    with books.pipeline() as books_now:
                        books_now.hset(mine, call_id, state).sadd(key(config, "awaited"), invite.id).execute()
                operation_id = state.split()[1]
                done = await registry.await_operation(operation_id, timeout=TIMEOUT_S)
                with books.pipeline() as books_now:
                    books_now.hset(mine, call_id, f"resolved {done.id}")
                    books_now.sadd(key(config, "resolved"), operation_id).execute()
                await graph.calls[call_id].delete()

        started = books.hgetall(mine)  # what a killed predecessor left behind
        if started:
            states = Counter(state.split()[0] for state in started.values())
            books.set(key(config, "found", config["instance"]), json.dumps(states))
        jobs = [
            one_call(call_id, state) for call_id, state in started.items() if not state.startswith("resolved")
        ]
        jobs += [one_call(None, "created") for _ in range(config["calls"] - len(started))]
        await asyncio.gather(*jobs)


async def create_call(graph: Any, registry: Any, config: dict[str, Any]) -> str:
    from graph_calls import models

    created = await graph.calls.create(
        models.Call(
            callback_uri=config["callback_uri"],
            media_config=models.ServiceHostedMediaConfig(),
            requested_modalities=["audio"],
            targets=[_invitee("first-user")],
            chat_info=models.ChatInfo(thread_id="19:meeting_demo-scale@thread.v2"),
            tenant_id=config["tenant_id"],
        )
    )
    await registry.await_call(created.id, lambda c: c.state == "established", timeout=TIMEOUT_S)
    call_id: str = created.id
    return call_id


def _invitee(user_id: str) -> Any:
    from graph_calls import identities, models

    return models.InvitationParticipantInfo(identity=identities.user(user_id, identity_provider="AAD"))


# The parent: Redis, the simulator, the front, three instances, one restart


def spawn(config: dict[str, Any], instance: int, port: int) -> subprocess.Popen[bytes]:
    mine = {**config, "instance": instance, "port": port}
    env = {**os.environ, CONFIG_VARIABLE: json.dumps(mine)}
    command = [sys.executable, __file__, "--instance"]
    return subprocess.Popen(command, env=env, preexec_fn=die_with_parent)  # noqa: S603 - this very script


def main(calls: int) -> int:
    import redis

    from graph_calls.testing import GraphSimulator, ServerThread

    print(f"graph-calls demo-scale: {INSTANCES} bot instances on one Redis, behind a round-robin front\n")
    began = time.perf_counter()
    ports = [free_port() for _ in range(INSTANCES)]
    spread: Counter[str] = Counter()
    front = ServerThread(front_app([f"http://127.0.0.1:{p}/callback" for p in ports], spread))
    workers: dict[int, subprocess.Popen[bytes]] = {}
    with ThrowawayRedis() as store_server, GraphSimulator() as sim, front:
        books = redis.Redis.from_url(store_server.url, decode_responses=True)
        config = {
            "run": uuid.uuid4().hex[:8],
            "redis_url": store_server.url,
            "base_url": sim.base_url,
            "authority": sim.authority,
            "tenant_id": sim.tenant_id,
            "client_id": sim.client_id,
            "client_secret": sim.client_secret,
            "ca_bundle": sim.ca_bundle,
            "openid_config_url": sim.idp.callback_openid_config_url,
            "callback_uri": f"{front.base_url}/callback",
        }
        shares = [calls // INSTANCES + (1 if n < calls % INSTANCES else 0) for n in range(INSTANCES)]
        print(f"redis {store_server.url}; simulator {sim.base_url}; front {config['callback_uri']}")
        print(
            f"instances on ports {', '.join(map(str, ports))}: {calls} calls, {CONCURRENT_CALLS} at once each"
        )
        try:
            for n, port in enumerate(ports):
                workers[n] = spawn({**config, "calls": shares[n]}, n, port)
            for port in ports:
                wait_for_port(port, timeout_s=30)
            books.set(key(config, "go"), "1")
            restarted = restart_one(config, books, workers, ports, shares, calls)
            finished = wait_until_done(config, books, workers)
            sim.settle()
        finally:
            for worker in workers.values():
                with contextlib.suppress(ProcessLookupError):
                    worker.send_signal(signal.SIGTERM)
            for worker in workers.values():
                try:
                    worker.wait(10)
                except subprocess.TimeoutExpired:
                    worker.kill()
        created = sum(books.hlen(key(config, "calls", n)) for n in range(INSTANCES))
        awaited, resolved = books.scard(key(config, "awaited")), books.scard(key(config, "resolved"))
        found = json.loads(books.get(key(config, "found", 1)) or "{}")
        books.close()
    if found:
        print(
            f"instance 1, started again, found its {sum(found.values())} calls in Redis:"
            f" {found.get('resolved', 0)} done, {found.get('invited', 0)} invites to await again,"
            f" {found.get('created', 0)} to invite"
        )
    delivered = {port: spread[f"http://127.0.0.1:{port}/callback"] for port in ports}
    print(f"\nnotifications through the front: {sum(delivered.values())}, by instance port {delivered}")
    print(f"deliveries retried on another instance (one was down): {spread['retried']}")
    print(f"done in {time.perf_counter() - began:.1f} s{'' if finished else ' (DEADLINE PASSED)'}\n")
    print(
        f"calls {created}, operations awaited {awaited}, resolved {resolved}, lost {awaited - resolved},"
        f" instances {INSTANCES} ({restarted} restarted)"
    )
    return 0 if finished and awaited == resolved and created == calls else 1


def restart_one(
    config: dict[str, Any],
    books: Any,
    workers: dict[int, subprocess.Popen[bytes]],
    ports: list[int],
    shares: list[int],
    calls: int,
) -> int:
    """Kill instance 1 once a third of the invites resolved, and start it again on its port."""
    deadline = time.monotonic() + DEADLINE_S
    while books.scard(key(config, "resolved")) < calls // 3:
        if time.monotonic() > deadline or any(w.poll() is not None for w in workers.values()):
            return 0
        time.sleep(0.01)
    victim = 1
    workers[victim].kill()  # a crash: its awaits in flight die with it
    workers[victim].wait()
    resolved = books.scard(key(config, "resolved"))
    print(f"instance {victim} killed (SIGKILL) with {resolved} invites resolved; starting it again")
    workers[victim] = spawn({**config, "calls": shares[victim]}, victim, ports[victim])
    return 1


def wait_until_done(config: dict[str, Any], books: Any, workers: dict[int, subprocess.Popen[bytes]]) -> bool:
    deadline = time.monotonic() + DEADLINE_S
    while not all(books.exists(key(config, "done", n)) for n in range(INSTANCES)):
        failed = [n for n, worker in workers.items() if worker.poll() is not None]
        if failed or time.monotonic() > deadline:
            print(f"instances stopped early: {failed}" if failed else "the deadline passed", file=sys.stderr)
            return False
        time.sleep(0.02)
    return True


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=CALLS, help=f"how many calls in all (default {CALLS})")
    parser.add_argument("--instance", action="store_true", help=argparse.SUPPRESS)  # a child process
    arguments = parser.parse_args()
    if arguments.instance:
        instance_main()
    else:
        sys.exit(main(arguments.calls))
