"""``python -m graph_calls.testing serve``: ringing a bot and playing a scenario file.

The scenarios ring real bots: a NotificationReceiver answering through the graph-calls client (served by
``serve_bot``), and, for the command line itself, a recording endpoint on 127.0.0.1 (the command starts a
simulator of its own, whose app id a bot cannot know in advance).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph_calls import GraphCalls
from graph_calls.models import Call, ServiceHostedMediaConfig
from graph_calls.notifications import Notification
from graph_calls.testing.__main__ import main
from graph_calls.testing._scenario_file import ScenarioError, check_scenario, load_scenario, run_scenario
from graph_calls.testing.fixtures import ServeBot, serve_bot
from graph_calls.testing.simulator import GraphSimulator

from .conftest import CallbackReceiver

__all__ = ["serve_bot"]

PHONE = "+15555550100"


def answering(graph: GraphCalls) -> Any:
    def on_notifications(notifications: list[Notification]) -> None:
        for notification in notifications:
            call = notification.resource_data
            if notification.change_type == "created" and isinstance(call, Call) and notification.call_id:
                graph.calls[notification.call_id].answer(
                    callback_uri=str(call.callback_uri),
                    media_config=ServiceHostedMediaConfig(),
                    accepted_modalities=["audio"],
                )

    return on_notifications


def test_a_scenario_rings_a_bot_waits_for_its_answer_and_hangs_up(
    graph_sim: GraphSimulator, graph_client: GraphCalls, serve_bot: ServeBot
) -> None:
    bot = serve_bot(on_notifications=answering(graph_client))
    scenario = check_scenario(
        [
            {"ring": {"caller": f"phone:{PHONE}"}},
            {"wait": {"state": "established", "timeout": 10}},
            {"hang_up": None},
            {"settle": {"timeout": 10}},
        ]
    )
    said: list[str] = []

    calls = run_scenario(graph_sim, scenario, ring_url=bot.callback_url, say=said.append)
    bot.wait_quiet()

    call_id = calls["call"]
    assert graph_sim.call(call_id)["source"]["identity"]["phone"]["id"] == PHONE
    assert graph_sim.call(call_id)["state"] == "terminated"
    assert bot.registry[call_id].ended
    assert said == [
        f"ring {bot.callback_url} from phone:{PHONE}: call {call_id}",
        f"call {call_id} is established",
        f"hang up call {call_id}",
        "settled",
    ]


def test_two_named_calls_ring_two_urls(
    graph_sim: GraphSimulator, graph_client: GraphCalls, serve_bot: ServeBot
) -> None:
    first, second = (serve_bot(on_notifications=answering(graph_client)) for _ in range(2))
    scenario = check_scenario(
        [
            {"ring": {"url": first.callback_url, "caller": "user:8a0c3b1e", "as": "alice"}},
            {"ring": {"url": second.callback_url, "caller": "guest:visitor", "as": "guest"}},
            {"wait": {"state": "established", "call": "alice"}},
            {"wait": {"state": "established", "call": "guest"}},
            {"hang_up": {"call": "guest"}},
        ]
    )

    calls = run_scenario(graph_sim, scenario, say=lambda line: None)
    first.wait_quiet()
    second.wait_quiet()

    assert first.registry[calls["alice"]].state == "established"
    assert second.registry[calls["guest"]].ended
    assert graph_sim.call(calls["guest"])["source"]["identity"]["guest"]["id"] == "visitor"


def test_a_step_the_simulator_refuses_ends_the_scenario_with_where_and_why(
    graph_sim: GraphSimulator, serve_bot: ServeBot
) -> None:
    bot = serve_bot(on_notifications=lambda notifications: None)  # never answers, never subscribes
    scenario = check_scenario([{"ring": {}}, {"press": "5"}], source="tones.yml")

    with pytest.raises(ScenarioError, match=r"^tones.yml: step 2 \(press\): .*subscribe"):
        run_scenario(graph_sim, scenario, ring_url=bot.callback_url, say=lambda line: None)


def test_a_wait_that_times_out_says_the_last_state(graph_sim: GraphSimulator, serve_bot: ServeBot) -> None:
    bot = serve_bot(on_notifications=lambda notifications: None)
    scenario = check_scenario([{"ring": {}}, {"wait": {"state": "established", "timeout": 0.2}}])

    with pytest.raises(
        ScenarioError, match=r"step 2 \(wait\): call .* not established after 0.2 s \(last state: incoming\)"
    ):
        run_scenario(graph_sim, scenario, ring_url=bot.callback_url, say=lambda line: None)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ([], "expected a non-empty list of steps"),
        ({"step": []}, "unknown top-level key(s) 'step'; use 'steps'"),
        (
            ["ring"],
            "step 1: a step is a mapping with one action, one of: ring, wait, press, hang_up, sleep, settle",
        ),
        ([{"ring": {}, "wait": {}}], "step 1: a step is a mapping with one action"),
        ([{"dial": {}}], "step 1: unknown action 'dial'"),
        (
            [{"ring": {"caler": "user:1"}}],
            "step 1 (ring): unknown option(s) 'caler'; use one of: url, caller, as",
        ),
        ([{"ring": {"caller": "fax:1"}}], "step 1 (ring): caller is not usable: caller 'fax:1': the kind is"),
        (
            [{"ring": {"caller": "phone:555"}}],
            "step 1 (ring): caller is not usable: phone number '555' is not",
        ),
        ([{"ring": {"url": "ftp://bot"}}], "step 1 (ring): url must be an http(s) URL, not 'ftp://bot'"),
        ([{"ring": {}}, {"wait": {"state": "answered"}}], "step 2 (wait): state must be a call state ("),
        ([{"ring": {}}, {"wait": {"timeout": 5}}], "step 2 (wait): state is required"),
        (
            [{"ring": {}}, {"press": "pound"}],
            "step 2 (press): tone must be one of 0-9, *, #, A-D, not 'pound'",
        ),
        ([{"ring": {}}, {"sleep": -1}], "step 2 (sleep): seconds must be a number of seconds >= 0, not -1"),
        ([{"ring": {}}, {"sleep": True}], "step 2 (sleep): seconds must be a number of seconds >= 0"),
        ([{"hang_up": {}}], "step 1 (hang_up): no call named 'call' rang before"),
        (
            [{"ring": {"as": "a"}}, {"hang_up": {"call": "b"}}],
            "step 2 (hang_up): no call named 'b' rang before",
        ),
    ],
)
def test_a_scenario_that_cannot_be_played_is_refused_with_the_step_and_the_problem(
    data: Any, says: str
) -> None:
    with pytest.raises(ScenarioError) as refused:
        check_scenario(data, source="call.yml")
    assert str(refused.value).startswith("call.yml: ")
    assert says in str(refused.value)


def test_yaml_and_json_files_hold_the_same_scenario(tmp_path: Path) -> None:
    (tmp_path / "call.yml").write_text(
        "# the caller rings, waits for the bot, presses 1, hangs up\n"
        "steps:\n"
        "  - ring: {caller: 'phone:+15555550100'}\n"
        "  - wait: {state: established}\n"
        "  - press: 1\n"
        "  - sleep: 0.5\n"
        "  - hang_up:\n"
    )
    steps = [
        {"ring": {"caller": "phone:+15555550100"}},
        {"wait": {"state": "established"}},
        {"press": 1},
        {"sleep": 0.5},
        {"hang_up": None},
    ]
    (tmp_path / "call.json").write_text(json.dumps(steps))

    from_yaml, from_json = load_scenario(tmp_path / "call.yml"), load_scenario(tmp_path / "call.json")

    assert from_yaml.steps == from_json.steps
    assert [step.action for step in from_yaml.steps] == ["ring", "wait", "press", "sleep", "hang_up"]


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("bad.yml", "steps: [ring: {", "bad.yml: not valid YAML: "),
        ("bad.json", "[{'ring': {}}]", "bad.json: not valid JSON: "),
        ("missing.json", None, "missing.json: cannot read it"),
    ],
)
def test_a_file_that_is_not_a_scenario_says_why(
    tmp_path: Path, name: str, text: str | None, says: str
) -> None:
    if text is not None:
        (tmp_path / name).write_text(text)
    with pytest.raises(ScenarioError, match="^" + str(tmp_path / says).replace("\\", "\\\\")):
        load_scenario(tmp_path / name)


# -- the command line --------------------------------------------------------------------------------


def test_serve_rings_the_url_plays_the_scenario_and_exits(
    callback: CallbackReceiver, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = tmp_path / "hang-up.json"
    scenario.write_text(json.dumps({"steps": [{"ring": {}}, {"hang_up": {}}, {"settle": {}}]}))

    status = main(
        [
            "serve",
            "--operation-delay",
            "0.01",
            "--ring",
            callback.url,
            "--caller",
            f"phone:{PHONE}",
            "--scenario",
            str(scenario),
            "--exit-when-done",
        ]
    )

    printed = capsys.readouterr().out
    assert status == 0
    created, deleted = callback.wait_for(2)
    assert created.notification["changeType"] == "created"
    assert created.notification["resourceData"]["source"]["identity"]["phone"]["id"] == PHONE
    assert deleted.notification["changeType"] == "deleted"
    call_id = created.notification["resourceData"]["id"]
    assert f"ring {callback.url} from phone:{PHONE}: call {call_id}" in printed
    assert f"hang up call {call_id}" in printed
    assert "callback_keys" in printed  # what a bot needs to validate the callback tokens


def test_serve_rings_once_without_a_scenario(
    callback: CallbackReceiver, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["serve", "--ring", callback.url, "--exit-when-done"])

    [created] = callback.wait_for(1)
    assert status == 0
    assert created.notification["changeType"] == "created"
    assert created.notification["resourceData"]["state"] == "incoming"
    assert "from a generated user: call " in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--scenario", "{dir}/bad.json"], "bad.json: step 1: unknown action 'dial'"),
        (["--scenario", "{dir}/ring.json"], "a ring step has no url: pass --ring URL"),
        (["--ring", "bot.example/callback"], "--ring must be an http(s) URL"),
        (["--ring", "https://bot.example/cb", "--caller", "phone:555"], "phone number '555' is not in E.164"),
        (["--exit-when-done"], "--exit-when-done needs --ring or --scenario"),
    ],
)
def test_serve_refuses_what_it_cannot_play_before_starting(
    argv: list[str], says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.json").write_text(json.dumps([{"dial": {}}]))
    (tmp_path / "ring.json").write_text(json.dumps([{"ring": {}}]))

    with pytest.raises(SystemExit) as exited:
        main(["serve", *(arg.format(dir=tmp_path) for arg in argv)])

    assert exited.value.code == 2
    printed = capsys.readouterr()
    assert says in printed.err
    assert "base_url" not in printed.out  # no simulator was started


def test_a_failing_step_ends_serve_with_status_1(
    callback: CallbackReceiver, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = tmp_path / "never.json"
    scenario.write_text(json.dumps([{"ring": {}}, {"wait": {"state": "established", "timeout": 0.2}}]))

    status = main(["serve", "--ring", callback.url, "--scenario", str(scenario), "--exit-when-done"])

    assert status == 1
    assert "step 2 (wait): call " in capsys.readouterr().err
