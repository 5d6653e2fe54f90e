"""The suite-wide log guard in tests/conftest.py really fails a test that logs a token or a secret."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from tests.testing._users_suite import outcomes_by_test, printed_by_pytest

CONFTEST = Path(__file__).with_name("conftest.py")
A_JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"

TOKEN_SUITE = f"""
    import logging

    def test_leaky():
        logging.getLogger("graph_calls").debug("sending Authorization: Bearer {A_JWT}")

    def test_clean():
        logging.getLogger("graph_calls").debug("sending Authorization: Bearer <redacted>")
"""
SECRET_SUITE = """
    import logging
    from conftest import register_secret

    def test_leaky():
        register_secret("hunter2-very-secret")
        logging.getLogger("msal").info("client_secret=hunter2-very-secret")
"""


@pytest.fixture(scope="module")
def guarded_suite(tmp_path_factory: pytest.TempPathFactory) -> str:
    """What pytest prints (``-rA``) running both suites under the guard: one run, one module each."""
    project = tmp_path_factory.mktemp("guarded_suite")
    (project / "conftest.py").write_text(CONFTEST.read_text(encoding="utf-8"), encoding="utf-8")
    (project / "test_token.py").write_text(textwrap.dedent(TOKEN_SUITE), encoding="utf-8")
    (project / "test_secret.py").write_text(textwrap.dedent(SECRET_SUITE), encoding="utf-8")
    return printed_by_pytest(project, "-rA")


def test_guard_fails_a_test_that_logs_a_token(guarded_suite: str) -> None:
    # The body passes; the guard fails the leaky test at teardown, and leaves the clean one alone.
    assert outcomes_by_test(guarded_suite, "test_token.py") == {
        "test_leaky": ["PASSED", "ERROR"],
        "test_clean": ["PASSED"],
    }, guarded_suite
    pytest.LineMatcher(guarded_suite.splitlines()).fnmatch_lines(
        ["ERROR test_token.py::test_leaky - *contain a token or a secret*"]
    )


def test_guard_knows_registered_secrets(guarded_suite: str) -> None:
    # The leak is of a secret no pattern knows: only its registration lets the guard see it.
    secret = outcomes_by_test(guarded_suite, "test_secret.py")
    assert secret == {"test_leaky": ["PASSED", "ERROR"]}, guarded_suite
