"""Row-to-triple mappings that several source tables share (concepts, printed counts, notes)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from .context import LoadContext
from .names import name_key
from .tables import Row
from .vocab import AMHE, SCHEMA, iri

COUNT_UNITS = {
    "rows": AMHE.Table5Rows,
    "references": AMHE.CitedReferences,
    "marked-cells": AMHE.MarkedCells,
}


def add_concept(g: Graph, ctx: LoadContext, node: URIRef, cls: URIRef, row: Row, scheme: URIRef,
                label: str, notation: str | None = None, top: bool = True) -> None:
    """A SKOS concept with its labels, notation, scheme membership and provenance."""
    g.add((node, RDF.type, cls))
    g.add((node, SKOS.prefLabel, Literal(label, lang="en")))
    g.add((node, RDFS.label, Literal(label, lang="en")))
    ctx.label(node, label)
    g.add((node, SKOS.inScheme, scheme))
    if top:
        g.add((node, SKOS.topConceptOf, scheme))
        g.add((scheme, SKOS.hasTopConcept, node))
    if notation:
        g.add((node, SKOS.notation, Literal(notation)))
    for alt in row.items("alt_labels") if "alt_labels" in row.columns else ():
        g.add((node, SKOS.altLabel, Literal(alt, lang="en")))
    g.add((node, PROV.wasDerivedFrom, ctx.section(row)))
    add_note(g, node, row)


def add_note(g: Graph, node: URIRef, row: Row) -> None:
    if "note" in row.columns and row.text("note", required=False):
        g.add((node, SKOS.editorialNote, Literal(row.text("note"), lang="en")))


def add_reported_count(g: Graph, ctx: LoadContext, row: Row, concept: URIRef, slug: str,
                       value_column: str, printed_column: str) -> URIRef:
    """A number the source prints for ``concept``, with the unit the table says it counts."""
    node = iri("count", slug)
    value = row.integer(value_column, minimum=0)
    unit = row.choice("count_unit", tuple(COUNT_UNITS))
    g.add((node, RDF.type, AMHE.ReportedCount))
    g.add((node, AMHE.countedConcept, concept))
    g.add((node, AMHE.reportedValue, Literal(value, datatype=XSD.integer)))
    g.add((node, AMHE.countUnit, COUNT_UNITS[unit]))
    g.add((node, AMHE.printedColumn, Literal(printed_column)))
    g.add((node, PROV.wasDerivedFrom, ctx.section(row)))
    g.add((node, RDFS.label, Literal(f"{printed_column}: {value}", lang="en")))
    return node


POPULATION_BASIS = {"printed": AMHE.concernsPopulation, "curated": AMHE.curatedPopulation}


def add_population_links(g: Graph, ctx: LoadContext, node: URIRef, row: Row) -> None:
    """Population links of a row: ``population_codes`` with one ``population_basis`` for all codes or one per code.

    A printed basis becomes ``amhe:concernsPopulation`` (the source's words), a curated one
    ``amhe:curatedPopulation`` (our judgement), so users can tell the two apart.
    """
    codes = row.items("population_codes")
    if not codes:
        if row.text("population_basis", required=False):
            raise row.error("population_basis", "a basis without population codes")
        return
    bases = row.items("population_basis", required=True)
    if len(bases) == 1:
        bases = bases * len(codes)
    if len(bases) != len(codes):
        raise row.error("population_basis", "give one basis for all codes or one per code")
    for code, basis in zip(codes, bases, strict=True):
        if basis not in POPULATION_BASIS:
            raise row.error("population_basis", f"{basis!r} is not one of {', '.join(POPULATION_BASIS)}")
        concept = ctx.resolve("population-notation", code.lower(), row, "population_codes")
        g.add((node, POPULATION_BASIS[basis], concept))
    evidence = row.text("population_evidence", required=True)
    g.add((node, AMHE.populationEvidence, Literal(evidence)))


def resolve_organisation(ctx: LoadContext, name: str, row: Row, column: str) -> URIRef:
    return ctx.resolve("organisation-name", name_key(name), row, column)


def add_provenance(g: Graph, ctx: LoadContext, node: URIRef, row: Row) -> None:
    """prov:wasDerivedFrom the row's section, dcterms:references its references, and its note."""
    g.add((node, PROV.wasDerivedFrom, ctx.section(row)))
    if "references" in row.columns:
        for number in row.numbers("references"):
            g.add((node, DCTERMS.references, ctx.reference(number, row, "references")))
    add_note(g, node, row)


def add_position(g: Graph, node: URIRef, row: Row, column: str = "position") -> None:
    g.add((node, AMHE.position, Literal(row.integer(column, minimum=1), datatype=XSD.integer)))


def decimal(row: Row, column: str) -> Literal | None:
    value = row.text(column, required=False)
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise row.error(column, f"expected a number, got {value!r}") from None
    lexical = format(number, "f")
    # Turtle writes decimals with a point; giving one here keeps exports round-tripping to the same term.
    return Literal(lexical if "." in lexical else lexical + ".0", datatype=XSD.decimal)


def add_figures(g: Graph, node: URIRef, row: Row) -> None:
    """The figure of a claim: low/high values and what they are measured in."""
    low, high = decimal(row, "value_low"), decimal(row, "value_high")
    if low is not None and high is not None and low.toPython() > high.toPython():
        raise row.error("value_high", "the high value is below the low value")
    for value, predicate in ((low, AMHE.valueLow), (high, AMHE.valueHigh)):
        if value is not None:
            g.add((node, predicate, value))
    for column, predicate in (("unit", AMHE.unit), ("per", AMHE.per), ("period", AMHE.period),
                              ("measure", AMHE.measure)):
        if column in row.columns and row.text(column, required=False):
            g.add((node, predicate, Literal(row.text(column))))
    if (low is not None or high is not None) and not row.text("unit", required=False):
        raise row.error("unit", "a figure needs its unit")


def add_barrier(g: Graph, ctx: LoadContext, row: Row, cls: URIRef) -> URIRef:
    node = ctx.define("barrier", row)
    g.add((node, RDF.type, cls))
    g.add((node, RDFS.label, Literal(row.text("barrier"), lang="en")))
    add_position(g, node, row)
    if "population_codes" in row.columns:
        add_population_links(g, ctx, node, row)
    add_provenance(g, ctx, node, row)
    return node


def add_solution(g: Graph, ctx: LoadContext, row: Row) -> URIRef:
    node = ctx.define("solution", row)
    barrier = ctx.resolve("barrier", row.text("barrier"), row, "barrier")
    g.add((node, RDF.type, AMHE.Solution))
    g.add((node, RDFS.label, Literal(row.text("solution"), lang="en")))
    g.add((barrier, AMHE.hasSolution, node))
    g.add((node, AMHE.solves, barrier))
    add_position(g, node, row)
    if "intervention_types" in row.columns:
        types = row.items("intervention_types")
        if types and row.choice("intervention_type_basis", ("curated",)) != "curated":
            raise row.error("intervention_type_basis", "a solution's intervention types are always our mapping")
        for notation in types:
            g.add((node, AMHE.curatedInterventionType,
                   ctx.resolve("intervention-type-notation", notation.lower(), row, "intervention_types")))
    add_provenance(g, ctx, node, row)
    return node


PARAGRAPH_BREAK = "\n\n"


def add_printed_texts(g: Graph, node: URIRef, rows: Sequence[Row]) -> None:
    """The passages the source prints for ``node``, in printed order, as one ``dcterms:description``.

    Each row is one printed paragraph with its ``position``; paragraphs are joined by a blank line,
    so a reader of the literal sees them as the source sets them out.
    """
    if not rows:
        return
    previous = 0
    for row in rows:
        position = row.integer("position", minimum=1) or 0  # required, so never None
        if position <= previous:
            raise row.error("position", f"paragraph {position} follows paragraph {previous}; keep printed order")
        previous = position
    text = PARAGRAPH_BREAK.join(row.text("text") for row in rows)
    g.add((node, DCTERMS.description, Literal(text, lang="en")))


_DATE = {re.compile(r"^[0-9]{4}$"): XSD.gYear, re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$"): XSD.gYearMonth,
         re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"): XSD.date}
_DURATION = re.compile(r"^P(?=[0-9])([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?$")
DATE_COLUMNS = {"start_date": SCHEMA.startDate, "end_date": SCHEMA.endDate, "issued": DCTERMS.issued}


def date(row: Row, column: str) -> Literal | None:
    """A date as precise as the source prints it: '2019' (xsd:gYear), '2019-01' (xsd:gYearMonth) or a full date."""
    value = row.text(column, required=False)
    if not value:
        return None
    for pattern, datatype in _DATE.items():
        if pattern.match(value):
            return Literal(value, datatype=datatype)
    raise row.error(column, f"expected a date like 2019, 2019-01 or 2019-01-31, got {value!r}")


def add_dates(g: Graph, node: URIRef, row: Row) -> None:
    """When the source says something started, ended or was published, and how long it ran (ISO 8601)."""
    for column, predicate in DATE_COLUMNS.items():
        if column in row.columns:
            value = date(row, column)
            if value is not None:
                g.add((node, predicate, value))
    if "start_date" in row.columns and "end_date" in row.columns:
        start, end = row.text("start_date", required=False), row.text("end_date", required=False)
        if start and end and end[:len(start)] < start[:len(end)]:
            raise row.error("end_date", f"the end {end} is before the start {start}")
    if "duration" in row.columns and row.text("duration", required=False):
        duration = row.text("duration")
        if not _DURATION.match(duration):
            raise row.error("duration", f"expected an ISO 8601 duration like P8M or P1Y, got {duration!r}")
        g.add((node, SCHEMA.duration, Literal(duration, datatype=XSD.duration)))
