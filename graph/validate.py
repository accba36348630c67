"""Validation against the SHACL contract, with a report that tells apart 'does not conform'
from 'could not validate' (pyshacl's own CLI does not)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, SH

from ..loaders import namespaces
from . import ONTOLOGY, SHAPES
from .errors import ValidationSetupError

ONTOLOGY_IRI = URIRef(namespaces.ONTOLOGY_IRI)


@dataclass(frozen=True, order=True)
class Violation:
    shape: str
    focus: str
    path: str
    component: str
    severity: str
    message: str
    value: str


@dataclass
class Report:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    results: Graph = field(default_factory=Graph)

    def by_shape(self) -> dict[str, list[Violation]]:
        grouped: dict[str, list[Violation]] = {}
        for v in sorted(self.violations):
            grouped.setdefault(v.shape, []).append(v)
        return grouped


def parse_rdf(path: Path, what: str) -> Graph:
    """Parse an RDF file, guessing the format from its extension; errors become ValidationSetupError."""
    path = Path(path)
    if not path.is_file():
        raise ValidationSetupError(f"{what} file not found: {path}")
    fmt = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml",
           ".xml": "xml", ".nq": "nquads", ".trig": "trig"}.get(path.suffix.lower(), "turtle")
    if fmt == "json-ld":
        refuse_remote_contexts(path)
    if fmt == "xml":
        refuse_entity_expansion(path)
    try:
        return Graph().parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many unrelated types for bad input
        raise ValidationSetupError(f"cannot parse {what} file {path}: {_where(exc)}") from None


def _line_column(text: str, at: int) -> str:
    line = text.count("\n", 0, at) + 1
    return f"line {line}, column {at - (text.rfind(chr(10), 0, at) + 1) + 1}"


def _where(exc: Exception) -> str:
    """One line for a parser's error, with the line and column of the fault where the parser knows it.

    rdflib's Turtle parser reports an unterminated string where it gave up (the end of the file); the
    fault is the quote that opened it, so that is where this points."""
    from rdflib.plugins.parsers.notation3 import BadSyntax

    if isinstance(exc, BadSyntax):
        text = exc._str.decode("utf-8", "replace") if isinstance(exc._str, bytes) else str(exc._str)
        at, why = exc._i, str(exc._why)
        if "unterminated string" in why:
            at = max(text.rfind('"""', 0, at), text.rfind("\'\'\'", 0, at), 0)
        elif "newline found in string" in why:
            at = max(text.rfind('"', 0, at), text.rfind("'", 0, at), 0)
        return f"{_line_column(text, at)}: {why}"
    if hasattr(exc, "getLineNumber") and hasattr(exc, "getColumnNumber"):  # xml.sax.SAXParseException
        return f"line {exc.getLineNumber()}, column {exc.getColumnNumber() + 1}: {exc.getMessage()}"
    if hasattr(exc, "lineno") and hasattr(exc, "colno"):  # json.JSONDecodeError
        return f"line {exc.lineno}, column {exc.colno}: {getattr(exc, 'msg', exc)}"
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return " ".join(lines[:2])[:300] if lines else exc.__class__.__name__


MAX_ENTITY_VALUE = 4096


def refuse_entity_expansion(path: Path) -> None:
    """An XML entity defined through other entities expands exponentially (a 1.4 KB 'billion laughs' file
    ran for minutes); external and parameter entities read other files. Plain entities whose value is
    short text (namespace abbreviations, as OWL tools write them) are kept."""
    import re

    text = path.read_bytes().decode("utf-8", "replace")
    for match in re.finditer(r"<!ENTITY\s+(%\s*)?([^\s>]+)\s*(SYSTEM|PUBLIC)?\s*(\"[^\"]*\"|'[^']*')?", text):
        parameter, name, external, value = match.groups()
        where = f"{path}: {_line_column(text, match.start())}"
        if parameter or external:
            raise ValidationSetupError(f"{where}: {'parameter' if parameter else 'external'} entity {name} is "
                                       "refused (it would read another file)")
        if value is None or "&" in value or "%" in value:
            raise ValidationSetupError(f"{where}: entity {name} is defined through other entities; refused "
                                       "(nested entities expand exponentially)")
        if len(value) > MAX_ENTITY_VALUE:
            raise ValidationSetupError(f"{where}: entity {name} is {len(value)} characters long; at most "
                                       f"{MAX_ENTITY_VALUE} are allowed")


