"""The full-text search index: every entity's names and text in an SQLite FTS5 table beside the store.

Built at ``amhe build`` from the N-Triples the build loads into the Oxigraph store and caches (and by
the scale benchmark from its synthetic N-Triples), so it always holds what the cached graph holds.
SQLite's FTS5 ships with Python's standard library and gives what a search box needs without another
dependency: word stems (Porter: "incomes" finds "income"), any case and accents (unicode61 with
diacritics removed), BM25 ranking with column weights, and snippets that show why an entry matched.
Measured against the alternatives in
``benchmarks/RESULTS.md``; the choice is explained in ``docs/design.md``.

Reading the index needs nothing but ``sqlite3`` (``queries/search.py``), so ``amhe search`` starts
without pyoxigraph or rdflib. Imports here stay light for the same reason: nothing here imports
pyoxigraph (``entries_from_store`` is handed a store by its caller).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..loaders.namespaces import AMHE, BIBO, DCTERMS, ELI, LABEL_PREDICATES, PROV, RDF_TYPE, RDFS, SCHEMA, SKOS

SCHEMA_VERSION = "3"
TOKENIZER = "porter unicode61 remove_diacritics 2"
# BM25 weights of the indexed columns, in order: the entity's label, its other names, its text.
WEIGHTS = (10.0, 5.0, 1.0)
SEPARATOR = " · "  # between the values of one column


# The kinds a hit can have: (name for --kind, classes whose instances are of it). An entity of several
# classes takes the first kind listed that fits (a reference is also a bibo:AcademicArticle). Classes
# left out are bookkeeping, not things a reader looks for: audit findings, evidence cells, printed
# counts, statistics, ontology terms, schemes.
KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("population", (AMHE + "PopulationCharacteristic", AMHE + "PopulationSubtype")),
    ("intervention-type", (AMHE + "InterventionType",)),
    ("intervention", (AMHE + "Intervention",)),
    ("reference", (AMHE + "Reference",)),
    ("service", (AMHE + "Service",)),
    ("service-work", (AMHE + "ServiceWork",)),  # the projects, models and tools a service's description names
    ("organisation", (SCHEMA + "Organization",)),
    ("barrier", (AMHE + "Barrier", AMHE + "CoproductionBarrier")),
    ("solution", (AMHE + "Solution",)),
    ("nice-guidance", (AMHE + "NiceGuidance",)),
    ("duty", (AMHE + "StatutoryDuty",)),
    ("provision", (AMHE + "Provision",)),
    ("act", (AMHE + "Act",)),
    ("vignette", (AMHE + "LivedExperienceExample",)),
    ("initiative", (AMHE + "Initiative",)),
    ("resource", (AMHE + "HelpfulResource",)),
    ("claim", (AMHE + "Claim",)),
    ("programme", (AMHE + "Programme",)),
    ("quotation", (AMHE + "AttributedQuotation", AMHE + "TextCitation")),
    ("research-question", (AMHE + "ResearchQuestion",)),
    ("coproduction", (AMHE + "CoproductionStage", AMHE + "CoproductionPractice", AMHE + "LadderRung",
                      SKOS + "Concept")),
    ("restrictive-practice", (AMHE + "RestrictivePractice",)),
    ("practice-area", (AMHE + "PracticeArea",)),
    ("place", (SCHEMA + "Place", SCHEMA + "Country")),
    ("award", (AMHE + "Award",)),
    ("contributor", (AMHE + "Contribution",)),
    ("abbreviation", (AMHE + "Abbreviation",)),
    ("protected-characteristic", (AMHE + "ProtectedCharacteristic",)),
    ("duty-holder", (AMHE + "DutyHolderKind",)),
    ("journal", (BIBO + "Journal", BIBO + "Collection")),
    ("section", (AMHE + "SourceSection", AMHE + "SourceDocument")),
    ("source-issue", (AMHE + "SourceIssue",)),
)
KIND_NAMES = tuple(name for name, _ in KINDS)
# Classes with instances that are not searched: the audit's and the build's bookkeeping, and the ontology.
NOT_SEARCHED = tuple(AMHE + name for name in (
    "AuditFinding", "EvidenceCell", "ReportedCount", "CountryStudyCount", "FindingStatus", "CountUnit",
    "CodingBasis", "AssertionBasis",
    # the audit's evidence and a row's coding details: reached through the row or the finding they belong to
    "LostReferenceReading", "TitleSupport", "CodingAlternative")) + (
    # a label node (SKOS-XL) carries where a name comes from; the name itself is indexed with its concept
    "http://www.w3.org/2008/05/skos-xl#Label",
    "http://rdfs.org/ns/void#Dataset", "http://www.w3.org/ns/dcat#Dataset", SKOS + "ConceptScheme",
    "http://www.w3.org/2002/07/owl#Ontology", "http://www.w3.org/2002/07/owl#Class",
    "http://www.w3.org/2002/07/owl#ObjectProperty", "http://www.w3.org/2002/07/owl#DatatypeProperty",
    "http://www.w3.org/2002/07/owl#FunctionalProperty", "http://www.w3.org/2002/07/owl#AnnotationProperty",
    # bibliographic types a reference (or the source document) carries besides its own class
    BIBO + "AcademicArticle", BIBO + "Document", BIBO + "Legislation", BIBO + "Report")

# Every other name: alternative and hidden labels, codes, abbreviations, titles, the label as printed.
NAME_PREDICATES = (
    SKOS + "altLabel", SKOS + "hiddenLabel", SKOS + "notation", AMHE + "abbreviation", AMHE + "labelAsPrinted",
    DCTERMS + "title", ELI + "title", ELI + "number", SCHEMA + "alternateName",
)
# What the entity says in words: descriptions, summaries, definitions, the source's quoted text,
# authors and citations of references, roles and groups of contributors. Editorial notes are left out:
# they are about the transcription, not about the entity.
TEXT_PREDICATES = (
    DCTERMS + "description", SCHEMA + "description", AMHE + "summary", SKOS + "definition", SKOS + "scopeNote",
    AMHE + "quotedText", AMHE + "populationEvidence", AMHE + "populationAsPrinted", AMHE + "relationEvidence",
    AMHE + "obliges", AMHE + "inequalityIssue", AMHE + "couldHaveBeenBetter", AMHE + "setting",
    AMHE + "topic", AMHE + "listedUnder", AMHE + "focus", AMHE + "attributedTo", AMHE + "measure",
    AMHE + "role", AMHE + "contributorGroup", AMHE + "protectionRationale", AMHE + "authorsAsPrinted",
    DCTERMS + "bibliographicCitation", DCTERMS + "subject", AMHE + "explanation", RDFS + "comment",
)
# Where an entity comes from: the source section it is derived from (organisations: the sections
# that mention them).
SECTION_PREDICATES = (PROV + "wasDerivedFrom", SCHEMA + "subjectOf")
SECTION_CLASS = AMHE + "SourceSection"

DDL = f"""
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE VIRTUAL TABLE entry USING fts5(label, names, body, iri UNINDEXED, kind UNINDEXED, section UNINDEXED,
                                      tokenize = '{TOKENIZER}');
