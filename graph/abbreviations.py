"""The abbreviation audit: abbreviations the source's words use that the source never defines.

An abbreviation counts as defined when the list of abbreviations or a table's codes holds it, or
when the source expands it anywhere: '(CHIP)' after a phrase, 'Children's Health Insurance
Program – CHIP', 'CHIP (Children's Health ...)'. A capitalised token that is part of a proper name
is not an abbreviation the reader needs expanded, and is not reported. A token is read as part of a
proper name when

- it is joined to another word without a space: 'MOM-Care', 'MOM's Empowerment Program', 'GOV.UK'
  (a compound name, a possessive name, a web address);
- it stands next to a longer all-capital word, which the audit already reads as a name: 'THRIVE LDN';
- it lies inside the printed name of an organisation the graph holds: 'Ipsos MORI', 'AVA and Agenda'.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from ..loaders.vocab import AMHE, BIBO, SCHEMA, iri, slugify

# Where the source's own words are kept: abbreviations are looked for there, not in our summaries.
SOURCE_WORDS = (RDFS.label, SKOS.prefLabel, DCTERMS.title, AMHE.quotedText, AMHE.labelAsPrinted)
# Two to four capitals (A&E, NHS, LGBT): longer all-capital words are names (SHAPE, PRIME), not abbreviations.
_TOKEN = re.compile(r"(?<![\w&+.])([A-Z][A-Z&+]{1,3})(?![\w&+])")
_LONG_CAPITALS_BEFORE = re.compile(r"\b[A-Z]{5,}\s+$")
_LONG_CAPITALS_AFTER = re.compile(r"^\s+[A-Z]{5,}\b")
_JOINED = re.compile(r"^(?:-[A-Z]|['’]s\s+[A-Z]|\.[A-Za-z])")
_DASH_BEFORE = re.compile(r"\s[–—-]\s+$")
_AFTER = re.compile(r"^\s*(?:[–—-]\s|\()(.*)")
_WORD = re.compile(r"[A-Za-z][\w'’]*")
# Words an expansion may hold without giving a letter to the abbreviation ('Care Quality Commission').
_SMALL = frozenset({"a", "an", "and", "for", "in", "of", "on", "the", "to", "with"})


def _spells(words: list[str], token: str) -> bool:
    """Do the initials of ``words``, small words aside, spell ``token``?"""
    letters = [ch for ch in token if ch.isalpha()]
    content = [w for w in words if w.lower() not in _SMALL][:len(letters)]
    return len(content) == len(letters) and all(w[0].upper() == ch for w, ch in zip(content, letters, strict=True))


def expanded(texts: Iterable[str]) -> set[str]:
    """Abbreviations the texts define: '(X)' anywhere, or an adjacent phrase whose initials spell X
    ('Words – X', 'X – Words', 'X (Words)')."""
    found: set[str] = set()
    for text in texts:
        found.update(re.findall(r"\(([A-Z][A-Za-z0-9&+]{1,7})\)", text))
        for match in _TOKEN.finditer(text):
            token, before, after = match.group(1), text[:match.start()], text[match.end():]
            if _DASH_BEFORE.search(before) and _spells(_WORD.findall(before)[::-1], token[::-1]):
                found.add(token)
            tail = _AFTER.match(after)
            if tail and _spells(_WORD.findall(tail.group(1)), token):
                found.add(token)
    return found


def _organisation_names(g: Graph) -> list[str]:
    names = {str(n) for org in g.subjects(RDF.type, SCHEMA.Organization) for n in g.objects(org, SCHEMA.name)}
    return sorted(names, key=len, reverse=True)


def name_part(text: str, start: int, end: int, organisations: list[str]) -> bool:
    """Is the token at text[start:end] part of a proper name (see the module docstring)?"""
    before, after = text[:start], text[end:]
    if _JOINED.match(after) or _LONG_CAPITALS_BEFORE.search(before) or _LONG_CAPITALS_AFTER.match(after):
        return True
    for name in organisations:
        at = text.find(name)
        while at != -1:
            if at <= start and end <= at + len(name):
                return True
            at = text.find(name, at + 1)
    return False


def _source_texts(g: Graph) -> list[tuple[URIRef, str]]:
    texts: list[tuple[URIRef, str]] = []
    for predicate in SOURCE_WORDS:
        for subject, value in g.subject_objects(predicate):
            if (isinstance(value, Literal) and (subject, PROV.wasDerivedFrom, None) in g
                    and (subject, RDF.type, AMHE.AuditFinding) not in g):
                texts.append((subject, str(value)))
    return texts


def abbreviation_uses(g: Graph) -> dict[str, set[URIRef]]:
    """Undefined abbreviations and the entities whose source words use them."""
    texts = _source_texts(g)
    defined = {str(v) for v in g.objects(None, AMHE.abbreviation)}
    defined |= {str(v) for v in g.objects(None, SKOS.notation)}  # codes the source defines in its tables
    defined |= expanded(text for _, text in texts)
    organisations = _organisation_names(g)
    uses: dict[str, set[URIRef]] = defaultdict(set)
    for subject, text in texts:
        if (subject, RDF.type, AMHE.Reference) in g or (subject, RDF.type, BIBO.Journal) in g:
            continue  # study and journal titles name their own instruments and programmes
        for match in _TOKEN.finditer(text):
            token = match.group(1)
            if token not in defined and not name_part(text, match.start(), match.end(), organisations):
                uses[token].add(subject)
    return uses


def undefined_abbreviations(g: Graph) -> Graph:
    """One finding per abbreviation the source's words use but never define."""
    out = Graph()
    abbreviations = g.value(None, RDFS.label, Literal("Abbreviations", lang="en"))
    for token, subjects in sorted(abbreviation_uses(g).items()):
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
            f"(e.g. {where}), not as part of a proper name, and neither the list of abbreviations nor an expansion "
            "anywhere in the text defines it.", lang="en")))
        out.add((node, PROV.wasDerivedFrom, abbreviations))
    return out
