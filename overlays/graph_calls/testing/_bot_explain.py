"""Why a wait in a test timed out, from what the simulator delivered: the lines a timeout error ends with.

A bot's test waits for a call state or an operation; when the wait times out, the question is nearly
always "did the notification reach the bot at all?". :func:`delivery_summary` answers it from the
simulator's delivery log (:attr:`GraphSimulator.notifications_sent`): what went to the bot's URL since
the wait began, the last one and how the bot answered it, and what went elsewhere instead (a wrong
``callbackUri`` shows there).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from graph_calls.testing._bot_exchanges import describe_items, local_time

if TYPE_CHECKING:
    from graph_calls.testing._notifier import NotificationDelivery
    from graph_calls.testing.simulator import GraphSimulator

__all__ = ["call_states", "delivery_summary", "log_summary", "reaches"]

_SHOWN_URLS: Final = 3


def reaches(url: str, to: str) -> bool:
    """Whether ``url`` is ``to`` or under it (``https://127.0.0.1:4567`` is not under ``...:456``)."""
    return url == to or url.startswith(to.rstrip("/") + "/")


def _outcome(delivery: NotificationDelivery) -> str:
    if delivery.status is not None:
        return str(delivery.status)
    return delivery.error or "no answer"


def _what(delivery: NotificationDelivery) -> str:
    return "; ".join(describe_items(delivery.notifications)) or "(no notification)"


def delivery_summary(deliveries: Sequence[NotificationDelivery], *, to: str, since: float) -> str:
    """What was delivered to URLs starting with ``to`` since ``since`` (a ``time.time()``), on one line.

    Examples::

        no notification delivered to https://127.0.0.1:50123/callback since 12:00:01.000
        (3 sent to other URLs: https://bot.example/callback)

        2 notification(s) delivered to https://127.0.0.1:50123/callback since 12:00:01.000; the last at
        12:00:01.180: deleted /communications/calls/…/operations/… (completed) -> 202
    """
    recent = [delivery for delivery in deliveries if delivery.sent_at >= since]
    mine = [delivery for delivery in recent if reaches(delivery.url, to)]
    elsewhere = sorted({delivery.url for delivery in recent if not reaches(delivery.url, to)})
    if not mine:
        text = f"no notification delivered to {to} since {local_time(since)}"
        others = len(recent)
        if others:
            shown = ", ".join(elsewhere[:_SHOWN_URLS]) + (", ..." if len(elsewhere) > _SHOWN_URLS else "")
            return f"{text} ({others} sent to other URLs: {shown})"
        return f"{text} (nor to any other URL)"
    last = mine[-1]
    text = (
        f"{len(mine)} notification(s) delivered to {to} since {local_time(since)}; the last at "
        f"{local_time(last.sent_at)}: {_what(last)} -> {_outcome(last)}"
    )
    failed = [delivery for delivery in mine if not delivery.ok]
    if failed:
        text += f"; {len(failed)} failed, the first: {_what(failed[0])} -> {_outcome(failed[0])}"
    if elsewhere:
        text += f" ({len(recent) - len(mine)} more sent to other URLs)"
    return text


def log_summary(deliveries: Sequence[NotificationDelivery], *, since: float) -> list[str]:
    """One line per callback URL the simulator delivered to since ``since``: how many, the last, failures."""
    urls: dict[str, None] = {}
    for delivery in deliveries:
        if delivery.sent_at >= since:
            urls.setdefault(delivery.url, None)
    if not urls:
        return [f"the simulator delivered no notification since {local_time(since)}"]
    return [delivery_summary(deliveries, to=url, since=since) for url in urls]


def call_states(sim: GraphSimulator, call_id: str) -> str:
    """``the simulator holds call X in state 'established'`` (or does not know it)."""
    try:
        state = sim.call(call_id).get("state")
    except KeyError:
        return f"the simulator does not know call {call_id}"
    return f"the simulator holds call {call_id} in state {state!r}"
