"""Source reconciliation: the figures the source prints against what the graph computes.

Runs on the merged graph, after every loader, and returns the audit findings as triples
(``amhe:AuditFinding``), so that the reconciliation is queryable like any other fact. What
a printed count counts is stated by its ``amhe:countUnit`` (from the source tables); this
module computes the same figure in that unit and classifies the difference with the lost
Table 5 rows as evidence: the text lacks the rows citing references 59-66 and 105-113, but
``table5_lost_references.csv`` records what each reference's title names (our reading).

- computed below printed: explained, partly explained or unexplained by the lost references
  whose titles name the concept; if more of them name it than the shortfall leaves room for
  (a matching total included), their rows would take the count over the printed figure;
- computed above printed: our reading of the present rows exceeds the printed total, a
  coding to revisit (the finding names the rows);
- two printed figures of the source that cannot both hold: an inconsistency of the source.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ..loaders.vocab import AMHE, iri
from .abbreviations import undefined_abbreviations

__all__ = ["audit", "spans", "tally", "undefined_abbreviations"]


@dataclass(frozen=True)
class Count:
    node: URIRef
    concept: URIRef
    value: int
    unit: URIRef
    section: URIRef


@dataclass
class Tally:
    """What the interventions in the graph say, per concept."""

    rows: dict[URIRef, set[URIRef]]
    references: dict[URIRef, set[URIRef]]
    subtypes: dict[URIRef, list[URIRef]]
    missing: list[int]
    reference_iri: dict[int, URIRef]


@dataclass(frozen=True)
class LostReference:
    """Our reading of one lost Table 5 reference: its block and what its title names or suggests."""

    number: int
    node: URIRef
    block: URIRef
    supports: dict[URIRef, str]
    suggests: dict[URIRef, str]


@dataclass(frozen=True)
class Room:
    """What the lost rows can add to one printed figure: between ``low`` and ``high``."""

    refs: tuple[LostReference, ...]
    low: int
    high: int
    suggested: tuple[tuple[LostReference, URIRef], ...]  # a reference and the concept its title suggests


def _int(g: Graph, node: URIRef, predicate: URIRef) -> int:
    return int(g.value(node, predicate).toPython())


def tally(g: Graph) -> Tally:
    rows: dict[URIRef, set[URIRef]] = defaultdict(set)
    references: dict[URIRef, set[URIRef]] = defaultdict(set)
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
    subtypes: dict[URIRef, list[URIRef]] = defaultdict(list)
    for subtype, characteristic in g.subject_objects(SKOS.broader):
        if (subtype, RDF.type, AMHE.PopulationSubtype) in g:
            subtypes[characteristic].append(subtype)
    for members in subtypes.values():
        members.sort(key=str)
    missing = sorted(set(range(min(cited), max(cited) + 1)) - cited) if cited else []
    return Tally(rows, references, subtypes, missing, reference_iri)


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
    counts = [Count(node, g.value(node, AMHE.countedConcept), _int(g, node, AMHE.reportedValue),
                    g.value(node, AMHE.countUnit), g.value(node, PROV.wasDerivedFrom))
              for node in g.subjects(RDF.type, AMHE.ReportedCount)]
    return sorted(counts, key=lambda c: str(c.node))


def _name(g: Graph, concept: URIRef) -> str:
    notation = g.value(concept, SKOS.notation)
    return f"{notation} {g.value(concept, SKOS.prefLabel)}" if notation else str(g.value(concept, RDFS.label))


def _code(g: Graph, concept: URIRef) -> str:
    return str(g.value(concept, SKOS.notation) or concept)


def _table(g: Graph, section: URIRef) -> str:
    return str(g.value(section, RDFS.label)).split(":")[0]


def _slug(table: str, concept: URIRef, suffix: str = "") -> str:
    return f"{table.lower().replace(' ', '-')}-{str(concept).rsplit('/', 1)[1]}{suffix}"


# ---------------------------------------------------------------- the lost rows as evidence

def lost_references(g: Graph) -> list[LostReference]:
    """The curated readings of the lost Table 5 references (data/table5_lost_references.csv)."""
    def words(node: URIRef, predicate: URIRef) -> dict[URIRef, str]:
        return {g.value(s, AMHE.supportedConcept): str(g.value(s, AMHE.titleWords)) for s in g.objects(node, predicate)}

    lost = [LostReference(_int(g, g.value(node, DCTERMS.references), AMHE.referenceNumber),
                          g.value(node, DCTERMS.references), g.value(node, AMHE.implementationBlock),
                          words(node, AMHE.titleSupports), words(node, AMHE.titleSuggests))
            for node in g.subjects(RDF.type, AMHE.LostReferenceReading)]
    return sorted(lost, key=lambda r: r.number)


def shared_references(t: Tally, lost: list[LostReference], printed: dict[URIRef, int]) -> dict[URIRef, int]:
    """Per block, how many lost references must share a row with another.

    Assumption: each lost reference is cited by one lost row, and every lost row of a block carries
    the block's type. Table 2's figure for that type, less the present rows carrying it, is then the
    number of rows the block lost; references beyond it share rows (oCA: 9 references, 8 rows)."""
    shared: dict[URIRef, int] = {}
    for block in {r.block for r in lost}:
        refs = sum(r.block == block for r in lost)
        rows = printed.get(block, refs) - len(t.rows.get(block, ()))
        shared[block] = refs - min(refs, max(rows, 1))
    return shared


def _supporters(lost: list[LostReference], concept: URIRef, key: str) -> list[LostReference]:
    """The lost references whose titles name (``supports``) or suggest ``concept``; a block's type counts as named."""
    if key == "suggests":
        return [r for r in lost if concept in r.suggests]
    return [r for r in lost if concept in r.supports or r.block == concept]


