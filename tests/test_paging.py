"""The next-link check that keeps the token on the Graph host (the end-to-end proof is in test_client_*)."""

from __future__ import annotations

import httpx
import pytest

from graph_calls.errors import PagingError
from graph_calls.paging import checked_next_link

BASE = httpx.URL("https://graph.microsoft.com/v1.0")


def test_next_link_on_the_same_host_is_followed() -> None:
    link = "https://graph.microsoft.com/v1.0/communications/calls/c/participants?$skiptoken=abc"
    assert checked_next_link(link, BASE) == httpx.URL(link)


@pytest.mark.parametrize(
    "link",
    [
        "https://evil.example/v1.0/communications/calls/c/participants",
        "http://graph.microsoft.com/v1.0/communications/calls/c/participants",
        "https://graph.microsoft.com:8443/v1.0/communications/calls",
        "https://graph.microsoft.com.evil.example/v1.0/x",
        "//evil.example/x",
        "/v1.0/relative",
    ],
)
def test_next_link_elsewhere_is_refused(link: str) -> None:
    with pytest.raises(PagingError, match="refusing to follow"):
        checked_next_link(link, BASE)
