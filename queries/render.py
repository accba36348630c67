"""Rendering answers: human tables with labels, machine formats with IRIs.

``json`` is the SPARQL 1.1 Query Results JSON format (an ASK answer is ``{"head": {}, "boolean": ...}``)
and ``csv`` the SPARQL 1.1 CSV format (IRIs as they are, blank nodes as ``_:label``; an ASK answer is
``true`` or ``false`` under the header ``_askResult``, as Jena writes it); ``table`` and ``markdown`` show
labels instead of IRIs.
"""

from __future__ import annotations

import os
import textwrap

from .terms import Answer, Term

FORMATS = ("table", "csv", "json", "markdown")
PREFIXES = {
    "https://w3id.org/amhe/ontology#": "amhe:",
    "http://www.w3.org/2004/02/skos/core#": "skos:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
    "http://purl.org/dc/terms/": "dcterms:",
    "http://purl.org/dc/elements/1.1/": "dc:",
    "http://www.w3.org/ns/prov#": "prov:",
    "http://purl.org/ontology/bibo/": "bibo:",
    "http://data.europa.eu/eli/ontology#": "eli:",
    "https://schema.org/": "schema:",
    "http://rdfs.org/ns/void#": "void:",
    "http://www.w3.org/ns/dcat#": "dcat:",
    "http://xmlns.com/foaf/0.1/": "foaf:",
    "http://www.w3.org/2002/07/owl#": "owl:",
    "http://www.w3.org/ns/shacl#": "sh:",
}


def compact(iri: str) -> str:
    for namespace, prefix in PREFIXES.items():
        if iri.startswith(namespace):
            return prefix + iri[len(namespace):]
    return iri


def shown(term: Term | None, labels: dict[str, str]) -> str:
    """A readable form of a term: its label where known, else a compact IRI, else its value.

    A list of numbers (a GROUP_CONCAT of reference numbers, which engines concatenate in any
    order) is shown in numeric order."""
    if term is None:
        return ""
    if term.kind == "uri":
        return labels.get(term.value) or compact(term.value)
    items = term.value.split(", ")
    if len(items) > 1 and all(item.isdigit() for item in items):
        return ", ".join(sorted(items, key=int))
    return term.value


def to_json(answer: Answer) -> str:
    import json

    if answer.boolean is not None:
        return json.dumps({"head": {}, "boolean": answer.boolean})
    bindings = [{n: t.to_json() for n, t in zip(answer.vars, row, strict=True) if t is not None}
                for row in answer.rows]
    return json.dumps({"head": {"vars": answer.vars}, "results": {"bindings": bindings}}, indent=1,
                      ensure_ascii=False)


def to_csv(answer: Answer) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    if answer.boolean is not None:  # an ASK answer, in the form Jena writes and reads back
        w.writerows([["_askResult"], ["true" if answer.boolean else "false"]])
        return buf.getvalue()
    w.writerow(answer.vars)
    w.writerows([[_csv_cell(t) for t in row] for row in answer.rows])
    return buf.getvalue()


def _csv_cell(term: Term | None) -> str:
    """A term as SPARQL 1.1 CSV writes it: IRIs and literals as their text, blank nodes as ``_:label``."""
    if term is None:
        return ""
    return f"_:{term.value}" if term.kind == "bnode" else term.value


def to_markdown(answer: Answer, labels: dict[str, str]) -> str:
    def cell(t: Term | None) -> str:
        return shown(t, labels).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(answer.vars) + " |", "|" + "|".join("---" for _ in answer.vars) + "|"]
    lines += ["| " + " | ".join(cell(t) for t in row) + " |" for row in answer.rows]
    return "\n".join(lines) + "\n"


def to_table(answer: Answer, labels: dict[str, str], width: int | None = None) -> str:
    """A plain-text table whose long cells wrap within a fair share of the terminal width."""
    if width is None:
        try:
            width = os.get_terminal_size().columns
        except OSError:
            width = 160
    names = answer.vars
    cells = [[shown(t, labels) for t in row] for row in answer.rows]
    widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    budget = max(width - 3 * (len(names) - 1), 20 * len(names))
    while sum(widths) > budget and max(widths) > 12:
        widths[widths.index(max(widths))] -= 1
    out: list[str] = []

    def emit(values: list[str]) -> None:
        wrapped = [textwrap.wrap(v, w) or [""] for v, w in zip(values, widths, strict=True)]
        for i in range(max(len(c) for c in wrapped)):
            parts = [(c[i] if i < len(c) else "").ljust(w) for c, w in zip(wrapped, widths, strict=True)]
            out.append("   ".join(parts).rstrip())

    emit(names)
    out.append("   ".join("-" * w for w in widths))
    for r in cells:
        emit(r)
    out.append(f"({len(answer.rows)} row{'s' if len(answer.rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def render(answer: Answer, fmt: str, labels: dict[str, str] | None = None) -> str:
    labels = labels or {}
    if fmt == "json":
        return to_json(answer) + "\n"
    if fmt == "csv":
        return to_csv(answer)
    if fmt == "markdown":
        return to_markdown(answer, labels)
    if fmt == "table":
        return to_table(answer, labels)
    raise ValueError(f"unknown format {fmt!r}")


def iris_of(answer: Answer) -> set[str]:
    return {t.value for row in answer.rows for t in row if t is not None and t.kind == "uri"}
