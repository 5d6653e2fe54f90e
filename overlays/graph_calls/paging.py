"""Lists that follow ``@odata.nextLink`` by themselves — to the Graph host they started on, never to a page
they already fetched, and for at most ``max_pages`` pages (:data:`DEFAULT_MAX_PAGES`, 10,000, by default).

Example::

    for participant in graph.calls[call_id].participants.list(top=50):
        print(participant.id)

    # a list longer than 10,000 pages (a safety cap, not a way to stop early: to stop, stop iterating)
    participants = graph.calls[call_id].participants.list(top=1).collect(max_pages=50_000)

:class:`Pager` (sync) and :class:`AsyncPager` are twins: ``pages(max_pages=...)`` yields whole pages,
iterating yields items, ``collect(max_pages=...)`` returns every item as a list. Each raises
:class:`~graph_calls.errors.PagingError`, before sending the request, when a next link points at another host,
repeats a page of the same listing (the same URL, however it is spelled, the first page's included), or would
fetch more than ``max_pages`` pages.
"""

from __future__ import annotations

from graph_calls._constants import DEFAULT_MAX_PAGES
from graph_calls.resources.aio_pager import AsyncPager
from graph_calls.resources.pages import checked_next_link, items_of, next_link_of
from graph_calls.resources.sync_pager import Pager

__all__ = ["DEFAULT_MAX_PAGES", "AsyncPager", "Pager", "checked_next_link", "items_of", "next_link_of"]
