"""``python -m graph_calls_spec.latest``: the newest upstream module and metadata, fetched at their commits.

For each input pinned in ``openapi/lock.yml`` (its repository and path), GitHub's REST API names the newest
commit that touched the path (``GET {api}/repos/{repository}/commits?path=…&per_page=1[&sha=<branch>]``);
the file is downloaded at that commit from the raw host into ``--dest`` and compared with the pinned
commit. The scheduled workflow (``.github/workflows/upstream.yml``) runs this, then the drift report and
``make upstream-bump`` on what it fetched.

Prints one JSON line (``module_path``, ``module_commit``, ``module_changed``, the same for ``metadata``,
and ``changed``); ``--github-output FILE`` also appends them as ``key=value`` lines (``$GITHUB_OUTPUT``).
``$GITHUB_TOKEN``, when set, goes to the API as a bearer token (a higher rate limit) and nowhere else.

Exit status: 0 resolved (whether or not anything changed), 3 when it could not be (an HTTP error, the rate
limit, a timeout, a malformed answer, an empty or oversized download), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path
from typing import Any

from graph_calls_spec import inputs

API_URL = "https://api.github.com"
RAW_URL = "https://raw.githubusercontent.com"
MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024  # the module is ~1 MiB and the metadata ~7 MiB: room to grow, no more
TIMEOUT_S = 60.0
ERROR_EXIT = 3
TOKEN_ENV = "GITHUB_TOKEN"
DESCRIPTION = "Download the newest upstream module and metadata; say whether they moved past the lock's pins."
COMMIT_SHA = re.compile(r"[0-9a-f]{40}")
USER_AGENT = "graph-calls-latest"  # GitHub's API refuses requests without one
_CHUNK_BYTES = 1 << 16
_API_HEADERS = {
    "Accept": "application/vnd.github+json",
    "X-GitHub-Api-Version": "2022-11-28",
}


class LatestError(Exception):
    """The newest upstream input could not be resolved or downloaded (exit status 3)."""


class UpstreamHTTPError(LatestError):
    """GitHub answered with an HTTP error status."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


class RateLimitedError(UpstreamHTTPError):
    """GitHub's rate limit was hit (403/429); ``reset_at`` or ``retry_after_s`` say when to come back."""

    def __init__(
        self, message: str, *, status: int, reset_at: datetime | None, retry_after_s: int | None
    ) -> None:
        super().__init__(message, status=status)
        self.reset_at = reset_at
        self.retry_after_s = retry_after_s


class MalformedAnswerError(LatestError):
    """The commits API answered 2xx with something that is not a list of commits with 40-hex shas."""


class DownloadError(LatestError):
    """The raw file was empty or larger than the cap."""


class FetchTimeoutError(LatestError):
    """GitHub did not answer within the timeout."""


@dataclass(frozen=True)
class Source:
    """One upstream input to follow: where it lives and the commit the lock pins."""

    name: str  # "module" or "metadata": the prefix of its output keys
    repository: str  # owner/name
    path: str
    pinned_commit: str
    branch: str | None = None  # None: the repository's default branch


@dataclass(frozen=True)
class Fetched:
    """The newest commit of a :class:`Source` and where its file was downloaded."""

    source: Source
    commit: str
    path: Path

    @property
    def changed(self) -> bool:
        """Whether upstream moved past the pinned commit."""
        return self.commit != self.source.pinned_commit


