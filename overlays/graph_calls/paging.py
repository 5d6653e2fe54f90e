"""Lists that follow ``@odata.nextLink`` by themselves — but only to the Graph host they started on.

Example::

    for participant in graph.calls[call_id].participants.list(top=50):
        print(participant.id)

:class:`Pager` (sync) and :class:`AsyncPager` are twins: ``pages()`` yields whole pages, iterating yields
items, ``collect()`` returns every item as a list.
"""

from __future__ import annotations

from graph_calls.resources.aio_pager import AsyncPager
from graph_calls.resources.pages import checked_next_link, items_of, next_link_of
from graph_calls.resources.sync_pager import Pager

__all__ = ["AsyncPager", "Pager", "checked_next_link", "items_of", "next_link_of"]
