"""Turning user input into RDF terms for a question's parameters.

A population, intervention-type, place, organisation or Act value may be a label, a code or
abbreviation, a name the source uses (``skos:altLabel``), an everyday search name
(``skos:hiddenLabel``, our judgement) or an IRI, compared under the one name rule of
:mod:`amhe.loaders.names`. An unknown value raises :class:`UnknownValue` with suggestions drawn
from the words the value shares with the kind's names, and names the command that lists the valid
values; an everyday name that means two concepts raises :class:`AmbiguousValue` listing both.
Names are looked up with a fixed query on whichever engine answers, so this works remotely too.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

from ..graph.errors import BadInput
from ..loaders.names import STOP_WORDS, name_key, words
from ..loaders.namespaces import AMHE, BASE, RDFS, SCHEMA, SKOS
from . import Parameter
from .engine import Engine, any_of
from .render import printable
from .terms import Answer, Term, integer, literal, uri

PREF, ALT, NOTATION, HIDDEN = SKOS + "prefLabel", SKOS + "altLabel", SKOS + "notation", SKOS + "hiddenLabel"
NAME_PREDICATES = (
    PREF,
    ALT,
    NOTATION,
    RDFS + "label",
    AMHE + "labelAsPrinted",
    SCHEMA + "name",
    HIDDEN,
)
# How the entities of each kind are found: a fixed graph pattern over ?s, no user input in it.
KIND_PATTERNS = {
    "population": f"?s <{SKOS}inScheme> <{BASE}scheme/population-characteristics> .",
    "intervention-type": f"?s <{SKOS}inScheme> <{BASE}scheme/intervention-types> .",
    "place": f"{{ ?s a <{SCHEMA}Place> }} UNION {{ ?s a <{SCHEMA}Country> }}",
    "organisation": f"?s a <{SCHEMA}Organization> .",
    "act": f"?s a <{AMHE}Act> .",
}
KINDS = tuple(KIND_PATTERNS)


def listing_hint(kind: str) -> str:
    if kind in KIND_PATTERNS:
        return f"run `amhe values {kind}` to list them"
    return f"run `amhe values KIND` to list names ({', '.join(KINDS)})"


class UnknownValue(ValueError):
    def __init__(self, parameter: str, value: str, suggestions: list[str], kind: str | None = None,
                 associated: bool = False) -> None:
        self.parameter, self.value, self.suggestions = parameter, value, suggestions
        self.associated = associated
        hint = f"; did you mean: {'; '.join(suggestions)}?" if suggestions else ""
        named = (kind or parameter).replace("-", " ")
        how = f"no {named} is named so; these are what entries mentioning it are linked to; " \
            if associated and suggestions else ""
        super().__init__(f"unknown {parameter} {value!r}{hint} ({how}{listing_hint(kind or parameter)})")


class AmbiguousValue(UnknownValue):
    """An everyday name that stands for several concepts: the user picks one by its code."""

    def __init__(self, parameter: str, value: str, choices: list[Entry], kind: str) -> None:
        ValueError.__init__(
            self, f"{parameter} {value!r} could mean {' or '.join(c.shown() for c in choices)}; give one, "
            f"e.g. --{parameter.replace('_', '-')} {choices[0].code or repr(choices[0].label)} ({listing_hint(kind)})")
        self.parameter, self.value, self.suggestions = parameter, value, [c.shown() for c in choices]
        self.choices, self.associated = choices, False


class Entry(NamedTuple):
    """One entity of a kind with every name it goes by."""

    iri: str
    label: str
    code: str | None
    names: tuple[tuple[str, str], ...]  # (predicate, name)

    def shown(self) -> str:
        """'Low SES (8a)'; a label that already ends with its code keeps it once."""
        if not self.code or self.label.endswith(f"({self.code})"):
            return self.label
        return f"{self.label} ({self.code})"

    def names_by(self, predicate: str) -> list[str]:
        return sorted({name for p, name in self.names if p == predicate}, key=str.casefold)


def entries(engine: Engine, kind: str) -> dict[str, Entry]:
    """Every entity of ``kind`` with its display label, code and names, by IRI; read once per engine (a
    command resolves a value and then says what it understood: the same names, a tenth of a cold answer)."""
    memo = vars(engine).setdefault("_entries_by_kind", {})
    if kind not in memo:
        memo[kind] = _read_entries(engine, kind)
    return dict(memo[kind])


def _read_entries(engine: Engine, kind: str) -> dict[str, Entry]:
    text = f"SELECT ?s ?p ?name WHERE {{ {KIND_PATTERNS[kind]} {any_of(NAME_PREDICATES, '?name')} }}"
    rank = {p: i for i, p in enumerate(NAME_PREDICATES)}
    found: dict[str, list[tuple[str, str]]] = {}
    for s, p, name in engine.select(text).rows:
        found.setdefault(s.value, []).append((p.value, name.value))
    out = {}
    for iri, names in found.items():
        names.sort(key=lambda pn: (rank[pn[0]], pn[1]))
        shown = [n for p, n in names if p not in (NOTATION, HIDDEN, ALT)] or [n for p, n in names if p != HIDDEN]
        codes = [n for p, n in names if p == NOTATION]
        out[iri] = Entry(iri, shown[0] if shown else iri.rsplit("/", 1)[1], codes[0] if codes else None,
                         tuple(dict.fromkeys(names)))
    return out


def names(engine: Engine, kind: str) -> tuple[dict[str, str], dict[str, str]]:
    """({normalised name: IRI}, {IRI: display label}) for every entity of ``kind``; where two share a
    name, the better kind of name (label before code before search name) and then the IRI decide."""
    known = entries(engine, kind)
    keys: dict[str, str] = {}
    for key, matches in _index(known).items():
        keys[key] = min(matches.items(), key=lambda item: (item[1], item[0]))[0]
    return keys, {iri: e.label for iri, e in known.items()}


def _index(known: dict[str, Entry]) -> dict[str, dict[str, int]]:
    """{name key: {IRI: best rank of a name with that key}}; the IRI itself and its last segment rank first."""
    rank = {p: i for i, p in enumerate(NAME_PREDICATES)}
    index: dict[str, dict[str, int]] = {}

    def add(key: str, iri: str, r: int) -> None:
        if key:
            slot = index.setdefault(key, {})
            slot[iri] = min(slot.get(iri, r), r)

    for iri, entry in known.items():
        add(iri.strip().casefold(), iri, -1)
        add(name_key(iri.rsplit("/", 1)[1]), iri, -1)
        for p, name in entry.names:
            add(name_key(name), iri, rank[p])
    return index


def understand(engine: Engine, parameter: str, kind: str, value: str) -> Entry:
    """The entity ``value`` names, or :class:`UnknownValue` / :class:`AmbiguousValue`."""
    known = entries(engine, kind)
    index = _index(known)
    matches = index.get(value.strip().casefold()) or index.get(name_key(value))
    if matches:
        best = min(matches.values())
        winners = sorted(iri for iri, r in matches.items() if r == best)
        if len(winners) > 1 and NAME_PREDICATES[best] in (ALT, HIDDEN):  # a name, not a label, two share
            raise AmbiguousValue(parameter, value, sorted((known[i] for i in winners), key=_order), kind)
        return known[winners[0]]
    suggested, associated = _suggest(engine, kind, value)
    raise UnknownValue(parameter, value, [e.shown() for e in suggested], kind, associated)


def resolve(engine: Engine, parameter: str, kind: str, value: str) -> Term:
    return uri(understand(engine, parameter, kind, value).iri)


def _order(e: Entry) -> tuple:
    """Code order (1, 1a, 1b, 2 ... 10a), then label order for entities without a code."""
    code = e.code or ""
    parts = [(0, int(p), "") if p.isdigit() else (1, 0, p.casefold()) for p in re.findall(r"\d+|\D+", code)]
    return (0 if code else 1, parts, e.label.casefold())


def _stem(word: str) -> str:
    """A light English stem, so that 'incomes' meets 'income' and 'disabilities' meets 'disability'."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _suggest(engine: Engine, kind: str, text: str, limit: int = 5) -> tuple[list[Entry], bool]:
    """The entities of ``kind`` sharing words with ``text``, best first: words, not characters, so
    'gay men' finds LGBTQ+ through its search names, never 'Pregnancy' through shared letters.

    Words that name no group ('people', 'with', 'of') are left out first, so that 'people of colour'
    is not answered with every concept whose names say 'people'. On the embedded store the
    suggestions come from the full-text index built with it (queries/search.py: any word form, case
    and accents, ranked by BM25 over names, the source's names and search names); when no entity of
    the kind has such a word, from the entities of the kind that the best matching entities of other
    kinds are linked to (an intervention, service or study that says 'veterans' or 'parenting' and
    the populations or types it is coded to; True second then). Where there is no index (an
    endpoint) or it finds nothing, from the words the value shares with the kind's names, rarer
    words weighing more."""
    known = entries(engine, kind)
    wanted = content_words(text)
    store = getattr(engine, "path", None)
    if store is not None and wanted:
        from .search import KIND_NAMES, SearchIndexError, index_for_store, search

        index = index_for_store(store)
        if kind in KIND_NAMES and index.is_file():
            try:
                hits = search(index, " ".join(wanted), [kind], limit * 2).hits
                found = [known[h.iri] for h in hits if h.iri in known][:limit]
                if found:
                    return found, False
                if kind in LINKS:
                    others = [k for k in KIND_NAMES if k != kind]
                    related = search(index, " ".join(wanted), others, RELATED_HITS).hits
                    found = _linked(engine, kind, known, [h.iri for h in related])[:limit]
                    if found:
                        return found, True
            except (SearchIndexError, ValueError):
                pass
    return _shared_words(known, text, limit), False