@dataclass(frozen=True)
class GitHub:
    """The two GitHub hosts this needs, with the limits every request obeys."""

    api_url: str = API_URL
    raw_url: str = RAW_URL
    token: str | None = field(default=None, repr=False)
    timeout_s: float = TIMEOUT_S
    max_bytes: int = MAX_DOWNLOAD_BYTES

    def latest_commit(self, repository: str, path: str, branch: str | None = None) -> str:
        """The sha of the newest commit on ``branch`` (default: the default branch) that touched ``path``."""
        query = {"path": path, "per_page": "1"} | ({"sha": branch} if branch else {})
        url = f"{self.api_url.rstrip('/')}/repos/{repository}/commits?{urllib.parse.urlencode(query)}"
        request = _request(url, _API_HEADERS)
        if self.token:
            # Unredirected: a redirect to another host must not carry the token along.
            request.add_unredirected_header("Authorization", f"Bearer {self.token}")
        body = self._read(request, limit=1024 * 1024, token_would_help=not self.token)
        return _first_commit_sha(body, url)

    def download(self, repository: str, commit: str, path: str, target: Path) -> Path:
        """``path`` at ``commit`` from the raw host into ``target``: never partial, empty or over the cap."""
        _check_sha(commit, f"the commit of {repository}/{path}")
        url = f"{self.raw_url.rstrip('/')}/{repository}/{commit}/{urllib.parse.quote(path)}"
        request = _request(url, {})
        data = self._read(request, limit=self.max_bytes, token_would_help=False)
        if not data:
            raise DownloadError(f"{url} is empty")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(data)
        partial.replace(target)
        return target

    def _read(self, request: urllib.request.Request, *, limit: int, token_would_help: bool) -> bytes:
        """The body of a 2xx answer, at most ``limit`` bytes; a typed error for anything else."""
        url = request.full_url
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:  # noqa: S310 (_request checked)
                return _read_capped(response, limit, url)
        except urllib.error.HTTPError as exc:
            with exc:
                message = _github_message(exc)
                raise _status_error(exc.code, exc.headers, message, url, token_would_help) from None
        except TimeoutError as exc:
            raise FetchTimeoutError(f"{url}: no answer within {self.timeout_s:g} s") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise FetchTimeoutError(f"{url}: no answer within {self.timeout_s:g} s") from exc
            raise LatestError(f"cannot reach {url}: {exc.reason}") from exc
        except (OSError, http.client.HTTPException) as exc:  # reset, refused, or cut short mid-answer
            raise LatestError(f"cannot read {url}: {exc!r}") from exc


def _request(url: str, headers: Mapping[str, str]) -> urllib.request.Request:
    """A GET of an http(s) URL: ``--api-url``/``--raw-url`` may point at a local server, never a file."""
    if urllib.parse.urlsplit(url).scheme not in ("https", "http"):
        raise LatestError(f"{url} is not an http(s) URL")
    return urllib.request.Request(url, headers={**headers, "User-Agent": USER_AGENT})  # noqa: S310 (checked above)


