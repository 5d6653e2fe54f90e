"""Permissions as the service checks them: a bearer token for Graph whose roles hold one of the
operation's application permissions (401 without a valid token, 403 without the role)."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable

import httpx
import pytest

from graph_calls.permissions import APPLICATION_PERMISSIONS
from graph_calls.testing.simulator import GraphSimulator

OPERATIONS = sorted(APPLICATION_PERMISSIONS)


@pytest.fixture(scope="module")
def tokens_by_roles(graph_simulator: GraphSimulator) -> Callable[[tuple[str, ...]], str]:
    """A token of an app holding exactly these roles (apps registered once per module)."""
    cache: dict[tuple[str, ...], str] = {}

    def token(roles: tuple[str, ...]) -> str:
        if roles not in cache:
            client_id, secret = graph_simulator.register_app(roles=roles)
            cache[roles] = graph_simulator.access_token(client_id, secret)
        return cache[roles]

    return token


def request_for(sim: GraphSimulator, operation_id: str) -> tuple[str, str]:
    """Method and URL path of an operation, with placeholder ids."""
    operation = sim.contract.operations[operation_id]
    return operation.method, re.sub(r"\{[^}]+\}", "some-id", operation.path)


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_every_operation_answers_401_without_a_token(
    graph_sim: GraphSimulator, make_http: Callable[[str | None], httpx.Client], operation_id: str
) -> None:
    method, path = request_for(graph_sim, operation_id)

    response = make_http(None).request(method, path, json={} if method in ("POST", "PATCH") else None)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "InvalidAuthenticationToken"
    challenge = response.headers["WWW-Authenticate"]
    assert challenge.startswith('Bearer realm="", authorization_uri="')
    assert graph_sim.authority in challenge


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_every_operation_answers_403_to_a_token_without_its_permissions(
    graph_sim: GraphSimulator,
    make_http: Callable[[str | None], httpx.Client],
    tokens_by_roles: Callable[[tuple[str, ...]], str],
    operation_id: str,
) -> None:
    method, path = request_for(graph_sim, operation_id)
    needed = APPLICATION_PERMISSIONS[operation_id]

    response = make_http(tokens_by_roles(())).request(
        method, path, json={} if method in ("POST", "PATCH") else None
    )

    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "Forbidden"
    assert all(permission in error["message"] for permission in needed)


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_every_operation_lets_the_least_privileged_permission_through(
    graph_sim: GraphSimulator,
    make_http: Callable[[str | None], httpx.Client],
    tokens_by_roles: Callable[[tuple[str, ...]], str],
    operation_id: str,
) -> None:
    method, path = request_for(graph_sim, operation_id)
    least = APPLICATION_PERMISSIONS[operation_id][:1]

    response = make_http(tokens_by_roles(least)).request(
        method, path, json={} if method in ("POST", "PATCH") else None
    )

    # Past the permission check: the placeholder ids are unknown or the empty body is refused.
    assert response.status_code in (200, 201, 202, 204, 400, 404)


def test_a_role_that_is_enough_gets_200_and_one_that_is_not_gets_403(
    graph_sim: GraphSimulator,
    make_http: Callable[[str | None], httpx.Client],
    tokens_by_roles: Callable[[tuple[str, ...]], str],
) -> None:
    call_id = graph_sim.seed_call()
    url = f"/communications/calls/{call_id}/recordResponse"

    allowed = make_http(tokens_by_roles(("Calls.AccessMedia.All",))).post(url, json={})
    refused = make_http(tokens_by_roles(("Calls.Initiate.All",))).post(url, json={})

    assert allowed.status_code == 200
    assert refused.status_code == 403
    assert "Calls.AccessMedia.All" in refused.json()["error"]["message"]
    assert len(graph_sim.operations(call_id)) == 1  # the refused request changed nothing


@pytest.mark.parametrize(
    "authorization",
    ["Bearer not-a-jwt", "Basic dXNlcjpwYXNz", "Bearer"],
)
def test_malformed_credentials_are_401(
    graph_sim: GraphSimulator, make_http: Callable[[str | None], httpx.Client], authorization: str
) -> None:
    call_id = graph_sim.seed_call()

    response = make_http(None).get(
        f"/communications/calls/{call_id}", headers={"Authorization": authorization}
    )

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "InvalidAuthenticationToken"


def test_a_token_for_another_resource_is_401(
    graph_sim: GraphSimulator, make_http: Callable[[str | None], httpx.Client]
) -> None:
    call_id = graph_sim.seed_call()
    with httpx.Client(verify=graph_sim.ssl_context()) as http:
        token = http.post(
            graph_sim.idp.token_endpoint,
            data={
                "grant_type": "client_credentials",
                "client_id": graph_sim.client_id,
                "client_secret": graph_sim.client_secret,
                "scope": "https://management.example/.default",
            },
        ).json()["access_token"]

    response = make_http(token).get(f"/communications/calls/{call_id}")

    assert response.status_code == 401
    assert "validation failure" in response.json()["error"]["message"]


def test_token_requests_are_counted_by_the_identity_platform(graph_sim: GraphSimulator) -> None:
    graph_sim.access_token()
    graph_sim.access_token()

    assert graph_sim.idp.token_requests == 2


def test_claims_challenge_answers_the_next_request_only(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()
    claims = {"access_token": {"nbf": {"essential": True, "value": "1700000000"}}}
    graph_sim.set_claims_challenge(claims)

    challenged = graph_http.get(f"/communications/calls/{call_id}")
    retried = graph_http.get(f"/communications/calls/{call_id}")

    assert challenged.status_code == 401
    assert challenged.json()["error"]["code"] == "InvalidAuthenticationToken"
    header = challenged.headers["WWW-Authenticate"]
    assert header.startswith('Bearer realm="", authorization_uri="')
    assert 'error="insufficient_claims"' in header
    encoded = re.search(r'claims="([^"]+)"', header)
    assert encoded is not None
    assert json.loads(base64.b64decode(encoded.group(1))) == claims
    assert retried.status_code == 200


def test_default_claims_challenge_asks_for_a_fresh_token(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    graph_sim.set_claims_challenge()

    header = graph_http.get("/communications/calls/any").headers["WWW-Authenticate"]

    encoded = re.search(r'claims="([^"]+)"', header)
    assert encoded is not None
    assert json.loads(base64.b64decode(encoded.group(1)))["access_token"]["nbf"]["essential"] is True
