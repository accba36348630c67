"""Loader for Table 1 (Appendix 1): Acts, their key provisions, the duties they impose and who holds them.

Table 1 is nested (Act > section > inserted section or paragraph > duty), so it is curated
as four flat tables that share ids. Acts and provisions keep their legislation.gov.uk
identifier IRIs (the ``iri`` column); duties and duty holders get IRIs under the base.

The table's nesting is not always the law's: it lists sections of the NHS Act 2006 under the
Health and Social Care Act 2012, whose sections insert them. So a provision is part of the Act
its IRI belongs to (``act``, ``part_of``), keeps the table's grouping apart (``listed_under``),
and links to the provision that inserted it (``inserted_by``). Acts the table refers to without
naming them carry ``basis`` curated and the words the reading rests on.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from .common import add_concept, add_note
from .context import LoadContext
from .namespaces import LEGISLATION
from .tables import Row
from .vocab import AMHE, ELI

ACTS = "table1_acts.csv"
ACT_COLUMNS = ("id", "iri", "label", "label_as_printed", "year", "references", "basis", "basis_evidence", "note",
               "appendix", "table")
ACT_BASIS = {"printed": AMHE.PrintedInSource, "curated": AMHE.CuratedReading}
PROVISIONS = "table1_provisions.csv"
PROVISION_COLUMNS = ("id", "act", "iri", "kind", "number", "number_as_printed", "heading", "quotation", "part_of",
                     "listed_under", "inserted_by", "concerns_body", "appendix", "table", "references", "note")
PROVISION_KINDS = ("section", "subsection", "paragraph", "article")
HOLDERS = "table1_duty_holders.csv"
HOLDER_COLUMNS = ("id", "label", "alt_labels", "definition", "note", "appendix", "table")
DUTIES = "table1_duties.csv"
DUTY_COLUMNS = ("id", "label", "obliges", "imposed_by", "holder", "holder_basis", "holder_evidence",
                "appendix", "table", "references", "note")
HOLDER_BASIS = {"printed": AMHE.PrintedInSource, "quoted-statute": AMHE.QuotedStatute,
                "curated": AMHE.CuratedReading}
SCHEME = "duty-holders"


def _legislation_iri(row: Row, prefix: str = "") -> URIRef:
    value = row.text("iri")
    if not value.startswith(LEGISLATION + prefix):
        raise row.error("iri", f"expected a legislation.gov.uk identifier starting {LEGISLATION + prefix}")
    return URIRef(value)


def _provision_label(act_label: str, kind: str, number: str, heading: str) -> str:
    """Cite the provision as the law does: 'National Health Service Act 2006, section 13G: ...'."""
    label = f"{act_label}, {number}" if kind == "article" else f"{act_label}, section {number}"
    return f"{label}: {heading}" if heading else label


def _cites(g: Graph, ctx: LoadContext, node: URIRef, row: Row) -> None:
    for number in row.numbers("references"):
        g.add((node, DCTERMS.references, ctx.reference(number, row, "references")))


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    for row in ctx.table(HOLDERS, HOLDER_COLUMNS):
        node = ctx.define("duty-holder", row)
        scheme = ctx.resolve("scheme", SCHEME, row, "id")
        add_concept(g, ctx, node, AMHE.DutyHolderKind, row, scheme, row.text("label"))
        g.add((node, RDFS.comment, Literal(row.text("definition"), lang="en")))

    for row in ctx.table(ACTS, ACT_COLUMNS):
        node = _legislation_iri(row, "ukpga/")
        ctx.register("act", row.text("id"), node, row, "id")
        g.add((node, RDF.type, AMHE.Act))
        label = Literal(row.text("label"), lang="en")
        g.add((node, RDFS.label, label))
        g.add((node, ELI.title, label))
        basis = row.choice("basis", tuple(ACT_BASIS))
        if basis == "printed" or row.text("label_as_printed", required=False):
            g.add((node, AMHE.labelAsPrinted, Literal(row.text("label_as_printed"))))
        g.add((node, AMHE.mentionBasis, ACT_BASIS[basis]))
        g.add((node, AMHE.mentionEvidence, Literal(row.text("basis_evidence"), lang="en")))
        year = row.integer("year", minimum=1200, maximum=2019)
        g.add((node, DCTERMS.issued, Literal(str(year), datatype=XSD.gYear)))
        g.add((node, PROV.wasDerivedFrom, ctx.section(row)))
        _cites(g, ctx, node, row)
        add_note(g, node, row)

    provisions = ctx.table(PROVISIONS, PROVISION_COLUMNS)
    for row in provisions:
        ctx.register("provision", row.text("id"), _legislation_iri(row), row, "id")
    for row in provisions:
        node = ctx.index["provision"][row.text("id")]
        act = ctx.resolve("act", row.text("act"), row, "act")
        if not str(node).startswith(str(act) + "/"):
            raise row.error("iri", f"the provision's IRI is not under the IRI of its Act {act}")
        parent = (ctx.resolve("provision", row.text("part_of"), row, "part_of")
                  if row.text("part_of", required=False) else act)
        listed = row.text("listed_under")
        group = (ctx.index["provision"][listed] if listed in ctx.index["provision"]
                 else ctx.resolve("act", listed, row, "listed_under"))
        g.add((node, AMHE.groupedUnder, group))
        if row.text("inserted_by", required=False):
            inserter = ctx.resolve("provision", row.text("inserted_by"), row, "inserted_by")
            g.add((node, AMHE.insertedBy, inserter))
            g.add((node, ELI.amended_by, inserter))
            g.add((inserter, ELI.amends, node))
        kind = row.choice("kind", PROVISION_KINDS)
        number = row.text("number")
        heading = row.text("heading", required=False)
        g.add((node, RDF.type, AMHE.Provision))
        g.add((node, ELI.is_part_of, parent))
        g.add((parent, ELI.has_part, node))
        g.add((node, ELI.number, Literal(number)))
        g.add((node, AMHE.labelAsPrinted, Literal(row.text("number_as_printed"))))
        g.add((node, DCTERMS.type, Literal(kind)))
        act_label = next(g.objects(act, RDFS.label))
        if heading:
            g.add((node, ELI.title, Literal(heading, lang="en")))
        g.add((node, RDFS.label, Literal(_provision_label(str(act_label), kind, number, heading), lang="en")))
        if row.text("quotation", required=False):
            g.add((node, AMHE.quotedText, Literal(row.text("quotation"), lang="en")))
        if row.text("concerns_body", required=False):
            g.add((node, AMHE.concernsBody, ctx.resolve("duty-holder", row.text("concerns_body"), row,
                                                        "concerns_body")))
        g.add((node, PROV.wasDerivedFrom, ctx.section(row)))
        _cites(g, ctx, node, row)
        add_note(g, node, row)

    for row in ctx.table(DUTIES, DUTY_COLUMNS):
        node = ctx.define("duty", row)
        g.add((node, RDF.type, AMHE.StatutoryDuty))
        g.add((node, RDFS.label, Literal(row.text("label"), lang="en")))
        g.add((node, AMHE.obliges, Literal(row.text("obliges"), lang="en")))
        g.add((node, AMHE.imposedBy, ctx.resolve("provision", row.text("imposed_by"), row, "imposed_by")))
        g.add((node, AMHE.dutyHolder, ctx.resolve("duty-holder", row.text("holder"), row, "holder")))
        basis = row.choice("holder_basis", tuple(HOLDER_BASIS))
        g.add((node, AMHE.holderBasis, HOLDER_BASIS[basis]))
        g.add((node, AMHE.holderEvidence, Literal(row.text("holder_evidence"), lang="en")))
        g.add((node, PROV.wasDerivedFrom, ctx.section(row)))
        _cites(g, ctx, node, row)
        add_note(g, node, row)
    return g
