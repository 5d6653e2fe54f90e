"""Where a :class:`~graph_calls.notifications.CallRegistry` keeps calls and operation outcomes.

- :class:`MemoryStore`: this process's memory, the default (``CallRegistry()``).
- :class:`RedisStore`: Redis, shared by every instance of a bot behind a load balancer
  (``CallRegistry(store=RedisStore(url, namespace=app_id))``); needs the ``redis`` extra
  (``pip install graph-calls[redis]``). Importing this package does not import redis: the name loads it on
  first use.
- :class:`Store`: the protocol both follow (:mod:`.base`), with :class:`Limits` and
  :class:`StoreUnavailableError`, what a shared store raises when it cannot be reached.

Layout: ``base`` (the protocol), ``memory``, ``redis_store`` over ``_redis_scripts`` (the Lua rules),
``_redis_codec`` (notifications in, models out) and ``_redis_listener`` (the pub/sub thread).

May import: the notifications modules below the registry (``_records``, ``_resources``, ``_retention``,
``parsing``), the vocabulary and the generated package; ``redis`` in the ``redis_*`` modules only. Never
``state``, ``handler``, the transport core, the resources or the client.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph_calls.notifications.stores.base import Limits, Store, StoreUnavailableError
    from graph_calls.notifications.stores.memory import MemoryStore
    from graph_calls.notifications.stores.redis_store import RedisStore

_LAZY_EXPORTS = {
    "Limits": "graph_calls.notifications.stores.base",
    "MemoryStore": "graph_calls.notifications.stores.memory",
    "RedisStore": "graph_calls.notifications.stores.redis_store",
    "Store": "graph_calls.notifications.stores.base",
    "StoreUnavailableError": "graph_calls.notifications.stores.base",
}

__all__ = ["Limits", "MemoryStore", "RedisStore", "Store", "StoreUnavailableError"]


def __getattr__(name: str) -> Any:
    module_name = _LAZY_EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module_name), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
