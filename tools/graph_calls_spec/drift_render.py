"""The drift report (:class:`Report`) and how it prints: text for a terminal, JSON for machines, Markdown for
a pull-request body or a CI job summary. What goes into a report is decided in :mod:`graph_calls_spec.drift`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from graph_calls_spec.specdiff_changes import CLASSES, Change

FORMATS = ("text", "json", "markdown")
EXIT_MEANING = {
    0: "no difference",
    1: "additive or cosmetic changes only",
    2: "breaking changes",
}


@dataclass(frozen=True)
class InputFile:
    """One upstream input of a side (``module`` or ``metadata``), and its upstream commit when pinned."""

    role: str
    name: str
    repository: str | None = None
    commit: str | None = None
    path: str | None = None

    @property
    def url(self) -> str | None:
        """The file at its commit on GitHub, when pinned."""
        if not (self.repository and self.commit and self.path):
            return None
        return f"https://github.com/{self.repository}/blob/{self.commit}/{self.path}"

    def as_dict(self) -> dict[str, str | None]:
        """The JSON form: ``{file, repository, commit}`` (null when the file is not pinned)."""
        return {"file": self.name, "repository": self.repository, "commit": self.commit}

    def markdown(self) -> str:
        """``name`` in code, with a link to ``repository@commit`` when pinned."""
        text = code(self.name)
        if self.url is None or self.commit is None:
            return text
        return f"{text} ([{cell(str(self.repository))}@{self.commit[:12]}]({self.url}))"


@dataclass(frozen=True)
class Report:
    """Changes that count, allowlisted ones, and what upstream offers that we do not ship."""

    base: str
    target: str
    changes: tuple[Change, ...]
    ignored: tuple[Change, ...] = ()
    not_shipped: tuple[Change, ...] = ()
    base_files: tuple[InputFile, ...] = ()
    target_files: tuple[InputFile, ...] = ()

    @property
    def exit_code(self) -> int:
        """0 no difference, 1 only additive or cosmetic changes, 2 breaking changes."""
        classes = {c.cls for c in self.changes}
        return 2 if "breaking" in classes else (1 if classes else 0)

    def counts(self) -> dict[str, int]:
        """Changes per class."""
        return {cls: sum(1 for c in self.changes if c.cls == cls) for cls in CLASSES}

    def summary(self) -> dict[str, int]:
        """Counts per class, then the ignored and the not-shipped entries."""
        return {**self.counts(), "ignored": len(self.ignored), "not_shipped": len(self.not_shipped)}

    def entries(self) -> list[Change]:
        """Everything, in report order; ignored changes carry class ``ignored``."""
        return sorted([*self.changes, *self.ignored, *self.not_shipped], key=Change.sort_key)

    def render(self, form: str) -> str:
        """The report in one of :data:`FORMATS`."""
        renderers = {"text": self.to_text, "json": self.to_json, "markdown": self.to_markdown}
        return renderers[form]()

    def to_json(self) -> str:
        """``{base, target, summary, exit_status, changes}``; each change ``{class, kind, where, detail,
        reason}``, in report order (ignored and not-shipped entries included, under their own class)."""
        document = {
            "base": side_json(self.base, self.base_files),
            "target": side_json(self.target, self.target_files),
            "summary": self.summary(),
            "exit_status": self.exit_code,
            "changes": [c.as_dict() for c in self.entries()],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def to_text(self) -> str:
        """The human-readable report: a summary line, then one section per class, cosmetic last."""
        counts = self.counts()
        lines = [
            "upstream drift report",
            f"  base:   {self.base}",
            f"  target: {self.target}",
            "summary: "
            + ", ".join(f"{counts[cls]} {cls}" for cls in CLASSES)
            + f"; {len(self.ignored)} ignored; {len(self.not_shipped)} offered upstream, not shipped"
            + f" → exit {self.exit_code}",
        ]
        sections = [(cls, [c for c in self.changes if c.cls == cls]) for cls in CLASSES]
        sections += [("ignored (allowlisted)", list(self.ignored)), ("not shipped", list(self.not_shipped))]
        for title, items in sections:
            if items:
                lines += ["", f"{title} ({len(items)}):"]
                lines += [f"  {c.line()}" for c in sorted(items, key=Change.sort_key)]
        return "\n".join(lines) + "\n"

    def to_markdown(self) -> str:
        """A pull-request body: the inputs, a count table, breaking changes with what users' code must change,
        additive ones, then cosmetic, allowlisted and not-shipped entries folded in ``<details>`` blocks."""
        counts = self.counts()
        lines = [
            "# Upstream drift report",
            "",
            f"- **Base:** {side_markdown(self.base, self.base_files)}",
            f"- **Target:** {side_markdown(self.target, self.target_files)}",
            f"- **Exit status {self.exit_code}:** {EXIT_MEANING[self.exit_code]}",
            "",
            "| class | count |",
            "|---|---:|",
            *(f"| {cls} | {counts[cls]} |" for cls in CLASSES),
            f"| ignored (allowlisted) | {len(self.ignored)} |",
            f"| offered upstream, not shipped | {len(self.not_shipped)} |",
        ]
        breaking = self.of_class("breaking")
        lines += ["", f"## Breaking ({len(breaking)})", ""]
        if breaking:
            lines += ["What code written against the SDK generated from the base must change:", ""]
            lines += table(("change", "where", "detail", "what users' code must change"), breaking, action)
        else:
            lines.append("None: code written against the base keeps working.")
        additive = self.of_class("additive")
        lines += ["", f"## Additive ({len(additive)})", ""]
        lines += table(("change", "where", "detail", "for users"), additive) if additive else ["None."]
        for title, items in (
            ("Cosmetic: nothing users' code sees", self.of_class("cosmetic")),
            ("Ignored: known noise in openapi/drift-allowlist.yml", list(self.ignored)),
            (
                "Offered upstream, not shipped: not in openapi/keep-list.yml or rules.yml",
                list(self.not_shipped),
            ),
        ):
            if items:
                lines += ["", "<details>", f"<summary>{title} ({len(items)})</summary>", ""]
                lines += [*table(("change", "where", "detail", "why"), items), "", "</details>"]
        return "\n".join(lines) + "\n"

    def of_class(self, cls: str) -> list[Change]:
        """The counted changes of one class, in report order."""
        return sorted((c for c in self.changes if c.cls == cls), key=Change.sort_key)


def side_json(label: str, files: tuple[InputFile, ...]) -> dict[str, Any]:
    """A side in the JSON: its label, then each input file by role."""
    return {"label": label, **{f.role: f.as_dict() for f in files}}


def side_markdown(label: str, files: tuple[InputFile, ...]) -> str:
    """A side in the Markdown: its files (linked to their commits when pinned), else its label."""
    return " + ".join(f.markdown() for f in files) if files else cell(label)


# ------------------------------------------------------------------------------------------ Markdown


MARKDOWN_SPECIAL = re.compile(r"([\\`*_|<>\[\]])")


def cell(text: str) -> str:
    """Text safe in a Markdown table cell: one line; ``|``, backticks, emphasis, brackets and ``<``/``>``
    (which GitHub would take for HTML) escaped."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def code(text: str) -> str:
    """Text as inline code in a table cell (``|`` escaped), or escaped plain text when it holds a backtick."""
    flat = " ".join(text.split())
    return cell(flat) if "`" in flat else "`" + flat.replace("|", "\\|") + "`"


