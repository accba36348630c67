"""Derived data: what the graph computes from its own facts at build time, as SPARQL 1.1 Update rules.

The rules live in ``graph/rules/*.ru`` and run in file-name order after the audit. Questions that
would otherwise aggregate over every intervention or entity (the evidence matrix and its gaps,
the sections and what they gave rise to), or read every name for a keyword (barriers and their
solutions), read the results as plain triples, so their cost does not grow with the data. Each
rule first deletes what it derived before, so running it again on a graph that changed (the
scale benchmark's synthetic copies, loaded into Oxigraph) recomputes it.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

RULES_DIR = Path(__file__).resolve().parent / "rules"


def rules() -> list[tuple[str, str]]:
    """(name, SPARQL Update text) of every rule, in the order they run."""
    return [(path.stem, path.read_text(encoding="utf-8")) for path in sorted(RULES_DIR.glob("*.ru"))]


def apply(g: Graph) -> None:
    """Run every rule on ``g`` in place."""
    for _, text in rules():
        g.update(text)
