"""The pieces of ``make bench`` work, without running the benchmark (no timed assertions).

The bench server answers the four participant routes with bodies the generated models parse, late when
asked to; the measuring helpers compute medians and spreads; a contender worker answers the harness's
commands, bursts included (async and in threads, errors counted); a cold child reports its modules and
peak RSS; the tracked-calls script feeds a registry what it says; the Redis script starts and stops its
own redis-server and prints what the report's Redis section renders; the report marks targets met or not
met, burst-matrix cells included; the profiler's bookkeeping charges time to the right package.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # ``bench/`` is maintainer code at the repository root, not installed
    sys.path.insert(0, str(REPO_ROOT))

from bench import (  # noqa: E402
    measure,
    notification_speed,
    profile_burst,
    redis_speed,
    report,
    report_bursts,
    report_format,
    report_redis,
    report_scale,
    server,
    speed_scripts,
    tracked_calls,
    venvs,
)
from bench.bursts import burst_outcome  # noqa: E402
from bench.lineup import CONTENDERS_DIR, EXPECTED_RESULTS, INVITE_ID, MATRIX_CONTENDERS, POOL_SIZE  # noqa: E402
from bench.measure import rounds_within  # noqa: E402
from bench.results import (  # noqa: E402
    LIST_OPS,
    OPS,
    Burst,
    BurstOutcome,
    MatrixCell,
    OpSamples,
    Results,
    ServerCost,
    pages,
)
from bench.run import MIN_REDIS_WAITS, MIN_ROUNDS, PARTS, Budgets, numbers_list, parts_list  # noqa: E402

from graph_calls import models  # noqa: E402
from graph_calls._constants import DEFAULT_MAX_CONCURRENCY  # noqa: E402
from graph_calls.notifications import CallRegistry, parse_notifications  # noqa: E402

AUTH = {"Authorization": "Bearer bench-static-token"}
CALL = "/v1.0/communications/calls/7531d31f-d10d-44de-802f-c569dbca451c/participants"


@pytest.fixture(scope="module")
def bench_server() -> Iterator[server.ServerProcess]:
    with server.ServerProcess(sys.executable) as running:
        yield running


@pytest.fixture(scope="module")
def graph_calls_async_worker(bench_server: server.ServerProcess) -> Iterator[measure.Worker]:
    """One graph-calls async contender for the tests that drive it: a worker answers whatever sequence of
    commands it is sent, as in a benchmark run, and starting one costs ~0.3 s of CPU."""
    argv = [sys.executable, str(CONTENDERS_DIR / "graph_calls_async.py"), bench_server.base_url]
    with measure.Worker("graph-calls async", argv, cwd=CONTENDERS_DIR) as worker:
        yield worker


@pytest.fixture
def http(bench_server: server.ServerProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=bench_server.root_url, headers=AUTH) as client:
        yield client


# -- the bench server ---------------------------------------------------------------------------------------


def test_list_route_answers_a_page_the_generated_model_parses_into_100_participants(
    http: httpx.Client,
) -> None:
    response = http.get(CALL)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    page = models.ParticipantCollectionResponse.from_dict(response.json())
    assert len(page.value) == 100
    assert len({p.id for p in page.value}) == 100
    assert all(isinstance(p.info, models.ParticipantInfo) for p in page.value)


def test_invite_route_answers_an_invite_participants_operation(http: httpx.Client) -> None:
    response = http.post(f"{CALL}/invite", json={"participants": [], "clientContext": "x"})
    assert response.status_code == 200
    operation = models.InviteParticipantsOperation.from_dict(response.json())
    assert operation.id == INVITE_ID
    assert operation.participants


def test_get_route_answers_the_reference_participant(http: httpx.Client) -> None:
    response = http.get(f"{CALL}/7e1b4346-85a6-4bdd-abe3-d11c5d420efe")
    assert response.status_code == 200
    participant = models.Participant.from_dict(response.json())
    assert participant.id == EXPECTED_RESULTS["get"]
    assert participant.media_streams


def test_delete_route_answers_204_without_a_body(http: httpx.Client) -> None:
    response = http.delete(f"{CALL}/7e1b4346-85a6-4bdd-abe3-d11c5d420efe")
    assert (response.status_code, response.content) == (204, b"")
    assert response.headers["request-id"]


def test_requests_without_a_bearer_token_get_401_and_unknown_routes_404(
    bench_server: server.ServerProcess,
) -> None:
    with httpx.Client(base_url=bench_server.root_url) as anonymous:
        unauthorized = anonymous.get(CALL)
        not_found = anonymous.get("/v1.0/communications/calls", headers=AUTH)
    assert unauthorized.status_code == 401
    assert models.ODataError.from_dict(unauthorized.json()).error.code == "InvalidAuthenticationToken"
    assert not_found.status_code == 404


def test_stats_count_requests_but_not_themselves(
    bench_server: server.ServerProcess, http: httpx.Client
) -> None:
    before = bench_server.stats()
    for _ in range(3):
        http.get(CALL)
    after = bench_server.stats()
    assert after.requests - before.requests == 3
    assert after.cpu_s >= before.cpu_s


def test_list_body_builds_on_the_reference_page_entries() -> None:
    body = server.list_body(10)
    reference = json.loads((server.FIXTURES / "call-list-participants.json").read_text())
    template = reference["examples"][0]["response"]["body"]["value"][0]
    assert len(body["value"]) == 10
    assert set(template) <= set(body["value"][0])
    kinds = {
        next(k for k in ("user", "application", "phone") if p["info"]["identity"][k]) for p in body["value"]
    }
    assert kinds == {"user", "application", "phone"}


def test_a_latency_prefix_is_answered_like_the_path_without_it(bench_server: server.ServerProcess) -> None:
    with httpx.Client(base_url=bench_server.base_url_with_latency(5), headers=AUTH) as late:
        invite = late.post(CALL.removeprefix("/v1.0") + "/invite", json={"participants": []})
        page = late.get(CALL.removeprefix("/v1.0"))  # the same keep-alive connection, answered in order
    assert invite.status_code == 200
    assert invite.json()["id"] == INVITE_ID
    assert len(page.json()["value"]) == 100


def test_split_latency_strips_a_latency_prefix_and_leaves_other_targets_alone() -> None:
    assert server.split_latency(b"/_latency/200/v1.0/x?a=1") == (0.2, b"/v1.0/x?a=1")
    assert server.split_latency(b"/v1.0/_latency/200/x") == (0.0, b"/v1.0/_latency/200/x")
    assert server.split_latency(b"/_latency/abc/v1.0") == (0.0, b"/_latency/abc/v1.0")
    assert server.split_latency(b"/_latency/99999999/v1.0") == (0.0, b"/_latency/99999999/v1.0")


def test_latency_url_is_the_plain_base_url_at_0_ms() -> None:
    assert server.latency_url("http://h:1", 0) == "http://h:1/v1.0"
    assert server.latency_url("http://h:1", 200) == "http://h:1/_latency/200/v1.0"
    with pytest.raises(ValueError, match="latency"):
        server.latency_url("http://h:1", -1)


def test_a_roster_call_lists_its_participants_in_pages_linked_by_next_links(
    bench_server: server.ServerProcess, http: httpx.Client
) -> None:
    url: str | None = f"/v1.0/communications/calls/{server.roster_call_id(1000)}/participants"
    ids: list[str] = []
    links = []
    while url is not None:
        response = http.get(url)
        assert response.status_code == 200
        page = models.ParticipantCollectionResponse.from_dict(response.json())
        ids += [p.id for p in page.value]
        url = response.json().get("@odata.nextLink")
        links.append(url)
    assert len(ids) == len(set(ids)) == 1000
    assert len(links) == pages("list_1000") == 10
    assert links[-1] is None
    roster = f"{bench_server.base_url}/communications/calls/{server.roster_call_id(1000)}/participants"
    assert links[0] == f"{roster}?$skiptoken=1"


def test_a_roster_next_link_keeps_the_latency_prefix(bench_server: server.ServerProcess) -> None:
    late = bench_server.base_url_with_latency(1)
    with httpx.Client(base_url=late, headers=AUTH) as client:
        first = client.get(f"/communications/calls/{server.roster_call_id(200)}/participants").json()
        second = client.get(first["@odata.nextLink"]).json()
    assert first["@odata.nextLink"].startswith(f"{late}/communications/calls/")
    assert (len(first["value"]), len(second["value"]), second.get("@odata.nextLink")) == (100, 100, None)


def test_roster_pages_past_the_end_bad_skiptokens_and_huge_rosters_are_404(http: httpx.Client) -> None:
    roster = f"/v1.0/communications/calls/{server.roster_call_id(1000)}/participants"
    assert http.get(f"{roster}?$skiptoken=10").status_code == 404
    assert http.get(f"{roster}?$skiptoken=x").status_code == 404
    assert http.get(roster.replace("000000001000", "999999999999")).status_code == 404
    assert http.get(f"{CALL}?$skiptoken=0").status_code == 200
    with pytest.raises(ValueError, match="roster"):
        server.roster_call_id(server.MAX_ROSTER + 1)
    assert server.roster_call_id(100) == server.CALL_ID


def test_the_workers_full_lists_are_the_servers_rosters() -> None:
    worker = _worker_module()
    assert set(worker.LIST_CALL_IDS) == set(LIST_OPS)
    for op, size in LIST_OPS.items():
        assert server.roster_size(worker.LIST_CALL_IDS[op].encode()) == size
        assert EXPECTED_RESULTS[op] == size


def test_graph_calls_workers_follow_every_page_of_a_full_list(
    bench_server: server.ServerProcess, graph_calls_async_worker: measure.Worker
) -> None:
    argv = [sys.executable, str(CONTENDERS_DIR / "graph_calls_sync.py"), bench_server.base_url]
    with measure.Worker("graph_calls_sync.py", argv, cwd=CONTENDERS_DIR) as worker:
        assert worker.ask(cmd="warm", op="list_1000", calls=1)["result"] == 1000
    assert graph_calls_async_worker.ask(cmd="warm", op="list_1000", calls=1)["result"] == 1000


def _worker_module() -> Any:
    sys.path.insert(0, str(CONTENDERS_DIR))
    try:
        import _worker
    finally:
        sys.path.remove(str(CONTENDERS_DIR))
    return _worker


# -- measuring helpers --------------------------------------------------------------------------------------


def test_percentile_interpolates_between_closest_ranks() -> None:
    values = [4.0, 1.0, 3.0, 2.0]
    assert measure.percentile(values, 0.5) == 2.5
    assert measure.percentile(values, 0.25) == 1.75
    assert measure.percentile(values, 0.75) == 3.25
    assert measure.percentile(values, 0.0) == 1.0
    assert measure.percentile(values, 1.0) == 4.0
    assert measure.percentile([7.0], 0.9) == 7.0


def test_percentile_refuses_no_values_and_fractions_outside_0_1() -> None:
    with pytest.raises(ValueError, match="no values"):
        measure.percentile([], 0.5)
    with pytest.raises(ValueError, match="fraction"):
        measure.percentile([1.0], 1.5)


def test_summarize_gives_median_quartiles_and_range() -> None:
    summary = measure.summarize([5.0, 1.0, 9.0, 3.0, 7.0])
    assert summary == measure.Summary(median=5.0, p25=3.0, p75=7.0, minimum=1.0, maximum=9.0, count=5)
    assert summary.scaled(1000).median == 5000.0
    with pytest.raises(ValueError, match="no values"):
        measure.summarize([])


def test_paired_ratios_and_differences_pair_round_by_round() -> None:
    assert measure.paired_ratios([2.0, 6.0], [1.0, 3.0]) == [2.0, 2.0]
    assert measure.paired_differences([5.0, 1.0], [2.0, 3.0]) == [3.0, -2.0]
    with pytest.raises(ValueError, match="pairs"):
        measure.paired_ratios([1.0], [1.0, 2.0])


def test_op_samples_keep_every_call_and_one_median_per_slice() -> None:
    samples = OpSamples()
    samples.add_slice([1.0, 3.0, 2.0], [2.0, 4.0, 3.0])
    samples.add_slice([10.0], [11.0])
    assert samples.slice_cpu_s == [2.0, 10.0]
    assert samples.slice_wall_s == [3.0, 11.0]
    assert samples.cpu().count == 4
    assert samples.cpu().median == 2.5


def test_rounds_within_runs_at_least_the_minimum_rounds() -> None:
    seen: list[int] = []
    assert rounds_within(0.0, seen.append, min_rounds=3) == 3
    assert seen == [0, 1, 2]


def test_run_cold_reports_modules_and_peak_rss_of_the_child_alone() -> None:
    sample = measure.run_cold([sys.executable, "-c", "import json\n" + measure.REPORT_LINE])
    assert sample.modules > 10
    assert 0 < sample.peak_rss_kib < 200_000
    assert 0 < sample.first_line_s <= sample.exit_s
    assert sample.cpu_s > 0


def test_run_cold_raises_with_the_childs_error() -> None:
    with pytest.raises(measure.ChildFailed, match="ZeroDivisionError"):
        measure.run_cold([sys.executable, "-c", "1 / 0"])


def test_parse_report_line_rejects_other_output() -> None:
    assert measure.parse_report_line("63 10240\n") == (63, 10240)
    with pytest.raises(ValueError, match="not a report line"):
        measure.parse_report_line("Traceback (most recent call last):")


def test_worker_answers_warm_slice_and_info_commands(bench_server: server.ServerProcess) -> None:
    argv = [sys.executable, str(CONTENDERS_DIR / "httpx_sync.py"), bench_server.base_url]
    with measure.Worker("httpx sync", argv, cwd=CONTENDERS_DIR) as worker:
        for op in OPS:
            assert worker.ask(cmd="warm", op=op, calls=1)["result"] == EXPECTED_RESULTS[op]
        answer = worker.ask(cmd="slice", op="get", budget_s=0.0, max_calls=3)
        at_least = worker.ask(cmd="slice", op="get", budget_s=0.0, max_calls=9, min_calls=4)
        info = worker.ask(cmd="info")
        with pytest.raises(measure.ChildFailed, match="KeyError"):
            worker.ask(cmd="warm", op="no-such-op", calls=1)
    assert len(answer["cpu_s"]) == len(answer["wall_s"]) == 1
    assert len(at_least["cpu_s"]) == 4
    assert info["modules"] > 0
    assert info["peak_rss_kib"] > 0


def test_graph_calls_async_worker_answers_a_burst(graph_calls_async_worker: measure.Worker) -> None:
    answer = graph_calls_async_worker.ask(cmd="burst", op="invite", concurrency=5)
    assert answer["result"] == INVITE_ID
    assert answer["wall_s"] > 0


def test_sync_worker_bursts_in_threads_sharing_its_capped_client(bench_server: server.ServerProcess) -> None:
    argv = [sys.executable, str(CONTENDERS_DIR / "httpx_sync.py"), bench_server.base_url, "--cap", "3"]
    with measure.Worker("httpx sync", argv, cwd=CONTENDERS_DIR) as worker:
        first = worker.ask(cmd="burst", op="invite", concurrency=7, threads=4)
        again = worker.ask(cmd="burst", op="invite", concurrency=5, threads=4)
    assert (first["ok"], first["errors"], first["result"]) == (7, {}, INVITE_ID)
    assert (again["ok"], again["errors"]) == (5, {})
    assert first["wall_s"] > 0
    assert first["cpu_s"] > 0


def test_capped_async_worker_answers_a_burst(bench_server: server.ServerProcess) -> None:
    argv = [sys.executable, str(CONTENDERS_DIR / "httpx_async.py"), bench_server.base_url, "--cap", "2"]
    with measure.Worker("httpx async, capped", argv, cwd=CONTENDERS_DIR) as worker:
        answer = worker.ask(cmd="burst", op="invite", concurrency=6)
    assert (answer["ok"], answer["errors"], answer["result"]) == (6, {}, INVITE_ID)


def test_a_burst_counts_failed_calls_by_exception_and_cause_instead_of_raising() -> None:
    with socket.socket() as closed:  # a port bound but not listening: connections are refused
        closed.bind(("127.0.0.1", 0))
        unreachable = f"http://127.0.0.1:{closed.getsockname()[1]}/v1.0"
        argv = [sys.executable, str(CONTENDERS_DIR / "httpx_async.py"), unreachable]
        with measure.Worker("httpx async", argv, cwd=CONTENDERS_DIR) as worker:
            answer = worker.ask(cmd="burst", op="invite", concurrency=3)
    assert answer["ok"] == 0
    assert answer["errors"] == {"ConnectError (httpcore.ConnectError)": 3}
    assert "ConnectError" in answer["error_sample"]
    assert answer["result"] is None


def test_burst_answer_names_errors_with_their_cause() -> None:
    sys.path.insert(0, str(CONTENDERS_DIR))
    try:
        import _worker
    finally:
        sys.path.remove(str(CONTENDERS_DIR))
    try:
        raise RuntimeError("outer") from KeyError("inner")
    except RuntimeError as error:
        chained = error
    try:
        raise ValueError("outer") from httpx.ReadError("inner")
    except ValueError as error:
        from_httpx = error
    outcomes = [{"id": "a"}, chained, from_httpx, ValueError("x"), ValueError("y")]
    answer = _worker.burst_answer(outcomes, 2.0, 1.0)
    assert answer["ok"] == 1
    assert answer["errors"] == {
        "RuntimeError (KeyError)": 1,
        "ValueError (httpx.ReadError)": 1,
        "ValueError": 2,
    }
    assert answer["result"] == "a"


# -- the burst matrix and tracked calls ---------------------------------------------------------------------


def test_the_matrix_pool_is_graph_calls_default_max_concurrency() -> None:
    assert POOL_SIZE == DEFAULT_MAX_CONCURRENCY


def test_only_sync_matrix_contenders_burst_in_threads() -> None:
    commands = {c.label: c.burst_command(1000) for c in MATRIX_CONTENDERS}
    assert {label: command.get("threads") for label, command in commands.items()} == {
        "graph-calls async": None,
        "httpx async, capped": None,
        "graph-calls sync, threads": POOL_SIZE,
        "httpx sync, threads": POOL_SIZE,
    }
    assert all(c["concurrency"] == 1000 and c["op"] == "invite" for c in commands.values())


def test_burst_outcome_checks_every_invite_is_accounted_for() -> None:
    answer = {"wall_s": 2.0, "cpu_s": 1.0, "ok": 8, "errors": {"ReadError": 2}, "result": INVITE_ID}
    outcome = burst_outcome(10, answer)
    assert (outcome.ok, outcome.error_count, outcome.throughput(), outcome.cpu_per_call_s()) == (
        8,
        2,
        4.0,
        0.1,
    )
    with pytest.raises(RuntimeError, match="accounted"):
        burst_outcome(11, answer)
    with pytest.raises(RuntimeError, match="answered"):
        burst_outcome(10, {**answer, "result": "something else"})


def test_parts_and_numbers_lists_parse_the_command_line() -> None:
    assert parts_list("memory, bursts") == ("bursts", "memory")  # in run order
    assert numbers_list("100,1_000,5000") == (100, 1000, 5000)
    for bad in ("", "bursts,nope"):
        with pytest.raises(argparse.ArgumentTypeError):
            parts_list(bad)
    for bad in ("1,x", "-1"):
        with pytest.raises(argparse.ArgumentTypeError):
            numbers_list(bad)
    assert set(PARTS) >= {"bursts", "memory"}


def test_tracked_call_bodies_feed_a_registry_one_established_call_with_three_participants() -> None:
    registry = CallRegistry()
    for n in (1, 2):
        for body in tracked_calls.notification_bodies(n):
            registry.apply_all(parse_notifications(body))
    calls = {call.call_id: call for call in registry.calls()}
    assert set(calls) == {tracked_calls.call_id(1), tracked_calls.call_id(2)}
    first, second = calls[tracked_calls.call_id(1)], calls[tracked_calls.call_id(2)]
    assert (first.state, len(first.participants)) == ("established", tracked_calls.ROSTER_SIZE)
    assert isinstance(first.call, models.Call)
    assert not set(first.participants) & set(second.participants)  # ids unique per call


def test_tracked_calls_measure_reports_growth_by_allocator() -> None:
    outcome = tracked_calls.measure(calls=20, traced_calls=5)
    assert (outcome["calls"], outcome["traced_calls"], outcome["notifications_per_call"]) == (20, 5, 3)
    by_allocator = outcome["traced_bytes_by_allocator"]
    assert set(by_allocator) == {name for name, _ in tracked_calls.ALLOCATORS} | {
        tracked_calls.OTHER_ALLOCATOR
    }
    # The registry builds models only when they are read (notifications/_resources.py): the JSON it keeps
    # until then is charged to json, and the registry's own records to graph-calls.
    assert sum(by_allocator.values()) > 0
    assert by_allocator["generated models"] == 0  # nothing read a model, so none was built
    assert outcome["body_bytes_per_call"] > 1000


def test_allocators_group_files_by_package() -> None:
    site = "/venv/lib/python3.11/site-packages"
    assert tracked_calls.allocator(f"{site}/graph_calls_generated/models/call.py") == "generated models"
    assert tracked_calls.allocator(f"{site}/graph_calls/notifications/state.py").startswith("graph-calls")
    assert tracked_calls.allocator("/usr/lib/python3.11/json/decoder.py").startswith("json")
    assert tracked_calls.allocator("/usr/lib/python3.11/collections/__init__.py") == "other"


def test_profile_bookkeeping_charges_own_time_to_packages_and_sums_key_functions() -> None:
    site = "/venv/lib/python3.11/site-packages"
    table = {
        (f"{site}/httpcore/_async/connection_pool.py", 270, "_assign_requests_to_connections"): (
            5,
            5,
            1.0,
            3.0,
            {},
        ),
        (f"{site}/httpcore/_async/connection.py", 192, "is_idle"): (100, 100, 2.0, 2.0, {}),
        (f"{site}/graph_calls/_core/slots.py", 60, "acquire"): (5, 5, 0.5, 0.5, {}),
        ("~", 0, "<method 'poll' of 'select.poll' objects>"): (5, 5, 0.25, 0.25, {}),
    }
    assert profile_burst.own_time_by_package(table) == {
        "httpcore": 3.0,
        "graph-calls": 0.5,
        profile_burst.BUILTINS: 0.25,
    }
    assert profile_burst.inclusive_time(table, "/httpcore/", "_assign_requests_to_connections") == (3.0, 5)
    assert profile_burst.inclusive_time(table, "/graph_calls/", "nothing") == (0.0, 0)


# -- venvs and the report -----------------------------------------------------------------------------------


def test_tree_digest_changes_with_content_and_ignores_bytecode(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("x = 1\n")
    first = venvs.tree_digest(tmp_path, ["pkg"])
    (tmp_path / "pkg" / "__pycache__").mkdir()
    (tmp_path / "pkg" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    assert venvs.tree_digest(tmp_path, ["pkg"]) == first
    (tmp_path / "pkg" / "a.py").write_text("x = 2\n")
    assert venvs.tree_digest(tmp_path, ["pkg"]) != first


def test_du_counts_allocated_blocks(tmp_path: Path) -> None:
    (tmp_path / "big").write_bytes(b"x" * 100_000)
    assert venvs.du_kib(tmp_path) >= 100_000 // 1024


def test_number_keeps_three_significant_figures() -> None:
    assert [report_format.number(v) for v in (0.41234, 4.1234, 41.234, 412.34, 1254.4)] == [
        "0.412",
        "4.12",
        "41.2",
        "412",
        "1,254",
    ]


def _results() -> Results:
    results = Results(started_at="2026-11-28 00:00 UTC", machine=_machine(), versions={}, unavailable={})
    for label, cpu_ms in (("graph-calls sync", 1.2), ("httpx sync", 1.0), ("graph-calls async", 2.0)):
        results.per_call[label] = {op: OpSamples() for op in OPS}
        for op in OPS:
            results.per_call[label][op].add_slice([cpu_ms / 1000] * 3, [cpu_ms / 1000] * 3)
    results.per_call["httpx async"] = {op: OpSamples() for op in OPS}
    for op in OPS:
        results.per_call["httpx async"][op].add_slice([0.001] * 3, [0.001] * 3)
    results.server_cost = {op: ServerCost(requests=10, cpu_s=0.001) for op in OPS}
    results.bursts = {"graph-calls async": [Burst(0.5, 0.4)], "httpx async": [Burst(0.25, 0.2)]}
    results.footprint_kib = {"empty": 1024, "graph-calls": 1024 * 30}
    results.matrix_settings = {"pool_size": 100, "sizes": [100, 1000], "latencies_ms": [0, 200]}
    results.burst_matrix = [
        _cell("async", 0, 100, ours_wall_s=[0.1, 0.1], theirs_wall_s=[0.1, 0.1]),  # 1.0×
        _cell("async", 0, 1000, ours_wall_s=[1.0, 1.0], theirs_wall_s=[0.5, 0.5]),  # 0.5×: not met
        _cell("sync", 200, 100, ours_wall_s=[0.25], theirs_wall_s=[0.25], our_errors={"ReadError": 1}),
        _cell("sync", 200, 1000, ours_wall_s=[2.0, 2.2], theirs_wall_s=[2.1, 2.0]),  # ~1.0×
    ]
    results.tracked_calls = {
        "calls": 10_000,
        "participants_per_call": 3,
        "notifications_per_call": 3,
        "body_bytes_per_call": 5728,
        "rss_growth_bytes": 10_000 * 12 * 1024,
        "apply_cpu_s": 5.0,
        "traced_calls": 1_000,
        "traced_bytes_by_allocator": {"generated models": 7_000_000, "other": 100_000},
    }
    return results


def _cell(
    mode: str,
    latency_ms: int,
    size: int,
    *,
    ours_wall_s: list[float],
    theirs_wall_s: list[float],
    our_errors: dict[str, int] | None = None,
) -> MatrixCell:
    errors = our_errors or {}
    failed = sum(errors.values())
    return MatrixCell(
        mode,
        latency_ms,
        size,
        ours=[BurstOutcome(size, wall, wall / 2, size - failed, errors) for wall in ours_wall_s],
        theirs=[BurstOutcome(size, wall, wall / 2, size) for wall in theirs_wall_s],
    )


def _machine() -> dict[str, str]:
    return {"cpu": "c", "os": "o", "python": "p", "load_start": "0", "commit": "abc", "pinning": "none"}


def test_targets_are_marked_met_or_not_met_against_their_limits() -> None:
    found = {t.claim: t for t in report.targets(_results())}
    assert found["CPU per invite, graph-calls sync ÷ httpx sync"].met is True  # 1.2× ≤ 1.3×
    assert found["CPU per invite, graph-calls async ÷ httpx async"].met is False  # 2.0× > 1.3×
    assert found["200 concurrent invites, AsyncGraphCalls ÷ httpx.AsyncClient throughput"].met is False
    footprint = found["site-packages a fresh install adds to an empty venv (du, MB = MiB)"]
    assert (footprint.measured, footprint.met) == ("29.0 MB", True)
    unmeasured = [t for t in found.values() if t.met is None]
    assert unmeasured  # no cold runs, no token race in this fake run: said so, not marked met
    assert all(t.verdict() == "—" for t in unmeasured)


def test_render_prints_the_targets_table_first() -> None:
    text = report.render(_results())
    assert text.startswith("# Benchmarks\n")
    assert text.index("## Targets") < text.index("## Per call")
    assert "**NOT MET**" in text
    assert "| met |" in text


def test_a_matrix_cell_is_met_with_no_errors_and_a_paired_ratio_of_at_least_0_9() -> None:
    by_key = {
        (c.mode, c.latency_ms, c.size): report_bursts.summarize_cell(c) for c in _results().burst_matrix
    }
    even, slow = by_key["async", 0, 100], by_key["async", 0, 1000]
    failing, close = by_key["sync", 200, 100], by_key["sync", 200, 1000]
    assert even is not None
    assert even.ratio is not None
    assert (even.met, even.ratio.median) == (True, 1.0)
    assert slow is not None
    assert not slow.met
    assert failing is not None
    assert (failing.met, failing.our_errors) == (False, {"ReadError": 1})
    assert close is not None
    assert close.met  # ratios 1.05 and 0.909: median 0.98
    assert report_bursts.summarize_cell(MatrixCell("async", 0, 5000)) is None


def test_matrix_targets_group_sizes_per_mode_and_latency() -> None:
    found = [t for t in report.targets(_results()) if t.claim.startswith("bursts of")]
    assert [(t.claim.split(":")[0], t.met) for t in found] == [
        ("bursts of 100 / 1,000 invites, 0 ms service", False),
        ("bursts of 100 / 1,000 invites, 200 ms service", False),
    ]
    assert found[0].measured == "1.00× / 0.500×"
    assert "errors: ReadError 1" in found[1].graph_calls


def test_render_prints_the_burst_matrix_and_the_memory_per_tracked_call() -> None:
    text = report.render(_results())
    matrix = text[text.index("## Bursts: 100, 1,000 concurrent invites") : text.index("## Memory")]
    assert "| 0 ms | 1,000 | graph-calls async | 2,000 of 2,000 | 0 |" in matrix  # two bursts
    assert "| 200 ms | 100 | graph-calls sync, threads | 99 of 100 | ReadError 1 |" in matrix
    assert "| 200 ms | 1,000 | httpx sync, threads |" in matrix
    assert "(baseline)" in matrix
    assert matrix.count("**NOT MET**") == 2
    memory = text[text.index("## Memory per tracked call") :]
    assert "| RSS growth (VmRSS), allocator overhead included | 10,000 | 117 MB | 12.0 KiB |" in memory
    assert "| tracemalloc: all | 1,000 | 6,934 KiB | 6.93 KiB |" in memory
    target = next(t for t in report.targets(_results()) if t.claim.startswith("memory per call"))
    assert (target.measured, target.met) == ("12.0 KiB", None)


def test_a_failed_memory_measurement_is_reported_not_raised() -> None:
    results = _results()
    results.tracked_calls = {"error": "ImportError: no graph_calls"}
    target = next(t for t in report.targets(results) if t.claim.startswith("memory per call"))
    assert target.met is None
    assert "ImportError" in target.measured
    assert "Not measured: ImportError" in report.render(results)


# -- speed at scale: full lists, notifications, simulator, httpx, wall time ---------------------------------


def test_scaled_budgets_keep_whole_script_rounds_and_two_seconds_of_invites() -> None:
    small = Budgets().scaled(0.01)
    assert (small.speed_script_rounds, small.simulator_invites_s) == (MIN_ROUNDS, 2.0)
    assert Budgets().scaled(1.0) == Budgets()
    assert {"notifications", "simulator"} <= set(PARTS)


def test_the_msgraph_venv_pins_httpx_to_the_graph_calls_venvs_version() -> None:
    assert venvs.msgraph_requirements("0.28.1") == (*venvs.MSGRAPH_REQUIREMENTS, "httpx==0.28.1")
    assert venvs.msgraph_requirements(None) == venvs.MSGRAPH_REQUIREMENTS


def test_notification_speed_gives_spreads_of_per_round_ratios() -> None:
    ratios = notification_speed.per_round_ratios([2.0, 3.0, 8.0], [1.0, 2.0, 4.0])
    assert ratios == [2.0, 1.5, 2.0]
    assert notification_speed.spread([4.0, 1.0, 3.0, 2.0]) == {
        "median": 2.5,
        "p25": 1.75,
        "p75": 3.25,
        "rounds": 4,
    }


def test_a_speed_script_that_fails_or_prints_no_json_is_reported_not_raised() -> None:
    failed = speed_scripts.run_script("bench.no_such_module", cpu=None)
    assert "error" in failed
    assert "No module named" in failed["error"]
    no_json = speed_scripts.run_script("platform", cpu=None)
    assert "printed no JSON" in no_json["error"]


def _scale_results() -> Results:
    results = _results()
    # graph-calls sync: 20 µs a participant at 100, 24 at 1,000, 30 at 5,000 (1.5×: not flat);
    # raw httpx sync 10 µs throughout; graph-calls async 2.2× raw at 5,000, 1.1× its 100 list (flat).
    cpu_us = {
        "graph-calls sync": {"list": 20.0, "list_1000": 24.0, "list_5000": 30.0},
        "httpx sync": {"list": 10.0, "list_1000": 10.0, "list_5000": 10.0},
        "graph-calls async": {"list": 20.0, "list_1000": 21.0, "list_5000": 22.0},
        "httpx async": {"list": 10.0, "list_1000": 12.0, "list_5000": 10.0},
    }
    for label, by_op in cpu_us.items():
        for op, per_participant_us in by_op.items():
            samples = results.per_call[label][op] = OpSamples()
            cpu_s = per_participant_us * LIST_OPS[op] / 1e6
            samples.add_slice([cpu_s] * 3, [cpu_s] * 3)
    results.notifications = {
        "parse_roster_over_json_loads": 1.4,
        "receiver_roster_over_bare_asgi": 1.6,
        "rounds": {
            "parse_roster_over_json_loads": [1.4, 1.45, 1.38],
            "receiver_roster_over_bare_asgi": [1.6, 1.7, 1.65],
            "parse_roster_us": [420.0, 430.0, 425.0],
            "json_loads_roster_us": [300.0, 297.0, 308.0],
            "asgi_receiver_roster_us": [500.0, 510.0, 505.0],
            "asgi_bare_roster_us": [310.0, 300.0, 306.0],
        },
        "also": {
            "parse_roster_reading_every_participant_over_json_loads": 4.4,
            "parse_small_over_json_loads": 4.0,
            "receiver_small_over_bare_asgi": 5.1,
            "receiver_roster_new_token_each_request_over_bare_asgi": 2.3,
        },
        "us": {"roster_body_bytes": 76_489},
    }
    results.simulator = {
        "first_start_stop_ms": 120.0,
        "start_stop_ms": 5.5,
        "start_ms": 4.5,
        "stop_ms": 1.0,
        "list_1000_ms": 50.0,
        "invites_per_s": 820.0,
        "samples": {
            "start_stop_ms": [5.0, 5.5, 6.0],
            "list_1000_ms": [48.0, 50.0, 90.0],
            "invites_per_s": [800.0, 820.0, 840.0],
        },
    }
    results.versions = {"graph-calls": {"httpx": "0.28.1"}, "msgraph": {"httpx": "0.28.1"}}
    results.part_s = {"per-call": 120.0, "bursts": 200.0}
    results.duration_s = 500.0
    return results


def test_full_list_targets_judge_the_ratio_to_raw_httpx_and_the_per_participant_flatness() -> None:
    found = {t.claim: t for t in report_scale.scale_targets(_scale_results())}
    sync_5000 = found[
        "CPU per full list of 5,000 participants (50 pages), graph-calls sync ÷ httpx sync + json"
    ]
    async_5000 = found[
        "CPU per full list of 5,000 participants (50 pages), graph-calls async ÷ httpx async + json"
    ]
    assert (sync_5000.measured, sync_5000.met) == ("3.00× (3.00–3.00)", False)
    assert (async_5000.measured, async_5000.met) == ("2.20× (2.20–2.20)", False)
    assert "30.0 µs a participant" in sync_5000.graph_calls
    flat_sync = found["CPU per participant, full list of 5,000 ÷ of 100 (flat), graph-calls sync"]
    flat_async = found["CPU per participant, full list of 5,000 ÷ of 100 (flat), graph-calls async"]
    assert (flat_sync.measured, flat_sync.met) == ("1.50× (1.50–1.50)", False)
    assert (flat_async.measured, flat_async.met) == ("1.10× (1.10–1.10)", True)
    assert flat_sync.graph_calls.startswith("20.0 / 24.0 / 30.0 µs a participant")


def test_notification_and_simulator_targets_take_medians_of_rounds_and_samples() -> None:
    scale = report_scale.scale_targets(_scale_results())

    def found(text: str) -> report_format.Target:
        return next(t for t in scale if text in t.claim)

    parse, receiver = found("parse a 100-participant roster update"), found("receiver through ASGI")
    assert (parse.measured, parse.met) == ("1.40× (1.39–1.42); best-of 1.40×", True)
    assert (receiver.met, receiver.goal) == (False, "≤ 1.5×")
    start_stop = found("simulator `start()` + `stop()`")
    assert (start_stop.measured, start_stop.met) == ("5.50 ms (5.25–5.75)", True)
    assert "the process's first 120 ms" in start_stop.graph_calls
    listed = found("simulator: list 1,000 participants")
    assert (listed.measured, listed.met) == ("50.0 ms (49.0–70.0)", True)
    invites = found("invites per second")
    assert (invites.measured, invites.met) == ("820/s (810–830)", False)


def test_a_failed_speed_script_leaves_its_targets_unjudged() -> None:
    results = _scale_results()
    results.notifications = {"error": "bench.notification_speed: ImportError: trustme"}
    results.simulator = None
    scale = report_scale.scale_targets(results)
    unjudged = [t for t in scale if t.met is None]
    assert len(unjudged) == 2 + 3 + 1  # notifications, simulator, and the import (no cold runs here)
    assert any("ImportError: trustme" in t.measured for t in unjudged)
    text = report.render(results)
    assert "Not measured: bench.notification_speed: ImportError: trustme." in text


def test_render_groups_the_scale_goals_explains_misses_and_ends_with_the_wall_time() -> None:
    text = report.render(_scale_results())
    assert text.index("### Speed at scale") < text.index("### Earlier targets") < text.index("## Per call")
    why = text[text.index("Goals missed, and why") : text.index("### Earlier targets")]
    assert "receiver through ASGI" in why
    assert "one GIL" in why
    assert "parse a 100-participant" not in why  # met: nothing to explain
    assert "- httpx: the same 0.28.1 in every venv" in text
    assert "| 5,000 (50 pages) | graph-calls sync | 150 ms (150–150) | 30.0 µs (30.0–30.0) |" in text
    assert "| first `start()` + `stop()` of the process | 120 ms | 1 |" in text
    assert text.rstrip().endswith(
        "Total wall time of this run: 500 s (8.3 min), **over** the 8 minutes allowed on 2 cores."
    )


def test_the_report_flags_venvs_on_different_httpx_versions() -> None:
    results = _scale_results()
    results.versions["msgraph"]["httpx"] = "0.29.0"
    assert report.httpx_line(results).startswith("- httpx: **not the same in every venv**")


def test_the_server_share_counts_every_page_of_a_full_list() -> None:
    results = _scale_results()
    results.server_cost["list_5000"] = ServerCost(requests=50, cpu_s=0.005)  # 100 µs a page, 5 ms a list
    row = next(r for r in report.server_rows(results) if r[0] == "full list of 5,000 participants")
    assert row[2:] == ["100 µs", "50.0 ms", "10 %"]  # the fastest full list: raw httpx, 50 ms


# -- notifications through Redis ----------------------------------------------------------------------------


def test_scaled_budgets_keep_enough_redis_waits_for_a_p99() -> None:
    assert Budgets().scaled(0.01).redis_waits == MIN_REDIS_WAITS
    assert Budgets().redis_waits == 500
    assert PARTS.index("simulator") < PARTS.index("redis") < PARTS.index("token-race")


def test_the_redis_workload_interleaves_calls_and_feeds_a_registry_rosters_and_operation_outcomes() -> None:
    bodies = redis_speed.workload(3)
    assert len(bodies) == 3 * 8
    assert redis_speed.mix(bodies) == {"call": 3, "roster": 15, "operation": 6}
    first = [parse_notifications(body)[0] for body in bodies[:3]]
    assert [n.call_id for n in first] == [redis_speed.call_id_of(n) for n in range(3)]  # one step, every call
    registry = CallRegistry()
    for body in bodies:
        registry.apply_all(parse_notifications(body))
    for number in range(3):
        call = registry[redis_speed.call_id_of(number)]
        assert call.state == "established"
        assert len(call.participants) == 4
        assert [p.is_muted for p in call.participants.values()].count(True) == 1  # the last update's
    done = [n for body in bodies for n in parse_notifications(body) if n.is_operation_finished]
    assert len(done) == 6
    assert all(registry.finished_operation(n.operation_id or "") is not None for n in done)


def test_the_redis_script_starts_its_own_server_and_stops_it() -> None:
    import redis
    from tests._redis_server import redis_server_binary

    redis_server_binary()  # installs Debian's package when missing, as the store tests do
    with redis_speed.RedisServerProcess(cpu=None) as started:
        client = redis.Redis.from_url(started.url)
        assert client.ping() is True
        client.close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", started.port), timeout=1).close()


def test_the_redis_script_prints_rates_and_waits_that_the_report_renders() -> None:
    from tests._redis_server import redis_server_binary

    redis_server_binary()
    figures = speed_scripts.run_script("bench.redis_speed", ["--rounds", "1", "--waits", "10"], cpu=None)
    assert "error" not in figures, figures
    assert set(figures["rounds"]) == {f"{name}_per_s" for name in redis_speed.RATE_CONTENDERS}
    assert all(len(rates) == 1 and rates[0] > 0 for rates in figures["rounds"].values())
    assert {name: len(values) for name, values in figures["waits"].items()} == {
        "memory_ms": 10,
        "memory_apply_ms": 10,
        "redis_ms": 10,
        "redis_apply_ms": 10,
    }
    assert figures["notifications_per_round"] == sum(figures["mix"].values()) == 8 * redis_speed.CALLS
    results = _scale_results()
    results.redis = figures
    section = "\n".join(report_redis.redis_section(results))
    assert "Not measured" not in section
    assert f"`redis-server` {figures['redis_server']} on 127.0.0.1" in section


def _redis_figures() -> dict[str, Any]:
    return {
        "redis_server": "7.0.15",
        "redis_py": "8.2.0",
        "calls_per_round": 100,
        "notifications_per_round": 800,
        "mix": {"call": 100, "roster": 500, "operation": 200},
        "mean_body_bytes": 1635,
        "wait_head_start_ms": 2.0,
        "wait_rounds": 10,
        "rounds": {
            "apply_memory_per_s": [100_000.0, 200_000.0, 150_000.0],
            "apply_redis_per_s": [4_000.0, 5_000.0, 5_000.0],  # 25×, 40×, 30× slower
            "receiver_memory_per_s": [20_000.0, 20_000.0, 20_000.0],
            "receiver_redis_per_s": [2_000.0, 2_000.0, 2_000.0],  # 10×
        },
        "waits": {
            "memory_ms": [0.05] * 101,
            "memory_apply_ms": [0.02] * 101,
            "redis_ms": [float(n) for n in range(1, 102)],  # p25 26, p50 51, p75 76, p99 100, max 101
            "redis_apply_ms": [0.5] * 101,
        },
        "load_start": "0.50 0.40 0.30",
        "load_end": "1.50 0.60 0.35",
        "wall_s": 15.2,
    }


def test_the_redis_section_gives_rates_per_round_ratios_and_wait_percentiles() -> None:
    results = _scale_results()
    results.redis = _redis_figures()
    text = report.render(results)
    section = text[text.index("## Notifications through Redis") : text.index("## Bursts")]
    assert text.index("## Simulator") < text.index("## Notifications through Redis")
    assert (
        "| `apply_all`, one thread | Redis | 5,000/s (4,500–5,000) | 200 µs (200–225) "
        "| 30.0× (27.5–35.0) | 3 |" in section
    )
    assert "| `apply_all`, one thread | in memory | 150,000/s (125,000–175,000) |" in section
    assert "| receiver: `asgi_app()`, token checked | Redis | 2,000/s (2,000–2,000) | 500 µs" in section
    assert "| 10.0× (10.0–10.0) | 3 |" in section
    assert (
        "| Redis: A and B two registries on two stores, one namespace (pub/sub) | 51.0 ms (26.0–76.0) "
        "| 100 ms | 101 ms | 0.500 ms | 101 |" in section
    )
    assert "| in memory: one registry, A waiting on another thread | 0.050 ms (0.050–0.050) |" in section
    assert "500 roster updates of 1 to 4 participants, 200 operation completions" in section
    assert "when the script started 0.50 0.40 0.30, when it ended 1.50 0.60 0.35" in section


def test_a_failed_redis_script_is_reported_in_its_section_not_raised() -> None:
    results = _scale_results()
    results.redis = {"error": "bench.redis_speed: RuntimeError: redis-server is not installed"}
    failed = report.render(results)
    assert (
        "## Notifications through Redis\n\nNot measured: bench.redis_speed: RuntimeError: redis-server is"
        " not installed." in failed
    )
    results.redis = None
    assert "## Notifications through Redis\n\nNot measured: no result." in report.render(results)
