"""Scenario files for ``python -m graph_calls.testing serve --scenario FILE``: what the other side of a call
does to a bot, step by step, in YAML or JSON.

The format: a list of steps (or a mapping with a ``steps`` list), each a mapping with one action::

    # scenario.yml
    steps:
      - ring: {caller: "phone:+15555550100"}   # ring the --ring URL (or url: ...); the call is named "call"
      - wait: {state: established}             # until the simulator holds the call in that state
      - press: "1"                             # the caller presses a key (the bot subscribed to tones)
      - sleep: 2
      - hang_up: {}                            # the caller hangs up
      - settle: {}                             # until nothing is queued or in flight

Actions and their options (every option may be left out):

- ``ring``: ``url`` (default: ``--ring``), ``caller`` (``user:<id>``, ``phone:<+E.164>``, ``guest:<id>``;
  default: ``--caller``, else a generated user), ``as`` (the call's name, default ``call``),
  ``ring_timeout`` (seconds until an unanswered call ends; default the service's 15).
- ``wait``: ``state`` (a call state: ``established``, ``terminated``...), ``call`` (a name), ``timeout``
  (seconds, default 30).
- ``press``: ``tone`` (``0``-``9``, ``*``, ``#``, ``A``-``D``), ``call``; or just the tone.
- ``hang_up``: ``call``.
- ``sleep``: seconds; or ``{seconds: N}``.
- ``settle``: ``timeout`` (seconds, default 30).

:func:`load_scenario` checks everything before the simulator starts and raises :class:`ScenarioError` with
the file, the step and what is wrong; :func:`run_scenario` plays it.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from graph_calls import identities

if TYPE_CHECKING:
    from graph_calls.testing.simulator import GraphSimulator
    from graph_calls_generated.models.identity_set import IdentitySet

__all__ = ["Scenario", "ScenarioError", "Step", "load_scenario", "parse_caller", "run_scenario"]

DEFAULT_CALL: Final = "call"
DEFAULT_WAIT_TIMEOUT_S: Final = 30.0
_STATE_POLL_S: Final = 0.05
_CALL_STATES: Final = (
    "incoming",
    "establishing",
    "ringing",
    "established",
    "hold",
    "transferring",
    "transferAccepted",
    "redirecting",
    "terminating",
    "terminated",
)
_TONES: Final = frozenset("0123456789*#ABCD")
# action → its options (the first is the one a bare value stands for).
_OPTIONS: Final[dict[str, tuple[str, ...]]] = {
    "ring": ("url", "caller", "as", "ring_timeout"),
    "wait": ("state", "call", "timeout"),
    "press": ("tone", "call"),
    "hang_up": ("call",),
    "sleep": ("seconds",),
    "settle": ("timeout",),
}


class ScenarioError(ValueError):
    """A scenario file that cannot be played: where, and what is wrong."""


@dataclass(frozen=True)
class Step:
    """One checked step: its action and options."""

    action: str
    options: Mapping[str, Any] = field(default_factory=dict)
    number: int = 0


@dataclass(frozen=True)
class Scenario:
    """A checked scenario: its steps, and where it came from (for messages)."""

    steps: tuple[Step, ...]
    source: str = "scenario"


def parse_caller(spec: str) -> IdentitySet:
    """``user:<id>``, ``phone:<+E.164>`` (or a bare ``+E.164``) or ``guest:<id>`` as an identity set."""
    kind, _, value = spec.partition(":")
    if not value and spec.startswith("+"):
        kind, value = "phone", spec
    if not value:
        raise ValueError(f"caller {spec!r}: use user:<id>, phone:<+E.164 number> or guest:<id>")
    if kind == "user":
        return identities.user(value)
    if kind == "phone":
        return identities.phone(value)
    if kind == "guest":
        return identities.guest(value)
    raise ValueError(f"caller {spec!r}: the kind is user, phone or guest, not {kind!r}")


def load_scenario(path: str | Path) -> Scenario:
    """Read and check a YAML (``.yml``/``.yaml``) or JSON scenario file."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"{source}: cannot read it ({exc.strerror or exc})") from None
    if source.endswith((".yml", ".yaml")):
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:  # its message says where
            raise ScenarioError(f"{source}: not valid YAML: {' '.join(str(exc).split())}") from None
    else:
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise ScenarioError(f"{source}: not valid JSON: {exc}") from None
    return check_scenario(data, source=source)


