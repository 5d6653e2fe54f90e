"""Maintainer tooling for graph-calls' spec pipeline: pinned upstream inputs → trimmed, normalized OpenAPI.

Modules: :mod:`.inputs` (the lock, fetching and verifying upstream files), :mod:`.csdl` (the Graph metadata),
:mod:`.rules` (the keep-list and transform parameters, read from ``openapi/``), :mod:`.transforms` (small
named spec transforms), :mod:`.pipeline` (their order), :mod:`.cli` (``python -m graph_calls_spec``).
"""
