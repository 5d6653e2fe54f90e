"""What receiving a notification costs, against decoding its JSON alone, measured in one fresh process.

Run by hand or from ``make bench``: ``.venv/bin/python -m bench.notification_speed [--rounds 15]``. The last
line printed is one JSON object (the figures; the goals; the µs behind each ratio).

The body is a 100-participant roster update (``resourceData`` an array of participants shaped as in
``bench/parse_cost.py``: users, bots, guests and phones, audio and some video streams; about 76 KB), the
notification a large meeting sends most.

1. **parse**: ``parse_notifications(body)`` ÷ ``json.loads(body)``.
2. **receiver**: ``receiver.asgi_app()`` ÷ a bare ASGI app that reads the body, ``json.loads`` it and
   answers 202, both driven in-process by the same harness (a scope, a ``receive`` handing the body over
   in one message, a ``send`` keeping the status). The receiver does the full path: read the body,
   validate the token (keys fetched once beforehand from a local fake identity platform, as a running
   bot has them), parse, apply to its registry, answer 202. Each round gets a fresh registry and a run
   of bodies whose roster sequence numbers rise, so every request changes every participant (none is
   skipped as stale). The token is the same for every request, as Graph sends it.

The two figures are best-of ratios (best round ÷ best round); ``spreads`` gives the median and p25–p75 of
the per-round ratios (both contenders timed in the same round) and of each contender's µs, and
``rounds`` every per-round value behind them.

Also printed: the same two ratios for a small body (one call-state notification), the receiver with a new
token on every request (each one's signature verified), what building every participant model costs
when someone reads them, and token validation alone. Timings are the best of ``--rounds`` rounds,
interleaved so that a load spike hits every contender alike.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import timeit
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from bench.parse_cost import participant

APP_ID = "8d4b0f2c-5a8e-4c71-9d7e-2b1f3c4d5e6f"
CALL_ID = "421f0500-2a2b-4c51-94cd-9b3c2b1bd5b1"
PARSE_GOAL = 3.0
RECEIVER_GOAL = 1.5
REQUESTS_PER_ROUND = 40

Message = MutableMapping[str, Any]
App = Callable[
    [MutableMapping[str, Any], Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]],
    Awaitable[None],
]


# Bodies


def roster_body(participants: int = 100, sequence_base: int = 1000) -> bytes:
    """A commsNotifications payload: one roster update naming ``participants`` participants."""
    entries = [participant(n) for n in range(participants)]
    for n, entry in enumerate(entries):
        entry["rosterSequenceNumber"] = sequence_base + n
    return _payload("/participants", entries)


def call_state_body() -> bytes:
    """A commsNotifications payload: one call-state update (established), a few hundred bytes."""
    call = {"@odata.type": "#microsoft.graph.call", "state": "established", "direction": "outgoing"}
    return _payload("", call)


def _payload(path: str, resource_data: Any) -> bytes:
    notification = {
        "@odata.type": "#microsoft.graph.commsNotification",
        "changeType": "updated",
        "resourceUrl": f"/communications/calls/{CALL_ID}{path}",
        "resourceData": resource_data,
    }
    return json.dumps(
        {"@odata.type": "#microsoft.graph.commsNotifications", "value": [notification]}
    ).encode()


# Timing plain functions


def round_us(contenders: dict[str, Callable[[], Any]], rounds: int) -> dict[str, list[float]]:
    """Per-call time in µs of each contender, one value per round; rounds interleaved."""
    timers = {name: timeit.Timer(fn) for name, fn in contenders.items()}
    numbers = {name: max(1, timer.autorange()[0] // 4) for name, timer in timers.items()}
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, timer in timers.items():
            times[name].append(timer.timeit(numbers[name]) / numbers[name] * 1e6)
    return times


def best_us(contenders: dict[str, Callable[[], Any]], rounds: int) -> dict[str, float]:
    """Best per-call time in µs of each contender; rounds interleaved."""
    return {name: min(values) for name, values in round_us(contenders, rounds).items()}


def spread(values: list[float]) -> dict[str, float]:
    """``{"median", "p25", "p75", "rounds"}`` of some per-round values (quartiles by closest ranks)."""
    ordered = sorted(values)

    def at(fraction: float) -> float:
        position = (len(ordered) - 1) * fraction
        low = int(position)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (position - low)

    return {"median": at(0.5), "p25": at(0.25), "p75": at(0.75), "rounds": len(ordered)}


def per_round_ratios(numerators: list[float], denominators: list[float]) -> list[float]:
    """``numerators[i] / denominators[i]``: two contenders timed in the same round."""
    return [n / d for n, d in zip(numerators, denominators, strict=True)]


# The ASGI harness


def _scope(authorization: str) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "https",
        "path": "/callback",
        "raw_path": b"/callback",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"bot.contoso.com"),
            (b"content-type", b"application/json"),
            (b"user-agent", b"Microsoft-Skype/3.0"),
            (b"authorization", f"Bearer {authorization}".encode("latin-1")),
        ],
        "client": ("52.114.0.1", 50000),
        "server": ("127.0.0.1", 443),
    }


async def call_app(app: App, scope: dict[str, Any], body: bytes) -> int:
    """One request through ``app``: the body in one message; returns the status it answered."""
    status = 0

    async def receive() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def bare_app(
    scope: MutableMapping[str, Any], receive: Callable[[], Awaitable[Message]], send: Any
) -> None:
    """The baseline: read the body, decode the JSON, answer 202."""
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    json.loads(b"".join(chunks))
    await send({"type": "http.response.start", "status": 202, "headers": [(b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})


async def time_round(make_app: Callable[[], App], scopes: list[dict[str, Any]], bodies: list[bytes]) -> float:
    """Mean µs per request of one round: a fresh app (untimed), then every body once, in order."""
    app = make_app()
    started = time.perf_counter()
    for scope, body in zip(scopes, bodies, strict=True):
        status = await call_app(app, scope, body)
        if status != 202:
            raise RuntimeError(f"the app answered {status}, not 202")
    return (time.perf_counter() - started) / len(bodies) * 1e6


async def asgi_figures(
    contenders: dict[str, tuple[Callable[[], App], list[dict[str, Any]], list[bytes]]], rounds: int
) -> dict[str, list[float]]:
    """µs per request of each contender, one value per round; rounds interleaved."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for make_app, scopes, bodies in contenders.values():  # warm up: imports, caches
        await time_round(make_app, scopes[:2], bodies[:2])
    for _ in range(rounds):
        for name, (make_app, scopes, bodies) in contenders.items():
            times[name].append(await time_round(make_app, scopes, bodies))
    return times


