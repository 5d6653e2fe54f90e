"""Defaults and fixed tables, in one place (see STYLE.md: defaults live in one constants module)."""

from __future__ import annotations

from typing import Final, Literal, NamedTuple


class Cloud(NamedTuple):
    """Where a national cloud's identity platform and Graph live."""

    authority_host: str
    graph_root: str

    @property
    def scope(self) -> str:
        """The app-only scope for this cloud's Graph."""
        return f"{self.graph_root}/.default"


# The communications API is served by these three clouds only (not China/21Vianet).
CloudName = Literal["global", "usgov", "dod"]
CLOUDS: Final[dict[CloudName, Cloud]] = {
    "global": Cloud("https://login.microsoftonline.com", "https://graph.microsoft.com"),
    "usgov": Cloud("https://login.microsoftonline.us", "https://graph.microsoft.us"),
    "dod": Cloud("https://login.microsoftonline.us", "https://dod-graph.microsoft.us"),
}
DEFAULT_CLOUD: Final[CloudName] = "global"
GRAPH_API_VERSION: Final = "v1.0"

DEFAULT_TIMEOUT_S: Final = 30.0  # one attempt, connect to last body byte
# Requests in flight per client; the rest wait their turn (FIFO for the async client), their wait counting
# toward retry_deadline_s. Each attempt in flight has its own connection (graph_calls/_core/connections.py).
DEFAULT_MAX_CONCURRENCY: Final = 100
# Decoded response bodies: a page of 100 participants is ~0.2 MB; error bodies are short by nature.
DEFAULT_MAX_RESPONSE_BYTES: Final = 32 * 1024 * 1024
MAX_ERROR_BODY_BYTES: Final = 64 * 1024
# Pages one listing follows before PagingError (1,000,000 participants at 100 a page): a safety net.
DEFAULT_MAX_PAGES: Final = 10_000
DEFAULT_CONNECT_TIMEOUT_S: Final = 5.0
DEFAULT_MAX_RETRIES: Final = 3
DEFAULT_RETRY_DEADLINE_S: Final = 120.0
BACKOFF_INITIAL_S: Final = 0.5
BACKOFF_MAX_S: Final = 8.0
# Retry-After larger than this is not waited for: the error is raised to the caller instead.
MAX_RETRY_AFTER_S: Final = 60.0

OPERATION_POLL_INITIAL_S: Final = 0.25
OPERATION_POLL_MAX_S: Final = 5.0
DEFAULT_OPERATION_TIMEOUT_S: Final = 60.0

TOKEN_REQUEST_TIMEOUT_S: Final = 10.0

# Inbound notification tokens (Teams calling platform).
CALLBACK_OPENID_CONFIG_URL: Final = "https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration"
CALLBACK_ISSUERS: Final = ("https://api.botframework.com", "https://graph.microsoft.com")
CALLBACK_CLOCK_SKEW_S: Final = 300.0
CALLBACK_KEYS_MIN_REFRESH_S: Final = 10.0
CALLBACK_KEYS_MAX_AGE_S: Final = 2 * 3600.0

# Access tokens are refreshed this long before they expire (MSAL itself treats < 300 s as expired).
DEFAULT_REFRESH_MARGIN_S: Final = 300.0

# Notification receiver (graph_calls.notifications).
NOTIFICATION_MAX_BODY_BYTES: Final = 4 * 1024 * 1024  # a large meeting's roster update is well below this
NOTIFICATION_CLOSE_TIMEOUT_S: Final = 10.0
MAX_FINISHED_OPERATIONS: Final = 10_000
MAX_ENDED_CALLS: Final = 1_000
DEFAULT_CALL_WAIT_TIMEOUT_S: Final = DEFAULT_OPERATION_TIMEOUT_S

# --- Notification receiver under load (graph_calls.notifications) ----------------------------------------
# Arrays and objects nested deeper than this make a notification body a parse error (400), checked before
# anything recurses into it. Graph's documented notifications nest 8 levels (the whole payload counted).
NOTIFICATION_MAX_JSON_DEPTH: Final = 64
# An ended call stays readable in the CallRegistry for this long (and among the MAX_ENDED_CALLS most recent).
ENDED_CALL_RETENTION_S: Final = 600.0
# Ids of ended calls the registry dropped, remembered (ids only) so late notifications don't bring them back.
MAX_FORGOTTEN_CALL_IDS: Final = 10_000
# Per call, removed participants are remembered (for their roster sequence numbers) at most this many
# and this long.
MAX_REMOVED_PARTICIPANTS: Final = 1_000
REMOVED_PARTICIPANT_RETENTION_S: Final = 600.0
# on_notifications callbacks running at once, across calls (one call's run one at a time, in order).
NOTIFICATION_MAX_WORKERS: Final = 8
# --- end notification receiver under load ----------------------------------------------------------------

# A recording downloaded with graph_calls.recordings is refused past this size (a long meeting's WAV fits).
RECORDING_MAX_BYTES: Final = 64 * 1024 * 1024
