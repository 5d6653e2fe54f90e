"""Starting and stopping GraphSimulator: fast enough to do per test, and clean each time."""

from __future__ import annotations

import time

import httpx

from graph_calls.testing._contract import SpecContract
from graph_calls.testing.simulator import GraphSimulator


def test_a_warm_process_starts_and_stops_a_simulator_in_milliseconds() -> None:
    GraphSimulator().start().stop()  # the process's first: imports, the spec, the signing keys
    started = time.monotonic()
    for _ in range(10):
        with GraphSimulator() as sim:
            assert sim.base_url.startswith("https://127.0.0.1:")

    # Was over 0.7 s a round: RSA keys, the spec parsed and checked, uvicorn's 0.1 s ticks and pauses.
    assert time.monotonic() - started < 3.0


def test_simulators_share_the_parsed_spec_but_not_their_state() -> None:
    with GraphSimulator() as first, GraphSimulator() as second:
        call_id = first.seed_call()

        assert first.contract is second.contract is SpecContract.load()
        assert [call["id"] for call in first.calls()] == [call_id]
        assert second.calls() == []


def test_a_restarted_simulator_serves_again_with_new_tls_material() -> None:
    sim = GraphSimulator()
    with sim:
        first_bundle = sim.ca_bundle
    with sim:
        second_bundle = sim.ca_bundle
        token = sim.access_token()
        with httpx.Client(verify=sim.ssl_context()) as http:
            response = http.get(
                f"{sim.base_url}/communications/calls/nope", headers={"Authorization": f"Bearer {token}"}
            )

    assert response.status_code == 404
    assert first_bundle != second_bundle
