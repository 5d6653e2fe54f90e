"""Paging that always ends: next links stay on the Graph host, never repeat a page, and stop at a cap.

The checks themselves are unit-tested here; the proof goes through the real clients, sync and async, over a
real socket: to the simulator (whose next answers a test can rewrite) and to a tiny hostile server on
127.0.0.1 that pages in loops or forever, counting what it was sent.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import threading
import time
import urllib.parse
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from graph_calls import AsyncGraphCalls, GraphCalls
from graph_calls.auth import AccessToken
from graph_calls.errors import InvalidInputError, PagingError
from graph_calls.paging import DEFAULT_MAX_PAGES, AsyncPager, Pager, checked_next_link
from graph_calls.resources.pages import PageTrail, page_key
from graph_calls.testing.simulator import GraphSimulator

BASE = httpx.URL("https://graph.microsoft.com/v1.0")
PARTICIPANTS = "/v1.0/communications/calls/c/participants"
KINDS = ["sync", "async"]

# ----------------------------------------------------------------------------------- the checks alone


def test_next_link_on_the_same_host_is_followed() -> None:
    link = "https://graph.microsoft.com/v1.0/communications/calls/c/participants?$skiptoken=abc"
    assert checked_next_link(link, BASE) == httpx.URL(link)


@pytest.mark.parametrize(
    "link",
    [
        "https://evil.example/v1.0/communications/calls/c/participants",
        "http://graph.microsoft.com/v1.0/communications/calls/c/participants",
        "https://graph.microsoft.com:8443/v1.0/communications/calls",
        "https://graph.microsoft.com.evil.example/v1.0/x",
        "//evil.example/x",
        "/v1.0/relative",
    ],
)
def test_next_link_elsewhere_is_refused(link: str) -> None:
    with pytest.raises(PagingError, match="refusing to follow"):
        checked_next_link(link, BASE)


@pytest.mark.parametrize(
    ("first", "again"),
    [
        ("https://graph.microsoft.com/v1.0/x?%24top=2", "https://graph.microsoft.com/v1.0/x?$top=2"),
        ("https://graph.microsoft.com/v1.0/x?a=1&b=2", "https://graph.microsoft.com/v1.0/x?b=2&a=1"),
        ("https://graph.microsoft.com/v1.0/x", "HTTPS://Graph.Microsoft.com:443/v1.0/x#page"),
        ("http://127.0.0.1/v1.0/x", "http://127.0.0.1:80/v1.0/x"),
        ("https://graph.microsoft.com/v1.0/p%61rt", "https://graph.microsoft.com/v1.0/part"),
        ("https://graph.microsoft.com/v1.0/a%2fb", "https://graph.microsoft.com/v1.0/a%2Fb"),
    ],
)
def test_two_spellings_of_one_page_are_the_same_page(first: str, again: str) -> None:
    assert page_key(httpx.URL(first)) == page_key(httpx.URL(again))


@pytest.mark.parametrize(
    ("first", "other"),
    [
        (
            "https://graph.microsoft.com/v1.0/x?$skiptoken=A",
            "https://graph.microsoft.com/v1.0/x?$skiptoken=B",
        ),
        ("https://graph.microsoft.com/v1.0/a%2Fb", "https://graph.microsoft.com/v1.0/a/b"),
        ("https://graph.microsoft.com/v1.0/x?a=1", "https://graph.microsoft.com/v1.0/x?a=1&a=1"),
    ],
)
def test_different_pages_are_told_apart(first: str, other: str) -> None:
    assert page_key(httpx.URL(first)) != page_key(httpx.URL(other))


def test_the_trail_keeps_a_small_digest_per_page_and_no_url() -> None:
    trail = PageTrail(httpx.URL(f"{BASE}/x?$skiptoken=0"), max_pages=1000)
    for n in range(1, 1000):
        trail.follow(httpx.URL(f"{BASE}/x?$skiptoken={n}"))
    assert all(isinstance(key, bytes) and len(key) == 16 for key in vars(trail)["_page_numbers"])
    with pytest.raises(PagingError, match="max_pages=1000"):
        trail.follow(httpx.URL(f"{BASE}/x?$skiptoken=1000"))


def test_the_default_cap_is_10000_pages_on_both_pagers() -> None:
    assert DEFAULT_MAX_PAGES == 10_000
    for method in (Pager.pages, Pager.collect, AsyncPager.pages, AsyncPager.collect):
        assert inspect.signature(method).parameters["max_pages"].default == DEFAULT_MAX_PAGES


# ------------------------------------------------------------------------- a hostile server, for real


class Credential:
    """A credential handing out a fixed opaque token (the hostile server does not check it)."""

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken("paging-test-token", int(time.time()) + 3600)


NextLinks = Callable[[str, int], str | None]  # (the server's base URL, page number) → that page's next link


class PagingServer:
    """Answers every GET with a one-participant page whose next link ``next_link`` chooses.

    The page number is ``?page=N`` (no query: page 1). Records the path of every request it receives.
    """

    def __init__(self, next_link: NextLinks) -> None:
        self.next_link = next_link
        self.paths: list[str] = []
        self.authorized: list[bool] = []
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.01,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        self.paths.append(handler.path)
        self.authorized.append(handler.headers.get("Authorization") == "Bearer paging-test-token")
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(handler.path).query)
        number = int(query.get("page", ["1"])[0])
        body: dict[str, Any] = {"value": [{"id": f"p{number}"}]}
        link = self.next_link(self.url, number)
        if link is not None:
            body["@odata.nextLink"] = link
        payload = json.dumps(body).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                server._answer(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    def __enter__(self) -> PagingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def list_participants(kind: str, base_url: str, **pager_options: Any) -> list[str]:
    """The ids of every participant of call ``c``, listed by the sync or the async client."""
    options: dict[str, Any] = {"credential": Credential(), "base_url": base_url, "max_retries": 0}
    if kind == "sync":
        with GraphCalls(**options) as graph:
            return [p.id for p in graph.calls["c"].participants.list().collect(**pager_options)]

    async def collect() -> list[str]:
        async with AsyncGraphCalls(**options) as graph:
            return [p.id for p in await graph.calls["c"].participants.list().collect(**pager_options)]

    return asyncio.run(collect())


HOSTILE: dict[str, tuple[NextLinks, int, str]] = {
    # name: (next links, requests the server must receive, what the error says)
    "a page linking to itself": (
        lambda url, n: f"{url}{PARTICIPANTS}",
        1,
        "page 1 links back to page 1",
    ),
    "a 2-cycle back to the first page": (
        lambda url, n: f"{url}{PARTICIPANTS}?page=2" if n == 1 else f"{url}{PARTICIPANTS}",
        2,
        "page 2 links back to page 1",
    ),
    "a link back to the previous page": (
        lambda url, n: f"{url}{PARTICIPANTS}?page={n + 1 if n < 3 else 2}",
        3,
        "page 3 links back to page 2",
    ),
    "a cycle spelled differently each time": (
        lambda url, n: (
            f"{url}{PARTICIPANTS}?page={n + 1}&x=a"
            if n < 3
            else f"{url}/v1.0/communications/calls/c/p%61rticipants?x=a&%70age=2#again"
        ),
        3,
        "page 3 links back to page 2",
    ),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_next_link_repeating_a_page_stops_the_listing_before_fetching_it_again(
    kind: str, case: str
) -> None:
    next_link, requests, says = HOSTILE[case]
    with PagingServer(next_link) as server, pytest.raises(PagingError) as caught:
        list_participants(kind, f"{server.url}/v1.0")
    assert "@odata.nextLink repeats a page already fetched" in str(caught.value)
    assert says in str(caught.value)
    assert len(server.paths) == requests
    assert all(server.authorized)


@pytest.mark.parametrize("kind", KINDS)
def test_a_next_link_to_another_host_is_still_refused(kind: str) -> None:
    # The other "host" is this server on another port: nothing may reach it (the tests of the simulator
    # client prove no token goes there, in test_client_behaviour).
    with PagingServer(
        lambda url, n: url.replace("127.0.0.1", "localhost") + f"{PARTICIPANTS}?page=2"
    ) as server:
        with pytest.raises(PagingError, match="refusing to follow"):
            list_participants(kind, f"{server.url}/v1.0")
        assert len(server.paths) == 1


@pytest.mark.parametrize("kind", KINDS)
def test_an_endless_sequence_of_distinct_pages_stops_at_max_pages(kind: str) -> None:
    with (
        PagingServer(lambda url, n: f"{url}{PARTICIPANTS}?page={n + 1}") as server,
        pytest.raises(PagingError, match=r"stopped after max_pages=5 pages.*max_pages=50") as caught,
    ):
        list_participants(kind, f"{server.url}/v1.0", max_pages=5)
    assert len(server.paths) == 5
    assert "pass a larger cap to pages() or collect()" in str(caught.value)


@pytest.mark.parametrize("kind", KINDS)
def test_a_list_of_exactly_max_pages_pages_is_complete(kind: str) -> None:
    def five_pages(url: str, n: int) -> str | None:
        return f"{url}{PARTICIPANTS}?page={n + 1}" if n < 5 else None

    with PagingServer(five_pages) as server:
        ids = list_participants(kind, f"{server.url}/v1.0", max_pages=5)
    assert ids == ["p1", "p2", "p3", "p4", "p5"]
    assert len(server.paths) == 5


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("max_pages", [0, -1, True, 2.5, "10", None])
def test_a_bad_max_pages_is_refused_before_sending(kind: str, max_pages: object) -> None:
    with PagingServer(lambda url, n: None) as server, pytest.raises(InvalidInputError, match="max_pages"):
        list_participants(kind, f"{server.url}/v1.0", max_pages=max_pages)
    assert server.paths == []


def test_iterating_a_pager_twice_is_two_listings(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call(participants=5)
    with graph_sim.client() as graph:
        pager = graph.calls[call_id].participants.list(top=2)
        assert len(list(pager)) == len(list(pager)) == len(graph_sim.participants(call_id))


# ------------------------------------------------------------------------------- through the simulator


def _gets(sim: GraphSimulator) -> int:
    return len([r for r in sim.requests if r.method == "GET" and r.raw_path.startswith("/v1.0/")])


def test_a_real_listing_follows_every_page_up_to_its_cap(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call(participants=7)
    with graph_sim.client() as graph:
        participants = graph.calls[call_id].participants.list(top=3).collect(max_pages=3)
        with pytest.raises(PagingError, match="stopped after max_pages=2 pages"):
            graph.calls[call_id].participants.list(top=3).collect(max_pages=2)
    assert sorted(p.id for p in participants) == sorted(p["id"] for p in graph_sim.participants(call_id))
    assert _gets(graph_sim) == 3 + 2


@pytest.mark.parametrize("kind", KINDS)
def test_a_next_link_back_to_the_first_page_is_never_sent(graph_sim: GraphSimulator, kind: str) -> None:
    call_id = graph_sim.seed_call(participants=4)
    # The client asks for ?%24top=2; the service spells its link back to it with a literal $.
    first = f"{graph_sim.base_url}/communications/calls/{call_id}/participants?$top=2"
    graph_sim.corrupt_next_response({"@odata.nextLink": first})

    def list_sync() -> None:
        with graph_sim.client() as graph:
            graph.calls[call_id].participants.list(top=2).collect()

    async def list_async() -> None:
        async with graph_sim.async_client() as graph:
            await graph.calls[call_id].participants.list(top=2).collect()

    with pytest.raises(PagingError, match="page 1 links back to page 1"):
        list_sync() if kind == "sync" else asyncio.run(list_async())
    assert _gets(graph_sim) == 1


def test_a_next_link_back_to_an_earlier_page_is_never_sent(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call(participants=9)
    links: list[str] = []

    def remember(body: Any) -> Any:
        links.append(body["@odata.nextLink"])
        return body

    graph_sim.corrupt_next_response(remember)  # page 1 → page 2, as the service said
    graph_sim.corrupt_next_response(remember)  # page 2 → page 3
    graph_sim.corrupt_next_response(lambda body: {**body, "@odata.nextLink": links[0]})  # page 3 → page 2
    with graph_sim.client() as graph, pytest.raises(PagingError, match="page 3 links back to page 2"):
        list(graph.calls[call_id].participants.list(top=2))
    assert _gets(graph_sim) == 3
