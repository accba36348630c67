"""A synthetic graph shaped like the real one, at any size, generated as N-Triples text.

Copy ``i`` of every instance-level entity (interventions, services, barriers, solutions,
claims, initiatives, the works services name, examples ...) gets its IRI suffixed with ``-s{i}``; taxonomies,
schemes, source sections, organisations, references, places, the ontology and the dataset
description stay shared, so every copy links to the same concepts and passes the same
shapes. Working on text keeps memory flat: nothing but the store ever holds the whole graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from amhe.loaders.namespaces import BASE

# NICE guidance and Table 4 country counts stay shared: their IRIs carry a code (ng44, rq1-1) whose
# pattern the shapes check, which a copy's suffix would break.
COPIED_KINDS = ("intervention", "service", "claim", "award", "barrier", "solution", "coproduction-practice",
                "lived-experience", "initiative", "contribution", "resource", "citation", "quotation",
                "programme", "duty", "coding-alternative", "work")
_COPIED = re.compile(r"<https://w3id\.org/amhe/(" + "|".join(COPIED_KINDS) + r")/([^>]+)>")


# What the build derives from the rest (graph/rules): left out of the template, and derived again in the
# store once the copies are loaded, since the copies change every count.
_DERIVED = re.compile(r"^<https://w3id\.org/amhe/evidence-cell/|<https://w3id\.org/amhe/ontology#(derivedEntity(Count|Class)|searchText)>")


def template(lines: list[str]) -> tuple[list[str], list[str]]:
    """(shared lines, lines whose subject is a copied entity), derived data left out."""
    lines = [line for line in lines if not _DERIVED.search(line)]
    copied = [line for line in lines if _COPIED.match(line)]
    marked = set(copied)
    return [line for line in lines if line not in marked], copied


def copy(lines: list[str], i: int) -> Iterator[str]:
    suffix = f"-s{i}"
    for line in lines:
        yield _COPIED.sub(lambda m: f"<{BASE}{m.group(1)}/{m.group(2)}{suffix}>", line)


def copies_for(target: int, total: int, per_copy: int) -> int:
    return max(0, round((target - total) / max(1, per_copy)))
