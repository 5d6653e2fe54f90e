"""One-line hints for the documented cloud-communications errors bot developers hit again and again.

The tables are data: small frozen records, each naming where its error (status, body) and its meaning
were checked. The calling platform puts its own numeric code in the OData ``error.code`` as a string
(``{"error": {"code": "7505", "message": "Request authorization tenant mismatch."}}``), so entries
match the HTTP status and that code; a piece of the message is matched only where the code says
nothing (the error arrives as ``UnknownError``). An error no entry matches gets no hint: a wrong hint
is worse than none.

A hint is fixed text: it never repeats anything from the request or the answer (ids, tokens, URLs).

Sources named below:

- ``graph-docs-contrib`` is the repository ``microsoftgraph/microsoft-graph-docs-contrib`` (the Graph
  v1.0 reference), ``comms-samples`` is ``microsoftgraph/microsoft-graph-comms-samples``.
- ``acs-codes`` is ``MicrosoftDocs/azure-docs``, file ``articles/communication-services/resources/``
  ``troubleshooting/voice-video-calling/includes/codes/call-automation-sdk.md``: Azure Communication
  Services runs on the same calling platform and documents its subcodes (7504, 7505, 7507, 8508,
  8522, ...); used for what a code means, never alone for what a Graph body looks like.

This module imports nothing but the standard library: :mod:`graph_calls.errors` imports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = ["ERROR_HINTS", "RESULT_HINTS", "ErrorHint", "ResultHint", "hint_for", "result_hint_for"]


@dataclass(frozen=True)
class ErrorHint:
    """What to do about one error answer.

    ``code`` must equal the OData ``error.code`` and ``message_contains`` must occur in its message
    (case-insensitively); ``None`` places no condition. An entry with neither matches every answer
    with its status, so only a status that means one thing whatever the body (429) has one.
    """

    status: int
    code: str | None
    message_contains: str | None
    hint: str
    source: str


@dataclass(frozen=True)
class ResultHint:
    """What to do about one ``resultInfo`` (``code``, ``subcode``) of a failed comms operation."""

    code: int
    subcode: int
    hint: str
    source: str


ERROR_HINTS: Final[tuple[ErrorHint, ...]] = (
    ErrorHint(
        403,
        "7504",
        None,
        "the tenant that owns the call or meeting has not let this app use the calling API: an admin "
        "of that tenant (also for another organization's meeting) must grant admin consent to the "
        "app's Calls.* application permissions",
        # Body {"code": "7504", "message": "Insufficient enterprise tenant permissions, cannot access
        # this API."} with 403: comms-samples issues #538, #709 (bot of tenant A joining a meeting of
        # tenant B), #685, #276. Consent: "The Graph calls and online meetings APIs permissions require
        # admin consent" (MicrosoftDocs/msteams-docs,
        # msteams-platform/bots/calls-and-meetings/registering-calling-bot.md);
        # another tenant's admin consents to the app: comms-samples issues #254, #426. acs-codes: 7504
        # "Insufficient Application Permissions".
        "https://github.com/microsoftgraph/microsoft-graph-comms-samples/issues/709",
    ),
    ErrorHint(
        403,
        "7505",
        None,
        "the access token comes from another tenant than the call: the client's tenant_id and the "
        "call's tenant_id must both be the tenant that owns the call or meeting (the Tid of a Teams "
        "join URL)",
        # Body {"code": "7505", "message": "Request authorization tenant mismatch."}:
        # graph-docs-contrib issues #5874, #772; OfficeDev/Microsoft-Teams-Samples issues #1036, #1785.
        # Sending the meeting's tenantId fixes it: microsoftgraph/microsoft-graph-docs pull request
        # #9496 ("Without passing TenantId, we are getting Request authorization tenant mismatch").
        # acs-codes: 7505 "Enterprise Tenant Mismatch". The issues quote the body only; the 403 is
        # from a user's captured answer (the status of every tenant and permission refusal here).
        "https://github.com/microsoftgraph/microsoft-graph-docs/pull/9496",
    ),
    ErrorHint(
        403,
        "7507",
        None,
        "the call's source identity does not belong to the app in the access token: use this app's "
        "own id, or a resource account (application instance) bound to this app, as source.identity",
        # Body {"code": "7507", "message": "Call source identity invalid."} when creating a call with an
        # applicationInstance source: graph-docs-contrib issue #649, microsoftgraph/microsoft-graph-docs
        # issue #11648 (they quote the body only). Meaning and status 403: acs-codes ("Application
        # identity from authorization token didn't match application identity in call source").
        "https://github.com/microsoftgraph/microsoft-graph-docs-contrib/issues/649",
    ),
    ErrorHint(
        403,
        None,
        "Application is not registered in our store",
        "the app is not registered as a Teams calling bot: in its Azure Bot resource, enable calling "
        "on the Microsoft Teams channel and set the calling webhook to the bot's HTTPS endpoint",
        # 403 with code "UnknownError" and the message {"errorCode":"7503","message":"Application is
        # not registered in our store.",...}: microsoftgraph/microsoft-graph-docs issue #10845,
        # comms-samples issue #432 (fix: "make sure you enabled calling on your bot registration and
        # have a url in the field"). The registration step ("Enable the Microsoft Teams channel and
        # enable calling on the Calling tab. Fill in the Webhook (for calling)"): comms-samples
        # docs/articles/calls/register-calling-bot (quoted in OfficeDev/Microsoft-Teams-Samples #336).
        "https://github.com/microsoftgraph/microsoft-graph-comms-samples/issues/432",
    ),
    ErrorHint(
        404,
        "8522",
        None,
        "Graph no longer knows this call or participant: the call ended (hung up, or no keepAlive "
        "within 45 minutes) or the participant left; drop what the bot keeps for it",
        # "Attempting to send a request to a call that has already ended will result in a 404
        # Not-Found error" and the 45-minute keepAlive rule: graph-docs-contrib
        # api-reference/v1.0/api/call-keepalive.md. Body {"code": "8522", "message": "Call not
        # found."}: comms-samples issues #173, #191, #330. acs-codes: 404/8522 "the call may have
        # already ended, or the participant has left the call".
        "https://learn.microsoft.com/graph/api/call-keepalive",
    ),
    ErrorHint(
        429,
        None,
        None,
        "Graph throttled this app (its limits count per app and tenant): send fewer requests, and "
        "wait before retrying: retry_after_s when given, else back off exponentially",
        # graph-docs-contrib concepts/throttling.md (429; wait Retry-After; "If no Retry-After header
        # is provided ... exponential backoff"; requests accrue against the limits while throttled)
        # and concepts/throttling-limits.md ("Calls: 50,000 requests in a 15-second period, per
        # application per tenant"). Graph's 429 bodies carry various codes (TooManyRequests,
        # UnknownError, activityLimitReached), so this entry matches the status alone.
        "https://learn.microsoft.com/graph/throttling",
    ),
)

RESULT_HINTS: Final[tuple[ResultHint, ...]] = (
    ResultHint(
        400,
        8508,
        "the operation was cancelled before it finished: a cancelMediaProcessing request cancels "
        "the running and the queued playPrompt and recordResponse operations",
        # The failed recordOperation with resultInfo 400/8508 "Action failed, the operation was
        # cancelled." and "cancels any operation that is in-process as well as operations that are
        # queued": graph-docs-contrib api-reference/v1.0/api/call-cancelmediaprocessing.md
        # (tests/fixtures/graph_reference/call-cancelmediaprocessing.json). acs-codes: 8508
        # "Operation Canceled".
        "https://learn.microsoft.com/graph/api/call-cancelmediaprocessing",
    ),
)


def hint_for(status: int, code: str | None, message: str | None) -> str | None:
    """The hint for an error answer (HTTP status, OData ``error.code`` and message), or None.

    >>> hint_for(404, "8522", "Call not found.") is not None
    True
    >>> hint_for(404, "itemNotFound", "Call not found.") is None
    True
    """
    folded = message.casefold() if message else ""
    for entry in ERROR_HINTS:
        if entry.status != status:
            continue
        if entry.code is not None and entry.code != code:
            continue
        if entry.message_contains is not None and entry.message_contains.casefold() not in folded:
            continue
        return entry.hint
    return None


def result_hint_for(code: int | None, subcode: int | None) -> str | None:
    """The hint for a failed operation's ``resultInfo`` code and subcode, or None."""
    for entry in RESULT_HINTS:
        if (entry.code, entry.subcode) == (code, subcode):
            return entry.hint
    return None
