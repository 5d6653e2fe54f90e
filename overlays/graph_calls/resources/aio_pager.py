"""The pager of Graph lists: what ``graph.calls[c].participants.list()`` returns.

:mod:`graph_calls.resources.aio_pager` is written by hand and :mod:`graph_calls.resources.sync_pager` is
generated from it (see :mod:`graph_calls.resources.aio`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from graph_calls._constants import DEFAULT_MAX_PAGES
from graph_calls._core.request_options import extras_of
from graph_calls._core.runner import operation_context, parse_page
from graph_calls.resources.pages import (
    PageTrail,
    check_max_pages,
    checked_next_link,
    first_page_url,
    items_of,
    next_link_of,
    next_page_kwargs,
    page_json,
)

if TYPE_CHECKING:
    from graph_calls._core.plan import Plan

T = TypeVar("T")


class AsyncPager(Generic[T]):
    """Iterates over every item of a Graph list, page after page: ``async for item in ...``.

    ``pages()`` is an async iterator over whole pages; ``collect()`` returns every item as a list. The
    per-call options apply to the first page; ``extra_headers`` and ``timeout`` also to the next ones (a next
    link carries its own query).

    A listing stops with :class:`~graph_calls.errors.PagingError`, before sending the request, when a next
    link leaves the Graph host, repeats a page the listing already fetched (a service paging in a loop), or
    would fetch more than ``max_pages`` pages (10,000 unless ``pages()`` or ``collect()`` is given another
    ``max_pages``). The cap is a safety net, not a way to stop early: to read fewer pages, stop iterating.
    """

    def __init__(
        self,
        run: Callable[[Plan[Any], Mapping[str, Any]], Awaitable[Any]],
        http: httpx.AsyncClient,
        plan: Plan[Any],
        page_model: Any,
        options: Mapping[str, Any] | None = None,
    ) -> None:
        self._run = run
        self._http = http
        self._plan = plan
        self._page_model = page_model
        self._options = options or {}
        self._extras = extras_of(self._options)  # bad options fail here
        self._next_page_kwargs = next_page_kwargs(self._extras)

    def pages(self, *, max_pages: int = DEFAULT_MAX_PAGES) -> AsyncIterator[Any]:
        """Every page of the list, the first one included, following ``@odata.nextLink``.

        ``max_pages``: past this many pages the listing raises :class:`~graph_calls.errors.PagingError`.
        """
        return self._pages(check_max_pages(max_pages))

    async def _pages(self, max_pages: int) -> AsyncIterator[Any]:
        page = await self._run(self._plan, self._options)
        trail: PageTrail | None = None  # built at the first next link: a one-page list needs none
        while True:
            yield page
            link = next_link_of(page)
            if link is None:
                return
            url = checked_next_link(link, self._http.base_url)
            if trail is None:
                trail = PageTrail(first_page_url(self._http, self._plan, self._extras), max_pages=max_pages)
            trail.follow(url)
            with operation_context(self._plan.operation):
                response = await self._http.get(url, **self._next_page_kwargs)
            page = parse_page(
                self._plan.operation, self._page_model, page_json(response, self._plan.operation)
            )

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in items_of(page):
                yield item

    async def collect(self, *, max_pages: int = DEFAULT_MAX_PAGES) -> list[T]:
        """Every item of every page, as a list (``max_pages`` as in :meth:`pages`)."""
        return [item async for page in self.pages(max_pages=max_pages) for item in items_of(page)]
