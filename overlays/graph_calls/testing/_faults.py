"""Faults the simulator injects on demand: throttling, outages, slow answers, broken connections.

Each knob adds a rule; a rule applies to the requests it matches (all, or only one method, or only
paths containing some text) until its count is used up. ``sim.reset()`` clears every rule.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from typing import Final, Literal

__all__ = ["Fault", "FaultKind", "Faults"]

FaultKind = Literal[
    "throttle",
    "unavailable",
    "gateway_timeout",
    "bad_gateway",
    "drop_connection",
    "truncate_body",
    "latency",
]
# Faults answered instead of the handler (the request never reaches the simulated service).
_ANSWERING_KINDS: Final = frozenset(
    {"throttle", "unavailable", "gateway_timeout", "bad_gateway", "drop_connection"}
)


@dataclass
class Fault:
    """One injected fault rule. ``remaining`` is None for "until reset"."""

    kind: FaultKind
    remaining: int | None
    only: str | None = None
    path_contains: str | None = None
    fraction: float | None = None
    retry_after_s: float | None = None
    html: bool = False
    seconds: float = 0.0
    injected: int = 0
    _rng: random.Random | None = field(default=None, repr=False)

    def matches(self, method: str, path: str) -> bool:
        if self.remaining is not None and self.remaining <= 0:
            return False
        if self.only is not None and method.upper() != self.only.upper():
            return False
        return self.path_contains is None or self.path_contains in path

    def roll(self) -> bool:
        """Whether this matching request gets the fault (always, unless a fraction was given)."""
        if self.fraction is None or self._rng is None:
            return True
        return self._rng.random() < self.fraction

    def use(self) -> None:
        self.injected += 1
        if self.remaining is not None:
            self.remaining -= 1


class Faults:
    """The fault knobs of a :class:`~graph_calls.testing.GraphSimulator` (``sim.faults``).

    Every knob takes ``only="POST"`` (one HTTP method) and ``path_contains="/participants"``
    (a piece of the raw request path) to scope it. Examples::

        sim.faults.throttle(n=2, retry_after_s=0.1)       # the next 2 requests get 429
        sim.faults.throttle(fraction=0.3, seed=7)          # about 30 % of requests, reproducibly
        sim.faults.unavailable(only="POST")                # one 503 with an HTML page
        sim.faults.latency(0.5, path_contains="/participants")
        sim.faults.drop_connection()                       # close the socket, no answer at all
        sim.faults.truncate_body()                         # Content-Length larger than the body
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[Fault] = []

    def __repr__(self) -> str:
        return f"Faults({self.active!r})"

    @property
    def active(self) -> list[Fault]:
        """The rules that can still fire, oldest first."""
        with self._lock:
            return [rule for rule in self._rules if rule.remaining is None or rule.remaining > 0]

    def clear(self) -> None:
        """Remove every rule."""
        with self._lock:
            self._rules.clear()

    def throttle(
        self,
        n: int | None = None,
        *,
        fraction: float | None = None,
        seed: int | None = None,
        retry_after_s: float | None = 1,
        only: str | None = None,
        path_contains: str | None = None,
    ) -> None:
        """Answer ``429 TooManyRequests`` with ``Retry-After: retry_after_s``.

        ``n`` requests in a row (default 1), or with ``fraction`` a random share of requests
        (``seed`` makes it reproducible) until reset, or until ``n`` were throttled if also given.
        ``retry_after_s=None`` leaves the header out.
        """
        if fraction is not None and not 0 <= fraction <= 1:
            raise ValueError("fraction must be between 0 and 1")
        remaining = n if n is not None else (None if fraction is not None else 1)
        self._add(
            Fault(
                "throttle",
                _count(remaining),
                only,
                path_contains,
                fraction=fraction,
                retry_after_s=retry_after_s,
                _rng=random.Random(seed) if fraction is not None else None,
            )
        )

    def unavailable(
        self,
        n: int = 1,
        *,
        html: bool = True,
        retry_after_s: float | None = None,
        only: str | None = None,
        path_contains: str | None = None,
    ) -> None:
        """Answer ``503 Service Unavailable``: an HTML page (as a gateway sends) or Graph JSON."""
        self._add(
            Fault("unavailable", _count(n), only, path_contains, retry_after_s=retry_after_s, html=html)
        )

    def gateway_timeout(
        self, n: int = 1, *, html: bool = False, only: str | None = None, path_contains: str | None = None
    ) -> None:
        """Answer ``504 Gateway Timeout``."""
        self._add(Fault("gateway_timeout", _count(n), only, path_contains, html=html))

    def bad_gateway(
        self, n: int = 1, *, html: bool = False, only: str | None = None, path_contains: str | None = None
    ) -> None:
        """Answer ``502 Bad Gateway``."""
        self._add(Fault("bad_gateway", _count(n), only, path_contains, html=html))

    def drop_connection(
        self, n: int = 1, *, only: str | None = None, path_contains: str | None = None
    ) -> None:
        """Close the connection without answering; the request is not processed.

        httpx raises ``RemoteProtocolError("Server disconnected without sending a response.")``.
        """
        self._add(Fault("drop_connection", _count(n), only, path_contains))

    def truncate_body(self, n: int = 1, *, only: str | None = None, path_contains: str | None = None) -> None:
        """Process the request, then send only half the body under the full ``Content-Length``.

        Applies to responses that have a body. httpx raises ``RemoteProtocolError`` ("peer
        closed connection without sending complete message body").
        """
        self._add(Fault("truncate_body", _count(n), only, path_contains))

    def latency(
        self,
        seconds: float,
        *,
        n: int | None = None,
        only: str | None = None,
        path_contains: str | None = None,
    ) -> None:
        """Delay matching requests by ``seconds`` before handling them (all, or the next ``n``)."""
        if seconds < 0:
            raise ValueError("seconds must not be negative")
        self._add(Fault("latency", None if n is None else _count(n), only, path_contains, seconds=seconds))

    # -- used by the app -------------------------------------------------------------------------

    def take_latency(self, method: str, path: str) -> float:
        """The total delay the latency rules add to this request."""
        delay_s = 0.0
        with self._lock:
            for rule in self._rules:
                if rule.kind == "latency" and rule.matches(method, path) and rule.roll():
                    rule.use()
                    delay_s += rule.seconds
        return delay_s

    def take_answer(self, method: str, path: str) -> Fault | None:
        """The first rule that answers this request instead of the simulated service, if any."""
        return self._take(method, path, _ANSWERING_KINDS)

    def take_truncation(self, method: str, path: str) -> Fault | None:
        """A truncation rule for this response, if any."""
        return self._take(method, path, frozenset({"truncate_body"}))

    def _take(self, method: str, path: str, kinds: frozenset[str]) -> Fault | None:
        with self._lock:
            for rule in self._rules:
                if rule.kind in kinds and rule.matches(method, path) and rule.roll():
                    rule.use()
                    return rule
        return None

    def _add(self, rule: Fault) -> None:
        with self._lock:
            self._rules.append(rule)


def _count(n: int | None) -> int | None:
    if n is not None and n < 1:
        raise ValueError("n must be at least 1")
    return n
