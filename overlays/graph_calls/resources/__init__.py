"""Navigation: ``graph.calls[call_id].participants[participant_id].delete()``, sync and async.

Owns the plan builders (:mod:`.plans`: check the arguments, build the generated request body, name the
operation) and the two navigation twins. :mod:`.aio` is the hand-written source; :mod:`.sync` is generated
from it by ``make generate`` (``async``/``await`` removed, names mapped) and ``make check`` proves it matches,
so the twins cannot drift.

May import: the transport core's :class:`~graph_calls._core.plan.Plan`, the vocabulary (errors, models,
constants, validation, waiting, paging). Never the client (only for type hints), notifications or testing.
"""
