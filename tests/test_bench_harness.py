"""The pieces of ``make bench`` work, without running the benchmark (no timed assertions).

The bench server answers the four participant routes with bodies the generated models parse; the measuring
helpers compute medians and spreads; a contender worker answers the harness's commands; a cold child
reports its modules and peak RSS; the report marks targets met or not met.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # ``bench/`` is maintainer code at the repository root, not installed
    sys.path.insert(0, str(REPO_ROOT))

from bench import measure, report, server, venvs  # noqa: E402
from bench.results import OPS, Burst, OpSamples, Results, ServerCost  # noqa: E402
from bench.run import CONTENDERS_DIR, EXPECTED_RESULTS, INVITE_ID, rounds_within  # noqa: E402

from graph_calls import models  # noqa: E402

AUTH = {"Authorization": "Bearer bench-static-token"}
CALL = "/v1.0/communications/calls/7531d31f-d10d-44de-802f-c569dbca451c/participants"


@pytest.fixture(scope="module")
def bench_server() -> Iterator[server.ServerProcess]:
    with server.ServerProcess(sys.executable) as running:
        yield running


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
        info = worker.ask(cmd="info")
        with pytest.raises(measure.ChildFailed, match="KeyError"):
            worker.ask(cmd="warm", op="no-such-op", calls=1)
    assert len(answer["cpu_s"]) == len(answer["wall_s"]) == 1
    assert info["modules"] > 0
    assert info["peak_rss_kib"] > 0


def test_graph_calls_async_worker_answers_a_burst(bench_server: server.ServerProcess) -> None:
    argv = [sys.executable, str(CONTENDERS_DIR / "graph_calls_async.py"), bench_server.base_url]
    with measure.Worker("graph-calls async", argv, cwd=CONTENDERS_DIR) as worker:
        answer = worker.ask(cmd="burst", op="invite", concurrency=5)
    assert answer["result"] == INVITE_ID
    assert answer["wall_s"] > 0


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
    assert [report.number(v) for v in (0.41234, 4.1234, 41.234, 412.34, 1254.4)] == [
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
    return results


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
