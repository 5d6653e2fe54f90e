"""``python -m graph_calls.testing serve``: run the Graph simulator until Ctrl-C, ring a bot, play a scenario.

It prints what a client (and a bot validating callback tokens) needs to talk to it::

    $ python -m graph_calls.testing serve --port 8443
    base_url       https://127.0.0.1:8443/v1.0
    authority      https://127.0.0.1:40123/6c1f...
    ...

Ring a bot once the simulator is up, from a user, a phone number or a guest::

    $ python -m graph_calls.testing serve --ring https://127.0.0.1:5000/callback --caller phone:+15555550100

Script what the other side does (see :mod:`graph_calls.testing._scenario_file` for the format), and stop
once it has run (``--exit-when-done``, for scripts and CI)::

    $ python -m graph_calls.testing serve --ring https://127.0.0.1:5000/callback --scenario call.yml

A scenario file that cannot be played is refused before the simulator starts (exit status 2, the file,
step and problem on stderr); a step that fails while playing ends the run with status 1.
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Sequence

from graph_calls.testing._scenario_file import (
    Scenario,
    ScenarioError,
    load_scenario,
    needs_ring_url,
    parse_caller,
    ring_once,
    run_scenario,
)
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
    serve.add_argument(
        "--ring", metavar="URL", help="ring the bot at this callback URL once the simulator is up"
    )
    serve.add_argument(
        "--caller", metavar="WHO", help="who rings: user:<id>, phone:<+E.164> or guest:<id> (default: a user)"
    )
    serve.add_argument("--scenario", metavar="FILE", help="play this YAML or JSON scenario (ring, wait, ...)")
    serve.add_argument(
        "--exit-when-done", action="store_true", help="stop once the ring or the scenario is done"
    )
    args = parser.parse_args(argv)
    scenario = _checked(parser, args)
    with GraphSimulator(
        port=args.port, operation_delay_s=args.operation_delay, establish_delay_s=args.establish_delay
    ) as sim:
        print(describe(sim), flush=True)
        stop = threading.Event()
        try:
            if scenario is not None:
                run_scenario(sim, scenario, ring_url=args.ring, caller=args.caller, say=_say, stop=stop)
            elif args.ring:
                ring_once(sim, args.ring, args.caller, say=_say)
            if args.exit_when_done:
                sim.settle()
                return 0
            stop.wait()
        except ScenarioError as exc:
            print(f"error: {exc}", file=sys.stderr, flush=True)
            return 1
        except KeyboardInterrupt:
            stop.set()
            print("stopping", file=sys.stderr)
    return 0


def _checked(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Scenario | None:
    """The scenario, after every check that needs no simulator (parser.error exits with status 2)."""
    scenario = None
    try:
        if args.caller:
            parse_caller(args.caller)
        if args.scenario:
            scenario = load_scenario(args.scenario)
    except ValueError as exc:  # ScenarioError, or a caller that is not usable
        parser.error(str(exc))
    if args.ring and not args.ring.startswith(("https://", "http://")):
        parser.error(f"--ring must be an http(s) URL, not {args.ring!r}")
    if scenario is not None and needs_ring_url(scenario) and not args.ring:
        parser.error(f"{args.scenario}: a ring step has no url: pass --ring URL")
    if args.exit_when_done and not (args.ring or scenario):
        parser.error("--exit-when-done needs --ring or --scenario")
    return scenario


def _say(line: str) -> None:
    print(line, flush=True)


def describe(sim: GraphSimulator) -> str:
    """How to point a client, and a bot's callback token validator, at ``sim``."""
    rows = [
        ("base_url", sim.base_url),
        ("authority", sim.authority),
        ("tenant_id", sim.tenant_id),
        ("client_id", sim.client_id),
        ("client_secret", sim.client_secret),
        ("ca_bundle", sim.ca_bundle),
        ("callback_keys", sim.idp.callback_openid_config_url),
    ]
    table = "\n".join(f"{name:<14} {value}" for name, value in rows)
    example = (
        "\nfrom graph_calls import GraphCalls\n"
        "graph = GraphCalls.from_client_secret(\n"
        f"    tenant_id={sim.tenant_id!r}, client_id={sim.client_id!r},\n"
        f"    client_secret={sim.client_secret!r},\n"
        f"    base_url={sim.base_url!r}, authority={sim.authority!r},\n"
        f"    verify={sim.ca_bundle!r})\n"
        "\nfrom graph_calls.notifications import CallbackTokenValidator\n"
        "validator = CallbackTokenValidator(\n"
        f"    {sim.client_id!r}, openid_config_url={sim.idp.callback_openid_config_url!r},\n"
        f"    verify={sim.ca_bundle!r})\n"
        "\nCtrl-C stops it."
    )
    return table + "\n" + example


if __name__ == "__main__":
    sys.exit(main())
