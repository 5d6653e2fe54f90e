"""``python -m graph_calls_spec.latest`` against a local server standing in for GitHub's API and raw host.

One ``ThreadingHTTPServer`` on 127.0.0.1 answers both: ``/api/...`` is the REST API, ``/raw/...`` the raw
host. Each test says what it answers; the server records every request it got, headers included.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from graph_calls_spec import inputs, latest

from .conftest import REPO_ROOT, TOOLS_DIR

TOKEN = "ghs_FakeTokenForTheLocalServer0123456789"
NEW_MODULE_SHA = "a1" * 20
NEW_METADATA_SHA = "b2" * 20
MODULE_BODY = b"openapi: 3.0.4\ninfo:\n  title: Cloud Communications\n"
METADATA_BODY = b'<?xml version="1.0"?>\n<edmx:Edmx Version="4.0"/>\n'


@dataclass
class Answer:
    """What the server sends for one path: ``content_length=False`` ends the body by closing instead."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_length: bool = True
    hang: bool = False  # never answer (until the test ends)


@dataclass
class Seen:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


class FakeGitHub:
    """The answers by URL path, and the requests received."""

    def __init__(self, port: int) -> None:
        self.api_url = f"http://127.0.0.1:{port}/api"
        self.raw_url = f"http://127.0.0.1:{port}/raw"
        self.answers: dict[str, Answer] = {}
        self.seen: list[Seen] = []
        self.release = threading.Event()

    def commits(self, pin: inputs.PinnedInput, answer: Answer) -> None:
        self.answers[f"/api/repos/{pin.repository}/commits"] = answer

    def raw(self, pin: inputs.PinnedInput, commit: str, answer: Answer) -> None:
        self.answers[f"/raw/{pin.repository}/{commit}/{pin.path}"] = answer

    def newest(self, pin: inputs.PinnedInput, commit: str, body: bytes) -> None:
        """GitHub's answers when ``commit`` is the newest to touch the pin's path, holding ``body`` there."""
        self.commits(pin, commits_answer(commit))
        self.raw(pin, commit, Answer(body=body))

    def seen_at(self, prefix: str) -> list[Seen]:
        return [s for s in self.seen if s.path.startswith(prefix)]


def commits_answer(*shas: str) -> Answer:
    """The commits API's answer: a JSON list of commit objects, newest first."""
    body = [{"sha": sha, "commit": {"message": "Weekly OpenApiDocs Download"}} for sha in shas]
    return Answer(body=json.dumps(body).encode(), headers={"Content-Type": "application/json"})


def make_handler(github: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            path = urllib.parse.unquote(url.path)
            github.seen.append(Seen(path, urllib.parse.parse_qs(url.query), dict(self.headers.items())))
            answer = github.answers.get(path, Answer(404, b'{"message": "Not Found"}'))
            if answer.hang:
                github.release.wait()
                return
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            if answer.content_length:
                self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)  # HTTP/1.0: without Content-Length the close ends the body

        def log_message(self, format: str, *args: object) -> None:
            pass  # the test's output is the tool's

    return Handler


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    fake = FakeGitHub(server.server_address[1])
    server.RequestHandlerClass = make_handler(fake)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.release.set()
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def lock() -> inputs.Lock:
    return inputs.load_lock()


@pytest.fixture
def no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(latest.TOKEN_ENV, raising=False)


def changes(printed: dict[str, object]) -> tuple[object, object, object]:
    return printed["module_changed"], printed["metadata_changed"], printed["changed"]


def run_main(github: FakeGitHub, dest: Path, *extra: str) -> int:
    return latest.main(
        ["--dest", str(dest), "--api-url", github.api_url, "--raw-url", github.raw_url, *extra]
    )


# ------------------------------------------------------------------------------------------------- success


