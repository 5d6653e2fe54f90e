"""Argument checks that run before anything is sent."""

from __future__ import annotations

import pytest

from graph_calls._validate import check_id, expect, expect_list, query_list
from graph_calls.errors import InvalidInputError


@pytest.mark.parametrize("bad", ["", ".", ".."])
def test_ids_that_would_change_the_path_are_refused(bad: str) -> None:
    with pytest.raises(InvalidInputError):
        check_id("call_id", bad)
    with pytest.raises(ValueError, match="call_id"):  # InvalidInputError is a ValueError too
        check_id("call_id", bad)


@pytest.mark.parametrize("ok", ["../x", "a/b", "?", "#", "%2F", "…", "...", " ", "a b"])
def test_every_other_string_is_a_valid_id(ok: str) -> None:
    assert check_id("call_id", ok) == ok


@pytest.mark.parametrize("bad", [None, 1, b"id", ["a"]])
def test_ids_must_be_strings(bad: object) -> None:
    with pytest.raises(InvalidInputError, match="call_id must be a str"):
        check_id("call_id", bad)


def test_expect_rejects_bool_for_int_and_names_the_argument() -> None:
    expect("timeout", 5, int)
    expect("timeout", None, int)
    with pytest.raises(InvalidInputError, match="timeout must be int, not bool"):
        expect("timeout", True, int)
    with pytest.raises(InvalidInputError, match="timeout must be int, not str"):
        expect("timeout", "5", int)


def test_expect_list_names_the_bad_item() -> None:
    assert expect_list("tones", ("tone1", "tone2"), str) == ["tone1", "tone2"]
    with pytest.raises(InvalidInputError, match=r"tones\[1\] must be str, not int"):
        expect_list("tones", ["tone1", 2], str)
    with pytest.raises(InvalidInputError, match="tones must be a list, not str"):
        expect_list("tones", "tone1", str)
    with pytest.raises(InvalidInputError, match="tones is required"):
        expect_list("tones", None, str, required=True)


def test_query_lists_join_with_commas() -> None:
    assert query_list("select", ["id", "info"]) == "id,info"
    assert query_list("select", "id,info") == "id,info"
    assert query_list("select", None) is None
    with pytest.raises(InvalidInputError):
        query_list("select", [1])  # type: ignore[list-item]
