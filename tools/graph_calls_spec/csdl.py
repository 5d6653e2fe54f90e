"""Read the types of the ``microsoft.graph`` namespace from Graph's CSDL metadata (cleanMetadata.xml)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

EDM = "{http://docs.oasis-open.org/odata/ns/edm}"
NAMESPACE = "microsoft.graph"
ALIAS = "graph"
DESCRIPTION_TERM = "Org.OData.Core.V1.Description"


@dataclass(frozen=True)
class CsdlProperty:
    name: str
    type: str  # e.g. "Edm.String", "graph.mediaInfo", "Collection(graph.mediaInfo)"
    nullable: bool
    description: str | None = None


@dataclass
class CsdlType:
    name: str
    kind: str  # "complex", "entity" or "enum"
    base: str | None = None  # unqualified name of the base type
    abstract: bool = False
    open: bool = False
    properties: list[CsdlProperty] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    description: str | None = None


@dataclass
class Csdl:
    """The ``microsoft.graph`` types by unqualified name, and where they were read from.

    ``origin`` (a path or URL, "" when unknown) is the only sign of the metadata's channel: Microsoft's beta
    ``cleanMetadata.xml`` has the same header, namespace and alias as the v1.0 one and sits in
    ``clean_beta_metadata/`` (:mod:`graph_calls_spec.transforms_channel`).
    """

    types: dict[str, CsdlType]
    origin: str = ""

    def ancestors(self, name: str) -> list[str]:
        """Base types of ``name``, nearest first."""
        chain: list[str] = []
        current = self.types.get(name)
        while current is not None and current.base is not None:
            chain.append(current.base)
            current = self.types.get(current.base)
        return chain

    def subtypes(self, base: str) -> list[str]:
        """Every type that derives, directly or not, from ``base``; sorted by name."""
        return sorted(t for t in self.types if base in self.ancestors(t))


def unqualify(type_name: str) -> str:
    for prefix in (f"{ALIAS}.", f"{NAMESPACE}."):
        if type_name.startswith(prefix):
            return type_name[len(prefix) :]
    return type_name


def _descriptions(schema: ET.Element) -> dict[str, str]:
    """Descriptions from ``<Annotations Target="microsoft.graph.x[/prop]">`` blocks."""
    found: dict[str, str] = {}
    for block in schema.iter(f"{EDM}Annotations"):
        target = block.get("Target", "")
        for annotation in block.findall(f"{EDM}Annotation"):
            if annotation.get("Term") == DESCRIPTION_TERM and annotation.get("String"):
                found[unqualify(target)] = str(annotation.get("String"))
    return found


def load(path: Path, *, origin: str | None = None) -> Csdl:
    """The types of ``path``; ``origin`` says where the file came from when its path does not (a URL, the
    lock's upstream path), else the path is the origin."""
    root = ET.parse(path).getroot()  # noqa: S314 (pinned, hash-verified input)
    types: dict[str, CsdlType] = {}
    for schema in root.iter(f"{EDM}Schema"):
        if schema.get("Namespace") != NAMESPACE:
            continue
        docs = _descriptions(schema)
        for element in schema:
            tag = element.tag.removeprefix(EDM)
            name = element.get("Name")
            if name is None or tag not in ("ComplexType", "EntityType", "EnumType"):
                continue
            if tag == "EnumType":
                members = [m.get("Name", "") for m in element.findall(f"{EDM}Member")]
                types[name] = CsdlType(name, "enum", members=members, description=docs.get(name))
                continue
            base = element.get("BaseType")
            properties = [
                CsdlProperty(
                    name=p.get("Name", ""),
                    type=p.get("Type", "Edm.String"),
                    nullable=p.get("Nullable", "true") != "false",
                    description=docs.get(f"{name}/{p.get('Name')}"),
                )
                for p in element.findall(f"{EDM}Property")
            ]
            types[name] = CsdlType(
                name,
                "entity" if tag == "EntityType" else "complex",
                base=unqualify(base) if base else None,
                abstract=element.get("Abstract") == "true",
                open=element.get("OpenType") == "true",
                properties=properties,
                description=docs.get(name),
            )
    return Csdl(types, origin=str(path) if origin is None else origin)