INSERT INTO entry(entry, rank) VALUES ('rank', 'bm25({", ".join(f"{w:g}" for w in WEIGHTS)})');
-- The same entries' names alone (same rowids), ranked among themselves: BM25 weighs a match by the length of
-- the whole row, so in `entry` an entity whose name matches loses to one with the words in a shorter text
-- (the programme "Five Year Forward View for Mental Health", with its description, came after an initiative
-- whose title merely contains those words). A match in a name is ranked here, by the names' length only.
-- Its text is read from `entry` (external content): the names are not stored a second time.
CREATE VIRTUAL TABLE title USING fts5(label, names, content = 'entry', tokenize = '{TOKENIZER}');
INSERT INTO title(title, rank) VALUES ('rank', 'bm25({", ".join(f"{w:g}" for w in WEIGHTS[:2])})');
-- Every name of every entry by its exact key, for the hits whose name is exactly the text searched for:
-- is_label 1 for the name it is shown with; size the length of its text (less text: more purely that name).
CREATE TABLE name(key TEXT NOT NULL, id INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
                  is_label INTEGER NOT NULL, size INTEGER NOT NULL);
"""


def name_key(text: str) -> str:
    """How an exact name is compared: any case, any accents, any run of spaces."""
    if not text.isascii():
        import unicodedata  # here, not above: the CLI imports this module for its list of kinds

        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


class Entry:
    __slots__ = ("iri", "kind", "labels", "names", "text", "sections")

    def __init__(self, iri: str, kind: str) -> None:
        self.iri, self.kind = iri, kind
        self.labels: dict[str, list[str]] = {}
        self.names: list[str] = []
        self.text: list[str] = []
        self.sections: list[str] = []


def _alternatives(iris: Iterable[str]) -> bytes:
    """A regular expression matching any of ``iris``, grouped by namespace: a line whose predicate is not one
    of them is given up on at the first differing character rather than once per predicate."""
    groups: dict[str, set[str]] = {}
    for iri in iris:
        cut = max(iri.rfind("#"), iri.rfind("/")) + 1
        groups.setdefault(iri[:cut], set()).add(iri[cut:])
    return b"|".join(re.escape(namespace.encode()) + b"(?:" + b"|".join(re.escape(local.encode()) for local in sorted(
        names, key=len, reverse=True)) + b")" for namespace, names in sorted(groups.items()))


_LITERAL_PREDICATES = LABEL_PREDICATES + NAME_PREDICATES + TEXT_PREDICATES
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_ESCAPED = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


@functools.cache
def _triple() -> re.Pattern[bytes]:
    """A triple the index reads, as a line of N-Triples written with one space between terms (graph/export.py
    and Oxigraph write them so): an IRI subject, one of the predicates read, an IRI or a literal object. The
    search starts at a line break (the first line is read with one put in front), so the scan goes from line to
    line; the last line may end without one.
    Compiled on first use: the CLI imports this module for its list of kinds."""
    predicates = _alternatives(_LITERAL_PREDICATES + SECTION_PREDICATES + (RDF_TYPE,))
    return re.compile(rb"\n<([^>]*+)> <(" + predicates + rb")> "
                      rb"(<[^>]*+>|\"(?:[^\"\\\n]|\\.)*+\"(?:@[-a-zA-Z0-9]++|\^\^<[^>]*+>)?) \.(?=\n|\Z)")


def _unescaped(match: re.Match[str]) -> str:
    short, long, char = match.groups()
    return chr(int(short or long, 16)) if short or long else _ESCAPED[char]


def entries(ntriples: bytes) -> list[Entry]:
    """One entry per entity of a searchable kind, in IRI order, read from the graph's N-Triples.

    The build has the N-Triples in hand when it writes the index (they are what it loads into the store and
    caches), and one pass of a regular expression over them finds the 5% of the text the index needs in a
    third of the time Oxigraph takes to hand the same values back one row at a time. ``entries_from_store``
    reads them from a store instead; the tests hold the two to the same entries."""
    # Terms are compared as the bytes they are written in: "<class IRI>", predicate IRI, subject IRI.
    rank = {f"<{cls}>".encode(): i for i, (_, classes) in reversed(list(enumerate(KINDS))) for cls in classes}
    kinds = [kind for kind, _ in KINDS]
    label_predicates = {p.encode(): p for p in LABEL_PREDICATES}
    role = dict.fromkeys(label_predicates, "label") | {p.encode(): "name" for p in NAME_PREDICATES}
    role |= {p.encode(): "text" for p in TEXT_PREDICATES} | {p.encode(): "section" for p in SECTION_PREDICATES}
    role[RDF_TYPE.encode()] = "type"
    best: dict[bytes, int] = {}  # subject -> the index in KINDS of its first kind
    sections: set[bytes] = set()
    section_class = f"<{SECTION_CLASS}>".encode()
    values: dict[str, list[tuple[bytes, bytes, bytes]]] = {"label": [], "name": [], "text": [], "section": []}
    # The first line is read with a line break put in front of it alone: not the whole text, whose copy (181 MB
    # at 1M triples) cost a tenth of the index's time.
    first_break = ntriples.find(b"\n")
    matches = _triple().findall(b"\n" + (ntriples[:first_break] if first_break >= 0 else ntriples))
    matches += _triple().findall(ntriples)
    for subject, predicate, obj in matches:
        what = role[predicate]
        if what == "type":
            found = rank.get(obj)
            if found is not None and found < best.get(subject, len(kinds)):
                best[subject] = found
            if obj == section_class:
                sections.add(subject)
        elif (obj[0] == 0x3C) == (what == "section"):  # "<": an IRI, which only a section link points to
            values[what].append((subject, predicate, obj))
    found_entries = {subject: Entry(subject.decode(), kinds[i]) for subject, i in best.items()}
    get = found_entries.get
    for subject, predicate, obj in values["label"]:
        entry = get(subject)
        if entry is not None:
            entry.labels.setdefault(label_predicates[predicate], []).append(_literal(obj))
    for what in ("name", "text"):
        for subject, _, obj in values[what]:
            entry = get(subject)
            if entry is not None:
                (entry.names if what == "name" else entry.text).append(_literal(obj))
    rdfs_label = (RDFS + "label").encode()
    section_labels: dict[bytes, str] = {}
    for subject, predicate, obj in values["label"]:
        if predicate == rdfs_label and subject in sections:
            label = _literal(obj)
            if subject not in section_labels or label < section_labels[subject]:
                section_labels[subject] = label
    for subject, _, obj in values["section"]:
        entry, section = get(subject), obj[1:-1]
        if entry is not None and section in sections:
            entry.sections.append(section_labels[section] if section in section_labels else section.decode())
    return [found_entries[subject] for subject in sorted(found_entries)]  # UTF-8 sorts as its characters do


def _literal(term: bytes) -> str:
    """The value of an N-Triples literal (quotes, language tag and datatype taken off, escapes undone)."""
    text = term[1:term.rindex(b'"')].decode("utf-8")
    return _ESCAPE.sub(_unescaped, text) if "\\" in text else text


def _pairs(store: Any, predicates: Iterable[str], obj: str | None = None) -> list[tuple[str, str]]:
    """(subject IRI, object value) of every triple with one of ``predicates`` whose object is a literal, or,
    given ``obj`` (an IRI), of every triple with that object, from a pyoxigraph store."""
    branches = " UNION ".join(f"{{ ?s <{p}> {f'<{obj}>' if obj else '?o'} }}" for p in predicates)
    if obj:
        return [(row[0].value, obj) for row in store.query(f"SELECT ?s WHERE {{ {branches} FILTER(isIRI(?s)) }}")]
    text = f"SELECT ?s ?o WHERE {{ {branches} FILTER(isIRI(?s) && isLiteral(?o)) }}"
    return [(row[0].value, row[1].value) for row in store.query(text)]


def entries_from_store(store: Any) -> list[Entry]:
    """The same entries as :func:`entries`, read from a pyoxigraph store through SPARQL: how the index was
    built before it was built from N-Triples, kept as the independent reading the tests compare it with."""
    found: dict[str, Entry] = {}
    for kind, classes in KINDS:  # the first kind that fits wins
        for cls in classes:
            for subject, _ in _pairs(store, [RDF_TYPE], cls):
                if subject not in found:
                    found[subject] = Entry(subject, kind)
    get = found.get
    for predicate in LABEL_PREDICATES:
        for subject, value in _pairs(store, [predicate]):
            entry = get(subject)
            if entry is not None:
                entry.labels.setdefault(predicate, []).append(value)
    for subject, value in _pairs(store, NAME_PREDICATES):
        entry = get(subject)
        if entry is not None:
            entry.names.append(value)
    for subject, value in _pairs(store, TEXT_PREDICATES):
        entry = get(subject)
        if entry is not None:
            entry.text.append(value)
    for section, _ in _pairs(store, [RDF_TYPE], SECTION_CLASS):
        text = (f"SELECT ?label WHERE {{ <{section}> <{RDFS}label> ?label FILTER(isLiteral(?label)) }} "
                "ORDER BY ?label LIMIT 1")
        rows = list(store.query(text))
        label = rows[0][0].value if rows else section
        for subject, _ in _pairs(store, SECTION_PREDICATES, section):
            entry = get(subject)
            if entry is not None:
                entry.sections.append(label)
    return [found[iri] for iri in sorted(found)]


def _unique(values: Iterable[str], skip: Iterable[str], key_of: dict[str, str]) -> list[str]:
    """Values in sorted order, once each (by exact name key), leaving out those in ``skip``."""
    seen = {key_of.get(s) or key_of.setdefault(s, name_key(s)) for s in skip}
    out = []
    for value in sorted(set(values)):
        key = key_of.get(value) or key_of.setdefault(value, name_key(value))
        if key and key not in seen:
            seen.add(key)
            out.append(value)
    return out


def label_of(entry: Entry) -> str:
    for predicate in LABEL_PREDICATES:
        if predicate in entry.labels:
            return sorted(entry.labels[predicate])[0]
    return entry.iri.rstrip("/").rsplit("/", 1)[-1]


def write(ntriples: bytes, path: Path) -> int:
    """Write the index of a graph (its N-Triples, as the build caches them) to ``path``, atomically; the
    number of entries.

    The database is written under a temporary name in the same folder and renamed into place, so a
    reader sees the old index or the new one, never half of one. Python's cycle collector is paused
    meanwhile: the entries are some millions of small acyclic objects (at 1M triples), which it would
    scan over and over to free nothing, a quarter of the index's time.
    """
    import gc
    import tempfile

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    collecting = gc.isenabled()
    gc.disable()
    try:
        count = _fill(tmp, entries(ntriples))
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    finally:
        if collecting:
            gc.enable()
    return count


def _fill(filename: str, found: list[Entry]) -> int:
    import sqlite3

    connection = sqlite3.connect(filename)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.executescript(DDL)
        rows, keys = [], []
        key_of: dict[str, str] = {}  # name -> name_key: the synthetic copies repeat every name
        for rowid, entry in enumerate(found, start=1):
            label = label_of(entry)
            every_label = [v for values in entry.labels.values() for v in values]
            names = _unique(every_label + entry.names, [label], key_of)
            body = SEPARATOR.join(sorted(set(entry.text)))
            rows.append((rowid, label, SEPARATOR.join(names), body, entry.iri, entry.kind,
                         "; ".join(sorted(set(entry.sections)))))
            seen = set()
            for is_label, name in [(1, label)] + [(0, n) for n in names]:
                key = key_of[name]
                if key and key not in seen:
                    seen.add(key)
                    keys.append((key, rowid, name, entry.kind, is_label, len(body)))
        connection.executemany("INSERT INTO entry(rowid, label, names, body, iri, kind, section) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        connection.executemany("INSERT INTO name(key, id, name, kind, is_label, size) VALUES (?, ?, ?, ?, ?, ?)",
                               keys)
        connection.executemany("INSERT INTO title(rowid, label, names) VALUES (?, ?, ?)",
                               [row[:3] for row in rows])
        connection.execute("CREATE INDEX name_key ON name(key)")
        connection.execute("INSERT INTO entry(entry) VALUES ('optimize')")
        connection.execute("INSERT INTO title(title) VALUES ('optimize')")
        connection.executemany("INSERT INTO meta(key, value) VALUES (?, ?)",
                               [("schema", SCHEMA_VERSION), ("entries", str(len(rows)))])
        connection.commit()
    finally:
        connection.close()
    return len(rows)
