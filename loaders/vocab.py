"""Namespaces and IRI minting shared by every loader and by the graph code downstream.

Every IRI this edition mints lives under one base, ``https://w3id.org/amhe/``, as
``{base}{kind}/{slug}``. Slugs of curated records come from the ``id`` column of their
source table, never from a label, so correcting a label never changes an IRI.
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

from . import namespaces
from .namespaces import BASE

AMHE = Namespace(namespaces.AMHE)
ELI = Namespace(namespaces.ELI)
BIBO = Namespace(namespaces.BIBO)
DC = Namespace("http://purl.org/dc/elements/1.1/")
SCHEMA = Namespace(namespaces.SCHEMA)
SKOSXL = Namespace("http://www.w3.org/2008/05/skos-xl#")

PREFIXES: dict[str, Namespace] = {
    "amhe": AMHE,
    "bibo": BIBO,
    "dc": DC,
    "dcat": DCAT,
    "dcterms": DCTERMS,
    "eli": ELI,
    "foaf": FOAF,
    "owl": OWL,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SCHEMA,
    "skos": SKOS,
    "skosxl": SKOSXL,
    "void": VOID,
    "xsd": XSD,
}

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)

# The kinds of thing this edition mints IRIs for; one path segment each.
KINDS = frozenset(
    {
        "abbreviation", "audit", "award", "barrier", "citation", "claim", "concept", "contribution", "count",
        "coding-alternative",
        "country", "country-count", "coproduction-practice", "coproduction-stage", "dataset", "duty",
        "duty-holder", "guidance", "initiative", "intervention", "intervention-type", "journal", "label", "ladder-rung",
        "lived-experience", "lost-reference", "organisation", "place", "population", "practice-area", "programme",
        "protected-characteristic", "quotation", "reference", "research-question", "resource",
        "restrictive-practice", "scheme", "service", "solution", "source", "work",
    }
)


def is_slug(text: str) -> bool:
    return bool(_SLUG.match(text))


def iri(kind: str, slug: str) -> URIRef:
    """The IRI of a ``kind`` of entity with ``slug``: ``https://w3id.org/amhe/{kind}/{slug}``."""
    if kind not in KINDS:
        raise ValueError(f"unknown IRI kind {kind!r}")
    if not is_slug(slug):
        raise ValueError(f"{slug!r} is not a slug (lowercase letters, digits, single hyphens)")
    return URIRef(f"{BASE}{kind}/{slug}")


def slugify(text: str) -> str:
    """A deterministic slug for entities the source names only in passing (journals, publishers)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.lower().replace("&", " and ").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
