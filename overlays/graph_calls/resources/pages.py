"""What both pagers share: reading a page's items and next link, and refusing a next link to another host."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from graph_calls._core.request_options import Extras

from graph_calls.errors import PagingError, ResponseParseError


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
