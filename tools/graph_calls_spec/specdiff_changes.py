"""What the drift comparison reports: the change kinds in report order, their classes and reasons for SDK
users (:class:`Change`, :func:`change`, :func:`classify`, :func:`status_move`), and how a value is printed on
a report line (clipped to one line, long texts abridged to where they differ, reference links normalized).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

CLASSES = ("breaking", "additive", "cosmetic")
IGNORED = "ignored"
NOT_SHIPPED = "not-shipped"
NONE = "(none)"
CLIP = 80
URL_CLIP = 100
CONTEXT = 12

# Report order, within a class: operations, their parts, schemas, then the cosmetic kinds, docs last.
KINDS = (
    "operation.added",
    "operation.removed",
    "operation.renamed",
    "parameter.added",
    "parameter.removed",
    "parameter.renamed",
    "parameter.retyped",
    "parameter.in.changed",
    "parameter.required.changed",
    "request.added",
    "request.removed",
    "request.required.changed",
    "request.content.added",
    "request.content.removed",
    "request.retyped",
    "response.added",
    "response.removed",
    "response.status.changed",
    "response.content.added",
    "response.content.removed",
    "response.retyped",
    "schema.added",
    "schema.removed",
    "schema.retyped",
    "schema.base.changed",
    "subtype.added",
    "subtype.removed",
    "union.branch.added",
    "union.branch.removed",
    "property.added",
    "property.removed",
    "property.renamed",
    "property.retyped",
    "property.required.changed",
    "nullable.changed",
    "enum.member.added",
    "enum.member.removed",
    "enum.member.renamed",
    "default.changed",
    "keyword.changed",
    "operationId.changed",
    "summary.changed",
    "description.changed",
    "externalDocs.changed",
    "operation.not-shipped",
    "subtype.not-shipped",
)
KIND_RANK = {kind: rank for rank, kind in enumerate(KINDS)}

# kind → (class, reason) where the class does not depend on the values.
FIXED: dict[str, tuple[str, str]] = {
    "operation.added": ("additive", "a new SDK function"),
    "operation.removed": ("breaking", "the SDK function disappears"),
    "operation.renamed": ("breaking", "our operationId names the generated module and function"),
    "parameter.removed": ("breaking", "calls that pass it fail"),
    "parameter.renamed": ("breaking", "the argument is renamed: calls passing the old name fail"),
    "parameter.retyped": ("breaking", "the generated argument changes type"),
    "parameter.in.changed": ("breaking", "the argument moves between path, query and header"),
    "request.removed": ("breaking", "calls that pass a body fail"),
    "request.retyped": ("breaking", "the function takes another body model"),
    "request.content.added": ("additive", "one more accepted content type"),
    "request.content.removed": ("breaking", "a content type callers may send is no longer accepted"),
    "response.added": ("additive", "the SDK parses one more status"),
    "response.removed": ("breaking", "the SDK stops parsing that status"),
    "response.content.added": ("additive", "the function now returns a parsed body"),
    "response.content.removed": ("breaking", "the function stops returning that body"),
    "response.retyped": ("breaking", "the function returns another model"),
    "schema.added": ("additive", "a new model"),
    "schema.removed": ("breaking", "the generated model disappears"),
    "schema.retyped": ("breaking", "the model changes shape (object, enum, type)"),
    "schema.base.changed": ("breaking", "inherited fields change"),
    "subtype.added": ("additive", "one more union branch wherever the base is referenced"),
    "subtype.removed": ("breaking", "a union branch disappears wherever the base is referenced"),
    "union.branch.added": ("additive", "the union accepts one more type"),
    "union.branch.removed": ("breaking", "the union no longer accepts that type"),
    "property.removed": ("breaking", "code using the field fails"),
    "property.renamed": ("breaking", "the field is renamed: code using the old name fails"),
    "property.retyped": ("breaking", "the generated field changes type"),
    "enum.member.added": ("additive", "one more accepted value"),
    "enum.member.removed": ("breaking", "a value callers may use disappears"),
    "enum.member.renamed": ("breaking", "the value is renamed: code using the old one fails"),
    "default.changed": ("breaking", "code that omits the value now sends or reads another one"),
    "keyword.changed": ("cosmetic", "the generator ignores it: no generated type or signature changes"),
    "operationId.changed": (
        "cosmetic",
        "upstream's operationIds never reach users: ours derive from the path",
    ),
    "summary.changed": ("cosmetic", "documentation only"),
    "description.changed": ("cosmetic", "documentation only"),
    "externalDocs.changed": ("cosmetic", "documentation only"),
}
WIDENING = "widens what is accepted"
NARROWING = "narrows what is accepted"


@dataclass(frozen=True)
class Change:
    """One difference, from BASE (``old``) to TARGET (``new``); ``detail`` is what the report prints."""

    cls: str
    kind: str
    where: str
    old: str | None = None
    new: str | None = None
    label: str = ""
    note: str = ""
    reason: str = ""

    @property
    def detail(self) -> str:
        """``label: old → new (note)``, or the one value of an addition or removal."""
        if self.old is not None and self.new is not None:
            text = f"{self.old} → {self.new}"
        else:
            text = self.new if self.new is not None else (self.old or "")
        if self.note:
            text = f"{text} ({self.note})" if text else self.note
        return f"{self.label}: {text}" if self.label else text

    def sort_key(self) -> tuple[int, int, str, str]:
        """Report order: class, kind (see ``KINDS``), where, detail."""
        rank = (*CLASSES, IGNORED, NOT_SHIPPED).index(self.cls)
        return rank, KIND_RANK.get(self.kind, len(KINDS)), self.where, self.detail

    def as_dict(self) -> dict[str, str]:
        """The ``--json`` form."""
        return {
            "class": self.cls,
            "kind": self.kind,
            "where": self.where,
            "detail": self.detail,
            "reason": self.reason,
        }

    def line(self) -> str:
        """The report line: ``kind  where  detail — reason``."""
        return f"{self.kind}  {self.where}  {self.detail} — {self.reason}"


def classify(kind: str, old: str | None, new: str | None, *, required: bool = False) -> tuple[str, str]:
    """The class and one-line reason of a change, for code written against BASE."""
    if kind in FIXED:
        return FIXED[kind]
    if kind in ("parameter.added", "property.added", "request.added"):
        if required:
            return "breaking", "required: existing calls and constructors lack it"
        return "additive", "optional: existing code is unaffected"
    if kind.endswith(".required.changed"):
        return (
            ("breaking", f"{NARROWING}: callers must now pass it")
            if new == "required"
            else (
                "additive",
                f"{WIDENING}: callers may now omit it",
            )
        )
    if kind == "nullable.changed":
        return (
            ("additive", f"{WIDENING}: null is now valid")
            if new == "nullable"
            else (
                "breaking",
                f"{NARROWING}: null is no longer valid",
            )
        )
    raise ValueError(f"unknown change kind {kind}")


# The body of a response without content, as :func:`specdiff_side.response_value` prints it.
NO_BODY = "no body"


def is_status_range(code: str) -> bool:
    """``2XX`` (any case): a range, parsed by the generator as ``200 <= status <= 299``."""
    return len(code) == 3 and code[0].isdigit() and code[1:].upper() == "XX"


def status_move(where: str, old_code: str, new_code: str, old_body: str, new_body: str) -> Change:
    """The one success response moving between status codes, classified by what the client then parses.

    openapi-python-client 0.29 parses a concrete code with ``if response.status_code == 204:`` and a range
    with ``if 200 <= response.status_code <= 299:``; any other answer goes to the ``default`` response, which
    decodes an error body (``ODataError.from_dict(response.json())``) and fails on an empty or non-error
    body. So a move is never invisible: it changes which answers parse as success, and with what body.
    """
    cls, reason = "breaking", f"the success answer is parsed as {new_body} instead of {old_body}"
    if not is_status_range(old_code) and not is_status_range(new_code):
        reason = f"the SDK parses only the declared success code: a {old_code} answer now fails"
    elif is_status_range(old_code):
        reason = (
            f"narrows the success codes: a 2xx answer other than {new_code} now fails in the error parser"
        )
    elif old_body == new_body:
        cls = "additive"
        reason = f"widens the success codes: every 2xx answer parses as success, the {old_code} one as before"
    elif old_body == NO_BODY:
        reason = f"every 2xx answer is now decoded as {new_body}, even the bodiless {old_code} of the base"
    return Change(cls, "response.status.changed", where, old_code, new_code, reason=reason)


def change(
    kind: str,
    where: str,
    old: str | None = None,
    new: str | None = None,
    *,
    label: str = "",
    note: str = "",
    required: bool = False,
) -> Change:
    """A classified :class:`Change`."""
    cls, reason = classify(kind, old, new, required=required)
    return Change(cls, kind, where, old, new, label, note, reason)


# ------------------------------------------------------------------------------------------ rendering


def clip(text: str | None, width: int = CLIP) -> str:
    """One line, at most ``width`` characters; ``(none)`` for a missing value."""
    if text is None:
        return NONE
    flat = " ".join(str(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def abridge(old: str | None, new: str | None) -> tuple[str, str]:
    """Both texts cut down to where they differ, with a little context, each on one clipped line."""
    if old is None or new is None or max(len(old), len(new)) <= CLIP:
        return clip(old), clip(new)
    a, b = " ".join(old.split()), " ".join(new.split())
    prefix = 0
    while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(a), len(b)) - prefix and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    start = a.rfind(" ", 0, max(0, prefix - CONTEXT)) + 1  # whole words: back to a space (or the start)
    lead = "…" if start else ""

    def cut(text: str) -> str:
        end = text.find(" ", len(text) - suffix + CONTEXT)
        end = len(text) if end < 0 else end
        return clip(lead + text[start:end] + ("…" if end < len(text) else ""))

    return cut(a), cut(b)


def short(value: Any) -> str:
    """A keyword value as compact JSON, clipped."""
    if value is None:
        return NONE
    return clip(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str))


def link(docs: Any) -> str | None:
    """The URL of an ``externalDocs`` object."""
    if isinstance(docs, dict):
        return str(docs.get("url")) if docs.get("url") is not None else short(docs)
    return None if docs is None else str(docs)


# Microsoft moved its reference pages from docs.microsoft.com to learn.microsoft.com and redirects every old
# URL to the new host, path unchanged: the same page.
SAME_SITE = {"docs.microsoft.com": "learn.microsoft.com"}
LOCALE = re.compile(r"[a-z]{2}(-[a-z]{2,4})?", re.IGNORECASE)


def page(url: str | None) -> str | None:
    """The page a reference link names: scheme, fragment (anchor), a locale path segment (``/en-us/``),
    a trailing slash and the redirected host left out, so links that only move those compare equal."""
    if url is None:
        return None
    parts = urlsplit(url.strip())
    host = parts.netloc.lower()
    segments = [s for s in parts.path.split("/") if s]
    if segments and LOCALE.fullmatch(segments[0]):
        segments = segments[1:]
    query = f"?{parts.query}" if parts.query else ""
    return f"{SAME_SITE.get(host, host)}/{'/'.join(segments)}{query}"


def nullability(nullable: bool) -> str:
    """How a nullability state is printed."""
    return "nullable" if nullable else "not nullable"


def requiredness(required: bool) -> str:
    """How a required state is printed."""
    return "required" if required else "optional"
