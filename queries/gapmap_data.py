"""Everything the evidence gap map shows, read from the graph by any engine.

The grid of ``amhe gapmap`` counts interventions per characteristic; the picture adds what a
reader of an evidence gap map expects behind each cell: the subtypes, the interventions with
their studies and Table 5 rows, the printed totals beside the computed ones with the audit's
verdict, and the Equality Act 2010 duties for the populations it protects. The queries are fixed
text (no user value reaches them), so the same map comes from the embedded store or an endpoint.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .engine import Engine

PREFIXES = """
PREFIX amhe: <https://w3id.org/amhe/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

CONCEPTS = PREFIXES + """
SELECT ?concept ?kind ?code ?label ?position ?broader ?protected ?rationale WHERE {
  { ?concept a amhe:PopulationCharacteristic BIND("characteristic" AS ?kind) }
  UNION { ?concept a amhe:PopulationSubtype BIND("subtype" AS ?kind) }
  UNION { ?concept a amhe:InterventionType BIND("type" AS ?kind) }
  ?concept skos:notation ?code ; skos:prefLabel ?label .
  OPTIONAL { ?concept amhe:position ?position }
  OPTIONAL { ?concept skos:broader ?broader . ?broader a amhe:PopulationCharacteristic }
  OPTIONAL { ?concept amhe:protectedCharacteristic/skos:prefLabel ?protected }
  OPTIONAL { ?concept amhe:protectionRationale ?rationale }
}"""

INTERVENTIONS = PREFIXES + """
SELECT ?intervention ?label ?row ?type ?population ?reference WHERE {
  ?intervention a amhe:Intervention ; rdfs:label ?label ; amhe:tableRow ?row .
  OPTIONAL { ?intervention amhe:interventionType ?type }
  OPTIONAL { ?intervention amhe:targetsPopulation ?population }
  OPTIONAL { ?intervention amhe:evidencedBy ?reference }
}"""

REFERENCES = PREFIXES + """
SELECT ?reference ?number ?citation WHERE {
  ?reference a amhe:Reference ; amhe:referenceNumber ?number ; dcterms:bibliographicCitation ?citation .
}"""

# A printed figure, the table it is printed in and the audit's verdict on it.
PRINTED = PREFIXES + """
SELECT ?concept ?value ?table ?column ?status ?explanation ?computed WHERE {
  ?count a amhe:ReportedCount ; amhe:countedConcept ?concept ; amhe:reportedValue ?value ;
         amhe:printedColumn ?column ; prov:wasDerivedFrom ?section .
  ?section rdfs:label ?table .
  OPTIONAL {
    ?finding amhe:reconciles ?count ; amhe:findingStatus ?s ; amhe:explanation ?explanation .
    ?s skos:prefLabel ?status .
    OPTIONAL { ?finding amhe:computedValue ?computed }
  }
}"""

# The duties of the Act that defines a protected characteristic, with the provision imposing each.
DUTIES = PREFIXES + """
SELECT DISTINCT ?duty ?label ?obliges ?provision ?provisionLabel ?quoted WHERE {
  ?characteristic a amhe:ProtectedCharacteristic ; dcterms:source ?definedIn .
  ?duty a amhe:StatutoryDuty ; rdfs:label ?label ; amhe:obliges ?obliges ; amhe:imposedBy ?provision .
  ?provision rdfs:label ?provisionLabel ; eli:is_part_of+ ?act .
  ?act a amhe:Act .
  FILTER(STRSTARTS(STR(?definedIn), CONCAT(STR(?act), "/")))
  OPTIONAL { ?provision amhe:quotedText ?quoted }
}"""


@dataclass
class Reference:
    iri: str
    number: int
    citation: str


@dataclass
class Intervention:
    iri: str
    label: str
    row: int
    types: set[str] = field(default_factory=set)
    populations: set[str] = field(default_factory=set)
    references: set[str] = field(default_factory=set)


@dataclass
class Printed:
    value: int
    table: str
    column: str
    status: str | None
    explanation: str | None
    computed: int | None


