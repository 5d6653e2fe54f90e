"""A local, stateful Microsoft Graph calls service for tests: :class:`GraphSimulator`.

It serves the 34 operations of graph-calls' trimmed spec over HTTPS on ``127.0.0.1``, with the
status codes, headers, bodies and notifications the Graph reference documents, behind a fake
identity platform that issues the tokens it accepts. Every request, response and notification is
checked against the packaged validation spec (by precompiled checks, in microseconds; what fails
them is described by openapi-core).

Example::

    from graph_calls.testing import GraphSimulator

    with GraphSimulator() as sim:
        call_id = sim.seed_call(callback_uri="https://bot.example/callback", participants=2)
        with sim.client() as graph:
            for participant in graph.calls[call_id].participants.list():
                print(participant.id)
        assert not sim.contract_violations
"""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final

import httpx

from graph_calls.testing._clock import SimClock
from graph_calls.testing._contract import ContractViolation, SpecContract
from graph_calls.testing._faults import Faults
from graph_calls.testing._graph_app import GraphApp
from graph_calls.testing._http import RecordedRequest
from graph_calls.testing._inspection import SimulatorInspection
from graph_calls.testing._notifier import NotificationDelivery, Notifier
from graph_calls.testing._records import CallRecord
from graph_calls.testing._scenarios import SimulatorScenarios
from graph_calls.testing._scheduler import Scheduler
from graph_calls.testing._seeding import SimulatorSeeding
from graph_calls.testing._server import ServerThread
from graph_calls.testing._state import SimState
from graph_calls.testing._tls import TestCA
from graph_calls.testing.identity import DEFAULT_ROLES, GRAPH_AUDIENCE, FakeIdentityPlatform

if TYPE_CHECKING:
    from graph_calls.client import AsyncGraphCalls, GraphCalls

__all__ = ["ContractViolation", "GraphSimulator", "NotificationDelivery", "RecordedRequest"]

DEFAULT_OPERATION_DELAY_S: Final = 0.05
DEFAULT_ESTABLISH_DELAY_S: Final = 0.05
DEFAULT_PAGE_SIZE: Final = 100
DEFAULT_SETTLE_TIMEOUT_S: Final = 5.0
_SETTLE_POLL_S: Final = 0.01
NOTIFICATIONS_TYPE: Final = "#microsoft.graph.commsNotifications"
NOTIFICATION_TYPE: Final = "#microsoft.graph.commsNotification"


