"""Maintainer tooling for graph-calls' spec pipeline: pinned upstream inputs → trimmed, normalized OpenAPI.

Modules: :mod:`.inputs` (the lock, fetching and verifying upstream files), :mod:`.csdl` (the Graph metadata),
:mod:`.rules` (the keep-list and transform parameters, read from ``openapi/``), :mod:`.transforms` (small
named spec transforms), :mod:`.pipeline` (their order), :mod:`.cli` (``python -m graph_calls_spec``);
the drift report (:mod:`.specdiff`, :mod:`.drift_render`, :mod:`.drift`), :mod:`.bump` (pin new inputs)
and :mod:`.latest` (the newest upstream commits, for the weekly CI workflow).
"""