def _contexts(node: object):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("@context", "@import"):
                yield value
            yield from _contexts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _contexts(value)


def refuse_remote_contexts(path: Path) -> None:
    """rdflib fetches a JSON-LD @context given by URL; nothing may be fetched, so such files are refused."""
    import json

    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationSetupError(f"cannot parse data file {path}: {exc}") from None
    for context in _contexts(doc):
        for item in context if isinstance(context, list) else [context]:
            if isinstance(item, str):
                raise ValidationSetupError(f"{path} uses a remote JSON-LD context ({item}); nothing is fetched: "
                                           "inline the context")


def load_shapes(path: Path | None = None) -> Graph:
    shapes = parse_rdf(path or SHAPES, "shapes")
    if not any(shapes.subjects(RDF.type, SH.NodeShape)):
        raise ValidationSetupError(f"shapes file {path or SHAPES} declares no sh:NodeShape")
    return shapes


def _text(g: Graph, node: URIRef | None, predicate: URIRef) -> str:
    value = g.value(node, predicate) if node is not None else None
    return "" if value is None else str(value)


def check_shapes_graph(shapes: Graph, source: str = "the shapes") -> None:
    """The shapes checked against SHACL's own shapes (meta-SHACL): one line naming the first fault and how
    many there are (pyshacl's own message is a whole report)."""
    from pyshacl.entrypoints import meta_validate
    from rdflib import BNode

    conforms, report, _ = meta_validate(shapes, inference="none")
    if conforms:
        return
    results = list(report.subjects(RDF.type, SH.ValidationResult))

    def described(result: URIRef) -> tuple[str, str]:
        focus = report.value(result, SH.focusNode)
        where = f"<{focus}>"
        if isinstance(focus, BNode):
            owner = shapes.value(predicate=SH.property, object=focus)
            path = shapes.value(focus, SH.path)
            where = (f"the property shape{f' of <{path}>' if path is not None else ''}"
                     f"{f' in <{owner}>' if owner is not None else ''}")
        return where, _text(report, result, SH.resultMessage)

    where, message = sorted(described(r) for r in results)[0]
    raise ValidationSetupError(f"cannot validate: {source} are not valid SHACL ({len(results)} problem(s)); "
                               f"first, at {where}: {message}")


def validate(data: Graph, shapes: Graph | None = None, ontology: Graph | None = None,
             check_shapes: bool = False, shapes_source: str = "the shapes") -> Report:
    """Validate ``data`` against the shapes, with the ontology's class hierarchy available.

    ``check_shapes`` first checks the shapes themselves against SHACL's own shapes (meta-SHACL),
    worth its cost for shapes that did not come with the package.
    """
    import pyshacl  # deferred: pyshacl is slow to import and only validation needs it

    shapes = shapes if shapes is not None else load_shapes()
    ontology = ontology if ontology is not None else parse_rdf(ONTOLOGY, "ontology")
    # The ontology's classes *and* its concepts (amhe:Matches ...) must be visible to sh:class, so it
    # is merged into a copy of the data rather than passed as ont_graph (which copies classes only).
    if (ONTOLOGY_IRI, RDF.type, OWL.Ontology) not in data:
        merged = Graph()
        merged += data
        merged += ontology
        data = merged
    if check_shapes:
        check_shapes_graph(shapes, shapes_source)
    try:
        conforms, results, _ = pyshacl.validate(
            data, shacl_graph=shapes, inference="none", abort_on_first=False,
            allow_warnings=False, advanced=False, meta_shacl=False,
        )
    except Exception as exc:  # pyshacl reports broken shapes as ReportableRuntimeError and friends
        raise ValidationSetupError(f"cannot validate: {_where(exc)}") from None
    # Property shapes are blank nodes; report each result under the NodeShape that owns it.
    owner = {prop: node for node, prop in shapes.subject_objects(SH.property)}
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        source = results.value(result, SH.sourceShape)
        violations.append(Violation(
            shape=str(owner.get(source, source)),
            focus=_text(results, result, SH.focusNode),
            path=_text(results, result, SH.resultPath),
            component=_text(results, result, SH.sourceConstraintComponent),
            severity=_text(results, result, SH.resultSeverity),
            message=_text(results, result, SH.resultMessage),
            value=_text(results, result, SH.value),
        ))
    return Report(bool(conforms), violations, results)