def room(t: Tally, lost: list[LostReference], shared: dict[URIRef, int], concept: URIRef, unit: URIRef) -> Room:
    """What the lost rows could add to ``concept``'s figure: one per supporting reference at most;
    references of one block that share a row add one between them (a characteristic's marked cells
    are the sum of its subtypes')."""
    parts = t.subtypes[concept] if unit == AMHE.MarkedCells and concept in t.subtypes else [concept]
    refs: list[LostReference] = []
    suggested: list[tuple[LostReference, URIRef]] = []
    low = 0
    for part in parts:
        found = _supporters(lost, part, "supports")
        refs.extend(found)
        for block in {r.block for r in found}:
            n = sum(r.block == block for r in found)
            low += n - min(shared.get(block, 0), n - 1)
        suggested.extend((r, part) for r in _supporters(lost, part, "suggests"))
    return Room(tuple(refs), low, len(refs), tuple(suggested))


def _cite(g: Graph, refs: tuple[LostReference, ...], concept: URIRef) -> str:
    """'107 (Asian Americans), 112 (Aboriginal medical services)'."""
    def why(r: LostReference) -> str:
        words = r.supports.get(concept)
        if words is None:
            words = next((w for c, w in r.supports.items() if (c, SKOS.broader, concept) in g), None)
        if words is None:  # the block's type
            return f"{r.number} (its row sits in the {_code(g, r.block)} block)"
        return f"{r.number} ('{words}')"
    return ", ".join(why(r) for r in refs)


def _suggested(g: Graph, r: Room, concept: URIRef) -> str:
    if not r.suggested:
        return ""
    listed = ", ".join(f"{ref.number} ({'' if part == concept else _code(g, part) + ': '}'{ref.suggests[part]}')"
                       for ref, part in r.suggested)
    return f" Titles that suggest it without naming it, not counted: {listed}."


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


# ---------------------------------------------------------------- findings

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


def _rows_named(g: Graph, rows: set[URIRef]) -> str:
    def one(r: URIRef) -> str:
        basis = str(g.value(g.value(r, AMHE.codingBasis), SKOS.prefLabel) or "").lower()
        return f"row {_int(g, r, AMHE.tableRow)} {g.value(r, RDFS.label)}" + (f" ({basis})" if basis else "")
    return "; ".join(one(r) for r in sorted(rows, key=lambda r: _int(g, r, AMHE.tableRow)))


def _excess_rows(g: Graph, t: Tally, concept: URIRef, unit: URIRef, printed: dict[URIRef, int]) -> set[URIRef]:
    """The present rows behind an excess: the concept's rows, or those of its subtypes over their totals."""
    if unit == AMHE.MarkedCells and concept in t.subtypes:
        over = [s for s in t.subtypes[concept] if len(t.rows.get(s, ())) > printed.get(s, 0)]
        return set().union(*(t.rows.get(s, set()) for s in over or t.subtypes[concept]))
    return set(t.rows.get(concept, set()))


def _subtype_detail(g: Graph, t: Tally, concept: URIRef, unit: URIRef, printed: dict[URIRef, int]) -> str:
    if unit != AMHE.MarkedCells or concept not in t.subtypes:
        return ""
    parts = ", ".join(f"{_code(g, s)} {len(t.rows.get(s, ()))} of {printed.get(s, '?')}" for s in t.subtypes[concept])
    return f" Its subtypes, computed of printed: {parts} (see their findings)."