def check_scenario(data: Any, *, source: str = "scenario") -> Scenario:
    """Check parsed scenario data; raise :class:`ScenarioError` naming the step and the problem."""
    if isinstance(data, Mapping):
        extra = sorted(set(data) - {"steps"})
        if extra:
            raise ScenarioError(
                f"{source}: unknown top-level key(s) {', '.join(map(repr, extra))}; use 'steps'"
            )
        data = data.get("steps")
    if not isinstance(data, list) or not data:
        raise ScenarioError(f"{source}: expected a non-empty list of steps (or a mapping with 'steps')")
    steps = tuple(_check_step(item, number, source) for number, item in enumerate(data, start=1))
    named: set[str] = set()
    for step in steps:
        if step.action == "ring":
            named.add(step.options.get("as", DEFAULT_CALL))
        elif "call" in _OPTIONS[step.action]:
            call = step.options.get("call", DEFAULT_CALL)
            if call not in named:
                raise ScenarioError(
                    f"{source}: step {step.number} ({step.action}): no call named {call!r} rang before"
                )
    return Scenario(steps, source)


def _check_step(item: Any, number: int, source: str) -> Step:
    where = f"{source}: step {number}"
    if not isinstance(item, Mapping) or len(item) != 1:
        raise ScenarioError(f"{where}: a step is a mapping with one action, one of: {', '.join(_OPTIONS)}")
    [(action, value)] = item.items()
    if action not in _OPTIONS:
        raise ScenarioError(f"{where}: unknown action {action!r}; use one of: {', '.join(_OPTIONS)}")
    where = f"{where} ({action})"
    allowed = _OPTIONS[action]
    if value is None:
        options: dict[str, Any] = {}
    elif isinstance(value, Mapping):
        options = dict(value)
    else:
        options = {allowed[0]: value}  # `press: "1"`, `sleep: 2`
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        raise ScenarioError(
            f"{where}: unknown option(s) {', '.join(map(repr, unknown))}; use one of: {', '.join(allowed)}"
        )
    for name, check in _CHECKS.items():
        if name in options:
            problem = check(options[name])
            if problem:
                raise ScenarioError(f"{where}: {name} {problem}")
    if action in ("wait", "press", "sleep") and allowed[0] not in options:
        raise ScenarioError(f"{where}: {allowed[0]} is required")
    return Step(action, options, number)


def _seconds(value: Any) -> str | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
    return None if ok else f"must be a number of seconds >= 0, not {value!r}"


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) and value else f"must be a non-empty string, not {value!r}"


def _url(value: Any) -> str | None:
    ok = isinstance(value, str) and value.startswith(("https://", "http://"))
    return None if ok else f"must be an http(s) URL, not {value!r}"


def _state(value: Any) -> str | None:
    return (
        None if value in _CALL_STATES else f"must be a call state ({', '.join(_CALL_STATES)}), not {value!r}"
    )


def _tone(value: Any) -> str | None:
    tone = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    return (
        None if isinstance(tone, str) and tone in _TONES else f"must be one of 0-9, *, #, A-D, not {value!r}"
    )


