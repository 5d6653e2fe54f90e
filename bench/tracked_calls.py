"""Memory a ``CallRegistry`` holds per call it tracks: 10,000 calls in progress, each with a small roster.

Run by the harness in a fresh interpreter of the graph-calls bench venv (``python bench/tracked_calls.py
[--calls 10000] [--traced-calls 1000]``); prints one JSON line. Each call is fed, through the public API only
(``CallRegistry.apply_all(parse_notifications(body))``, as ``NotificationReceiver`` does), the notifications
a bot that answers a call receives, built on the Graph reference pages' examples:

1. ``created``, state ``incoming``: the whole ``Call`` (call-answer, example 3: source, targets, meeting
   info, application metadata);
2. ``updated``, state ``established`` (application-post-calls, example 4);
3. a roster update with three participants: two from application-post-calls example 4 (a user with three
   media streams and the bot) and one more user.

Ids are unique per call (and participant), as Graph's are; every body is parsed from bytes, as received.
Two measures, each on its own registry after a warm-up registry (lazy imports, caches) was dropped:

- RSS: ``VmRSS`` growth while a registry takes ``--calls`` calls, after ``gc.collect()``: what the process
  really grew, allocator overhead included.
- tracemalloc, on another registry of ``--traced-calls`` calls (fewer: tracing makes every allocation
  slow): the Python allocations still held once it is full, grouped by the module that made them, to tell
  what the registry keeps (the generated models, the strings ``json`` decoded for them, its own records).
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "graph_reference"
WARM_UP_CALLS = 200
ROSTER_SIZE = 3
# Who allocated what tracemalloc finds: the first group whose marker is in the allocating file's path.
ALLOCATORS = (
    ("generated models", "/graph_calls_generated/"),
    ("graph-calls (registry, parsing)", "/graph_calls/"),
    ("json (decoded strings, lists, dicts the models keep)", "/json/"),
)
OTHER_ALLOCATOR = "other"


def _reference_notification(page: str, example: int, index: int) -> dict[str, Any]:
    document = json.loads((FIXTURES / f"{page}.json").read_text(encoding="utf-8"))
    notification: dict[str, Any] = document["examples"][example]["notifications"][index]["value"][0]
    return notification


def templates() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The three notifications of one call (see the module docs), ids still the reference pages'."""
    incoming = _reference_notification("call-answer", 3, 0)
    established = _reference_notification("application-post-calls", 4, 1)
    roster = _reference_notification("application-post-calls", 4, 2)
    another_user = copy.deepcopy(roster["resourceData"][0])
    another_user["info"]["identity"]["user"]["displayName"] = "Alice"
    roster["resourceData"].append(another_user)
    return incoming, established, roster


def call_id(n: int) -> str:
    """The id of the ``n``-th call (a GUID, as Graph's)."""
    return f"{n:08x}-2a2b-4c51-94cd-{n:012x}"


def _participant_id(n: int, k: int) -> str:
    return f"{n:08x}-6432-43ed-8d27-{k:04x}{n:08x}"


def notification_bodies(n: int, shapes: tuple[dict[str, Any], ...] | None = None) -> list[bytes]:
    """The ``commsNotifications`` bodies of the ``n``-th call, as Graph POSTs them (one notification each)."""
    incoming, established, roster = copy.deepcopy(shapes or templates())
    identifier = call_id(n)
    for notification in (incoming, established, roster):
        notification.pop("resource", None)
        notification["resourceUrl"] = f"/communications/calls/{identifier}"
    incoming["resourceData"]["id"] = established["resourceData"]["id"] = identifier
    roster["resourceUrl"] += "/participants"
    for k, participant in enumerate(roster["resourceData"]):
        participant["id"] = _participant_id(n, k)
        for member in participant["info"]["identity"].values():
            if isinstance(member, dict) and "id" in member:
                member["id"] = _participant_id(n, k + 16)
    return [
        json.dumps({"@odata.type": "#microsoft.graph.commsNotifications", "value": [notification]}).encode()
        for notification in (incoming, established, roster)
    ]


def _bodies(first: int, count: int) -> Iterator[bytes]:
    shapes = templates()
    for n in range(first, first + count):
        yield from notification_bodies(n, shapes)


def rss_bytes() -> int:
    """This process's resident set (``VmRSS``), in bytes."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def _fill(first: int, count: int) -> tuple[Any, float]:
    """A new registry fed ``count`` calls; and the CPU seconds parsing and applying took."""
    from graph_calls.notifications import CallRegistry, parse_notifications

    registry = CallRegistry()
    started = time.process_time()
    for body in _bodies(first, count):
        registry.apply_all(parse_notifications(body))
    return registry, time.process_time() - started


def _check(registry: Any, first: int, count: int) -> None:
    """Every call is tracked, in progress, with its whole roster."""
    calls = registry.calls()
    if len(calls) != count:
        raise RuntimeError(f"{len(calls)} calls tracked, not {count}")
    for n in (first, first + count - 1):
        snapshot = registry.get(call_id(n))
        if snapshot is None or snapshot.state != "established" or len(snapshot.participants) != ROSTER_SIZE:
            raise RuntimeError(f"call {n} was not tracked as expected: {snapshot!r}")


def allocator(filename: str) -> str:
    """The :data:`ALLOCATORS` group of an allocation made in ``filename``."""
    normalised = filename.replace("\\", "/")
    return next((group for group, marker in ALLOCATORS if marker in normalised), OTHER_ALLOCATOR)


def measure(calls: int, traced_calls: int) -> dict[str, Any]:
    """RSS growth for ``calls`` tracked calls, tracemalloc's for ``traced_calls`` (see the module docs)."""
    warm_up, _ = _fill(10 * calls + 1, WARM_UP_CALLS)
    _check(warm_up, 10 * calls + 1, WARM_UP_CALLS)
    del warm_up
    gc.collect()

    rss_before = rss_bytes()
    by_rss, apply_cpu_s = _fill(0, calls)
    gc.collect()
    rss_after = rss_bytes()
    _check(by_rss, 0, calls)

    tracemalloc.start()
    gc.collect()
    before = tracemalloc.take_snapshot()
    by_trace, _ = _fill(calls, traced_calls)
    gc.collect()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    _check(by_trace, calls, traced_calls)
    by_allocator = dict.fromkeys([group for group, _ in ALLOCATORS] + [OTHER_ALLOCATOR], 0)
    for difference in after.compare_to(before, "filename"):
        by_allocator[allocator(difference.traceback[0].filename)] += difference.size_diff

    body_bytes = sum(len(body) for body in notification_bodies(0))
    return {
        "calls": calls,
        "participants_per_call": ROSTER_SIZE,
        "notifications_per_call": len(notification_bodies(0)),
        "body_bytes_per_call": body_bytes,
        "rss_growth_bytes": rss_after - rss_before,
        "apply_cpu_s": apply_cpu_s,
        "traced_calls": traced_calls,
        "traced_bytes_by_allocator": by_allocator,
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python bench/tracked_calls.py [--calls N] [--traced-calls M]``; one JSON line."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--calls", type=int, default=10_000, help="calls to track for the RSS growth")
    parser.add_argument("--traced-calls", type=int, default=1_000, help="calls to track under tracemalloc")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.calls, args.traced_calls)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