@dataclass
class Concept:
    iri: str
    kind: str
    code: str
    label: str
    position: int | None = None
    broader: str | None = None
    protected: list[str] = field(default_factory=list)
    rationale: str | None = None
    printed: list[Printed] = field(default_factory=list)


@dataclass
class Cell:
    """The interventions of one intervention type aimed at one population concept."""

    interventions: list[Intervention]

    @property
    def references(self) -> set[str]:
        return {r for i in self.interventions for r in i.references}


@dataclass
class GapMapData:
    characteristics: list[Concept]
    subtypes: dict[str, list[Concept]]
    types: list[Concept]
    interventions: dict[str, Intervention]
    references: dict[str, Reference]
    duties: list[dict[str, str | None]]

    def cell(self, population: Concept, itype: Concept) -> Cell:
        """A characteristic's cell holds the interventions aimed at any of its subtypes (or at itself)."""
        wanted = {population.iri} | {s.iri for s in self.subtypes.get(population.iri, ())}
        found = [i for i in self.interventions.values() if itype.iri in i.types and i.populations & wanted]
        return Cell(sorted(found, key=lambda i: i.row))


def _order(code: str) -> tuple[int, str]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return (int(digits) if digits else 10**6, code)


def load(engine: Engine) -> GapMapData:
    """Read the map's facts with five fixed queries."""
    concepts: dict[str, Concept] = {}
    for row in engine.select(CONCEPTS).dicts():
        iri = row["concept"].value
        concept = concepts.get(iri)
        if concept is None:
            concept = concepts[iri] = Concept(iri, row["kind"].value, row["code"].value, row["label"].value)
            if row["position"] is not None:
                concept.position = int(row["position"].value)
        if row["broader"] is not None:
            concept.broader = row["broader"].value
        if row["protected"] is not None and row["protected"].value not in concept.protected:
            concept.protected.append(row["protected"].value)
        if row["rationale"] is not None:
            concept.rationale = row["rationale"].value
    for row in engine.select(PRINTED).dicts():
        concept = concepts.get(row["concept"].value)
        if concept is None:
            continue
        concept.printed.append(Printed(
            int(row["value"].value), row["table"].value.split(":")[0], row["column"].value,
            row["status"].value if row["status"] else None,
            row["explanation"].value if row["explanation"] else None,
            int(row["computed"].value) if row["computed"] else None))
    for concept in concepts.values():
        concept.protected.sort()
        concept.printed.sort(key=lambda p: (p.table, p.column, p.status or ""))
    interventions: dict[str, Intervention] = {}
    for row in engine.select(INTERVENTIONS).dicts():
        iri = row["intervention"].value
        item = interventions.setdefault(iri, Intervention(iri, row["label"].value, int(row["row"].value)))
        for key, bucket in (("type", item.types), ("population", item.populations), ("reference", item.references)):
            if row[key] is not None:
                bucket.add(row[key].value)
    references = {r["reference"].value: Reference(r["reference"].value, int(r["number"].value), r["citation"].value)
                  for r in engine.select(REFERENCES).dicts()}
    duties = sorted(({k: (v.value if v is not None else None) for k, v in row.items()}
                     for row in engine.select(DUTIES).dicts()), key=lambda d: (d["provision"] or "", d["duty"] or ""))
    by_kind = sorted(concepts.values(), key=lambda c: _order(c.code))
    subtypes: dict[str, list[Concept]] = {}
    for c in by_kind:
        if c.kind == "subtype" and c.broader:
            subtypes.setdefault(c.broader, []).append(c)
    return GapMapData(
        characteristics=[c for c in by_kind if c.kind == "characteristic"],
        subtypes=subtypes,
        types=sorted((c for c in by_kind if c.kind == "type"), key=_type_order),
        interventions=interventions, references=references, duties=duties)


def _type_order(concept: Concept) -> tuple[int, str]:
    """Intervention types in Table 2's printed order (their amhe:position), else by notation."""
    return (concept.position if concept.position is not None else 10**6, concept.code.lower())
