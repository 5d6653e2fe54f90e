"""README examples for inbound notifications, kept runnable here until the lead moves them into the README.

Each example is the body of a function so the tests can run it as printed (between the ``README`` markers).
The tests point the default token validator at the fake identity platform; nothing in the examples is
test-specific. Flask is not installed: its example runs against a stand-in ``flask`` module that behaves
like Flask's routing, request and response objects for this code path.
"""

from __future__ import annotations

from typing import Any


def starlette_app(app_id: str) -> Any:
    """Starlette (or FastAPI): the receiver's ASGI app on the callback route."""
    # README: Starlette / FastAPI
    from starlette.applications import Starlette
    from starlette.routing import Route

    from graph_calls.notifications import Notification, NotificationReceiver

    def on_notifications(notifications: list[Notification]) -> None:
        for notification in notifications:
            print(notification.change_type, notification.kind, notification.resource_url)

    receiver = NotificationReceiver(app_id, on_notifications=on_notifications)
    app = Starlette(routes=[Route("/callback", receiver.asgi_app(), methods=["POST"])])
    # FastAPI: FastAPI(routes=[Route("/callback", receiver.asgi_app(), methods=["POST"])])
    # README end
    return app, receiver


def flask_app(app_id: str) -> Any:
    """Flask, or any framework that hands you the body and the headers: ``receiver.handle``."""
    # README: Flask
    import flask

    from graph_calls.notifications import NotificationReceiver

    receiver = NotificationReceiver(app_id, on_notifications=print)
    app = flask.Flask(__name__)

    @app.post("/callback")
    def callback() -> flask.Response:
        reply = receiver.handle(flask.request.get_data(), flask.request.headers)
        return flask.Response(reply.body, status=reply.status, headers=dict(reply.headers))

    # README end
    return app, receiver


def invite_and_wait(graph: Any, receiver: Any, call_id: str, user_id: str) -> Any:
    """Wait for an operation through its completion notification instead of polling Graph."""
    # README: waiting for an operation
    from graph_calls import identities
    from graph_calls.models import InvitationParticipantInfo

    operation = graph.calls[call_id].participants.invite(
        [InvitationParticipantInfo(identity=identities.user(user_id, identity_provider="AAD"))]
    )
    receiver.registry.wait_for_operation(operation, timeout=30)  # raises OperationFailed if it failed
    call = receiver.registry.wait_for_call(
        call_id, lambda c: c.participant_with_identity(user_id) is not None, timeout=30
    )
    print("joined as", call.participant_with_identity(user_id).id)
    # README end
    return operation, call


def redis_registry(app_id: str, redis_url: str) -> Any:
    """Many bot instances: the registry, and so the receiver, on one shared Redis."""
    # README: Redis store
    from graph_calls.notifications import CallRegistry, NotificationReceiver
    from graph_calls.notifications.stores import RedisStore

    registry = CallRegistry(store=RedisStore(redis_url, namespace=app_id))
    receiver = NotificationReceiver(app_id, registry=registry)
    # README end
    return registry, receiver