# The figures


def measure(rounds: int) -> dict[str, Any]:
    from graph_calls.notifications import CallbackTokenValidator, NotificationReceiver, parse_notifications
    from graph_calls.testing import FakeIdentityPlatform, TestCA

    roster = roster_body()
    small = call_state_body()
    parse_rounds = round_us(
        {
            "json_loads_roster": lambda: json.loads(roster),
            "parse_roster": lambda: parse_notifications(roster),
            "parse_roster_reading_every_participant": lambda: [
                n.participants for n in parse_notifications(roster)
            ],
            "json_loads_small": lambda: json.loads(small),
            "parse_small": lambda: parse_notifications(small),
        },
        rounds,
    )
    parse = {name: min(values) for name, values in parse_rounds.items()}

    with TestCA() as ca, FakeIdentityPlatform(ca=ca) as idp:
        validator = CallbackTokenValidator(
            APP_ID, openid_config_url=idp.callback_openid_config_url, verify=ca.ca_bundle
        )

        def mint(n: int = 0) -> str:
            return idp.mint_callback_token(
                audience=APP_ID, tenant_id=idp.tenant_id, extra_claims={"jti": f"t{n}"}
            )

        token = mint()
        validator.validate(f"Bearer {token}")  # fetches the keys once, as a running bot has them
        same_token = [_scope(token)] * REQUESTS_PER_ROUND
        rosters = [roster_body(sequence_base=1000 + 1000 * i) for i in range(REQUESTS_PER_ROUND)]
        smalls = [small] * REQUESTS_PER_ROUND

        def receiver_app() -> App:
            app: App = NotificationReceiver(APP_ID, validator=validator).asgi_app()
            return app

        def bare() -> App:
            return bare_app

        asgi_rounds = asyncio.run(
            asgi_figures(
                {
                    "bare_roster": (bare, same_token, rosters),
                    "receiver_roster": (receiver_app, same_token, rosters),
                    "bare_small": (bare, same_token, smalls),
                    "receiver_small": (receiver_app, same_token, smalls),
                },
                rounds,
            )
        )
        asgi = {name: (min(values), statistics.median(values)) for name, values in asgi_rounds.items()}
        # A new token per request (each verified in full), fewer rounds: minting is slow.
        fresh_rounds = max(3, rounds // 3)
        fresh_tokens = [
            [_scope(mint(1 + r * REQUESTS_PER_ROUND + i)) for i in range(REQUESTS_PER_ROUND)]
            for r in range(fresh_rounds + 1)
        ]
        fresh = asyncio.run(_fresh_token_figures(receiver_app, bare, fresh_tokens, rosters))
        tokens = _token_figures(validator, token, [mint(10_000 + i) for i in range(200)])

    ratio = {
        "parse_roster": parse["parse_roster"] / parse["json_loads_roster"],
        "receiver_roster": asgi["receiver_roster"][0] / asgi["bare_roster"][0],
    }
    per_round = {
        "parse_roster_over_json_loads": per_round_ratios(
            parse_rounds["parse_roster"], parse_rounds["json_loads_roster"]
        ),
        "receiver_roster_over_bare_asgi": per_round_ratios(
            asgi_rounds["receiver_roster"], asgi_rounds["bare_roster"]
        ),
        "json_loads_roster_us": parse_rounds["json_loads_roster"],
        "parse_roster_us": parse_rounds["parse_roster"],
        "asgi_bare_roster_us": asgi_rounds["bare_roster"],
        "asgi_receiver_roster_us": asgi_rounds["receiver_roster"],
    }
    return {
        "spreads": {name: spread(values) for name, values in per_round.items()},
        "rounds": {name: [round(v, 3) for v in values] for name, values in per_round.items()},
        "parse_roster_over_json_loads": round(ratio["parse_roster"], 2),
        "parse_goal": PARSE_GOAL,
        "receiver_roster_over_bare_asgi": round(ratio["receiver_roster"], 2),
        "receiver_goal": RECEIVER_GOAL,
        "goals_met": ratio["parse_roster"] <= PARSE_GOAL and ratio["receiver_roster"] <= RECEIVER_GOAL,
        "also": {
            "receiver_roster_over_bare_asgi_median": round(
                asgi["receiver_roster"][1] / asgi["bare_roster"][1], 2
            ),
            "parse_roster_reading_every_participant_over_json_loads": round(
                parse["parse_roster_reading_every_participant"] / parse["json_loads_roster"], 2
            ),
            "parse_small_over_json_loads": round(parse["parse_small"] / parse["json_loads_small"], 2),
            "receiver_small_over_bare_asgi": round(asgi["receiver_small"][0] / asgi["bare_small"][0], 2),
            "receiver_roster_new_token_each_request_over_bare_asgi": round(
                fresh["receiver"] / fresh["bare"], 2
            ),
        },
        "us": {
            "roster_body_bytes": len(roster),
            **{name: round(value, 1) for name, value in parse.items()},
            **{f"asgi_{name}": round(best, 1) for name, (best, _) in asgi.items()},
            **{f"asgi_new_token_{name}": round(value, 1) for name, value in fresh.items()},
            **{name: round(value, 1) for name, value in tokens.items()},
        },
    }


async def _fresh_token_figures(
    receiver_app: Callable[[], App],
    bare: Callable[[], App],
    tokens: list[list[dict[str, Any]]],
    bodies: list[bytes],
) -> dict[str, float]:
    best = {"bare": float("inf"), "receiver": float("inf")}
    await time_round(receiver_app, tokens[0], bodies)  # warm up
    for scopes in tokens[1:]:
        best["bare"] = min(best["bare"], await time_round(bare, scopes, bodies))
        best["receiver"] = min(best["receiver"], await time_round(receiver_app, scopes, bodies))
    return best


def _token_figures(validator: Any, token: str, new_tokens: list[str]) -> dict[str, float]:
    """µs to validate a token seen before, and a token seen for the first time (signature verified)."""
    header = f"Bearer {token}"
    seen = best_us({"validate_token_seen_before": lambda: validator.validate(header)}, 5)
    started = time.perf_counter()
    for new in new_tokens:
        validator.validate(f"Bearer {new}")
    first = (time.perf_counter() - started) / len(new_tokens) * 1e6
    return {**seen, "validate_token_first_sight": first}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds per figure (best kept)")
    args = parser.parse_args(argv)
    figures = measure(args.rounds)
    print(
        f"parse a 100-participant roster update: {figures['parse_roster_over_json_loads']}x json.loads"
        f" (goal <= {PARSE_GOAL}x)"
    )
    print(
        f"receiver through ASGI: {figures['receiver_roster_over_bare_asgi']}x a bare json-loading ASGI app"
        f" (goal <= {RECEIVER_GOAL}x)"
    )
    print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
