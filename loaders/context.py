"""State shared by the loaders of one build: where the tables are and what earlier loaders defined.

Loaders run in dependency order. Each registers the identifiers it defines (population
codes, reference numbers, provision ids ...) so that a later table citing an unknown one
fails with the citing file, line and column instead of producing a dangling IRI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from .tables import Row, SourceError, read_table
from .vocab import iri, is_slug

# How each kind of identifier is named in error messages.
KIND_NAMES = {
    "population-notation": "population code",
    "population-subtype": "population subtype code",
    "intervention-type-notation": "intervention type abbreviation",
    "source": "source section",
}


@dataclass
class LoadContext:
    data_dir: Path
    index: dict[str, dict[str, URIRef]] = field(default_factory=dict)
    # The labels an entity is shown with, compared without case: an alternative name equal to one of them
    # would be no other name (SKOS keeps preferred and alternative labels apart).
    labels: dict[URIRef, set[str]] = field(default_factory=dict)

    def table(self, name: str, columns: tuple[str, ...], key: str | None = "id") -> list[Row]:
        return read_table(self.data_dir / name, columns, key)

    def missing(self, name: str) -> SourceError:
        return SourceError(self.data_dir / name, None, "source table has no data rows")

    def define(self, kind: str, row: Row, column: str = "id") -> URIRef:
        """The IRI ``{base}{kind}/{id}`` for the row's identifier, registered so later tables can cite it."""
        key = row.text(column)
        if not is_slug(key):
            raise row.error(column, f"{key!r} is not a valid identifier (lowercase letters, digits and single "
                            "hyphens: it becomes the entity's IRI)")
        node = iri(kind, key)
        self.register(kind, key, node, row, column)
        return node

    def register(self, kind: str, key: str, node: URIRef, row: Row, column: str) -> None:
        known = self.index.setdefault(kind, {})
        if key in known:
            raise row.error(column, f"{kind} {key!r} is defined twice")
        known[key] = node

    def label(self, node: URIRef, label: str) -> None:
        """Record that ``node`` is shown as ``label``."""
        self.labels.setdefault(node, set()).add(label.casefold())

    def is_label(self, node: URIRef, name: str) -> bool:
        return name.casefold() in self.labels.get(node, ())

    def resolve(self, kind: str, key: str, row: Row, column: str) -> URIRef:
        known = self.index.get(kind, {})
        if key not in known:
            hint = ""
            if known and len(known) <= 40:
                hint = f" (known: {', '.join(sorted(known))})"
            raise row.error(column, f"unknown {KIND_NAMES.get(kind, kind)} {key!r}{hint}")
        return known[key]

    def reference(self, number: int, row: Row, column: str) -> URIRef:
        known = self.index.get("reference", {})
        if str(number) not in known:
            span = f"1-{len(known)}" if known else "none loaded"
            raise row.error(column, f"reference {number} is not in the reference list ({span})")
        return known[str(number)]

    def section(self, row: Row) -> URIRef:
        """The source section a row comes from: its 'table' cell if set, else its 'appendix' cell."""
        column = "table" if row.text("table", required=False) else "appendix"
        return self.resolve("source", row.text(column), row, column)
