"""A local, stateful Microsoft Graph calls service for tests: :class:`GraphSimulator`.

It serves the 34 operations of graph-calls' trimmed spec over HTTPS on ``127.0.0.1``, with the
status codes, headers, bodies and notifications the Graph reference documents, behind a fake
identity platform that issues the tokens it accepts. Every request and response is checked
against the packaged validation spec.

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
from typing import TYPE_CHECKING, Any, Final, TypeVar

import httpx

from graph_calls.testing._contract import ContractViolation, SpecContract
from graph_calls.testing._faults import Faults
from graph_calls.testing._graph_app import GraphApp, RecordedRequest
from graph_calls.testing._notifier import NotificationDelivery, Notifier
from graph_calls.testing._server import ServerThread
from graph_calls.testing._state import CallRecord, Scheduler, SimState
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
_T = TypeVar("_T")


class GraphSimulator:
    """Graph's calls API, simulated: real state, real TLS, real tokens, checked against the spec.

    Args:
        operation_delay_s: how long operations stay ``running`` before they complete (and
            invitees join, mutes apply, transfers progress).
        establish_delay_s: how long a new or answered call stays ``establishing``.
        tenant_id: the tenant of the fake identity platform (a random GUID by default).
        port: the simulator's port (0 picks a free one). The identity platform always picks one.
        page_size: server-side page size of lists when the client sends no ``$top``.
    """

    def __init__(
        self,
        *,
        operation_delay_s: float = DEFAULT_OPERATION_DELAY_S,
        establish_delay_s: float = DEFAULT_ESTABLISH_DELAY_S,
        tenant_id: str | None = None,
        port: int = 0,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> None:
        self._operation_delay_s = operation_delay_s
        self._establish_delay_s = establish_delay_s
        self._tenant_id = tenant_id
        self._port = port
        self._page_size = page_size
        self.faults = Faults()
        """The fault knobs: ``sim.faults.throttle(n=2)``, ``sim.faults.drop_connection()``, ..."""
        self._lock = threading.Lock()
        self._ca: TestCA | None = None
        self._idp: FakeIdentityPlatform | None = None
        self._server: ServerThread | None = None
        self._scheduler: Scheduler | None = None
        self._notifier: Notifier | None = None
        self._state: SimState | None = None
        self._app: GraphApp | None = None
        self._contract: SpecContract | None = None
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
        self._scheduler = Scheduler()
        self._scheduler.start()
        self._notifier = Notifier(
            mint_token=lambda audience: idp.mint_callback_token(audience=audience, tenant_id=idp.tenant_id),
            ssl_context=self.ssl_context(),
        )
        self._notifier.start()
        self._state = SimState(
            scheduler=self._scheduler,
            notify=self._notify,
            tenant_id=idp.tenant_id,
            operation_delay_s=self._operation_delay_s,
            establish_delay_s=self._establish_delay_s,
        )
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
        """Forget all calls, recorded requests, notifications, violations and faults.

        Also resets the identity platform's counters and faults and restores the delays this
        simulator was made with. Registered apps stay registered.
        """
        self.faults.clear()
        self._require(self._scheduler).clear()
        state = self._require(self._state)
        state.reset()
        state.operation_delay_s = self._operation_delay_s
        state.establish_delay_s = self._establish_delay_s
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
        """The openapi-core wrapper on the packaged validation spec the simulator checks against."""
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

    def settle(self, timeout: float = DEFAULT_SETTLE_TIMEOUT_S) -> None:
        """Wait until no operation or transition is pending and every notification was posted.

        Raises ``TimeoutError`` if that takes longer than ``timeout`` seconds.
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

    # -- seeding ---------------------------------------------------------------------------------

    def seed_call(
        self,
        *,
        callback_uri: str | None = None,
        state: str = "established",
        participants: Sequence[Any] | int | None = None,
        call_id: str | None = None,
        app_id: str | None = None,
        direction: str | None = None,
        **properties: Any,
    ) -> str:
        """Put a call in place, without notifications; returns its id.

        The roster holds the bot (``myParticipantId``) and ``participants``: a number of
        generated users, or a list of display names (users), ``identitySet`` dicts, or
        participant dicts. ``state="incoming"`` makes a call waiting to be answered (the bot
        joins the roster when it answers); ``"establishing"`` becomes ``established`` after
        ``establish_delay_s``. Other call properties (``chatInfo``, ``meetingInfo``,
        ``callOptions``, ``subject``, ...) can be passed by their Graph names.
        """
        return self._require(self._state).seed_call(
            app_id=app_id or self.client_id,
            call_id=call_id,
            state=state,
            direction=direction,
            callback_uri=callback_uri,
            participants=participants,
            properties=properties,
        )

    def incoming_call(self, *, callback_uri: str, call_id: str | None = None, **properties: Any) -> str:
        """Ring the bot: an ``incoming`` call and its ``created`` notification to ``callback_uri``."""
        state = self._require(self._state)
        call_id = self.seed_call(callback_uri=callback_uri, state="incoming", call_id=call_id, **properties)
        with state.lock:
            call = state.call_record(call_id)
            data = json.loads(json.dumps(call.resource))
            data["@odata.id"] = call.url
            self._notify(call, "created", call.url, data)
        return call_id

    def seed_participants(self, call_id: str, n: int) -> list[str]:
        """Add ``n`` generated users to a call's roster (no notification); returns their ids."""
        return self._require(self._state).seed_participants(call_id, n)

    def seed_content_sharing_session(self, call_id: str, session_id: str | None = None) -> str:
        """Someone starts sharing content; notifies the bot if the call enabled it. Returns the id."""
        return self._require(self._state).seed_session(call_id, session_id)

    def seed_operation(
        self,
        call_id: str,
        kind: str = "playPrompt",
        *,
        status: str = "completed",
        client_context: str | None = None,
    ) -> str:
        """Put an operation of ``kind`` (the action's name: ``"playPrompt"``, ``"invite"``, ...) on a
        call, in ``status``, without scheduling or posting anything; returns its id."""
        return self._require(self._state).seed_operation(
            call_id, kind, status=status, client_context=client_context
        )

    def seed_audio_routing_group(
        self,
        call_id: str,
        group_id: str | None = None,
        *,
        routing_mode: str = "oneToOne",
        sources: Sequence[str] = (),
        receivers: Sequence[str] = (),
    ) -> str:
        """Create an audio routing group on an active call; returns its id."""
        body = {
            "id": group_id,
            "routingMode": routing_mode,
            "sources": list(sources),
            "receivers": list(receivers),
        }
        return str(self._require(self._state).create_group(call_id, body)["id"])

    def press_tone(self, call_id: str, tone: str) -> None:
        """A caller presses a DTMF key: a ``toneInfo`` notification (needs ``subscribeToTone``)."""
        self._require(self._state).press_tone(call_id, tone)

    # -- inspection ------------------------------------------------------------------------------

    def call(self, call_id: str) -> dict[str, Any]:
        """The call as the service holds it, in any state (``KeyError`` if unknown)."""
        state = self._require(self._state)
        with state.lock:
            return _copy(state.call_record(call_id).resource)

    def calls(self) -> list[dict[str, Any]]:
        """Every call the simulator knows, in any state, oldest first."""
        state = self._require(self._state)
        with state.lock:
            return _copy([state.call_record(call_id).resource for call_id in state.call_ids()])

    def keep_alive_at(self, call_id: str) -> float:
        """When the call was last kept alive (its start, or the last ``keepAlive``), as a timestamp."""
        state = self._require(self._state)
        with state.lock:
            return state.call_record(call_id).keep_alive_at

    def participants(self, call_id: str) -> list[dict[str, Any]]:
        """The call's roster, bot first."""
        state = self._require(self._state)
        with state.lock:
            return _copy(list(state.call_record(call_id).participants.values()))

    def operation(self, call_id: str, operation_id: str) -> dict[str, Any]:
        """One operation of a call, as ``GET .../operations/{id}`` would show it."""
        state = self._require(self._state)
        with state.lock:
            return _copy(state.call_record(call_id).operations[operation_id])

    def operations(self, call_id: str) -> list[dict[str, Any]]:
        """Every operation of a call, oldest first."""
        state = self._require(self._state)
        with state.lock:
            return _copy(list(state.call_record(call_id).operations.values()))

    def audio_routing_groups(self, call_id: str) -> list[dict[str, Any]]:
        state = self._require(self._state)
        with state.lock:
            return _copy(list(state.call_record(call_id).groups.values()))

    def content_sharing_sessions(self, call_id: str) -> list[dict[str, Any]]:
        state = self._require(self._state)
        with state.lock:
            return _copy(list(state.call_record(call_id).sessions.values()))

    @property
    def device_quality_reports(self) -> list[dict[str, Any]]:
        """The ``quality`` bodies received by ``logTeleconferenceDeviceQuality``."""
        state = self._require(self._state)
        with state.lock:
            return _copy(state.device_quality_reports)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received since start or reset, oldest first."""
        return self._require(self._app).requests

    @property
    def last_request(self) -> RecordedRequest | None:
        requests = self.requests
        return requests[-1] if requests else None

    @property
    def contract_violations(self) -> list[ContractViolation]:
        """Responses (and notification payloads) the simulator sent that the spec does not allow."""
        return self._require(self._app).violations

    def assert_no_contract_violations(self) -> None:
        """Raise ``AssertionError`` listing the violations, if any were recorded."""
        violations = self.contract_violations
        if violations:
            lines = "\n".join(f"  - {violation}" for violation in violations)
            raise AssertionError(f"the simulator broke the spec {len(violations)} time(s):\n{lines}")

    @property
    def notifications_sent(self) -> list[NotificationDelivery]:
        """Every notification POST attempted since start or reset, in delivery order."""
        return self._require(self._notifier).deliveries

    @property
    def notification_failures(self) -> list[NotificationDelivery]:
        """The notification POSTs that failed (connection error or non-2xx answer)."""
        return [delivery for delivery in self.notifications_sent if not delivery.ok]

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

    def _require(self, value: _T | None) -> _T:
        if value is None:
            raise RuntimeError("GraphSimulator is not running (use start() or a with block)")
        return value


def _copy(value: _T) -> _T:
    copied: _T = json.loads(json.dumps(value))
    return copied


def _default_corruption(body: Any) -> Any:
    if not isinstance(body, dict):
        return 12345
    if isinstance(body.get("value"), list):
        return {**body, "value": "corrupted"}
    return {**body, "id": 12345}