def test_the_newest_commits_are_downloaded_and_reported_through_the_real_command_with_the_token_kept_secret(
    github: FakeGitHub, lock: inputs.Lock, tmp_path: Path
) -> None:
    github.newest(lock.module, NEW_MODULE_SHA, MODULE_BODY)
    github.newest(lock.metadata, NEW_METADATA_SHA, METADATA_BODY)
    dest, output = tmp_path / "upstream", tmp_path / "github_output"
    output.write_text("earlier=kept\n")
    env = {**os.environ, "PYTHONPATH": str(TOOLS_DIR), latest.TOKEN_ENV: TOKEN}
    argv = ["--dest", str(dest), "--github-output", str(output)]
    argv += ["--api-url", github.api_url, "--raw-url", github.raw_url]

    done = subprocess.run(
        [sys.executable, "-m", "graph_calls_spec.latest", *argv],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    module_file = dest / f"CloudCommunications.{NEW_MODULE_SHA[:8]}.yml"
    metadata_file = dest / f"cleanMetadata.{NEW_METADATA_SHA[:8]}.xml"
    assert module_file.read_bytes() == MODULE_BODY
    assert metadata_file.read_bytes() == METADATA_BODY
    assert sorted(p.name for p in dest.iterdir()) == sorted([module_file.name, metadata_file.name])
    expected = {
        "module_path": str(module_file.resolve()),
        "module_commit": NEW_MODULE_SHA,
        "module_changed": True,
        "metadata_path": str(metadata_file.resolve()),
        "metadata_commit": NEW_METADATA_SHA,
        "metadata_changed": True,
        "changed": True,
    }
    assert json.loads(done.stdout) == expected
    assert output.read_text().splitlines() == ["earlier=kept"] + [
        f"{key}={str(value).lower() if isinstance(value, bool) else value}" for key, value in expected.items()
    ]
    # The API got the token as a bearer token, the lock's paths, one commit each, the default branch.
    api = github.seen_at("/api/")
    assert [s.query for s in api] == [
        {"path": [lock.module.path], "per_page": ["1"]},
        {"path": [lock.metadata.path], "per_page": ["1"]},
    ]
    assert all(s.headers["Authorization"] == f"Bearer {TOKEN}" for s in api)
    assert all(s.headers["Accept"] == "application/vnd.github+json" for s in api)
    # The raw host does not need the token and does not get it; no output repeats it.
    raw = github.seen_at("/raw/")
    assert len(raw) == 2
    assert all("Authorization" not in s.headers for s in raw)
    for text in (done.stdout, done.stderr, output.read_text()):
        assert TOKEN not in text


def test_commits_already_pinned_in_the_lock_report_nothing_changed(
    github: FakeGitHub, lock: inputs.Lock, tmp_path: Path, capsys: pytest.CaptureFixture[str], no_token: None
) -> None:
    github.newest(lock.module, lock.module.commit, MODULE_BODY)
    github.newest(lock.metadata, lock.metadata.commit, METADATA_BODY)

    assert run_main(github, tmp_path, "--github-output", str(tmp_path / "out")) == 0

    printed = json.loads(capsys.readouterr().out)
    assert changes(printed) == (False, False, False)
    assert [printed["module_commit"], printed["metadata_commit"]] == [
        lock.module.commit,
        lock.metadata.commit,
    ]
    assert "changed=false" in (tmp_path / "out").read_text().splitlines()
    assert all("Authorization" not in s.headers for s in github.seen)  # no token set: none sent


def test_one_moved_input_is_changed_and_the_other_is_not(
    github: FakeGitHub, lock: inputs.Lock, tmp_path: Path, capsys: pytest.CaptureFixture[str], no_token: None
) -> None:
    github.newest(lock.module, lock.module.commit, MODULE_BODY)
    github.newest(lock.metadata, NEW_METADATA_SHA, METADATA_BODY)

    assert run_main(github, tmp_path) == 0

    assert changes(json.loads(capsys.readouterr().out)) == (False, True, True)


def test_a_branch_option_asks_for_that_branch_and_only_for_its_input(
    github: FakeGitHub, lock: inputs.Lock, tmp_path: Path, no_token: None
) -> None:
    github.newest(lock.module, NEW_MODULE_SHA, MODULE_BODY)
    github.newest(lock.metadata, NEW_METADATA_SHA, METADATA_BODY)

    assert run_main(github, tmp_path, "--module-branch", "dev") == 0

    module_query, metadata_query = (s.query for s in github.seen_at("/api/"))
    assert module_query["sha"] == ["dev"]
    assert "sha" not in metadata_query


def test_a_download_exactly_at_the_cap_is_accepted(
    github: FakeGitHub, lock: inputs.Lock, tmp_path: Path, no_token: None
) -> None:
    github.newest(lock.module, NEW_MODULE_SHA, b"x" * 1000)
    github.newest(lock.metadata, NEW_METADATA_SHA, METADATA_BODY)

    assert run_main(github, tmp_path, "--max-bytes", "1000") == 0

    assert (tmp_path / f"CloudCommunications.{NEW_MODULE_SHA[:8]}.yml").stat().st_size == 1000


# -------------------------------------------------------------------------------------------------- errors


def fails_with(
    github: FakeGitHub,
    dest: Path,
    capsys: pytest.CaptureFixture[str],
    *extra: str,
    output: Path | None = None,
) -> str:
    """Run the tool, expect exit 3 with nothing on stdout, nothing left in ``dest``; return stderr."""
    argv = [*extra, *(["--github-output", str(output)] if output else [])]
    assert run_main(github, dest, *argv) == latest.ERROR_EXIT
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: ")
    assert "Traceback" not in captured.err
    assert not dest.exists() or not any(dest.iterdir())
    return captured.err


def test_a_404_from_the_api_is_an_error_naming_the_status_and_githubs_message_and_writes_no_output(
    github: FakeGitHub,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(latest.TOKEN_ENV, TOKEN)
    output = tmp_path / "out"  # nothing served: every path is a 404

    err = fails_with(github, tmp_path / "dest", capsys, output=output)

    assert "HTTP 404" in err
    assert "Not Found" in err
    assert TOKEN not in err
    assert not output.exists()  # the workflow never reads half an answer


def test_a_404_from_the_raw_host_is_an_error(
    github: FakeGitHub, lock: inputs.Lock, tmp_path: Path, capsys: pytest.CaptureFixture[str], no_token: None
) -> None:
    github.commits(lock.module, commits_answer(NEW_MODULE_SHA))

    err = fails_with(github, tmp_path / "dest", capsys)

    assert f"HTTP 404 from {github.raw_url}/{lock.module.repository}/{NEW_MODULE_SHA}/" in err


def test_rate_limit_403_says_when_the_limit_resets_and_suggests_a_token(
    github: FakeGitHub, lock: inputs.Lock, tmp_path: Path, capsys: pytest.CaptureFixture[str], no_token: None
) -> None:
    reset = 1_900_000_000
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)}
    github.commits(lock.module, Answer(403, b'{"message": "API rate limit exceeded"}', headers))

    err = fails_with(github, tmp_path / "dest", capsys)

    reset_at = datetime.fromtimestamp(reset, UTC)
    assert "rate limit hit (HTTP 403)" in err
    assert f"resets at {reset_at:%Y-%m-%d %H:%M:%S} UTC" in err
    assert "API rate limit exceeded" in err
    assert f"set {latest.TOKEN_ENV}" in err


