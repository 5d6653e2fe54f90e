"""Inbound notifications: what Graph's calling platform POSTs to a bot's callback URL.

The whole pipeline, behind any framework::

    from graph_calls.notifications import NotificationReceiver

    receiver = NotificationReceiver(app_id, on_notifications=handle_notifications)
    # Starlette / FastAPI: Route("/callback", receiver.asgi_app(), methods=["POST"])
    # anything else:       reply = receiver.handle(body, headers)  ->  reply.status, reply.body

    op = graph.calls[call_id].participants.invite([invitee])
    receiver.registry.wait_for_operation(op, timeout=30)   # resolved by the completion notification
    print(receiver.registry.get(call_id).participants)

The pieces, each usable alone:

- :class:`CallbackTokenValidator` authenticates a POST's ``Authorization`` header (:class:`InboundClaims`),
  and remembers the tokens it accepted until they expire (Graph sends the same one for an hour).
- :func:`parse_notifications` turns a body into :class:`Notification` objects holding generated models,
  each built when first read; a malformed body, or one nested absurdly deep, is a
  ``NotificationParseError`` at once.
- :class:`CallRegistry` tracks call state, rosters and finished operations (:class:`CallSnapshot`), and
  forgets what is over (ended calls, removed participants) after a count or a time, so its memory stays
  flat however many calls a bot handles.
- :class:`NotificationReceiver` does all of the above per request and answers with a :class:`Reply`;
  ``receiver.asgi_app()`` is a :class:`NotificationApp`. Neither ever raises: a bad request gets a
  ``4xx`` and one log line.

The names below load on first use, so importing this package does not import PyJWT, cryptography,
Starlette or the generated models.

May import: the vocabulary (``errors``, ``_constants``, ``_tls``, ``models``, ``waiting``) and the generated
package. Never the transport core, the resources or the client: a receiver needs no outbound client.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph_calls.notifications.handler import (
        NotificationApp,
        NotificationReceiver,
        OnNotifications,
        Reply,
    )
    from graph_calls.notifications.parsing import Notification, NotificationKind, parse_notifications
    from graph_calls.notifications.state import CallRegistry, CallSnapshot
    from graph_calls.notifications.validation import CallbackTokenValidator, InboundClaims

# Exported name → the module that defines it.
_LAZY_EXPORTS = {
    "CallRegistry": "graph_calls.notifications.state",
    "CallSnapshot": "graph_calls.notifications.state",
    "CallbackTokenValidator": "graph_calls.notifications.validation",
    "InboundClaims": "graph_calls.notifications.validation",
    "Notification": "graph_calls.notifications.parsing",
    "NotificationApp": "graph_calls.notifications.handler",
    "NotificationKind": "graph_calls.notifications.parsing",
    "NotificationReceiver": "graph_calls.notifications.handler",
    "OnNotifications": "graph_calls.notifications.handler",
    "Reply": "graph_calls.notifications.handler",
    "parse_notifications": "graph_calls.notifications.parsing",
}

__all__ = [
    "CallRegistry",
    "CallSnapshot",
    "CallbackTokenValidator",
    "InboundClaims",
    "Notification",
    "NotificationApp",
    "NotificationKind",
    "NotificationReceiver",
    "OnNotifications",
    "Reply",
    "parse_notifications",
]


def __getattr__(name: str) -> Any:
    module_name = _LAZY_EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module_name), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
