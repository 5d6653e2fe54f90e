"""The transport core: how one checked request becomes one HTTP exchange, and its answer a model or an error.

Owns the httpx transport (auth header, retries, request ids, typed errors), the MSAL machinery behind
:mod:`graph_calls.auth`, :class:`~graph_calls._core.plan.Plan` (a checked request naming its generated
endpoint), running a plan through the generated client, and the per-request context. The public faces of
this layer are :mod:`graph_calls.auth` and :mod:`graph_calls.retry`.

May import: the vocabulary (``errors``, ``_constants``, ``_validate``, ``_tls``, ``permissions``, ``models``),
:mod:`graph_calls.auth`, :mod:`graph_calls.retry` and the generated package. Never the resources, the
client, notifications or testing.
"""