def test_rate_limit_429_is_a_typed_error_carrying_retry_after(github: FakeGitHub, lock: inputs.Lock) -> None:
    github.commits(lock.module, Answer(429, b"", {"Retry-After": "60"}))
    client = latest.GitHub(api_url=github.api_url, raw_url=github.raw_url, token=TOKEN)

    with pytest.raises(latest.RateLimitedError) as raised:
        client.latest_commit(lock.module.repository, lock.module.path)

    assert (raised.value.status, raised.value.retry_after_s, raised.value.reset_at) == (429, 60, None)
    assert "retry after 60 s" in str(raised.value)
    assert latest.TOKEN_ENV not in str(raised.value)  # a token was sent: no advice to set one
    assert TOKEN not in repr(client)


def test_a_403_without_rate_limit_headers_is_a_plain_http_error(
    github: FakeGitHub, lock: inputs.Lock
) -> None:
    github.commits(lock.module, Answer(403, b'{"message": "Resource not accessible"}'))
    client = latest.GitHub(api_url=github.api_url, raw_url=github.raw_url)

    with pytest.raises(latest.UpstreamHTTPError) as raised:
        client.latest_commit(lock.module.repository, lock.module.path)

    assert not isinstance(raised.value, latest.RateLimitedError)
    assert raised.value.status == 403


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        pytest.param(b"<html>not json</html>", "did not answer JSON", id="not-json"),
        pytest.param(b'{"message": "moved"}', "answered a dict, not a list of commits", id="not-a-list"),
        pytest.param(b"[]", "no commit touched the path", id="no-commit"),
        pytest.param(b'[{"commit": {}}]', "None, not a 40-hex commit sha", id="no-sha"),
    ],
)
def test_a_malformed_commits_answer_is_an_error(
    github: FakeGitHub,
    lock: inputs.Lock,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    no_token: None,
    body: bytes,
    complaint: str,
) -> None:
    github.commits(lock.module, Answer(body=body))

    assert complaint in fails_with(github, tmp_path / "dest", capsys)


