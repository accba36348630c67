"""Source reconciliation: the figures the source prints against what the graph computes.

Runs on the merged graph, after every loader, and returns the audit findings as triples
(``amhe:AuditFinding``), so that the reconciliation is queryable like any other fact. What
a printed count counts is stated by its ``amhe:countUnit`` (from the source tables); this
module computes the same figure in that unit and classifies any difference:

- computed below printed, by no more than the rows the text lacks can hold: those rows;
- two printed figures of the source that cannot both hold: an inconsistency of the source;
- anything else: unexplained (a coding to revisit).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ..loaders.vocab import AMHE, BIBO, iri, slugify

EXTRACTION_GAP_NOTE = (
    "The extracted text lacks the Table 5 rows citing references {refs} ({n} references between the "
    "first and last reference Table 5 cites, so at most {n} rows)."
)


@dataclass(frozen=True)
class Count:
    node: URIRef
    concept: URIRef
    value: int
    unit: URIRef
    section: URIRef
    column: str


@dataclass
class Tally:
    """What the interventions in the graph say, per concept."""

    rows: dict[URIRef, set[URIRef]]
    references: dict[URIRef, set[URIRef]]
    subtypes: dict[URIRef, list[URIRef]]
    as_extracted: dict[URIRef, set[URIRef]]
    missing: list[int]
    reference_iri: dict[int, URIRef]


def _int(g: Graph, node: URIRef, predicate: URIRef) -> int:
    return int(g.value(node, predicate).toPython())


def tally(g: Graph) -> Tally:
    rows: dict[URIRef, set[URIRef]] = defaultdict(set)
    references: dict[URIRef, set[URIRef]] = defaultdict(set)
    as_extracted: dict[URIRef, set[URIRef]] = defaultdict(set)
    cited: set[int] = set()
    reference_iri = {_int(g, r, AMHE.referenceNumber): r for r in g.subjects(RDF.type, AMHE.Reference)}
    for intervention in g.subjects(RDF.type, AMHE.Intervention):
        refs = set(g.objects(intervention, AMHE.evidencedBy))
        cited.update(_int(g, r, AMHE.referenceNumber) for r in refs)
        concepts = set(g.objects(intervention, AMHE.interventionType))
        for subtype in g.objects(intervention, AMHE.targetsPopulation):
            concepts.add(subtype)
            concepts.update(g.objects(subtype, SKOS.broader))
        for concept in concepts:
            rows[concept].add(intervention)
            references[concept].update(refs)
        # Codes the row carries straight from the text: the extracted cells, the printed implementation.
        cells = str(g.value(intervention, AMHE.populationCellsAsExtracted)).split(";")
        implementation = str(g.value(intervention, AMHE.implementationAsPrinted)).replace(",", " ").split()
        printed = {v.strip().lower() for v in cells + implementation}
        for concept in concepts:
            if str(g.value(concept, SKOS.notation)).lower() in printed:
                as_extracted[concept].add(intervention)
    subtypes: dict[URIRef, list[URIRef]] = defaultdict(list)
    for subtype, characteristic in g.subject_objects(SKOS.broader):
        if (subtype, RDF.type, AMHE.PopulationSubtype) in g:
            subtypes[characteristic].append(subtype)
    missing = sorted(set(range(min(cited), max(cited) + 1)) - cited) if cited else []
    return Tally(rows, references, subtypes, as_extracted, missing, reference_iri)


def computed(t: Tally, concept: URIRef, unit: URIRef) -> int:
    if unit == AMHE.CitedReferences:
        return len(t.references.get(concept, ()))
    if unit == AMHE.MarkedCells and concept in t.subtypes:
        return sum(len(t.rows.get(s, ())) for s in t.subtypes[concept])
    return len(t.rows.get(concept, ()))


def spans(numbers: list[int]) -> str:
    """'59–66, 105–113' for [59, ..., 66, 105, ..., 113]."""
    groups: list[list[int]] = []
    for n in numbers:
        if groups and n == groups[-1][1] + 1:
            groups[-1][1] = n
        else:
            groups.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in groups)


def _counts(g: Graph) -> list[Count]:
    counts = []
    for node in g.subjects(RDF.type, AMHE.ReportedCount):
        counts.append(Count(node, g.value(node, AMHE.countedConcept), _int(g, node, AMHE.reportedValue),
                            g.value(node, AMHE.countUnit), g.value(node, PROV.wasDerivedFrom),
                            str(g.value(node, AMHE.printedColumn))))
    return sorted(counts, key=str)


def _name(g: Graph, concept: URIRef) -> str:
    notation = g.value(concept, SKOS.notation)
    return f"{notation} {g.value(concept, SKOS.prefLabel)}" if notation else str(g.value(concept, RDFS.label))


def _table(g: Graph, section: URIRef) -> str:
    return str(g.value(section, RDFS.label)).split(":")[0]


class _Findings:
    def __init__(self) -> None:
        self.out = Graph()

    def add(self, slug: str, label: str, status: URIRef, explanation: str, count: Count,
            compared: Count | None = None, value: int | None = None) -> URIRef:
        node = iri("audit", slug)
        out = self.out
        out.add((node, RDF.type, AMHE.AuditFinding))
        out.add((node, RDFS.label, Literal(label, lang="en")))
        out.add((node, AMHE.findingStatus, status))
        out.add((node, AMHE.reconciles, count.node))
        out.add((node, AMHE.explanation, Literal(explanation, lang="en")))
        out.add((node, PROV.wasDerivedFrom, count.section))
        other = compared.value if compared is not None else value
        if compared is not None:
            out.add((node, AMHE.comparedWith, compared.node))
        if value is not None:
            out.add((node, AMHE.computedValue, Literal(value, datatype=XSD.integer)))
        if other is not None:
            out.add((node, AMHE.difference, Literal(count.value - other, datatype=XSD.integer)))
        return node


def audit(g: Graph) -> Graph:
    """The audit findings for the merged graph ``g``, as a graph of their own."""
    t = tally(g)
    findings = _Findings()
    counts = _counts(g)
    gap = EXTRACTION_GAP_NOTE.format(refs=spans(t.missing), n=len(t.missing))

    if t.missing:
        table5 = next((c.section for c in counts if _table(g, c.section) == "Table 5"), None)
        if table5 is not None:
            node = iri("audit", "table-5-missing-rows")
            out = findings.out
            out.add((node, RDF.type, AMHE.AuditFinding))
            out.add((node, RDFS.label, Literal("Table 5 rows the text lacks", lang="en")))
            out.add((node, AMHE.findingStatus, AMHE.ExtractionLoss))
            out.add((node, AMHE.explanation, Literal(
                gap + " No row of the text cites them; the totals Table 5 prints include them.", lang="en")))
            out.add((node, PROV.wasDerivedFrom, table5))
            for number in t.missing:
                out.add((node, DCTERMS.references, t.reference_iri[number]))

    by_table: dict[str, dict[URIRef, Count]] = defaultdict(dict)
    for c in counts:
        by_table[_table(g, c.section)][c.concept] = c

    # Printed against computed, for the tables that count Table 5 itself.
    excess_inconsistent: dict[URIRef, int] = {}
    for c in sorted(counts, key=lambda c: (c.concept in t.subtypes, str(c.node))):
        table = _table(g, c.section)
        if table == "Table 3":
            continue
        value = computed(t, c.concept, c.unit)
        name = _name(g, c.concept)
        label = f"{table}, {name}: printed {c.value}, computed {value}"
        unit = str(g.value(c.unit, SKOS.prefLabel)).lower()
        alternatives = {u: computed(t, c.concept, u) for u in (AMHE.Table5Rows, AMHE.CitedReferences)
                        if u != c.unit}
        alt = "; ".join(f"counting {str(g.value(u, SKOS.prefLabel)).lower()} instead gives {v}"
                        for u, v in alternatives.items())
        diff = c.value - value
        bound = len(t.missing) * (len(t.subtypes.get(c.concept, ())) if c.unit == AMHE.MarkedCells else 1)
        supported = sorted(t.as_extracted.get(c.concept, ()), key=lambda r: _int(g, r, AMHE.tableRow))
        from_subtypes = sum(excess_inconsistent.get(s, 0) for s in t.subtypes.get(c.concept, ()))
        if diff == 0:
            status, why = AMHE.Matches, f"Counted as {unit}, the graph gives the printed figure ({alt})."
        elif 0 < diff <= bound:
            status, why = AMHE.ExplainedByMissingRows, (
                f"Counted as {unit}, the graph gives {value}, {diff} short of the printed {c.value}. "
                f"{gap} {diff} of them coded {name} would give the printed figure.")
        elif diff < 0 and len(supported) > c.value:
            excess_inconsistent[c.concept] = -diff
            rows = "; ".join(f"row {_int(g, r, AMHE.tableRow)} {g.value(r, RDFS.label)}" for r in supported)
            status, why = AMHE.SourceInconsistency, (
                f"The cells as printed mark {name} in {len(supported)} rows ({rows}), more than the {c.value} "
                f"the total prints; the graph keeps those cells and counts {value}.")
        elif diff < 0 and -diff <= from_subtypes:
            status, why = AMHE.SourceInconsistency, (
                f"Counted as {unit}, the graph gives {value} against the printed {c.value}; the excess comes "
                "from subtypes whose marked cells already exceed their printed totals (see their findings).")
        else:
            status, why = AMHE.Unexplained, (
                f"Counted as {unit}, the graph gives {value} against the printed {c.value}; neither the rows the "
                "text lacks nor the printed cells account for this difference.")
        findings.add(f"{table.lower().replace(' ', '-')}-{str(c.concept).rsplit('/', 1)[1]}", label, status,
                     why, c, value=value)

    # Table 3 summarises Table 5: its figures should equal Table 5's printed totals.
    table5 = by_table.get("Table 5", {})
    for concept, c in by_table.get("Table 3", {}).items():
        other = table5.get(concept)
        if other is None:
            continue
        name = _name(g, concept)
        slug = str(concept).rsplit("/", 1)[1]
        if c.value == other.value:
            findings.add(f"table-3-{slug}", f"Table 3, {name}: printed {c.value}, Table 5 prints {other.value}",
                         AMHE.Matches, "Table 3 agrees with the total Table 5 prints.", c, compared=other)
        else:
            findings.add(f"table-3-{slug}", f"Table 3, {name}: printed {c.value}, Table 5 prints {other.value}",
                         AMHE.SourceInconsistency,
                         f"Table 3 prints {c.value} for {name} where Table 5's total row prints {other.value}.",
                         c, compared=other)

    # Inside one table, a characteristic's figure is the sum of its subtypes' figures.
    for table, figures in sorted(by_table.items()):
        for characteristic, subtypes in sorted(t.subtypes.items()):
            c = figures.get(characteristic)
            parts = [figures[s] for s in subtypes if s in figures]
            if c is None or len(parts) != len(subtypes) or c.unit != AMHE.MarkedCells:
                continue
            total = sum(p.value for p in parts)
            if total == c.value:
                continue
            name = _name(g, characteristic)
            detail = ", ".join(f"{_name(g, p.concept)} {p.value}" for p in sorted(parts, key=lambda p: str(p.concept)))
            findings.add(
                f"{table.lower().replace(' ', '-')}-{str(characteristic).rsplit('/', 1)[1]}-sum-of-subtypes",
                f"{table}, {name}: printed {c.value}, its subtypes' figures sum to {total}",
                AMHE.SourceInconsistency,
                f"{table} prints {c.value} for {name} but {detail} for its subtypes; a characteristic's figure "
                "is the sum of its subtypes' figures everywhere else in the table.",
                c, value=total)
    findings.out += uncited_references(g, t)
    findings.out += undefined_abbreviations(g)
    return findings.out


# Where the source's own words are kept: abbreviations are looked for there, not in our summaries.
SOURCE_WORDS = (RDFS.label, SKOS.prefLabel, DCTERMS.title, AMHE.quotedText, AMHE.labelAsPrinted)
# Two to four capitals (A&E, NHS, LGBT): longer all-capital words are names (SHAPE, PRIME), not abbreviations.
_TOKEN = re.compile(r"(?<![\w&+.])([A-Z][A-Z&+]{1,3})(?![\w&+])")


def uncited_references(g: Graph, t: Tally) -> Graph:
    """One finding per reference that no table row, entity or citation in the text cites."""
    out = Graph()
    cited = set(g.objects(None, DCTERMS.references)) | set(g.objects(None, AMHE.evidencedBy))
    references = g.value(None, RDFS.label, Literal("References", lang="en"))
    for number, reference in sorted(t.reference_iri.items()):
        if reference in cited:
            continue
        node = iri("audit", f"uncited-reference-{number}")
        why = f"Reference {number} is cited by no table row, entity or passage of the text the edition holds."
        if number in t.missing:
            why += " Its number lies among the Table 5 rows the extracted text lacks, which presumably cited it."
        out.add((node, RDF.type, AMHE.AuditFinding))
        out.add((node, RDFS.label, Literal(f"Reference {number} is never cited", lang="en")))
        out.add((node, AMHE.findingStatus, AMHE.UncitedReference))
        out.add((node, AMHE.concerns, reference))
        out.add((node, AMHE.explanation, Literal(why, lang="en")))
        out.add((node, PROV.wasDerivedFrom, references or g.value(reference, PROV.wasDerivedFrom)))
    return out


def undefined_abbreviations(g: Graph) -> Graph:
    """Abbreviations the source's words use that its list does not define (nor the text in brackets)."""
    out = Graph()
    defined = {str(v) for v in g.objects(None, AMHE.abbreviation)}
    defined |= {str(v) for v in g.objects(None, SKOS.notation)}  # codes the source defines in its tables
    texts: list[tuple[URIRef, str]] = []
    for predicate in SOURCE_WORDS:
        for subject, value in g.subject_objects(predicate):
            if (isinstance(value, Literal) and (subject, PROV.wasDerivedFrom, None) in g
                    and (subject, RDF.type, AMHE.AuditFinding) not in g):
                texts.append((subject, str(value)))
    inline = {m for _, text in texts for m in re.findall(r"\(([A-Z][A-Za-z0-9&+]{1,7})\)", text)}
    uses: dict[str, set[URIRef]] = defaultdict(set)
    for subject, text in texts:
        if (subject, RDF.type, AMHE.Reference) in g or (subject, RDF.type, BIBO.Journal) in g:
            continue  # study and journal titles name their own instruments and programmes
        for token in _TOKEN.findall(text):
            if token not in defined and token not in inline:
                uses[token].add(subject)
    abbreviations = g.value(None, RDFS.label, Literal("Abbreviations", lang="en"))
    for token, subjects in sorted(uses.items()):
        node = iri("audit", f"undefined-abbreviation-{slugify(token) or 'x'}")
        examples = sorted(subjects, key=str)[:3]
        where = "; ".join(str(g.value(s, RDFS.label) or s) for s in examples)
        out.add((node, RDF.type, AMHE.AuditFinding))
        out.add((node, RDFS.label, Literal(f"Abbreviation {token} is used but not defined", lang="en")))
        out.add((node, AMHE.findingStatus, AMHE.UndefinedAbbreviation))
        out.add((node, AMHE.evidence, Literal(token)))
        for s in examples:
            out.add((node, AMHE.concerns, s))
        out.add((node, AMHE.explanation, Literal(
            f"'{token}' appears in the source's words of {len(subjects)} entit{'y' if len(subjects) == 1 else 'ies'} "
            f"(e.g. {where}) but neither the list of abbreviations nor a bracketed expansion defines it.", lang="en")))
        out.add((node, PROV.wasDerivedFrom, abbreviations))
    return out
