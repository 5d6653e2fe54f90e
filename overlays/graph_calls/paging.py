"""Lists that follow ``@odata.nextLink`` by themselves — but only to the Graph host they started on.

Example::

    for participant in graph.calls[call_id].participants.list(top=50):
        print(participant.id)
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, Generic, TypeVar

import httpx

from graph_calls._operations import Plan
from graph_calls._runner import operation_context, parse_page
from graph_calls.errors import PagingError, ResponseParseError

T = TypeVar("T")


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


def _json(response: httpx.Response, operation: str) -> Any:
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ResponseParseError(f"{operation}: a next page is not JSON ({exc})") from exc


class Pager(Generic[T]):
    """Iterates over every item of a Graph list, page after page. ``pages()`` yields whole pages."""

    def __init__(
        self,
        run: Callable[[Plan[Any]], Any],
        http: httpx.Client,
        plan: Plan[Any],
        page_model: Any,
    ) -> None:
        self._run = run
        self._http = http
        self._plan = plan
        self._page_model = page_model

    def pages(self) -> Iterator[Any]:
        page = self._run(self._plan)
        while True:
            yield page
            link = next_link_of(page)
            if link is None:
                return
            url = checked_next_link(link, self._http.base_url)
            with operation_context(self._plan.operation):
                response = self._http.get(url)
            page = parse_page(self._plan.operation, self._page_model, _json(response, self._plan.operation))

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from items_of(page)


class AsyncPager(Generic[T]):
    """Async twin of :class:`Pager`: ``async for item in ...``; ``pages()`` is an async iterator."""

    def __init__(
        self,
        run: Callable[[Plan[Any]], Awaitable[Any]],
        http: httpx.AsyncClient,
        plan: Plan[Any],
        page_model: Any,
    ) -> None:
        self._run = run
        self._http = http
        self._plan = plan
        self._page_model = page_model

    async def pages(self) -> AsyncIterator[Any]:
        page = await self._run(self._plan)
        while True:
            yield page
            link = next_link_of(page)
            if link is None:
                return
            url = checked_next_link(link, self._http.base_url)
            with operation_context(self._plan.operation):
                response = await self._http.get(url)
            page = parse_page(self._plan.operation, self._page_model, _json(response, self._plan.operation))

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in items_of(page):
                yield item

    async def collect(self) -> list[T]:
        """Every item of every page, as a list."""
        return [item async for item in self]
