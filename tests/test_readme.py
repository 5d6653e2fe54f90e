"""Every README example runs, against the simulator, exactly as printed.

The examples read their settings from the environment like a real bot would; the test points those at the
simulator's app and call, and points ``from_client_secret`` at the simulator's hosts (base URL, authority,
CA bundle) — the one thing that differs from production. Everything else is the real client over a real
socket.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.testing._users_suite import outcomes_by_test, printed_by_pytest

from graph_calls import AsyncGraphCalls, GraphCalls
from graph_calls.testing.simulator import GraphSimulator

README = Path(__file__).resolve().parents[1] / "README.md"
EXAMPLE = re.compile(r"<!-- example: ([\w-]+) -->\s*```python\n(.*?)```", re.DOTALL)
INVITEE = "a7ebfb2d-871e-419c-87af-27290b22e8db"


def examples() -> dict[str, str]:
    return dict(EXAMPLE.findall(README.read_text(encoding="utf-8")))


def test_readme_has_the_reference_page_twins() -> None:
    names = set(examples())
    for operation in ("delete", "invite"):
        assert {f"reference-{operation}-sync", f"reference-{operation}-async"} <= names


@pytest.fixture
def point_at_simulator(graph_sim: GraphSimulator, monkeypatch: pytest.MonkeyPatch) -> str:
    """Environment of a bot already in a call with two other participants; returns the call id."""
    call_id = graph_sim.seed_call(participants=2)
    monkeypatch.setenv("GRAPH_TENANT_ID", graph_sim.tenant_id)
    monkeypatch.setenv("GRAPH_CLIENT_ID", graph_sim.client_id)
    monkeypatch.setenv("GRAPH_CLIENT_SECRET", graph_sim.client_secret)
    monkeypatch.setenv("GRAPH_CALL_ID", call_id)
    hosts = {"base_url": graph_sim.base_url, "authority": graph_sim.authority, "verify": graph_sim.ca_bundle}
    for cls in (GraphCalls, AsyncGraphCalls):
        original = cls.from_client_secret.__func__  # type: ignore[attr-defined]

        def redirected(klass: Any, *, _original: Any = original, **kwargs: Any) -> Any:
            return _original(klass, **{**kwargs, **hosts})

        monkeypatch.setattr(cls, "from_client_secret", classmethod(redirected))
    return call_id


def run_example(name: str) -> str:
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(examples()[name], f"README.md:{name}", "exec"), {"__name__": "__main__"})
    return output.getvalue()


@pytest.mark.parametrize("name", ["reference-delete-sync", "reference-delete-async"])
def test_reference_delete_example_removes_the_participant(
    name: str, graph_sim: GraphSimulator, point_at_simulator: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    call_id = point_at_simulator
    victim = graph_sim.participants(call_id)[-1]["id"]
    monkeypatch.setenv("GRAPH_PARTICIPANT_ID", victim)
    run_example(name)
    assert victim not in [p["id"] for p in graph_sim.participants(call_id)]
    request = graph_sim.last_request
    assert request is not None
    assert (request.method, request.raw_path) == (
        "DELETE",
        f"/v1.0/communications/calls/{call_id}/participants/{victim}",
    )
    assert request.status == 204


@pytest.mark.parametrize("name", ["reference-invite-sync", "reference-invite-async"])
def test_reference_invite_example_adds_the_invitee(
    name: str, graph_sim: GraphSimulator, point_at_simulator: str
) -> None:
    call_id = point_at_simulator
    printed = run_example(name)
    assert printed.strip().lower() == "completed"
    invite = next(r for r in graph_sim.requests if r.operation == "participants_invite")
    assert invite.raw_path == f"/v1.0/communications/calls/{call_id}/participants/invite"
    import json

    assert json.loads(invite.body) == {
        "participants": [
            {
                "identity": {
                    "user": {"id": "278405a3-f568-4b3e-b684-009193463064", "identityProvider": "AAD"}
                },
                "participantId": INVITEE,
            }
        ],
        "clientContext": "f2fa86af-3c51-4bc2-8fc0-475452d9764f",
    }
    assert INVITEE in [p["id"] for p in graph_sim.participants(call_id)]


def test_types_example_plays_a_prompt_and_lists_typed_participants(
    graph_sim: GraphSimulator, point_at_simulator: str
) -> None:
    call_id = point_at_simulator
    printed = run_example("types").splitlines()
    assert sorted(line.split()[0] for line in printed) == sorted(
        p["id"] for p in graph_sim.participants(call_id)
    )
    assert {line.split()[1] for line in printed} <= {"muted", "unmuted"}
    sent = {r.operation for r in graph_sim.requests}
    assert {"calls_play_prompt", "calls_update_recording_status", "participants_list"} <= sent


def test_extra_body_example_sends_what_the_spec_does_not_model(
    graph_sim: GraphSimulator, point_at_simulator: str
) -> None:
    import json

    run_example("extra-body")
    transfer = next(r for r in graph_sim.requests if r.operation == "calls_transfer")
    assert json.loads(transfer.body)["clientContext"] == "9e90d1c1-f61e-43e7-9f75-d420159aae08"
    assert ("x-bot-trace", "transfer-42") in transfer.headers


def test_meeting_join_example_joins_by_link_and_by_meeting_id(
    graph_sim: GraphSimulator, point_at_simulator: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from tests.test_meetings import classic_url

    monkeypatch.setenv("TEAMS_JOIN_URL", classic_url(tenant=graph_sim.tenant_id))
    printed = run_example("meeting-join").splitlines()
    assert len(printed) == 2
    assert all(line.split()[1] in ("establishing", "established") for line in printed)
    bodies = [json.loads(r.body) for r in graph_sim.requests if r.operation == "calls_create"]
    assert bodies[0]["meetingInfo"]["@odata.type"] == "#microsoft.graph.organizerMeetingInfo"
    assert bodies[0]["tenantId"] == graph_sim.tenant_id
    assert bodies[1]["meetingInfo"] == {
        "@odata.type": "#microsoft.graph.joinMeetingIdMeetingInfo",
        "joinMeetingId": "231045254323",
        "passcode": "mKBhMi",
    }


@pytest.fixture(scope="module")
def readme_users_suite(tmp_path_factory: pytest.TempPathFactory) -> str:
    """What pytest prints (``-rA``) running the README's testing examples, copied into one fresh project.

    One run for both suites the README prints (each a user's project on its own): the README's conftest,
    ``my_bot.py``, the incoming-call test as ``test_my_bot.py`` and the invite test as
    ``test_add_expert.py`` (both are printed as ``test_my_bot.py``; neither uses the other's file).
    """
    project = tmp_path_factory.mktemp("readme_users_suite")
    for name, example in [
        ("conftest.py", "testing-conftest"),
        ("test_add_expert.py", "testing-test"),
        ("my_bot.py", "testing-bot"),
        ("test_my_bot.py", "testing-bot-test"),
    ]:
        (project / name).write_text(examples()[example], encoding="utf-8")
    return printed_by_pytest(project, "-rA")


def test_testing_example_runs_as_a_users_suite(readme_users_suite: str) -> None:
    """The README's conftest + test, copied into a fresh project, pass with the shipped fixtures."""
    expert = outcomes_by_test(readme_users_suite, "test_add_expert.py")
    assert expert == {"test_add_expert_brings_the_user_into_the_call": ["PASSED"]}, readme_users_suite


SNIPPET = re.compile(r"<!-- snippet: (.+?) -->\s*```python\n(.*?)```", re.DOTALL)
TESTED_SNIPPETS = Path(__file__).parent / "notifications" / "readme_examples.py"


def test_notification_snippets_are_the_code_the_notification_tests_run() -> None:
    """tests/notifications runs these functions; the README must print exactly their bodies."""
    import textwrap

    tested = {
        name: textwrap.dedent(body).strip("\n")
        for name, body in re.findall(
            r"# README: (.+?)\n(.*?)\n\s*# README end", TESTED_SNIPPETS.read_text(encoding="utf-8"), re.DOTALL
        )
    }
    printed = {name: body.strip("\n") for name, body in SNIPPET.findall(README.read_text(encoding="utf-8"))}
    assert set(printed) == set(tested)
    for name, body in tested.items():
        assert printed[name] == body, name


def test_every_python_block_in_the_readme_is_one_the_tests_run() -> None:
    text = README.read_text(encoding="utf-8")
    blocks = text.count("```python\n")
    assert blocks == len(EXAMPLE.findall(text)) + len(SNIPPET.findall(text))


# -- "Test your bot offline": the incoming call, end to end -----------------------------------------

from graph_calls.testing.fixtures import graph_callback_validator, serve_bot  # noqa: E402, F401 - fixtures

pytestmark = pytest.mark.slow  # runs the README's examples, one as a user's suite 50 times

SCENARIO = re.compile(r"<!-- scenario: ([\w-]+) -->\s*```yaml\n(.*?)```", re.DOTALL)
INCOMING_CALL_TEST = "test_the_bot_answers_and_plays_the_welcome_prompt"


@pytest.fixture(scope="module")
def readme_bot_test() -> Iterator[Callable[..., None]]:
    """The README's test function, with the README's ``my_bot`` importable as ``my_bot``."""
    import sys
    import types

    my_bot = types.ModuleType("my_bot")
    exec(compile(examples()["testing-bot"], "README.md:testing-bot", "exec"), my_bot.__dict__)
    sys.modules["my_bot"] = my_bot
    try:
        namespace: dict[str, Any] = {"__name__": "test_my_bot"}
        exec(compile(examples()["testing-bot-test"], "README.md:testing-bot-test", "exec"), namespace)
        yield namespace[INCOMING_CALL_TEST]
    finally:
        del sys.modules["my_bot"]


@pytest.mark.parametrize("run", range(50))
def test_the_incoming_call_example_passes_50_times_in_a_row(
    run: int, readme_bot_test: Callable[..., None], request: pytest.FixtureRequest
) -> None:
    import inspect

    fixtures = inspect.signature(readme_bot_test).parameters
    readme_bot_test(**{name: request.getfixturevalue(name) for name in fixtures})


def test_the_incoming_call_example_runs_as_a_users_suite(readme_users_suite: str) -> None:
    """The README's conftest, my_bot.py and test, copied into a fresh project, pass with the fixtures."""
    incoming = outcomes_by_test(readme_users_suite, "test_my_bot.py")
    assert incoming == {INCOMING_CALL_TEST: ["PASSED"]}, readme_users_suite


def test_the_readme_scenario_file_is_one_serve_can_play(tmp_path: Path) -> None:
    from graph_calls.testing._scenario_file import load_scenario

    [(_, text)] = SCENARIO.findall(README.read_text(encoding="utf-8"))
    (tmp_path / "call.yml").write_text(text, encoding="utf-8")

    scenario = load_scenario(tmp_path / "call.yml")

    assert [step.action for step in scenario.steps] == ["ring", "wait", "press", "sleep", "hang_up", "settle"]


def test_every_yaml_block_in_the_readme_is_a_scenario_the_tests_load() -> None:
    text = README.read_text(encoding="utf-8")
    assert text.count("```yaml\n") == len(SCENARIO.findall(text))