def _caller(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"must be user:<id>, phone:<+E.164> or guest:<id>, not {value!r}"
    try:
        parse_caller(value)
    except ValueError as exc:
        return f"is not usable: {exc}"
    return None


_CHECKS: Final[dict[str, Callable[[Any], str | None]]] = {
    "url": _url,
    "caller": _caller,
    "as": _text,
    "call": _text,
    "ring_timeout": _seconds,
    "state": _state,
    "timeout": _seconds,
    "tone": _tone,
    "seconds": _seconds,
}


# -- playing ---------------------------------------------------------------------------------------


def needs_ring_url(scenario: Scenario) -> bool:
    """Whether a ``ring`` step has no ``url`` of its own (so ``--ring`` must give one)."""
    return any(step.action == "ring" and "url" not in step.options for step in scenario.steps)


def run_scenario(
    sim: GraphSimulator,
    scenario: Scenario,
    *,
    ring_url: str | None = None,
    caller: str | None = None,
    say: Callable[[str], None] = print,
    stop: threading.Event | None = None,
) -> dict[str, str]:
    """Play ``scenario`` on ``sim``; return the calls it rang (name → call id).

    ``say`` gets one line per step; ``stop`` ends waits and sleeps early (Ctrl-C). Raises
    :class:`ScenarioError` when a ``wait`` or ``settle`` times out, or a step fails.
    """
    stop = stop or threading.Event()
    calls: dict[str, str] = {}
    for step in scenario.steps:
        where = f"{scenario.source}: step {step.number} ({step.action})"
        options = step.options
        try:
            if step.action == "ring":
                calls[options.get("as", DEFAULT_CALL)] = _ring(sim, options, ring_url, caller, say)
            elif step.action == "wait":
                _wait_for_state(sim, calls[options.get("call", DEFAULT_CALL)], options, stop, say)
            elif step.action == "sleep":
                seconds = float(options["seconds"])
                say(f"sleep {seconds:g} s")
                stop.wait(seconds)
            elif step.action == "press":
                tone = str(options["tone"])
                sim.press_tone(calls[options.get("call", DEFAULT_CALL)], tone)
                say(f"press {tone}")
            elif step.action == "hang_up":
                call_id = calls[options.get("call", DEFAULT_CALL)]
                sim.hang_up(call_id)
                say(f"hang up call {call_id}")
            elif step.action == "settle":
                sim.settle(float(options.get("timeout", DEFAULT_WAIT_TIMEOUT_S)))
                say("settled")
        except (KeyError, ValueError, TimeoutError) as exc:
            raise ScenarioError(f"{where}: {exc}") from None
        except Exception as exc:  # a simulator refusal (a call that ended...) ends the scenario, said plainly
            raise ScenarioError(f"{where}: {type(exc).__name__}: {exc}") from None
        if stop.is_set():
            break
    return calls


def _ring(
    sim: GraphSimulator,
    options: Mapping[str, Any],
    ring_url: str | None,
    default_caller: str | None,
    say: Callable[[str], None],
) -> str:
    url = options.get("url") or ring_url
    if not url:
        raise ValueError("no URL to ring: give the step a url, or pass --ring")
    spec = options.get("caller") or default_caller
    extra: dict[str, Any] = {}
    if "ring_timeout" in options:
        extra["timeout_s"] = float(options["ring_timeout"])
    call_id = sim.ring(url, caller=parse_caller(spec) if spec else None, **extra)
    say(f"ring {url} from {spec or 'a generated user'}: call {call_id}")
    return call_id


def _wait_for_state(
    sim: GraphSimulator,
    call_id: str,
    options: Mapping[str, Any],
    stop: threading.Event,
    say: Callable[[str], None],
) -> None:
    wanted = options["state"]
    timeout_s = float(options.get("timeout", DEFAULT_WAIT_TIMEOUT_S))
    deadline = time.monotonic() + timeout_s
    state = None
    # A person watching a simulator: polling its state a few times a second is plenty.
    while not stop.is_set():
        state = sim.call(call_id).get("state")
        if state == wanted:
            say(f"call {call_id} is {wanted}")
            return
        if time.monotonic() >= deadline:
            break
        stop.wait(_STATE_POLL_S)
    if not stop.is_set():
        raise TimeoutError(f"call {call_id} not {wanted} after {timeout_s:g} s (last state: {state})")


def ring_once(sim: GraphSimulator, url: str, caller: str | None, say: Callable[[str], None] = print) -> str:
    """``--ring`` without a scenario: ring ``url`` once; return the call id."""
    return _ring(sim, {}, url, caller, say)


def steps_of(data: Sequence[Mapping[str, Any]]) -> Scenario:
    """A scenario from steps already in Python (tests, scripts)."""
    return check_scenario(list(data), source="steps")