def _read_capped(response: http.client.HTTPResponse, limit: int, url: str) -> bytes:
    """Read the body in chunks, refusing it as soon as it exceeds ``limit`` (declared or actual)."""
    declared = response.headers.get("Content-Length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise DownloadError(f"{url} is {int(declared)} bytes, over the {limit}-byte cap")
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(_CHUNK_BYTES):
        size += len(chunk)
        if size > limit:
            raise DownloadError(f"{url} is over the {limit}-byte cap")
        chunks.append(chunk)
    return b"".join(chunks)


def _github_message(error: urllib.error.HTTPError) -> str:
    """GitHub's ``message`` from an error body, when it has one (bounded: an error page can be large)."""
    try:
        text = error.read(4096).decode("utf-8", "replace")
        message = json.loads(text).get("message")
    except (OSError, ValueError, AttributeError):
        return ""
    return message[:200] if isinstance(message, str) else ""


def _status_error(
    status: int, headers: Message, message: str, url: str, token_would_help: bool
) -> UpstreamHTTPError:
    """A rate-limit error when GitHub says so (403/429 with its headers), else a plain HTTP error."""
    detail = f": {message}" if message else ""
    if status in (403, 429):
        remaining = headers.get("X-RateLimit-Remaining")
        reset = headers.get("X-RateLimit-Reset")
        retry_after = headers.get("Retry-After")
        reset_at = datetime.fromtimestamp(int(reset), UTC) if reset and reset.isdigit() else None
        retry_after_s = int(retry_after) if retry_after and retry_after.isdigit() else None
        if remaining == "0" or retry_after_s is not None or status == 429:
            if reset_at is not None and remaining == "0":
                when = f"the limit resets at {reset_at:%Y-%m-%d %H:%M:%S} UTC"
            elif retry_after_s is not None:
                when = f"retry after {retry_after_s} s"
            else:
                when = "no reset time given"
            return RateLimitedError(
                f"GitHub rate limit hit (HTTP {status}) at {url}; {when}{detail}"
                + (f" (set {TOKEN_ENV} for a higher limit)" if token_would_help else ""),
                status=status,
                reset_at=reset_at,
                retry_after_s=retry_after_s,
            )
    return UpstreamHTTPError(f"HTTP {status} from {url}{detail}", status=status)


def _check_sha(value: object, what: str) -> str:
    if not isinstance(value, str) or not COMMIT_SHA.fullmatch(value):
        raise MalformedAnswerError(f"{what} is {value!r:.80}, not a 40-hex commit sha")
    return value


def _first_commit_sha(body: bytes, url: str) -> str:
    try:
        commits: Any = json.loads(body)
    except ValueError as exc:
        raise MalformedAnswerError(f"{url} did not answer JSON: {exc}") from exc
    if not isinstance(commits, list):
        raise MalformedAnswerError(f"{url} answered a {type(commits).__name__}, not a list of commits")
    if not commits:
        raise MalformedAnswerError(f"{url}: no commit touched the path on that branch")
    first = commits[0]
    return _check_sha(first.get("sha") if isinstance(first, dict) else first, f"the newest commit at {url}")


def sources_from_lock(
    lock_path: Path = inputs.LOCK_PATH,
    *,
    module_branch: str | None = None,
    metadata_branch: str | None = None,
) -> tuple[Source, Source]:
    """The module and metadata to follow, where the lock says they live."""
    lock = inputs.load_lock(lock_path)
    return (
        Source("module", lock.module.repository, lock.module.path, lock.module.commit, module_branch),
        Source(
            "metadata", lock.metadata.repository, lock.metadata.path, lock.metadata.commit, metadata_branch
        ),
    )


def file_name(source: Source, commit: str) -> str:
    """``CloudCommunications.<commit8>.yml``: the upstream name with the short commit, as bumps name it."""
    upstream = Path(source.path)
    return f"{upstream.stem}.{commit[:8]}{upstream.suffix}"


def fetch_latest(github: GitHub, sources: Sequence[Source], dest: Path) -> list[Fetched]:
    """Resolve and download each source's newest commit into ``dest``."""
    fetched = []
    for source in sources:
        commit = github.latest_commit(source.repository, source.path, source.branch)
        path = github.download(source.repository, commit, source.path, dest / file_name(source, commit))
        fetched.append(Fetched(source, commit, path.resolve()))
    return fetched


def outputs(fetched: Sequence[Fetched]) -> dict[str, str | bool]:
    """The result as flat keys: ``<name>_path``, ``<name>_commit``, ``<name>_changed``, and ``changed``."""
    result: dict[str, str | bool] = {}
    for item in fetched:
        name = item.source.name
        result |= {
            f"{name}_path": str(item.path),
            f"{name}_commit": item.commit,
            f"{name}_changed": item.changed,
        }
    result["changed"] = any(item.changed for item in fetched)
    return result


def github_output_lines(values: Mapping[str, str | bool]) -> str:
    """``key=value`` lines for ``$GITHUB_OUTPUT`` (booleans as ``true``/``false``)."""
    lines = []
    for key, value in values.items():
        text = ("true" if value else "false") if isinstance(value, bool) else value
        if "\n" in text or "\r" in text:  # one value per line: a newline would forge another output
            raise LatestError(f"{key} contains a line break; cannot write it as a GitHub output")
        lines.append(f"{key}={text}\n")
    return "".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Resolve, download, print the outputs; 0 when done, 3 on a :class:`LatestError`."""
    parser = argparse.ArgumentParser(prog="python -m graph_calls_spec.latest", description=DESCRIPTION)
    parser.add_argument("--dest", required=True, type=Path, help="folder the two files are downloaded into")
    parser.add_argument("--github-output", type=Path, help="append key=value lines here ($GITHUB_OUTPUT)")
    parser.add_argument(
        "--lock", type=Path, default=inputs.LOCK_PATH, help="the lock naming the pinned inputs"
    )
    parser.add_argument(
        "--module-branch", help="branch to follow for the module (default: the default branch)"
    )
    parser.add_argument("--metadata-branch", help="branch for the metadata (default: the default branch)")
    parser.add_argument("--api-url", default=API_URL, help=f"GitHub's REST API (default {API_URL})")
    parser.add_argument("--raw-url", default=RAW_URL, help=f"the raw file host (default {RAW_URL})")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S, help="seconds per network operation")
    parser.add_argument("--max-bytes", type=int, default=MAX_DOWNLOAD_BYTES, help="cap on each download")
    args = parser.parse_args(argv)
    github = GitHub(
        api_url=args.api_url,
        raw_url=args.raw_url,
        token=os.environ.get(TOKEN_ENV) or None,
        timeout_s=args.timeout,
        max_bytes=args.max_bytes,
    )
    try:
        sources = sources_from_lock(
            args.lock, module_branch=args.module_branch, metadata_branch=args.metadata_branch
        )
        values = outputs(fetch_latest(github, sources, args.dest))
        if args.github_output is not None:
            with args.github_output.open("a", encoding="utf-8") as out:
                out.write(github_output_lines(values))
    except (LatestError, inputs.InputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return ERROR_EXIT
    except OSError as exc:  # --dest or --github-output not writable
        print(f"error: {exc}", file=sys.stderr)
        return ERROR_EXIT
    print(json.dumps(values))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
