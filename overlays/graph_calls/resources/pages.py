"""What both pagers share: reading a page's items and next link, and refusing a next link that leaves the
Graph host, repeats a page already fetched, or goes past the cap on pages."""

from __future__ import annotations

import hashlib
import json
import re
from typing import TYPE_CHECKING, Any, Final

import httpx

from graph_calls._core.runner import request_of
from graph_calls.errors import InvalidInputError, PagingError, ResponseParseError

if TYPE_CHECKING:
    from graph_calls._core.plan import Plan
    from graph_calls._core.request_options import Extras

_DEFAULT_PORTS: Final = {"http": 80, "https": 443}
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
# RFC 3986 §2.3: percent-encoding these changes nothing; any other escape is kept (``%2F`` is not ``/``).
_UNRESERVED: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def next_link_of(page: Any) -> str | None:
    """The page's ``@odata.nextLink``, or None on the last page."""
    link = getattr(page, "odata_next_link", None)
    return link if isinstance(link, str) and link else None


def items_of(page: Any) -> list[Any]:
    value = getattr(page, "value", None)
    return value if isinstance(value, list) else []


def checked_next_link(link: str, base_url: httpx.URL) -> httpx.URL:
    """``link`` as a URL, if it has the scheme, host and port of ``base_url``; else :class:`PagingError`.

    The access token travels with every request, so a next page elsewhere is never fetched.
    """
    try:
        url = httpx.URL(link)
    except (httpx.InvalidURL, TypeError) as exc:
        raise PagingError(f"@odata.nextLink is not a URL: {exc}") from None
    same = (url.scheme, url.host, url.port) == (base_url.scheme, base_url.host, base_url.port)
    if not same:
        raise PagingError(
            f"refusing to follow @odata.nextLink to {url.scheme}://{url.host}"
            f"{':' + str(url.port) if url.port else ''}: it is not the Graph host "
            f"{base_url.scheme}://{base_url.host}; nothing was sent there"
        )
    return url


def first_page_url(http: httpx.Client | httpx.AsyncClient, plan: Plan[Any], extras: Extras) -> httpx.URL:
    """The URL the runner fetches the first page of ``plan`` from, so a next link back to it is caught."""
    request = request_of(plan, extras)
    return http.build_request(request["method"], request["url"], params=request.get("params")).url


def check_max_pages(max_pages: object) -> int:
    """``max_pages`` if it is an int >= 1; else :class:`InvalidInputError`."""
    if isinstance(max_pages, bool) or not isinstance(max_pages, int) or max_pages < 1:
        raise InvalidInputError(f"max_pages must be an int >= 1, not {max_pages!r}")
    return max_pages


def page_key(url: httpx.URL) -> bytes:
    """A 16-byte digest of the page ``url`` fetches: equal for two spellings of one request.

    Normalised: scheme and host case, an explicit default port, escapes of unreserved characters in the path,
    and the query's encoding and order (``?%24top=2&a=b`` is ``?a=b&$top=2``); the fragment is not sent.
    """
    path = _ESCAPE.sub(_unescape_unreserved, url.raw_path.split(b"?", 1)[0].decode("latin-1"))
    query = sorted(url.params.multi_items())
    port = url.port or _DEFAULT_PORTS.get(url.scheme)
    text = json.dumps([url.scheme, url.host, port, path, query], separators=(",", ":"))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def _unescape_unreserved(match: re.Match[str]) -> str:
    char = chr(int(match[1], 16))
    return char if char in _UNRESERVED else "%" + match[1].upper()


class PageTrail:
    """The pages one listing fetched, to stop it when a next link repeats one or the pages exceed the cap.

    Holds a 16-byte digest per page (not the URL), and at most ``max_pages`` of them.

    Example::

        trail = PageTrail(first_url, max_pages=3)
        trail.follow(next_url)  # the URL, or PagingError: a page already fetched, or more than 3 pages
    """

    def __init__(self, first_url: httpx.URL, *, max_pages: int) -> None:
        self.max_pages = max_pages
        self._page_numbers = {page_key(first_url): 1}  # digest → the page (1-based) fetched from it
        self._fetched = 1

    def follow(self, url: httpx.URL) -> httpx.URL:
        """``url``, counted as the next page; :class:`PagingError` if it was fetched already or is one too
        many. Called before the request is sent, so a looping or endless listing stops without sending it.
        """
        key = page_key(url)
        earlier = self._page_numbers.get(key)
        if earlier is not None:
            raise PagingError(
                f"@odata.nextLink repeats a page already fetched: page {self._fetched} links back to page "
                f"{earlier} ({url.copy_with(query=None, fragment=None)}); the service's paging loops, so "
                "the listing stops here without fetching it again"
            )
        if self._fetched >= self.max_pages:
            raise PagingError(
                f"stopped after max_pages={self.max_pages} pages: page {self._fetched} still has an "
                "@odata.nextLink. The cap stops a service that pages forever; if the list really is this "
                f"long, pass a larger cap to pages() or collect(), e.g. max_pages={self.max_pages * 10}, "
                "or ask for larger pages with top="
            )
        self._page_numbers[key] = self._fetched + 1
        self._fetched += 1
        return url


def page_json(response: httpx.Response, operation: str) -> Any:
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ResponseParseError(f"{operation}: a next page is not JSON ({exc})") from exc


def next_page_kwargs(extras: Extras) -> dict[str, Any]:
    """What a next-page GET takes from the per-call options: headers and timeout (the link has its query)."""
    kwargs: dict[str, Any] = {}
    if extras.headers:
        kwargs["headers"] = extras.headers
    if extras.timeout is not None:
        kwargs["timeout"] = extras.timeout
    return kwargs
