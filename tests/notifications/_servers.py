"""A NotificationReceiver on a real local socket, through each of its three entry points.

- ``asgi``: ``receiver.asgi_app()`` served by uvicorn (:class:`~graph_calls.testing.ServerThread`);
- ``ahandle``: a Starlette route calling ``await receiver.ahandle(...)``, served by uvicorn;
- ``handle``: the standard library's threading HTTP server calling ``receiver.handle(...)``, the way a
  WSGI or other sync framework would.

Whatever escapes the receiver shows: uvicorn logs it on ``uvicorn.error`` (Starlette re-raises it), and
the standard library server's :attr:`SyncCallbackServer.errors` collects it.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal, TypeAlias

from graph_calls.notifications import NotificationReceiver
from graph_calls.testing import ServerThread

EntryPoint: TypeAlias = Literal["asgi", "ahandle", "handle"]
ENTRY_POINTS: tuple[EntryPoint, ...] = ("asgi", "ahandle", "handle")


class SyncCallbackServer:
    """``receiver.handle()`` behind ``http.server.ThreadingHTTPServer`` on 127.0.0.1 (plain HTTP)."""

    def __init__(self, receiver: NotificationReceiver) -> None:
        self.receiver = receiver
        self.errors: list[BaseException] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                reply = outer.receiver.handle(body, dict(self.headers.items()))
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # no access log on stderr

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                error = sys.exc_info()[1]
                if error is not None:
                    outer.errors.append(error)

        self._server = Server(("127.0.0.1", 0), Handler)
        # A short poll interval: shutdown() waits for it.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.01,), daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> SyncCallbackServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)


def ahandle_app(receiver: NotificationReceiver) -> Any:
    """A Starlette app whose ``/callback`` route answers with ``await receiver.ahandle(...)``."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    async def callback(request: Request) -> Response:
        reply = await receiver.ahandle(await request.body(), request.headers)
        return Response(reply.body, status_code=reply.status, headers=dict(reply.headers))

    return Starlette(routes=[Route("/callback", callback, methods=["POST"])])


@contextlib.contextmanager
def serving(receiver: NotificationReceiver, entry_point: EntryPoint) -> Iterator[str]:
    """Serve ``receiver`` through ``entry_point``; yield the callback URL. Raises if ``handle`` raised."""
    if entry_point == "handle":
        with SyncCallbackServer(receiver) as server:
            yield f"{server.base_url}/callback"
        assert not server.errors, f"receiver.handle() raised: {server.errors[0]!r}"
        return
    app = receiver.asgi_app() if entry_point == "asgi" else ahandle_app(receiver)
    with ServerThread(app) as uvicorn_server:
        yield f"{uvicorn_server.base_url}/callback"
