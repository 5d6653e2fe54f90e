"""openapi-python-client's command line, with the compiled code of its templates kept between runs.

Works around openapi-python-client 0.29.1 compiling its Jinja templates on every run: about 0.15 s of CPU, a
sixth of a generation, and the tests generate about thirty clients. Its environment gets Jinja's own
:class:`jinja2.FileSystemBytecodeCache`, which checks each template's source against the checksum it stored
(a changed template compiles afresh) and writes atomically (concurrent generations are safe); the
rendered files are the same. Jinja keys the cache by template name and file only, not by the environment's
options, so the directory is one per version of the generator and of Jinja. A cache that cannot be written
only costs the compilation. Can go when the generator caches its templates itself.

Usage, from :func:`graph_calls_spec.regen.run_generator`: ``python -P -m graph_calls_spec.generator_cli
generate ARGS`` (the arguments of ``openapi-python-client``).
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Any

import jinja2
import openapi_python_client
from openapi_python_client.cli import app


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME`` (or ``~/.cache``)``/graph-calls/jinja/<generator and Jinja versions>``."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    versions = f"openapi-python-client-{openapi_python_client.__version__}-jinja2-{jinja2.__version__}"
    return base / "graph-calls" / "jinja" / versions


class BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, except that a failed write is not an error (the template was compiled anyway)."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Store ``bucket``'s code, or nothing when the directory cannot take it."""
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _environment(cache: jinja2.BytecodeCache) -> type[jinja2.Environment]:
    class CachedEnvironment(jinja2.Environment):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("bytecode_cache", cache)
            super().__init__(*args, **kwargs)

    return CachedEnvironment


def install_cache(directory: Path) -> bool:
    """Make the generator's ``Project`` build its Jinja environment with a bytecode cache in ``directory``.

    False (nothing changed) when the directory cannot be made, or the generator no longer builds its
    environment through the name ``openapi_python_client.Environment``.
    """
    if getattr(openapi_python_client, "Environment", None) is not jinja2.Environment:
        return False
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return False
    setattr(openapi_python_client, "Environment", _environment(BytecodeCache(str(directory))))  # noqa: B010
    return True


def main(argv: list[str]) -> None:
    """Run ``openapi-python-client ARGV`` with its templates' code cached; exits with its status."""
    install_cache(cache_dir())
    app(args=argv, prog_name="openapi-python-client")


if __name__ == "__main__":
    main(sys.argv[1:])