def table(header: tuple[str, ...], items: list[Change], last: Any = None) -> list[str]:
    """A Markdown table of changes: kind, where, detail, then ``last(change)`` (default: the reason)."""
    rows = [
        f"| {code(c.kind)} | {code(c.where)} | {cell(c.detail)} | {cell(last(c) if last else c.reason)} |"
        for c in items
    ]
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header), *rows]


# What code written against BASE must do about a breaking change, by kind ({where}, {old}, {new}, {name}).
ACTIONS = {
    "operation.removed": "Stop calling {old}: the function is gone.",
    "operation.renamed": "Call {new} instead of {old}.",
    "parameter.added": "Pass {name} in every call.",
    "parameter.removed": "Stop passing {name}.",
    "parameter.renamed": "Pass {new} instead of {old}.",
    "parameter.retyped": "Pass {name} as {new}, not {old}.",
    "parameter.in.changed": "Pass {name} where the function now takes it ({new}, not {old}).",
    "parameter.required.changed": "Pass {name} in every call.",
    "request.added": "Pass a body ({new}) in every call.",
    "request.removed": "Stop passing a body.",
    "request.retyped": "Build a {new} body instead of a {old}.",
    "request.required.changed": "Pass a body in every call.",
    "request.content.removed": "Stop sending {old}.",
    "response.removed": "Stop relying on the {name} answer being parsed.",
    "response.status.changed": "Check the parsed result: the success answer moved from {old} to {new}.",
    "response.content.removed": "Stop reading the returned body ({old}): the function returns none.",
    "response.retyped": "Read a {new} where a {old} was returned.",
    "schema.removed": "Stop using the model {where}.",
    "schema.retyped": "Rewrite code using {where}: it is now {new}, not {old}.",
    "schema.base.changed": "Check the fields {where} inherits ({old} → {new}).",
    "subtype.removed": "Stop matching {old} where a {where} is returned.",
    "union.branch.removed": "Stop passing or matching {old} at {where}.",
    "property.added": "Set {name} whenever you build a {owner}.",
    "property.removed": "Stop reading or setting {where}.",
    "property.renamed": "Use .{new} instead of .{old} on {where}.",
    "property.retyped": "Treat {where} as {new}, not {old}.",
    "property.required.changed": "Set {name} whenever you build a {owner}.",
    "nullable.changed": "Stop passing None for {where}; a value is required.",
    "enum.member.removed": "Stop using {old} of {where}.",
    "enum.member.renamed": "Use {new} instead of {old} of {where}.",
    "default.changed": "Set {where} yourself if you relied on its default ({old}).",
}
PARAMETER = re.compile(r"\((?:parameter|response) (?P<name>[^)]+)\)$")


def action(item: Change) -> str:
    """What users' code must change for a breaking ``item`` (its reason when no action is known)."""
    template = ACTIONS.get(item.kind)
    if template is None:
        return item.reason
    found = PARAMETER.search(item.where)
    owner, _, field = item.where.partition(".")
    name = found.group("name") if found else (field or item.where)
    values = {"where": item.where, "old": item.old, "new": item.new, "name": name, "owner": owner}
    return template.format(**values)
