"""The simulator's participant operations: roster, invite, removal, mute, hold music, paging."""

from __future__ import annotations

import httpx
import pytest

from graph_calls.testing.simulator import GraphSimulator

HEIDI = {
    "@odata.type": "#microsoft.graph.identitySet",
    "user": {"@odata.type": "#microsoft.graph.identity", "id": "550fae72", "displayName": "Heidi"},
}


def participants_url(call_id: str) -> str:
    return f"/communications/calls/{call_id}/participants"


def test_list_returns_the_roster_bot_first(graph_sim: GraphSimulator, graph_http: httpx.Client) -> None:
    call_id = graph_sim.seed_call(participants=["Alice", "Bob"])

    response = graph_http.get(participants_url(call_id))

    assert response.status_code == 200
    body = response.json()
    assert body["@odata.context"].endswith(f"$metadata#communications/calls('{call_id}')/participants")
    assert "@odata.nextLink" not in body
    names = [p["info"]["identity"].get("user", {}).get("displayName") for p in body["value"]]
    assert names == [None, "Alice", "Bob"]
    assert body["value"][0]["id"] == graph_sim.call(call_id)["myParticipantId"]


def test_list_pages_with_top_and_an_absolute_next_link(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call(participants=4)
    expected = [p["id"] for p in graph_sim.participants(call_id)]

    seen: list[str] = []
    pages = 0
    url: str | None = f"{graph_sim.base_url}{participants_url(call_id)}?$top=2&$count=true"
    while url is not None:
        body = graph_http.get(url).json()
        assert body["@odata.count"] == 5
        seen += [p["id"] for p in body["value"]]
        url = body.get("@odata.nextLink")
        pages += 1
        if url is not None:
            assert url.startswith(f"{graph_sim.base_url}/communications/calls/{call_id}/participants?")
            assert "$skiptoken=" in url

    assert seen == expected
    assert pages == 3


def test_list_honours_skip_and_select(graph_sim: GraphSimulator, graph_http: httpx.Client) -> None:
    call_id = graph_sim.seed_call(participants=2)
    ids = [p["id"] for p in graph_sim.participants(call_id)]

    body = graph_http.get(participants_url(call_id), params={"$skip": "1", "$select": "isMuted"}).json()

    assert [p["id"] for p in body["value"]] == ids[1:]
    assert all(set(p) == {"@odata.type", "id", "isMuted"} for p in body["value"])


def test_a_bad_skiptoken_is_a_bad_request(graph_sim: GraphSimulator, graph_http: httpx.Client) -> None:
    call_id = graph_sim.seed_call()

    response = graph_http.get(participants_url(call_id), params={"$skiptoken": "garbage!"})

    assert response.status_code == 400
    assert "$skiptoken" in response.json()["error"]["message"]


def test_get_returns_one_participant_or_404(graph_sim: GraphSimulator, graph_http: httpx.Client) -> None:
    call_id = graph_sim.seed_call(participants=["Alice"])
    alice = graph_sim.participants(call_id)[1]

    found = graph_http.get(f"{participants_url(call_id)}/{alice['id']}")
    missing = graph_http.get(f"{participants_url(call_id)}/nobody")

    assert found.status_code == 200
    assert found.json()["info"]["identity"]["user"]["displayName"] == "Alice"
    assert found.json()["@odata.context"].endswith("/participants/$entity")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "itemNotFound"


def test_invite_answers_200_with_location_and_a_running_operation(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()

    response = graph_http.post(
        f"{participants_url(call_id)}/invite",
        json={"participants": [{"identity": HEIDI, "participantId": "heidi-1"}], "clientContext": "inv-1"},
    )

    assert response.status_code == 200
    operation = response.json()
    assert operation["@odata.type"] == "#microsoft.graph.inviteParticipantsOperation"
    assert operation["status"] == "Running"  # as the invite reference shows it
    assert operation["clientContext"] == "inv-1"
    assert operation["participants"][0]["identity"] == HEIDI
    assert response.headers["Location"].endswith(
        f"/communications/calls/{call_id}/operations/{operation['id']}"
    )
    assert "heidi-1" not in [p["id"] for p in graph_sim.participants(call_id)]


def test_invite_completes_and_adds_the_invitee_to_the_roster(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()

    operation_id = graph_http.post(
        f"{participants_url(call_id)}/invite",
        json={"participants": [{"identity": HEIDI, "participantId": "heidi-1"}]},
    ).json()["id"]
    graph_sim.settle()

    operation = graph_http.get(f"/communications/calls/{call_id}/operations/{operation_id}").json()
    assert operation["status"] == "completed"
    assert operation["resultInfo"]["code"] == 200
    joined = graph_http.get(f"{participants_url(call_id)}/heidi-1").json()
    assert joined["info"]["identity"] == HEIDI
    assert joined["rosterSequenceNumber"] > 1


def test_invite_without_participant_id_gets_a_new_id(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()

    graph_http.post(f"{participants_url(call_id)}/invite", json={"participants": [{"identity": HEIDI}]})
    graph_sim.settle()

    invitee = graph_sim.participants(call_id)[-1]
    assert invitee["info"]["identity"] == HEIDI
    assert invitee["id"] != graph_sim.call(call_id)["myParticipantId"]


def test_invite_without_participants_is_a_bad_request(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()

    response = graph_http.post(f"{participants_url(call_id)}/invite", json={"participants": []})

    assert response.status_code == 400
    assert graph_sim.operations(call_id) == []


def test_delete_removes_an_active_participant(graph_sim: GraphSimulator, graph_http: httpx.Client) -> None:
    call_id = graph_sim.seed_call(participants=["Alice"])
    alice_id = graph_sim.participants(call_id)[1]["id"]

    response = graph_http.delete(f"{participants_url(call_id)}/{alice_id}")

    assert response.status_code == 204
    assert alice_id not in [p["id"] for p in graph_sim.participants(call_id)]
    assert graph_http.delete(f"{participants_url(call_id)}/{alice_id}").status_code == 404


def test_delete_of_a_pending_invitee_cancels_the_invite(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()
    graph_sim.operation_delay_s = 2
    operation_id = graph_http.post(
        f"{participants_url(call_id)}/invite",
        json={"participants": [{"identity": HEIDI, "participantId": "heidi-1"}]},
    ).json()["id"]

    response = graph_http.delete(f"{participants_url(call_id)}/heidi-1")

    assert response.status_code == 204
    operation = graph_sim.operation(call_id, operation_id)
    assert operation["status"] == "failed"
    assert operation["resultInfo"]["code"] == 487
    assert "heidi-1" not in [p["id"] for p in graph_sim.participants(call_id)]


def test_mute_participant_mutes_that_participant_only(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call(participants=["Alice", "Bob"])
    alice_id = graph_sim.participants(call_id)[1]["id"]

    response = graph_http.post(f"{participants_url(call_id)}/{alice_id}/mute", json={"clientContext": "m"})

    assert response.status_code == 200
    assert response.json()["@odata.type"] == "#microsoft.graph.muteParticipantOperation"
    assert response.json()["status"] == "running"
    assert "/operations/" in response.headers["Location"]
    graph_sim.settle()
    muted = {p["id"]: p["isMuted"] for p in graph_sim.participants(call_id)}
    assert muted[alice_id] is True
    assert sum(muted.values()) == 1


def test_mute_of_an_unknown_participant_is_404(graph_sim: GraphSimulator, graph_http: httpx.Client) -> None:
    call_id = graph_sim.seed_call()

    assert graph_http.post(f"{participants_url(call_id)}/nobody/mute", json={}).status_code == 404


@pytest.mark.parametrize("action", ["startHoldMusic", "stopHoldMusic"])
def test_hold_music_answers_202_with_body_and_location(
    graph_sim: GraphSimulator, graph_http: httpx.Client, action: str
) -> None:
    call_id = graph_sim.seed_call(participants=["Alice"])
    alice_id = graph_sim.participants(call_id)[1]["id"]

    response = graph_http.post(
        f"{participants_url(call_id)}/{alice_id}/{action}", json={"clientContext": "h"}
    )

    assert response.status_code == 202
    assert response.json()["@odata.type"] == f"#microsoft.graph.{action}Operation"
    assert response.json()["status"] == "running"
    assert "/operations/" in response.headers["Location"]
    graph_sim.settle()
    assert graph_sim.operation(call_id, response.json()["id"])["status"] == "completed"


def test_only_one_participant_can_be_on_hold(graph_sim: GraphSimulator, graph_http: httpx.Client) -> None:
    call_id = graph_sim.seed_call(participants=["Alice", "Bob"])
    alice_id, bob_id = (p["id"] for p in graph_sim.participants(call_id)[1:])

    first = graph_http.post(f"{participants_url(call_id)}/{alice_id}/startHoldMusic", json={})
    second = graph_http.post(f"{participants_url(call_id)}/{bob_id}/startHoldMusic", json={})
    graph_http.post(f"{participants_url(call_id)}/{alice_id}/stopHoldMusic", json={})
    third = graph_http.post(f"{participants_url(call_id)}/{bob_id}/startHoldMusic", json={})

    assert (first.status_code, second.status_code, third.status_code) == (202, 400, 202)


def test_seed_participants_adds_generated_users(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()

    added = graph_sim.seed_participants(call_id, 3)

    roster = graph_sim.participants(call_id)
    assert [p["id"] for p in roster[1:]] == added
    assert all("user" in p["info"]["identity"] for p in roster[1:])


def test_seeded_participants_can_be_given_as_participant_dicts(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call(
        participants=[{"id": "p-1", "isMuted": True, "info": {"identity": HEIDI}}, HEIDI]
    )

    roster = graph_sim.participants(call_id)
    assert roster[1]["id"] == "p-1"
    assert roster[1]["isMuted"] is True
    assert roster[2]["info"]["identity"] == HEIDI