@dataclass(frozen=True)
class Verdict:
    status: URIRef
    explanation: str
    explained: int | None = None
    rows: frozenset[URIRef] = frozenset()


def status_of(short: int, r: Room) -> URIRef:
    """The outcome for a printed figure ``short`` above the computed one, given the lost rows' room."""
    if short < 0:
        return AMHE.ReadingExceedsPrinted
    if r.high == 0:
        return AMHE.Matches if short == 0 else AMHE.Unexplained
    if short < r.low:
        return AMHE.LostReferencesWouldExceed
    return AMHE.ExplainedByLostReferences if short <= r.high else AMHE.PartlyExplained


def classify(g: Graph, t: Tally, c: Count, value: int, r: Room, printed: dict[URIRef, int]) -> Verdict:
    """Status, explanation, explained amount and rows named, for a printed figure against the graph."""
    short = c.value - value
    status = status_of(short, r)
    unit = str(g.value(c.unit, SKOS.prefLabel))
    unit = unit if unit.startswith("Table") else unit[0].lower() + unit[1:]
    head = f"Counted as {unit}, the present rows give {value} for {_name(g, c.concept)} against the printed {c.value}"
    detail = _subtype_detail(g, t, c.concept, c.unit, printed) + _suggested(g, r, c.concept)
    cited, n = _cite(g, r.refs, c.concept), len(r.refs)
    if status == AMHE.ReadingExceedsPrinted:
        rows = _excess_rows(g, t, c.concept, c.unit, printed)
        lost = f" Lost references naming it would add more: {cited}." if r.refs else ""
        return Verdict(status, f"{head}, {-short} over. Our reading of the present rows exceeds the printed total: "
                       "a coding to revisit, not an inconsistency of the source. The rows: "
                       f"{_rows_named(g, rows)}.{lost}{detail}", None, frozenset(rows))
    if status == AMHE.Matches:
        return Verdict(status, f"{head}: they match, and no lost reference's title names it.{detail}")
    if status == AMHE.Unexplained:
        return Verdict(status, f"{head}, {short} short, and no title of the lost references names it: the shortfall "
                       f"is unexplained.{detail}", 0)
    if status == AMHE.LostReferencesWouldExceed:
        state = "they match" if short == 0 else f"{short} short"
        titles = _plural(n, "the title of lost reference", "the titles of lost references")
        return Verdict(status, f"{head}: {state}, yet {titles} {cited} {_plural(n, 'names', 'name')} it. "
                       f"{_plural(n, 'Its row', 'Their rows')} would add at least {r.low}, taking the count "
                       f"{r.low - short} over the printed total: the source cannot reconcile here as read (or a "
                       f"present row's coding is wrong).{detail}", short)
    if status == AMHE.ExplainedByLostReferences:
        adds = f"{r.low}" if r.low == r.high else f"{r.low} to {r.high}"
        return Verdict(status, f"{head}, {short} short. The lost references whose titles name it can fill that: "
                       f"{cited} ({_plural(n, 'its row adds', 'their rows add')} {adds}).{detail}", short)
    left = short - r.high
    return Verdict(status, f"{head}, {short} short. The lost references whose titles name it fill at most {r.high} "
                   f"of the {short}: {cited}; {left} {_plural(left, 'stays', 'stay')} unexplained.{detail}", r.high)


def _missing_rows_finding(g: Graph, t: Tally, lost: list[LostReference], shared: dict[URIRef, int],
                          section: URIRef) -> Graph:
    out = Graph()
    node = iri("audit", "table-5-missing-rows")
    blocks = "; ".join(
        f"{spans([r.number for r in lost if r.block == b])} in the {_code(g, b)} block, "
        f"{sum(r.block == b for r in lost) - shared.get(b, 0)} rows"
        for b in sorted({r.block for r in lost}, key=lambda b: min(r.number for r in lost if r.block == b)))
    why = (f"The extracted text lacks the Table 5 rows citing references {spans(t.missing)} ({len(t.missing)} "
           "references between the first and last reference Table 5 cites). No row of the text cites them; the "
           "totals Table 5 prints include them. The audit reads what their rows could carry from the references' "
           "titles (our judgement, data/table5_lost_references.csv), assuming each reference is cited by one lost "
           "row and each lost row carries the type of its block; Table 2's figures for those types then give "
           f"{blocks}, so references beyond a block's rows share one.")
    out.add((node, RDF.type, AMHE.AuditFinding))
    out.add((node, RDFS.label, Literal("Table 5 rows the text lacks", lang="en")))
    out.add((node, AMHE.findingStatus, AMHE.ExtractionLoss))
    out.add((node, AMHE.explanation, Literal(why, lang="en")))
    out.add((node, PROV.wasDerivedFrom, section))
    for number in t.missing:
        out.add((node, DCTERMS.references, t.reference_iri[number]))
    return out