class GraphSimulator(SimulatorSeeding, SimulatorScenarios, SimulatorInspection):
    """Graph's calls API, simulated: real state, real TLS, real tokens, checked against the spec.

    Args:
        operation_delay_s: how long operations stay ``running`` before they complete (and
            invitees join, mutes apply, transfers progress).
        establish_delay_s: how long a new or answered call stays ``establishing``.
        tenant_id: the tenant of the fake identity platform (a random GUID by default).
        port: the simulator's port (0 picks a free one). The identity platform always picks one.
        page_size: server-side page size of lists when the client sends no ``$top``.
        manual_clock: start with time stopped: delays and timeouts happen only when the test
            calls ``sim.clock.advance(seconds)`` (see :meth:`use_manual_clock`).
        require_prompt_media: refuse (400), as the service does, a ``playPrompt`` or
            ``recordResponse`` prompt that does not name its media: no ``mediaInfo``, no ``uri``,
            or a ``uri`` that is not an https URL. On by default; ``False`` accepts any prompt, as
            earlier versions did, for tests written against them.
    """

    def __init__(
        self,
        *,
        operation_delay_s: float = DEFAULT_OPERATION_DELAY_S,
        establish_delay_s: float = DEFAULT_ESTABLISH_DELAY_S,
        tenant_id: str | None = None,
        port: int = 0,
        page_size: int = DEFAULT_PAGE_SIZE,
        manual_clock: bool = False,
        require_prompt_media: bool = True,
    ) -> None:
        self._operation_delay_s = operation_delay_s
        self._manual_clock = manual_clock
        self._require_prompt_media = require_prompt_media
        self._establish_delay_s = establish_delay_s
        self._tenant_id = tenant_id
        self._port = port
        self._page_size = page_size
        self.faults = Faults()
        """The fault knobs: ``sim.faults.throttle(n=2)``, ``sim.faults.drop_connection()``, ..."""
        self._lock = threading.Lock()
        self._ca = None
        self._idp = None
        self._server = None
        self._scheduler = None
        self._notifier = None
        self._state = None
        self._app = None
        self._contract = None
        self._client_id = ""
        self._client_secret = ""
        self._ssl_context: ssl.SSLContext | None = None

    def __repr__(self) -> str:
        where = self.base_url if self._server is not None else "stopped"
        return f"GraphSimulator({where})"

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> GraphSimulator:
        """Start the identity platform and the simulator; return once both accept connections."""
        if self._server is not None:
            raise RuntimeError("GraphSimulator is already running")
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        self._ca = TestCA()
        idp = self._idp = FakeIdentityPlatform(tenant_id=self._tenant_id, ca=self._ca).start()
        app = idp.register_client(roles=DEFAULT_ROLES)
        self._client_id, self._client_secret = app.client_id, app.client_secret or ""
        self._contract = SpecContract.load()
        self._scheduler = Scheduler(SimClock(manual=self._manual_clock))
        self._scheduler.start()
        self._notifier = Notifier(
            mint_token=lambda audience: idp.mint_callback_token(audience=audience, tenant_id=idp.tenant_id),
            ssl_context=self.ssl_context,
        )
        self._notifier.start()
        self._state = SimState(
            scheduler=self._scheduler,
            notify=self._notify,
            tenant_id=idp.tenant_id,
            operation_delay_s=self._operation_delay_s,
            establish_delay_s=self._establish_delay_s,
        )
        self._state.require_prompt_media = self._require_prompt_media
        from graph_calls.permissions import required_permissions

        self._app = GraphApp(
            contract=self._contract,
            state=self._state,
            faults=self.faults,
            validate_token=lambda token: idp.validate_access_token(token, audience=GRAPH_AUDIENCE),
            required_permissions=required_permissions,
            base_url=lambda: self.base_url,
            authorization_uri=lambda: f"{idp.authority}/oauth2/authorize",
            page_size=self._page_size,
        )
        self._server = ServerThread(
            self._app,
            port=self._port,
            certfile=self._ca.server_certfile,
            keyfile=self._ca.server_keyfile,
            lifespan="off",
        ).start()
        self._state.public_origin = self._server.base_url

    def stop(self) -> None:
        """Stop serving and delivering, and delete the TLS material. Safe to call twice."""
        server, self._server = self._server, None
        if server is not None:
            server.stop()
        scheduler, self._scheduler = self._scheduler, None
        if scheduler is not None:
            scheduler.stop()
        notifier, self._notifier = self._notifier, None
        if notifier is not None:
            notifier.stop()
        idp, self._idp = self._idp, None
        if idp is not None:
            idp.stop()
        ca, self._ca = self._ca, None
        if ca is not None:
            ca.close()
        self._ssl_context = None

    def __enter__(self) -> GraphSimulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def reset(self) -> None:
        """Forget all calls, recorded requests, notifications, violations, faults and scripted answers.

        Also resets the identity platform's counters and faults and restores the delays, the
        clock (real or manual) and the prompt rule this simulator was made with. Registered apps
        stay registered.
        """
        self.faults.clear()
        scheduler = self._require(self._scheduler)
        scheduler.clear()
        if self._manual_clock:
            scheduler.clock.use_manual()
        else:
            scheduler.clock.use_real()
        state = self._require(self._state)
        state.reset()
        state.operation_delay_s = self._operation_delay_s
        state.establish_delay_s = self._establish_delay_s
        state.require_prompt_media = self._require_prompt_media
        self._require(self._notifier).reset()
        app = self._require(self._app)
        app.reset()
        app.page_size = self._page_size
        self.idp.reset()

    # -- where things are ------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """``https://127.0.0.1:PORT/v1.0``: the client's ``base_url``."""
        return f"{self._require(self._server).base_url}/v1.0"

    @property
    def contract(self) -> SpecContract:
        """The checks of the packaged validation spec the simulator applies (one per process, shared)."""
        return self._require(self._contract)

    @property
    def idp(self) -> FakeIdentityPlatform:
        """The fake identity platform (``sim.idp.token_requests`` counts token requests)."""
        return self._require(self._idp)

    @property
    def authority(self) -> str:
        """The identity platform's authority, ``https://127.0.0.1:PORT/<tenant>``."""
        return self.idp.authority

    @property
    def tenant_id(self) -> str:
        return self.idp.tenant_id

    @property
    def client_id(self) -> str:
        """The default app: registered with every calling permission."""
        self._require(self._server)
        return self._client_id

    @property
    def client_secret(self) -> str:
        self._require(self._server)
        return self._client_secret

    @property
    def ca(self) -> TestCA:
        """The test CA behind both servers; its server certificate also suits a callback receiver."""
        return self._require(self._ca)

    @property
    def ca_bundle(self) -> str:
        """PEM path of the CA both servers' certificates chain to (``verify=`` for clients)."""
        return self.ca.ca_bundle

    def ssl_context(self) -> ssl.SSLContext:
        """A client context trusting the system CAs and the simulator's CA (one, shared: loading
        the system CAs takes tens of milliseconds)."""
        with self._lock:
            if self._ssl_context is None:
                context = ssl.create_default_context()
                context.load_verify_locations(cafile=self.ca_bundle)
                self._ssl_context = context
            return self._ssl_context

    # -- timing ----------------------------------------------------------------------------------

    @property
    def operation_delay_s(self) -> float:
        return self._require(self._state).operation_delay_s

    @operation_delay_s.setter
    def operation_delay_s(self, value: float) -> None:
        self._require(self._state).operation_delay_s = value

    @property
    def establish_delay_s(self) -> float:
        return self._require(self._state).establish_delay_s

    @establish_delay_s.setter
    def establish_delay_s(self, value: float) -> None:
        self._require(self._state).establish_delay_s = value

    @property
    def require_prompt_media(self) -> bool:
        """Whether a prompt that does not name its media (an https ``mediaInfo.uri``) is refused (400)."""
        return self._require(self._state).require_prompt_media

    @require_prompt_media.setter
    def require_prompt_media(self, value: bool) -> None:
        self._require(self._state).require_prompt_media = value

    def settle(self, timeout: float = DEFAULT_SETTLE_TIMEOUT_S) -> None:
        """Wait until no operation or transition is pending and every notification was posted.

        On a manual clock, what is due later waits for ``sim.clock.advance(...)`` and does not
        count as pending. Raises ``TimeoutError`` if that takes longer than ``timeout`` seconds.
        """
        scheduler, notifier = self._require(self._scheduler), self._require(self._notifier)
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            waited = scheduler.wait_idle(max(0.0, remaining)) and notifier.wait_idle(max(0.0, remaining))
            # A job may have queued a notification, or a delivery scheduled nothing: check both again.
            if waited and scheduler.idle and notifier.idle:
                return
            if time.monotonic() >= deadline:
                raise TimeoutError(f"the simulator did not settle within {timeout} s")
            time.sleep(_SETTLE_POLL_S)

    # -- apps and tokens -------------------------------------------------------------------------

    def register_app(self, roles: Sequence[str] = DEFAULT_ROLES) -> tuple[str, str]:
        """Register another app with these application permissions; returns ``(client_id, secret)``."""
        app = self.idp.register_client(roles=roles)
        return app.client_id, app.client_secret or ""

    def access_token(self, client_id: str | None = None, client_secret: str | None = None) -> str:
        """A Graph access token for an app (the default one unless given), by client credentials."""
        with httpx.Client(verify=self.ssl_context()) as http:
            response = http.post(
                self.idp.token_endpoint,
                data={
                    "grant_type": "client_credentials",
                    "client_id": client_id or self.client_id,
                    "client_secret": client_secret or self.client_secret,
                    "scope": f"{GRAPH_AUDIENCE}/.default",
                },
            )
        response.raise_for_status()
        token: str = response.json()["access_token"]
        return token

    def client(self, **options: Any) -> GraphCalls:
        """A :class:`graph_calls.GraphCalls` for the default app, pointed at this simulator.

        Keyword arguments go to ``GraphCalls.from_client_secret`` (``client_id``/``client_secret``
        for another app, ``max_retries``, ...).
        """
        from graph_calls.client import GraphCalls

        return GraphCalls.from_client_secret(**self._client_options(options))

    def async_client(self, **options: Any) -> AsyncGraphCalls:
        """The :class:`graph_calls.AsyncGraphCalls` twin of :meth:`client`."""
        from graph_calls.client import AsyncGraphCalls

        return AsyncGraphCalls.from_client_secret(**self._client_options(options))

    def _client_options(self, options: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "tenant_id": self.tenant_id,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "base_url": self.base_url,
            "authority": self.authority,
            "verify": self.ca_bundle,
            **options,
        }

    # -- test hooks ------------------------------------------------------------------------------

    def set_claims_challenge(self, claims: str | Mapping[str, Any] | None = None) -> None:
        """Answer the next Graph request with a CAE claims challenge (401, ``insufficient_claims``).

        ``claims`` is the JSON the client must pass to the identity platform (a dict or JSON
        text); by default ``{"access_token": {"nbf": {"essential": true, "value": "<now>"}}}``.
        """
        if claims is None:
            claims = {"access_token": {"nbf": {"essential": True, "value": str(int(time.time()))}}}
        text = claims if isinstance(claims, str) else json.dumps(claims, separators=(",", ":"))
        self._require(self._app).add_claims_challenge(text)

    def corrupt_next_response(self, patch: Mapping[str, Any] | Callable[[Any], Any] | None = None) -> None:
        """Break the next JSON response body, to prove the contract check catches it.

        ``patch`` is merged into the body (a dict), or called with the body and returns the new
        one. By default ``id`` becomes a number (``value`` a string for lists), which the spec
        forbids.
        """
        if patch is None:
            corrupt: Callable[[Any], Any] = _default_corruption
        elif callable(patch):
            corrupt = patch
        else:
            patch_dict = dict(patch)

            def corrupt(body: Any) -> Any:
                return {**body, **patch_dict} if isinstance(body, dict) else body

        self._require(self._app).add_corruption(corrupt)

    # -- internals -------------------------------------------------------------------------------

    def _notify(
        self,
        call: CallRecord,
        change_type: str,
        resource_url: str,
        resource_data: Any,
        callback_uri: str | None = None,
    ) -> None:
        url = callback_uri or call.callback_uri
        if not url:
            return
        self._check_notification(resource_url, resource_data)
        item = {
            "@odata.type": NOTIFICATION_TYPE,
            "changeType": change_type,
            "resourceUrl": resource_url,
            "resourceData": resource_data,
        }
        payload = {"@odata.type": NOTIFICATIONS_TYPE, "value": [item]}
        self._require(self._notifier).enqueue(url, payload, audience=call.app_id, call_id=call.id)

    def _check_notification(self, resource_url: str, resource_data: Any) -> None:
        contract, app = self._require(self._contract), self._require(self._app)
        for entity in resource_data if isinstance(resource_data, list) else [resource_data]:
            odata_type = entity.get("@odata.type", "") if isinstance(entity, dict) else ""
            schema = odata_type.rsplit(".", 1)[-1]
            if not schema or schema not in contract.spec["components"]["schemas"]:
                continue
            problems = contract.check_schema(schema, entity)
            if problems:
                app.add_violation(
                    ContractViolation("notification", schema, "", resource_url, 0, tuple(problems), entity)
                )


def _default_corruption(body: Any) -> Any:
    if not isinstance(body, dict):
        return 12345
    if isinstance(body.get("value"), list):
        return {**body, "value": "corrupted"}
    return {**body, "id": 12345}