def content_words(text: str) -> list[str]:
    """The words of ``text`` that may tell concepts apart: all of them less the stop words, or all of
    them when nothing else is left ('the other')."""
    every = words(text)
    return [w for w in every if w not in STOP_WORDS] or every


# How an entity of another kind points at a concept of the kind, for suggestions by association:
# directly (an intervention's coded population, a service's population) or through the intervention a
# study evidences. Fixed patterns over ?s (the other entity) and ?c (the concept); no user input.
LINKS = {
    "population": ("https://w3id.org/amhe/ontology#targetsPopulation",
                   "https://w3id.org/amhe/ontology#concernsPopulation",
                   "https://w3id.org/amhe/ontology#curatedPopulation"),
    "intervention-type": ("https://w3id.org/amhe/ontology#interventionType",),
}
EVIDENCED_BY = "https://w3id.org/amhe/ontology#evidencedBy"
RELATED_HITS = 10  # the best matching entities of other kinds whose links are counted


def _linked(engine: Engine, kind: str, known: dict[str, Entry], iris: list[str]) -> list[Entry]:
    """The concepts of ``kind`` the entities ``iris`` (best first) are linked to, the concept that the
    better and the more of them point at first."""
    if not iris:
        return []
    branches = " UNION ".join(
        [f"{{ ?s <{p}> ?c }}" for p in LINKS[kind]]
        + [f"{{ ?i <{p}> ?c . ?i <{EVIDENCED_BY}> ?s }}" for p in LINKS[kind]])
    wanted = {iri: rank for rank, iri in reversed(list(enumerate(iris)))}
    score: dict[str, float] = {}
    for s, c in engine.select(f"SELECT DISTINCT ?s ?c WHERE {{ {branches} }}").rows:
        if s.value in wanted and c.value in known:
            score[c.value] = score.get(c.value, 0.0) + 1.0 / (1 + wanted[s.value])
    ranked = sorted(score, key=lambda iri: (-score[iri], _order(known[iri])))
    return [known[iri] for iri in ranked]