def _printed_against_computed(g: Graph, t: Tally, counts: list[Count], lost: list[LostReference],
                              shared: dict[URIRef, int], printed: dict[URIRef, int]) -> Graph:
    """Tables 2 and 5 against the present rows, with the lost rows' titles as evidence."""
    findings = _Findings()
    for c in counts:
        table = _table(g, c.section)
        if table == "Table 3":
            continue
        value = computed(t, c.concept, c.unit)
        r = room(t, lost, shared, c.concept, c.unit)
        v = classify(g, t, c, value, r, printed.get(table, {}))
        node = findings.add(_slug(table, c.concept), f"{table}, {_name(g, c.concept)}: printed {c.value}, "
                            f"computed {value}", v.status, v.explanation, c, value=value)
        if v.explained is not None:
            findings.out.add((node, AMHE.explainedAmount, Literal(v.explained, datatype=XSD.integer)))
        for ref in {x.node for x in r.refs}:
            findings.out.add((node, DCTERMS.references, ref))
        for row in v.rows:
            findings.out.add((node, AMHE.concerns, row))
    return findings.out


def _printed_against_printed(g: Graph, t: Tally, by_table: dict[str, dict[URIRef, Count]]) -> Graph:
    """Two printed figures that should agree: Table 3 against Table 5's total row, and inside one table
    a characteristic's figure against the sum of its subtypes' figures."""
    findings = _Findings()
    table5 = by_table.get("Table 5", {})
    for concept, c in by_table.get("Table 3", {}).items():
        other = table5.get(concept)
        if other is None:
            continue
        name = _name(g, concept)
        label = f"Table 3, {name}: printed {c.value}, Table 5 prints {other.value}"
        if c.value == other.value:
            findings.add(_slug("Table 3", concept), label, AMHE.Matches,
                         "Table 3 agrees with the total Table 5 prints.", c, compared=other)
        else:
            findings.add(_slug("Table 3", concept), label, AMHE.SourceInconsistency,
                         f"Table 3 prints {c.value} for {name} where Table 5's total row prints {other.value}.",
                         c, compared=other)
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
            detail = ", ".join(f"{_name(g, p.concept)} {p.value}" for p in parts)
            findings.add(
                _slug(table, characteristic, "-sum-of-subtypes"),
                f"{table}, {name}: printed {c.value}, its subtypes' figures sum to {total}", AMHE.SourceInconsistency,
                f"{table} prints {c.value} for {name} but {detail} for its subtypes; a characteristic's figure "
                "is the sum of its subtypes' figures everywhere else in the table.", c, value=total)
    return findings.out


def audit(g: Graph) -> Graph:
    """The audit findings for the merged graph ``g``, as a graph of their own."""
    t = tally(g)
    counts = _counts(g)
    lost = lost_references(g)
    by_table: dict[str, dict[URIRef, Count]] = defaultdict(dict)
    for c in counts:
        by_table[_table(g, c.section)][c.concept] = c
    printed = {table: {k: c.value for k, c in figures.items()} for table, figures in by_table.items()}
    shared = shared_references(t, lost, printed.get("Table 2", {}))
    out = Graph()
    table5 = next((c.section for c in counts if _table(g, c.section) == "Table 5"), None)
    if t.missing and table5 is not None:
        out += _missing_rows_finding(g, t, lost, shared, table5)
    out += _printed_against_computed(g, t, counts, lost, shared, printed)
    out += _printed_against_printed(g, t, by_table)
    out += uncited_references(g, t)
    out += undefined_abbreviations(g)
    return out


def uncited_references(g: Graph, t: Tally) -> Graph:
    """One finding per reference that no table row, entity or citation in the text cites."""
    out = Graph()
    readings = set(g.subjects(RDF.type, AMHE.LostReferenceReading))  # our reading of a title cites nothing
    cited = {o for s, o in g.subject_objects(DCTERMS.references) if s not in readings}
    cited |= set(g.objects(None, AMHE.evidencedBy))
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
