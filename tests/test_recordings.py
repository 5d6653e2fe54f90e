"""recordings.download / adownload: a recordResponse's recording fetched with its own token, streamed to a
file within a size cap, with typed errors that never show the token.

The happy paths run against the simulator (HTTPS, its CA through the client's ``verify``), which keeps each
completed recording at its ``recordingLocation`` behind its ``recordingAccessToken``. What the simulator
never does (huge bodies, redirects, 5xx, a body cut short) comes from a small local server.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph_calls import AsyncGraphCalls, GraphCalls, recordings
from graph_calls.errors import (
    GraphAPIError,
    GraphConnectionError,
    InvalidInputError,
    NotFoundError,
    ResponseTooLargeError,
    ServerError,
    ThrottledError,
    UnauthorizedError,
)
from graph_calls.models import RecordOperation
from graph_calls.testing import ServerThread
from graph_calls.testing.simulator import GraphSimulator

TOKEN = "recording-token-7c1f0d2b9e"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def recorded(graph: GraphCalls, sim: GraphSimulator) -> RecordOperation:
    """A completed recordResponse on a fresh call."""
    call_id = sim.seed_call(participants=1)
    started = graph.calls[call_id].record_response(max_record_duration_in_seconds=5)
    done = graph.calls[call_id].operations.wait(started, timeout=10)
    assert isinstance(done, RecordOperation)
    return done


def test_a_completed_recording_is_downloaded_to_a_file(
    graph_sim: GraphSimulator, graph_client: GraphCalls, tmp_path: Path
) -> None:
    done = recorded(graph_client, graph_sim)

    size = recordings.download(done, tmp_path / "answer.wav", client=graph_client)

    saved = (tmp_path / "answer.wav").read_bytes()
    assert size == len(saved) > 44
    assert saved[:4] == b"RIFF"
    assert saved[8:12] == b"WAVE"
    fetch = graph_sim.last_request
    assert fetch is not None
    assert (fetch.method, fetch.status) == ("GET", 200)
    assert fetch.header("Authorization") == f"Bearer {done.recording_access_token}"
    assert [p.name for p in tmp_path.iterdir()] == ["answer.wav"]  # no temporary file left


@pytest.mark.anyio
async def test_the_async_twin_downloads_into_a_file_object(
    graph_sim: GraphSimulator, async_graph_client: AsyncGraphCalls
) -> None:
    call_id = graph_sim.seed_call(participants=1)
    started = await async_graph_client.calls[call_id].record_response()
    done = await async_graph_client.calls[call_id].operations.wait(started, timeout=10)
    out = io.BytesIO()

    size = await recordings.adownload(done, out, client=async_graph_client)

    assert size == len(out.getvalue())
    assert out.getvalue()[:4] == b"RIFF"


def test_a_url_and_a_token_are_enough(graph_sim: GraphSimulator, graph_client: GraphCalls) -> None:
    done = recorded(graph_client, graph_sim)
    out = io.BytesIO()
    location, token = done.recording_location, done.recording_access_token
    assert isinstance(location, str)
    assert isinstance(token, str)

    assert recordings.download(location, out, client=graph_client, access_token=token) > 0
    as_json = done.to_dict()
    assert recordings.download(as_json, io.BytesIO(), client=graph_client) == len(out.getvalue())


def test_a_wrong_token_is_an_unauthorized_error_that_does_not_show_it(
    graph_sim: GraphSimulator, graph_client: GraphCalls, tmp_path: Path
) -> None:
    done = recorded(graph_client, graph_sim)
    location = done.recording_location
    assert isinstance(location, str)

    with pytest.raises(UnauthorizedError) as refused:
        recordings.download(location, tmp_path / "a.wav", client=graph_client, access_token=TOKEN)

    assert refused.value.status == 401
    assert TOKEN not in str(refused.value)
    assert TOKEN not in repr(refused.value)
    assert not (tmp_path / "a.wav").exists()
    assert list(tmp_path.iterdir()) == []


def test_a_recording_that_is_not_there_is_not_found(
    graph_sim: GraphSimulator, graph_client: GraphCalls
) -> None:
    done = recorded(graph_client, graph_sim)
    location = str(done.recording_location)
    missing = location.rsplit("/", 1)[0] + "/0fe0623f-d628-42ed-b4bd-8ac290072cc5"

    with pytest.raises(NotFoundError) as missing_error:
        recordings.download(missing, io.BytesIO(), client=graph_client, access_token=TOKEN)

    assert missing_error.value.status == 404
    assert missing_error.value.url == missing


@pytest.mark.parametrize(
    ("recording", "access_token", "says"),
    [
        (
            {"@odata.type": "#microsoft.graph.recordOperation", "status": "running"},
            None,
            "no recordingLocation",
        ),
        ("https://file.location/17e3b46c", None, "no recordingAccessToken"),
        ("http://file.location/17e3b46c", TOKEN, "must be an https URL"),
        ("ftp://127.0.0.1/17e3b46c", TOKEN, "must be an https URL"),
        ("https://file.location/17e3b46c", "a\r\nX-Evil: 1", "line breaks"),
    ],
)
def test_what_cannot_be_fetched_safely_is_refused_before_anything_is_sent(
    recording: Any, access_token: str | None, says: str
) -> None:
    with pytest.raises(InvalidInputError, match=says):
        recordings.download(recording, io.BytesIO(), access_token=access_token)


def test_max_bytes_must_be_positive() -> None:
    with pytest.raises(InvalidInputError, match="max_bytes"):
        recordings.download("https://file.location/x", io.BytesIO(), access_token=TOKEN, max_bytes=0)


# -- what only a misbehaving server does ------------------------------------------------------------


class RecordingHost:
    """A plain-HTTP recording server on 127.0.0.1 whose answer each test chooses; records the requests."""

    def __init__(self) -> None:
        self.status = 200
        self.headers: list[tuple[bytes, bytes]] = []
        self.chunks: list[bytes] = [b"RIFF" + b"\0" * 60]
        self.cut_short = False
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.server = ServerThread(self, lifespan="off")

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        headers = {name.decode(): value.decode() for name, value in scope["headers"]}
        self.requests.append((scope["path"], headers))
        response_headers = list(self.headers)
        if self.cut_short:
            response_headers.append((b"content-length", b"100000"))
        await send({"type": "http.response.start", "status": self.status, "headers": response_headers})
        for chunk in self.chunks:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        if self.cut_short:
            raise RuntimeError("the connection drops mid-body")
        await send({"type": "http.response.body", "body": b""})

    def url(self, path: str = "/recordings/17e3b46c") -> str:
        return f"{self.server.base_url}{path}"


@pytest.fixture
def host() -> Iterator[RecordingHost]:
    recording_host = RecordingHost()
    with recording_host.server:
        yield recording_host


def test_only_the_recording_token_is_sent(host: RecordingHost) -> None:
    out = io.BytesIO()

    assert recordings.download(host.url(), out, access_token=TOKEN) == 64

    [(path, headers)] = host.requests
    assert path == "/recordings/17e3b46c"
    assert headers["authorization"] == f"Bearer {TOKEN}"


def test_a_declared_size_over_the_cap_is_refused_before_the_body_is_read(
    host: RecordingHost, tmp_path: Path
) -> None:
    host.headers = [(b"content-length", b"64")]

    with pytest.raises(ResponseTooLargeError, match="64 bytes, over max_bytes=10"):
        recordings.download(host.url(), tmp_path / "a.wav", access_token=TOKEN, max_bytes=10)

    assert list(tmp_path.iterdir()) == []


def test_a_streamed_body_over_the_cap_is_cut_and_nothing_is_kept(host: RecordingHost, tmp_path: Path) -> None:
    host.chunks = [b"x" * 1000] * 50  # chunked: no length declared

    with pytest.raises(ResponseTooLargeError, match="over max_bytes=20000; not kept"):
        recordings.download(host.url(), tmp_path / "a.wav", access_token=TOKEN, max_bytes=20_000)

    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("status", "error", "extra"),
    [
        (500, ServerError, []),
        (503, ServerError, []),
        (429, ThrottledError, [(b"retry-after", b"7")]),
        (410, NotFoundError, []),
        (400, GraphAPIError, []),
    ],
)
def test_an_error_status_is_its_typed_error(
    host: RecordingHost, status: int, error: type[GraphAPIError], extra: list[tuple[bytes, bytes]]
) -> None:
    host.status, host.headers = status, [(b"request-id", b"0b5c1c4e"), *extra]
    host.chunks = [b'{"error": {"code": "UnknownError", "message": "try later"}}'] if status != 410 else [b""]

    with pytest.raises(error) as failed:
        recordings.download(host.url(), io.BytesIO(), access_token=TOKEN)

    assert failed.value.status == status
    assert failed.value.request_id == "0b5c1c4e"
    if status == 429:
        assert isinstance(failed.value, ThrottledError)
        assert failed.value.retry_after_s == 7
    if status == 410:
        assert "discards recordings shortly after the call ends" in str(failed.value)


def test_a_redirect_is_not_followed_so_the_token_goes_nowhere_else(host: RecordingHost) -> None:
    host.status, host.headers, host.chunks = 307, [(b"location", b"/elsewhere")], [b""]

    with pytest.raises(GraphAPIError, match="redirects are not followed") as redirected:
        recordings.download(host.url(), io.BytesIO(), access_token=TOKEN)

    assert redirected.value.status == 307
    assert [path for path, _ in host.requests] == ["/recordings/17e3b46c"]


def test_a_body_cut_short_is_a_connection_error_and_nothing_is_kept(
    host: RecordingHost, tmp_path: Path
) -> None:
    host.cut_short = True

    with pytest.raises(GraphConnectionError):
        recordings.download(host.url(), tmp_path / "a.wav", access_token=TOKEN)

    assert list(tmp_path.iterdir()) == []


def test_a_signed_location_keeps_its_signature_out_of_errors(host: RecordingHost) -> None:
    host.status, host.chunks = 403, [b""]
    signed = host.url("/recordings/17e3b46c?sig=5ecret-signature&se=2026")

    with pytest.raises(GraphAPIError) as refused:
        recordings.download(signed, io.BytesIO(), access_token=TOKEN)

    for shown in (str(refused.value), repr(refused.value), str(refused.value.url)):
        assert "5ecret-signature" not in shown
        assert TOKEN not in shown
    assert host.requests[0][0] == "/recordings/17e3b46c"


def test_a_server_that_is_gone_is_a_connection_error(host: RecordingHost) -> None:
    url = host.url()
    host.server.stop()

    with pytest.raises(GraphConnectionError, match="ConnectError") as failed:
        recordings.download(url, io.BytesIO(), access_token=TOKEN)

    assert TOKEN not in str(failed.value)
    assert failed.value.__cause__ is None  # httpx's error (and its request's headers) is not kept
