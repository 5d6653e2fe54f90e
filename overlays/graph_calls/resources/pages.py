"""What both pagers share: reading a page's items and next link, and refusing a next link to another host."""

from __future__ import annotations

import json
from typing import Any

import httpx

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