def _shared_words(known: dict[str, Entry], text: str, limit: int) -> list[Entry]:
    wanted = {_stem(w) for w in words(text) if w not in STOP_WORDS}
    if not wanted:
        return []
    vocab = {iri: {_stem(w) for _, name in e.names for w in words(name) if w not in STOP_WORDS}
             for iri, e in known.items()}
    frequency: dict[str, int] = {}
    for stems in vocab.values():
        for stem in stems:
            frequency[stem] = frequency.get(stem, 0) + 1
    scores = {}
    for iri, stems in vocab.items():
        score = 0.0
        for w in wanted:
            if w in stems:
                score += math.log(1 + len(vocab) / frequency[w])
            elif len(w) >= 5 and any(s.startswith(w[:5]) for s in stems):  # disabled ~ disability
                score += 0.5 * math.log(1 + len(vocab) / max(frequency.get(s, 1) for s in stems
                                                             if s.startswith(w[:5])))
        if score:
            scores[iri] = score
    ranked = sorted(scores, key=lambda iri: (-scores[iri], _order(known[iri])))
    return [known[iri] for iri in ranked[:limit]]


def values_answer(engine: Engine, kind: str) -> Answer:
    """`amhe values KIND`: every valid value of a kind with its code, label, the source's other names
    for it and our search names, in code or label order."""
    rows = []
    for e in sorted(entries(engine, kind).values(), key=_order):
        other = [n for n in e.names_by(ALT) if name_key(n) != name_key(e.label)]
        rows.append((literal(e.code) if e.code else None, literal(e.label), literal("; ".join(other)),
                     literal("; ".join(e.names_by(HIDDEN))), uri(e.iri)))
    return Answer(["code", "label", "source_names", "search_names", "iri"], rows)


