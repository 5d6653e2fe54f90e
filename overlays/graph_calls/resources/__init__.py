"""Navigation: ``graph.calls[call_id].participants[participant_id].delete()``, sync and async.

Owns the plan builders (:mod:`.plans`: check the arguments, build the generated request body, name the
operation) and the navigation and pager twins. :mod:`.aio` and :mod:`.aio_pager` are the hand-written sources;
:mod:`.sync` and :mod:`.sync_pager` are generated from them by ``make generate`` (``async``/``await`` removed,
names mapped) and ``make check`` proves they match, so the twins cannot drift.

May import: the transport core's :class:`~graph_calls._core.plan.Plan`, the vocabulary (errors, models,
constants, validation, waiting, paging). Never the client (only for type hints), notifications or testing.
"""
