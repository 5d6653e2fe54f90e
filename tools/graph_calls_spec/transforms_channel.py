"""The guard before the transforms: which Graph channel (v1.0 or beta) each input is from, and beta refused.

graph-calls targets v1.0. A beta module builds a client for endpoints and types v1.0 does not serve; a v1.0
module completed with beta metadata silently gains beta-only properties and types (the metadata's properties
flow into the models), and the reverse mixes as quietly. So beta is refused unless asked for, and a mix of
channels is refused even then.

The module says its channel in its content: ``info.version`` is ``v1.0`` or ``beta`` (Microsoft's PowerShell
beta modules say ``v1.0-beta``), and the server URL ends in ``/v1.0/`` or ``/beta/``. The clean metadata does
not: the beta ``cleanMetadata.xml`` has the same ``Edmx`` version, namespace, alias and entity container as
the v1.0 one and differs only in which types it has (namespaces such as ``microsoft.graph.managedTenants``
are beta-only today, but Microsoft promotes namespaces to v1.0, so that would misfire). Its channel comes
from where it was read (:attr:`Csdl.origin <graph_calls_spec.csdl.Csdl.origin>`): Microsoft keeps it in
``clean_beta_metadata/`` (and ``beta_metadata.xml``); a local copy says ``beta`` in its name
(``cleanMetadata.beta.<date>-<commit>.xml``, as the v1.0 snapshots say ``v1.0``). An unknown origin is v1.0.
"""

from __future__ import annotations

import re

from graph_calls_spec.csdl import Csdl
from graph_calls_spec.spec_nodes import ChannelError, Spec

V1 = "v1.0"
BETA = "beta"
ALLOW_HINT = "pass allow_beta=True (`--allow-beta`) to build from a beta module with beta metadata"
# ``beta`` as a word of the file name (`beta_metadata.xml`, `cleanMetadata.beta.2026-08-01-0123abcd.xml`), or
# the folder Microsoft keeps it in. Only the folder the file is in: one higher up is someone's checkout.
_BETA_WORD = re.compile(r"(?:^|[._-])beta(?:[._-]|$)", re.IGNORECASE)
BETA_FOLDERS = ("clean_beta_metadata", "beta")


def module_channel(module: Spec) -> tuple[str, str]:
    """The module's channel, and what in it says so."""
    info = module.get("info")
    version = str(info.get("version", "")) if isinstance(info, dict) else ""
    if version.lower() == BETA or version.lower().endswith("-beta"):
        return BETA, f"info.version {version!r}"
    servers = module.get("servers")
    for server in servers if isinstance(servers, list) else []:
        url = str(server.get("url", "")) if isinstance(server, dict) else ""
        if url.rstrip("/").lower().endswith("/beta"):
            return BETA, f"server {url}"
    return V1, f"info.version {version!r}" if version else "no beta marker"


def metadata_channel(origin: str) -> tuple[str, str]:
    """The channel of metadata read from ``origin`` (a path or URL), and what in it says so."""
    segments = [s for s in re.split(r"[/\\]", origin.split("?", 1)[0]) if s]
    name = segments[-1] if segments else ""
    folder = segments[-2].lower() if len(segments) > 1 else ""
    if _BETA_WORD.search(name) or folder in BETA_FOLDERS:
        return BETA, f"read from {origin}"
    return V1, f"read from {origin}" if origin else "origin unknown"


def check_channels(module: Spec, csdl: Csdl, *, source: str = "", allow_beta: bool = False) -> str:
    """The inputs' channel (``v1.0`` or ``beta``); :class:`ChannelError` for beta unless ``allow_beta``, and
    for a module and metadata of different channels always."""
    module_is, module_why = module_channel(module)
    metadata_is, metadata_why = metadata_channel(csdl.origin)
    where = source or "the upstream inputs"
    if module_is != metadata_is:
        raise ChannelError(
            f"{where}: the module is {module_is} ({module_why}) but the metadata is {metadata_is} "
            f"({metadata_why}); a module and metadata of different Graph channels are never built together, "
            f"not even with --allow-beta: pair the module with the metadata of its own channel (and, for "
            f"beta, {ALLOW_HINT})"
        )
    if module_is == BETA and not allow_beta:
        raise ChannelError(
            f"{where}: beta inputs (module: {module_why}; metadata: {metadata_why}), and graph-calls targets "
            f"v1.0; to build from beta on purpose, {ALLOW_HINT}"
        )
    return module_is