def understood_line(engine: Engine, parameter: Parameter, term: Term, value: str, expands: bool) -> str:
    """What a parameter value was taken to mean, for one line on stderr: 'population: Low SES (8a)'; the
    labels from the data made inert for the terminal."""
    known = entries(engine, parameter.type)
    entry = known.get(term.value)
    if entry is None:
        return f"{parameter.name}: <{term.value}>"
    line = f"{parameter.name}: {entry.shown()}"
    if expands:
        narrower = _narrower(engine, term)
        if narrower:
            line += f" and its subtypes ({', '.join(known[i].shown() for i in narrower if i in known)})"
    key = name_key(value)
    if key not in (name_key(entry.label), name_key(entry.code or ""), name_key(entry.iri.rsplit("/", 1)[1])):
        hidden = {name_key(n) for n in entry.names_by(HIDDEN)}
        source = {name_key(n) for n in entry.names_by(ALT)}
        if key in hidden:
            line += f", from the search name {value!r} (our judgement, not the source's words)"
        elif key in source:
            line += f", from {value!r}, a name the source uses for it"
    return printable(line)


def _narrower(engine: Engine, term: Term) -> list[str]:
    text = f"SELECT ?n WHERE {{ ?n <{SKOS}broader> ?concept }}"
    return sorted(row[0].value for row in engine.select(text, {"concept": term}).rows)


def bind(engine: Engine, parameter: Parameter, value: str) -> Term:
    """The RDF term for ``value`` of ``parameter``."""
    if parameter.type in KIND_PATTERNS:
        return resolve(engine, parameter.name, parameter.type, value)
    if parameter.type == "integer":
        if not re.fullmatch(r"-?[0-9]+", value.strip()):
            raise BadInput(f"{parameter.name} must be a whole number, got {value!r}")
        return integer(int(value))
    return literal(value)
