"""Injected faults: throttling, outages, gateway errors, latency, dropped and truncated answers."""

from __future__ import annotations

import time

import httpx
import pytest

from graph_calls.testing.simulator import GraphSimulator

PROMPT = {
    "prompts": [
        {
            "@odata.type": "#microsoft.graph.mediaPrompt",
            "mediaInfo": {"uri": "https://cdn.contoso.com/beep.wav"},
        }
    ]
}


def test_throttle_answers_429_with_retry_after_for_the_next_n_requests(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()
    graph_sim.faults.throttle(n=2, retry_after_s=0.5)

    answers = [graph_http.post(f"/communications/calls/{call_id}/playPrompt", json=PROMPT) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [429, 429, 200]
    assert answers[0].headers["Retry-After"] == "0.5"
    assert answers[0].json()["error"]["code"] == "TooManyRequests"
    assert answers[0].headers["request-id"]
    assert len(graph_sim.operations(call_id)) == 1  # throttled requests were not processed
    assert len(graph_sim.requests) == 3  # but they were received


def test_throttle_by_fraction_is_reproducible_with_a_seed(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()

    def pattern() -> list[int]:
        graph_sim.faults.clear()
        graph_sim.faults.throttle(fraction=0.3, seed=42)
        return [graph_http.get(f"/communications/calls/{call_id}").status_code for _ in range(40)]

    first, second = pattern(), pattern()

    assert first == second
    assert set(first) == {200, 429}
    assert 4 <= first.count(429) <= 20


def test_throttle_with_whole_seconds_sends_an_integer_retry_after(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    graph_sim.faults.throttle()

    assert graph_http.get("/communications/calls/x").headers["Retry-After"] == "1"


def test_unavailable_answers_503_with_an_html_page(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    graph_sim.faults.unavailable(retry_after_s=2)

    response = graph_http.get("/communications/calls/x")

    assert response.status_code == 503
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.text.startswith("<html>")
    assert response.headers["Retry-After"] == "2"
    assert graph_http.get("/communications/calls/x").status_code == 404


def test_unavailable_can_answer_graph_json(graph_sim: GraphSimulator, graph_http: httpx.Client) -> None:
    graph_sim.faults.unavailable(html=False)

    response = graph_http.get("/communications/calls/x")

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "serviceNotAvailable"


def test_gateway_faults_answer_502_and_504(graph_sim: GraphSimulator, graph_http: httpx.Client) -> None:
    graph_sim.faults.bad_gateway()
    graph_sim.faults.gateway_timeout(n=2)

    statuses = [graph_http.get("/communications/calls/x").status_code for _ in range(4)]

    assert statuses == [502, 504, 504, 404]


def test_latency_delays_matching_requests(graph_sim: GraphSimulator, graph_http: httpx.Client) -> None:
    graph_sim.faults.latency(0.3, n=1)

    started = time.monotonic()
    graph_http.get("/communications/calls/x")
    slow = time.monotonic() - started
    started = time.monotonic()
    graph_http.get("/communications/calls/x")
    fast = time.monotonic() - started

    assert slow >= 0.3
    assert fast < 0.3


def test_drop_connection_closes_the_socket_without_answering_or_processing(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()
    graph_sim.faults.drop_connection()

    with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
        graph_http.post(f"/communications/calls/{call_id}/playPrompt", json=PROMPT)

    assert graph_sim.operations(call_id) == []
    assert graph_sim.requests[0].status is None
    assert graph_http.post(f"/communications/calls/{call_id}/playPrompt", json=PROMPT).status_code == 200


def test_truncate_body_processes_the_request_but_cuts_the_answer(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()
    graph_sim.faults.truncate_body()

    with pytest.raises(httpx.RemoteProtocolError, match="complete message body"):
        graph_http.post(f"/communications/calls/{call_id}/playPrompt", json=PROMPT)

    assert len(graph_sim.operations(call_id)) == 1
    assert graph_http.get(f"/communications/calls/{call_id}").status_code == 200


def test_truncation_waits_for_a_response_with_a_body(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()
    graph_sim.faults.truncate_body()

    keep_alive = graph_http.post(f"/communications/calls/{call_id}/keepAlive")  # 200, no body

    assert keep_alive.status_code == 200
    with pytest.raises(httpx.RemoteProtocolError):
        graph_http.get(f"/communications/calls/{call_id}")


def test_faults_can_be_scoped_to_a_method(graph_sim: GraphSimulator, graph_http: httpx.Client) -> None:
    call_id = graph_sim.seed_call()
    graph_sim.faults.throttle(n=1, only="POST")

    get = graph_http.get(f"/communications/calls/{call_id}")
    post = graph_http.post(f"/communications/calls/{call_id}/keepAlive")

    assert (get.status_code, post.status_code) == (200, 429)


def test_faults_can_be_scoped_to_a_path(graph_sim: GraphSimulator, graph_http: httpx.Client) -> None:
    call_id = graph_sim.seed_call()
    graph_sim.faults.unavailable(n=1, path_contains="/participants")

    call = graph_http.get(f"/communications/calls/{call_id}")
    roster = graph_http.get(f"/communications/calls/{call_id}/participants")

    assert (call.status_code, roster.status_code) == (200, 503)


def test_reset_clears_faults(graph_sim: GraphSimulator, graph_http: httpx.Client) -> None:
    graph_sim.faults.throttle(n=5)
    graph_sim.faults.latency(1)

    graph_sim.reset()

    assert graph_sim.faults.active == []
    assert graph_http.get("/communications/calls/x").status_code == 404


@pytest.mark.parametrize(
    "bad",
    [
        lambda sim: sim.faults.throttle(n=0),
        lambda sim: sim.faults.throttle(fraction=1.5),
        lambda sim: sim.faults.latency(-1),
        lambda sim: sim.faults.drop_connection(n=0),
    ],
)
def test_nonsense_fault_settings_are_refused(graph_sim: GraphSimulator, bad: object) -> None:
    with pytest.raises(ValueError, match="must"):
        bad(graph_sim)  # type: ignore[operator]
