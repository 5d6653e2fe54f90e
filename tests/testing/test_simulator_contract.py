"""The contract checks: bad requests are refused before any handler runs, and a response that breaks
the spec is recorded and fails the test that caused it."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph_calls.testing._contract import SpecContract
from graph_calls.testing.fixtures import check_contract
from graph_calls.testing.simulator import GraphSimulator

from ._users_suite import run_pytest

REFERENCE = Path(__file__).parent.parent / "fixtures" / "graph_reference"
# Documented request bodies that are not valid as printed (placeholders in the reference).
KNOWN_BAD_DOC_REQUESTS = {
    ("call-updaterecordingstatus.json", 0)
}  # "status": "notRecording | recording | failed"


CONTRACT = SpecContract.load()


def test_a_malformed_body_is_a_400_naming_the_field_and_changes_nothing(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()

    response = graph_http.post(
        f"/communications/calls/{call_id}/participants/invite",
        json={"participants": [{"identity": {"user": {"id": "u1"}}, "hidden": "yes"}]},
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "BadRequest"
    assert error["message"] == "participants/0/hidden: 'yes' is not of type 'boolean'"
    assert set(error["innerError"]) == {"date", "request-id", "client-request-id"}
    assert graph_sim.operations(call_id) == []  # the handler never ran


@pytest.mark.parametrize(
    ("content", "content_type", "expected"),
    [
        (b'{"participants": [', "application/json", "not valid JSON"),
        (b"\xff\xfe{}", "application/json", "not UTF-8"),
        (b'{"participants": []}', "text/plain", "unsupported Content-Type 'text/plain'"),
        (b"", "application/json", "request body is required"),
        (b'{"participants": "nope"}', "application/json", "participants: 'nope' is not of type 'array'"),
    ],
)
def test_undecodable_or_mistyped_bodies_are_refused(
    graph_sim: GraphSimulator, graph_http: httpx.Client, content: bytes, content_type: str, expected: str
) -> None:
    call_id = graph_sim.seed_call()

    response = graph_http.post(
        f"/communications/calls/{call_id}/participants/invite",
        content=content,
        headers={"Content-Type": content_type},
    )

    assert response.status_code == 400
    assert expected in response.json()["error"]["message"]
    assert graph_sim.operations(call_id) == []


def test_an_enum_violation_names_the_allowed_values(graph_http: httpx.Client) -> None:
    response = graph_http.post(
        "/communications/calls",
        json={
            "callbackUri": "https://bot.example/cb",
            "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"},
            "requestedModalities": ["smell"],
        },
    )

    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith(
        "requestedModalities/0: 'smell' is not one of ['audio'"
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [({"$top": "abc"}, "$top: 'abc' is not a valid integer"), ({"$top": "-1"}, "$top:")],
)
def test_bad_query_parameters_are_refused(
    graph_sim: GraphSimulator, graph_http: httpx.Client, query: dict[str, str], expected: str
) -> None:
    call_id = graph_sim.seed_call()

    response = graph_http.get(f"/communications/calls/{call_id}/participants", params=query)

    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith(expected)


def test_empty_query_values_are_not_refused(graph_sim: GraphSimulator, graph_http: httpx.Client) -> None:
    call_id = graph_sim.seed_call()

    response = graph_http.get(f"/communications/calls/{call_id}/participants?$search=&$filter=")

    assert response.status_code == 200


def test_a_percent_encoded_id_is_validated_like_any_other(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call(call_id="a/b")

    good = graph_http.post(
        "/communications/calls/a%2Fb/playPrompt",
        json={"prompts": [{"mediaInfo": {"uri": "https://cdn.contoso.com/x.wav"}}]},
    )
    bad = graph_http.post("/communications/calls/a%2Fb/playPrompt", json={"prompts": "x"})

    assert good.status_code == 200
    assert bad.status_code == 400
    assert bad.json()["error"]["message"] == "prompts: 'x' is not of type 'array'"
    assert len(graph_sim.operations(call_id)) == 1


def test_the_namespace_qualified_action_is_validated_like_the_plain_one(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()

    response = graph_http.post(
        f"/communications/calls/{call_id}/microsoft.graph.sendDtmfTones", json={"tones": ["beep"]}
    )

    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("tones/0: 'beep' is not one of")


def test_a_corrupted_response_is_sent_recorded_and_fails_the_contract_check(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()
    graph_sim.corrupt_next_response({"state": "exploded"})

    response = graph_http.get(f"/communications/calls/{call_id}")

    assert response.status_code == 200
    assert response.json()["state"] == "exploded"  # still sent
    (violation,) = graph_sim.contract_violations
    assert violation.kind == "response"
    assert violation.operation == "calls_get"
    assert violation.status == 200
    assert any(problem.startswith("state: 'exploded'") for problem in violation.problems)
    with pytest.raises(pytest.fail.Exception, match="spec does not allow"):
        check_contract(graph_sim)
    with pytest.raises(AssertionError, match="calls_get"):
        graph_sim.assert_no_contract_violations()
    graph_sim.reset()  # this test broke the contract on purpose: don't fail it at teardown


def test_the_default_corruption_breaks_lists_and_entities(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()
    graph_sim.corrupt_next_response()
    graph_sim.corrupt_next_response()

    listed = graph_http.get(f"/communications/calls/{call_id}/participants")
    fetched = graph_http.get(f"/communications/calls/{call_id}")

    assert listed.json()["value"] == "corrupted"
    assert fetched.json()["id"] == 12345
    assert [violation.operation for violation in graph_sim.contract_violations] == [
        "participants_list",
        "calls_get",
    ]
    graph_sim.reset()


def test_a_notification_payload_that_breaks_the_spec_is_recorded(
    graph_sim: GraphSimulator, callback: Any
) -> None:
    call_id = graph_sim.seed_call(callback_uri=callback.url, participants=[{"id": "p1", "metadata": 42}])

    graph_sim.seed_content_sharing_session(call_id)  # no notification: not enabled on this call
    with httpx.Client(base_url=graph_sim.base_url, verify=graph_sim.ssl_context()) as http:
        token = graph_sim.access_token()
        http.post(
            f"/communications/calls/{call_id}/participants/p1/mute",
            json={},
            headers={"Authorization": f"Bearer {token}"},
        )
    graph_sim.settle()

    kinds = {(violation.kind, violation.operation) for violation in graph_sim.contract_violations}
    assert ("notification", "participant") in kinds
    graph_sim.reset()


def test_a_test_using_graph_sim_fails_when_the_simulator_breaks_the_spec(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["graph_calls.testing.fixtures"]\n')
    (tmp_path / "test_user_suite.py").write_text(
        textwrap.dedent(
            """
            import httpx

            def get_call(sim, call_id):
                token = sim.access_token()
                with httpx.Client(verify=sim.ssl_context()) as http:
                    return http.get(f"{sim.base_url}/communications/calls/{call_id}",
                                    headers={"Authorization": f"Bearer {token}"})

            def test_clean(graph_sim):
                assert get_call(graph_sim, graph_sim.seed_call()).status_code == 200

            def test_broken(graph_sim):
                graph_sim.corrupt_next_response({"state": "exploded"})
                assert get_call(graph_sim, graph_sim.seed_call()).status_code == 200
            """
        )
    )

    # A user's plain suite (no plugins of ours auto-loaded), which starts faster.
    result = run_pytest(tmp_path, timeout=120, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")

    assert result.returncode == 1, result.stdout + result.stderr
    # test_broken's own body passes; the fixture's teardown check turns it into an error.
    assert "2 passed, 1 error" in result.stdout
    assert "ERROR test_user_suite.py::test_broken" in result.stdout
    assert "state: 'exploded'" in result.stdout


def _same_method(page: dict[str, Any], request: dict[str, Any]) -> bool:
    """False for a step of a multi-request example that calls another operation (invite, then delete)."""
    return bool(request["method"].upper() == CONTRACT.operations[page["operation"]].method)


def _path_params(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]


def reference_examples() -> list[tuple[str, int, dict[str, Any]]]:
    examples = []
    for path in sorted(REFERENCE.glob("*.json")):
        page = json.loads(path.read_text())
        for index, example in enumerate(page["examples"]):
            request, response = example.get("request"), example.get("response")
            # Skip notification-only examples and the recording download (not a Graph URL).
            if request and response and request["path"].startswith("/") and _same_method(page, request):
                examples.append((path.name, index, {"operation": page["operation"], **example}))
    return examples


@pytest.mark.parametrize(
    ("page", "index", "example"),
    [
        pytest.param(page, index, example, id=f"{page}#{index}")
        for page, index, example in reference_examples()
    ],
)
def test_documented_examples_meet_the_contract(page: str, index: int, example: dict[str, Any]) -> None:
    contract = CONTRACT
    operation = contract.operations[example["operation"]]
    params = dict.fromkeys(_path_params(operation.path), "57dab8b1-894c-409a-b240-bd8beae78896")
    request = example["request"]
    body = None if request["body"] is None else json.dumps(request["body"]).encode()

    request_problems = contract.check_request(
        example["operation"], path_params=params, body=body, content_type="application/json" if body else ""
    )
    response = example["response"]
    payload = None if response.get("body") is None else json.dumps(response["body"]).encode()
    response_problems = contract.check_response(
        example["operation"],
        status=response["status"],
        body=payload,
        content_type="application/json" if payload else "",
        path_params=params,
    )

    if (page, index) in KNOWN_BAD_DOC_REQUESTS:
        assert request_problems
    else:
        assert request_problems == []
    assert response_problems == []
