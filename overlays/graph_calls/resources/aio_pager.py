"""The pager of Graph lists: what ``graph.calls[c].participants.list()`` returns.

:mod:`graph_calls.resources.aio_pager` is written by hand and :mod:`graph_calls.resources.sync_pager` is
generated from it (see :mod:`graph_calls.resources.aio`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from graph_calls._core.request_options import extras_of
from graph_calls._core.runner import operation_context, parse_page
from graph_calls.resources.pages import checked_next_link, items_of, next_link_of, next_page_kwargs, page_json

if TYPE_CHECKING:
    from graph_calls._core.plan import Plan

T = TypeVar("T")


class AsyncPager(Generic[T]):
    """Iterates over every item of a Graph list, page after page: ``async for item in ...``.

    ``pages()`` is an async iterator over whole pages; ``collect()`` returns every item as a list. The
    per-call options apply to the first page; ``extra_headers`` and ``timeout`` also to the next ones (a next
    link carries its own query).
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
        self._next_page_kwargs = next_page_kwargs(extras_of(self._options))  # bad options fail here

    async def pages(self) -> AsyncIterator[Any]:
        page = await self._run(self._plan, self._options)
        while True:
            yield page
            link = next_link_of(page)
            if link is None:
                return
            url = checked_next_link(link, self._http.base_url)
            with operation_context(self._plan.operation):
                response = await self._http.get(url, **self._next_page_kwargs)
            page = parse_page(
                self._plan.operation, self._page_model, page_json(response, self._plan.operation)
            )

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in items_of(page):
                yield item

    async def collect(self) -> list[T]:
        """Every item of every page, as a list."""
        return [item async for item in self]