@pytest.mark.parametrize(
    "sha",
    [
        pytest.param("a1b2c3d", id="short"),
        pytest.param("g" * 40, id="not-hex"),
        pytest.param("A1" * 20, id="upper-case"),
        pytest.param("../../etc/passwd" + "0" * 24, id="path"),
    ],
)
def test_a_commit_sha_that_is_not_40_lowercase_hex_is_refused_before_any_download(
    github: FakeGitHub,
    lock: inputs.Lock,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    no_token: None,
    sha: str,
) -> None:
    github.commits(lock.module, commits_answer(sha))

    err = fails_with(github, tmp_path / "dest", capsys)

    assert "not a 40-hex commit sha" in err
    assert github.seen_at("/raw/") == []


@pytest.mark.parametrize("content_length", [True, False], ids=["declared", "undeclared"])
def test_a_download_over_the_cap_is_refused_and_leaves_no_file(
    github: FakeGitHub,
    lock: inputs.Lock,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    no_token: None,
    content_length: bool,
) -> None:
    github.commits(lock.module, commits_answer(NEW_MODULE_SHA))
    github.raw(lock.module, NEW_MODULE_SHA, Answer(body=b"x" * 1001, content_length=content_length))

    err = fails_with(github, tmp_path / "dest", capsys, "--max-bytes", "1000")

    assert "over the 1000-byte cap" in err


def test_an_empty_download_is_refused(
    github: FakeGitHub, lock: inputs.Lock, tmp_path: Path, capsys: pytest.CaptureFixture[str], no_token: None
) -> None:
    github.newest(lock.module, NEW_MODULE_SHA, b"")

    assert " is empty" in fails_with(github, tmp_path / "dest", capsys)


def test_a_server_that_does_not_answer_times_out_with_a_typed_error(
    github: FakeGitHub, lock: inputs.Lock
) -> None:
    github.commits(lock.module, Answer(hang=True))
    client = latest.GitHub(api_url=github.api_url, raw_url=github.raw_url, timeout_s=0.2)

    with pytest.raises(latest.FetchTimeoutError, match=r"no answer within 0\.2 s"):
        client.latest_commit(lock.module.repository, lock.module.path)


def test_a_url_that_is_not_http_is_refused(lock: inputs.Lock, tmp_path: Path) -> None:
    client = latest.GitHub(api_url=(tmp_path / "api").as_uri())

    with pytest.raises(latest.LatestError, match="not an http"):
        client.latest_commit(lock.module.repository, lock.module.path)


def test_a_github_output_value_with_a_line_break_is_refused() -> None:
    with pytest.raises(latest.LatestError, match="line break"):
        latest.github_output_lines({"module_path": "/tmp/x\nchanged=false"})
