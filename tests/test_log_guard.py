"""The suite-wide log guard in tests/conftest.py really fails a test that logs a token or a secret."""

from __future__ import annotations

from pathlib import Path

import pytest

CONFTEST = Path(__file__).with_name("conftest.py")
A_JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"


def test_guard_fails_a_test_that_logs_a_token(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    pytester.makepyfile(
        f"""
        import logging

        def test_leaky():
            logging.getLogger("graph_calls").debug("sending Authorization: Bearer {A_JWT}")

        def test_clean():
            logging.getLogger("graph_calls").debug("sending Authorization: Bearer <redacted>")
        """
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*contain a token or a secret*"])


def test_guard_knows_registered_secrets(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    pytester.makepyfile(
        """
        import logging
        from conftest import register_secret

        def test_leaky():
            register_secret("hunter2-very-secret")
            logging.getLogger("msal").info("client_secret=hunter2-very-secret")
        """
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)
