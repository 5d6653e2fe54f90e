"""How fast the offline simulator (``graph_calls.testing.GraphSimulator``) is for the suites that run it.

Run by hand or by ``make bench`` in a fresh interpreter: ``python -m bench.simulator_speed [--rounds N]``.
Three figures, all through the public API and the real client over real local TLS sockets:

- ``start_stop_ms``: ``GraphSimulator().start()`` then ``.stop()`` (both servers, the identity platform,
  the scheduler and the notifier), median of ``--rounds``; the process's first round, which also pays
  what is made once per process (the parsed spec, the signing keys, lazy imports), is reported apart as
  ``first_start_stop_ms``.
- ``list_1000_ms``: one ``graph.calls[id].participants.list().collect()`` of a 1,000-participant roster
  (ten pages of the default 100) through a sync ``GraphCalls``, median of ``--rounds`` after one warm-up.
- ``invites_per_s``: ``participants.invite([invitee])`` from one sync client, one after another, for at
  least ``--seconds`` (after a warm-up), counted over the whole run.

Progress goes to stderr; the last line on stdout is one JSON object with the figures, and under
``samples`` the values behind them, for spreads: every start+stop (the first apart), every list, and the
invite rate of each ``--window`` of the invite run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from typing import Any

ROSTER_SIZE = 1000
INVITE_WARM_UP = 20
SAMPLES: dict[str, list[float]] = {}  # the values behind each figure, for spreads


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure_start_stop(rounds: int) -> dict[str, float]:
    from graph_calls.testing import GraphSimulator

    starts, stops, totals = [], [], []
    for _ in range(rounds + 1):
        sim = GraphSimulator()
        began = time.perf_counter()
        sim.start()
        started = time.perf_counter()
        sim.stop()
        stopped = time.perf_counter()
        starts.append((started - began) * 1000)
        stops.append((stopped - started) * 1000)
        totals.append((stopped - began) * 1000)
    _log(f"start+stop ms: first {totals[0]:.1f}, then {', '.join(f'{t:.1f}' for t in totals[1:])}")
    SAMPLES["start_stop_ms"] = [round(t, 2) for t in totals[1:]]
    return {
        "first_start_stop_ms": round(totals[0], 1),
        "start_stop_ms": round(statistics.median(totals[1:]), 1),
        "start_ms": round(statistics.median(starts[1:]), 1),
        "stop_ms": round(statistics.median(stops[1:]), 1),
    }


def measure_list(rounds: int) -> dict[str, float]:
    from graph_calls.testing import GraphSimulator

    with GraphSimulator() as sim, sim.client() as graph:
        call_id = sim.seed_call(participants=ROSTER_SIZE - 1)  # plus the bot
        participants = graph.calls[call_id].participants
        assert len(participants.list().collect()) == ROSTER_SIZE  # warm-up: token, pools, imports
        timings = []
        for _ in range(rounds):
            began = time.perf_counter()
            listed = participants.list().collect()
            timings.append((time.perf_counter() - began) * 1000)
            assert len(listed) == ROSTER_SIZE
        sim.assert_no_contract_violations()
    _log(f"list {ROSTER_SIZE} ms: {', '.join(f'{t:.1f}' for t in timings)}")
    SAMPLES["list_1000_ms"] = [round(t, 2) for t in timings]
    return {"list_1000_ms": round(statistics.median(timings), 1)}


def measure_invites(seconds: float, window_s: float = 0.5) -> dict[str, float]:
    from graph_calls import identities
    from graph_calls.models import InvitationParticipantInfo
    from graph_calls.testing import GraphSimulator

    invitee = [InvitationParticipantInfo(identity=identities.user("u-1", identity_provider="AAD"))]
    with GraphSimulator() as sim, sim.client() as graph:
        participants = graph.calls[sim.seed_call()].participants
        for _ in range(INVITE_WARM_UP):
            participants.invite(invitee)
        count = 0
        windows: list[float] = []
        began = window_began = time.perf_counter()
        in_window = 0
        while (elapsed := (now := time.perf_counter()) - began) < seconds:
            if now - window_began >= window_s:
                windows.append(in_window / (now - window_began))
                window_began, in_window = now, 0
            participants.invite(invitee)
            count += 1
            in_window += 1
        sim.assert_no_contract_violations()
    _log(f"invites: {count} in {elapsed:.2f} s")
    SAMPLES["invites_per_s"] = [round(rate, 1) for rate in windows]
    return {"invites_per_s": round(count / elapsed, 1)}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=7, help="rounds of start+stop and of the list")
    parser.add_argument("--seconds", type=float, default=2.0, help="how long to invite for (>= 2)")
    parser.add_argument("--window", type=float, default=0.5, help="seconds per invite-rate sample")
    args = parser.parse_args(argv)
    figures: dict[str, Any] = {}
    figures.update(measure_start_stop(args.rounds))
    figures.update(measure_list(args.rounds))
    figures.update(measure_invites(max(2.0, args.seconds), args.window))
    figures["samples"] = dict(SAMPLES)
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
