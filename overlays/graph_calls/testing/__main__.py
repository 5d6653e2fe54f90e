"""``python -m graph_calls.testing serve [--port N]``: run the Graph simulator until Ctrl-C.

It prints what a client needs to talk to it::

    $ python -m graph_calls.testing serve --port 8443
    base_url       https://127.0.0.1:8443/v1.0
    authority      https://127.0.0.1:40123/6c1f...
    ...
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Sequence

from graph_calls.testing.simulator import GraphSimulator


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run it; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m graph_calls.testing", description="Run the local Graph calls simulator."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the Graph calls simulator and its identity platform")
    serve.add_argument("--port", type=int, default=0, help="simulator port (default: a free one)")
    serve.add_argument("--operation-delay", type=float, default=0.5, help="seconds operations stay running")
    serve.add_argument("--establish-delay", type=float, default=1.0, help="seconds calls stay establishing")
    args = parser.parse_args(argv)
    with GraphSimulator(
        port=args.port, operation_delay_s=args.operation_delay, establish_delay_s=args.establish_delay
    ) as sim:
        print(describe(sim), flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopping", file=sys.stderr)
    return 0


def describe(sim: GraphSimulator) -> str:
    """How to point a client at ``sim``."""
    rows = [
        ("base_url", sim.base_url),
        ("authority", sim.authority),
        ("tenant_id", sim.tenant_id),
        ("client_id", sim.client_id),
        ("client_secret", sim.client_secret),
        ("ca_bundle", sim.ca_bundle),
    ]
    table = "\n".join(f"{name:<14} {value}" for name, value in rows)
    example = (
        "\nfrom graph_calls import GraphCalls\n"
        "graph = GraphCalls.from_client_secret(\n"
        f"    tenant_id={sim.tenant_id!r}, client_id={sim.client_id!r},\n"
        f"    client_secret={sim.client_secret!r},\n"
        f"    base_url={sim.base_url!r}, authority={sim.authority!r},\n"
        f"    verify={sim.ca_bundle!r})\n"
        "\nCtrl-C stops it."
    )
    return table + "\n" + example


if __name__ == "__main__":
    sys.exit(main())
