"""The machine formats are the W3C ones: what `amhe` writes as SPARQL results JSON or CSV, rdflib's and
Apache Jena's result parsers read back as the same answer.

JSON keeps whole terms (value, datatype, language), so it must come back term for term. SPARQL CSV keeps
only each term's text (blank nodes as ``_:label``), so it must come back as the same text, IRIs as IRIs.
An ASK answer is ``{"head": {}, "boolean": ...}`` in JSON and ``true``/``false`` under the header
``_askResult`` in CSV, the form Jena writes and reads.

Jena comes from Debian (``libapache-jena-java``, run as a single-file Java program, which needs a JDK);
``.ci/run`` installs both. Without them the Jena test is skipped, except under CI (``CI=true``), where a
missing tool fails the run.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib.query import Result
from rdflib.util import from_n3

from amhe.cli import main
from amhe.queries.engine import RdflibEngine
from amhe.queries.render import render
from amhe.queries.terms import Answer, Term, term_key

PREFIXES = """PREFIX amhe: <https://w3id.org/amhe/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
# Between them: IRIs, simple literals with commas and quotes, language-tagged labels, xsd:integer,
# xsd:decimal, xsd:gYear, xsd:boolean, unbound variables and blank nodes.
SELECTS = {
    "references": PREFIXES + """SELECT ?reference ?number ?title ?year ?etAl ?label ?missing WHERE {
        ?reference amhe:referenceNumber ?number ; dcterms:title ?title ; rdfs:label ?label .
        OPTIONAL { ?reference dcterms:issued ?year } OPTIONAL { ?reference amhe:etAl ?etAl }
        OPTIONAL { ?reference amhe:noSuchProperty ?missing }
        FILTER(?number <= 12) } ORDER BY ?number""",
    "claims": PREFIXES + """SELECT ?claim ?label ?low ?high WHERE {
        ?claim a amhe:Claim ; rdfs:label ?label ; amhe:valueLow ?low . OPTIONAL { ?claim amhe:valueHigh ?high }
        } ORDER BY ?claim LIMIT 15""",
    "blank-nodes": PREFIXES + """SELECT ?n ?blank WHERE {
        VALUES ?n { 1 2 } BIND(BNODE() AS ?blank) }""",
}
ASKS = {
    "ask-true": "ASK { ?s a <https://w3id.org/amhe/ontology#Intervention> }",
    "ask-false": "ASK { ?s a <https://w3id.org/amhe/ontology#NoSuchClass> }",
}


@pytest.fixture(scope="module")
def answers(built) -> dict[str, Answer]:
    engine = RdflibEngine(built)
    out = {name: engine.select(text) for name, text in SELECTS.items()}
    for name, text in ASKS.items():  # through the command, as a user gets them
        doc = CliRunner().invoke(main, ["sparql", text, "--format", "json"])
        assert doc.exit_code == 0, doc.output
        out[name] = Answer(["ask"], [], json.loads(doc.stdout)["boolean"])
    kinds = {t.datatype for a in out.values() for row in a.rows for t in row if t is not None and t.kind == "literal"}
    assert {None, "http://www.w3.org/2001/XMLSchema#integer", "http://www.w3.org/2001/XMLSchema#decimal",
            "http://www.w3.org/2001/XMLSchema#gYear", "http://www.w3.org/2001/XMLSchema#boolean"} <= kinds
    assert any(t is not None and t.lang for a in out.values() for row in a.rows for t in row)
    assert any(t is not None and t.kind == "bnode" for a in out.values() for row in a.rows for t in row)
    return out


def from_rdflib(term) -> Term | None:
    from rdflib import BNode, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return Term("uri", str(term))
    if isinstance(term, BNode):
        return Term("bnode", str(term))
    return Term("literal", str(term), str(term.datatype) if term.datatype else None, term.language)


def csv_text(term: Term | None) -> tuple[str, str]:
    """What SPARQL CSV keeps of a term: its kind as a CSV reader can tell it, and its text."""
    if term is None or term.value == "" and term.kind == "literal":
        return ("", "")
    if term.kind == "bnode":
        return ("bnode", "")  # labels are the reader's own
    return (term.kind, term.value)


def test_ask_answers_are_the_w3c_forms():
    for text, expected in ((ASKS["ask-true"], True), (ASKS["ask-false"], False)):
        json_out = CliRunner().invoke(main, ["sparql", text, "--format", "json"])
        csv_out = CliRunner().invoke(main, ["sparql", text, "--format", "csv"])
        assert json_out.stdout == f'{{"head": {{}}, "boolean": {"true" if expected else "false"}}}\n'
        assert csv_out.stdout_bytes == f"_askResult\r\n{'true' if expected else 'false'}\r\n".encode()


def test_blank_nodes_in_csv_keep_their_prefix():
    out = CliRunner().invoke(main, ["sparql", SELECTS["blank-nodes"], "--format", "csv"]).stdout
    cells = [line.split(",")[1] for line in out.splitlines()[1:]]
    assert len(cells) == 2 and all(c.startswith("_:") and len(c) > 2 for c in cells), out


@pytest.mark.parametrize("name", sorted(SELECTS) + sorted(ASKS))
def test_rdflib_reads_json_back_term_for_term(answers, name):
    answer = answers[name]
    parsed = Result.parse(io.StringIO(render(answer, "json")), format="json")
    if answer.boolean is not None:
        assert parsed.type == "ASK" and parsed.askAnswer is answer.boolean
        return
    assert [str(v) for v in parsed.vars] == answer.vars
    back = [[term_key(from_rdflib(b.get(v))) for v in parsed.vars] for b in parsed.bindings]
    assert back == [[term_key(t) for t in row] for row in answer.rows]


@pytest.mark.parametrize("name", sorted(SELECTS))
def test_rdflib_reads_csv_back_as_the_same_text(answers, name):
    answer = answers[name]
    parsed = Result.parse(io.StringIO(render(answer, "csv")), format="csv")
    assert [str(v) for v in parsed.vars] == answer.vars
    back = [[csv_text(from_rdflib(b.get(v))) for v in parsed.vars] for b in parsed.bindings]
    assert back == [[csv_text(t) for t in row] for row in answer.rows]


# Apache Jena from Debian: libapache-jena-java and the jars it depends on.
JAVA_DIR = Path("/usr/share/java")
JENA_JARS = ["jena-arq", "jena-base", "jena-core", "jena-iri", "commons-cli", "commons-codec", "commons-compress",
             "commons-csv", "commons-io", "commons-lang3", "dexx.collection", "gson", "guava", "httpclient", "httpcore",
             "jackson-annotations", "jackson-core", "jackson-databind", "jakarta.json-api", "jsonld-java", "protobuf",
             "slf4j-api", "slf4j-nop", "thrift", "titanium-json-ld"]
READER = Path(__file__).parent / "jena" / "ReadResults.java"


def jena_classpath(tmp: Path) -> str:
    """The class path for Jena's result readers, or skip (fail under CI) when Java or Jena is missing."""
    missing = [f"{name}.jar" for name in JENA_JARS if not (JAVA_DIR / f"{name}.jar").exists()]
    java = shutil.which("java")
    if java and not missing:
        modules = subprocess.run([java, "--list-modules"], capture_output=True, text=True).stdout
        if "jdk.compiler" not in modules:
            missing.append("a JDK (java runs ReadResults.java from source)")
    else:
        missing += [] if java else ["java"]
    if missing:
        message = f"Apache Jena's result parsers need {', '.join(missing)} (Debian: libapache-jena-java, " \
                  "default-jdk-headless; .ci/run installs them)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    # Debian's jena-core moved Xerces's classes to the package `xerces` but left the regular-expression
    # messages under org/apache/jena/ext/xerces, so Jena fails to start; give them where the classes look.
    shim = tmp / "jena-shim"
    with zipfile.ZipFile(JAVA_DIR / "jena-core.jar") as jar:
        prefix = "org/apache/jena/ext/xerces/impl/xpath/regex/"
        for name in jar.namelist():
            if name.startswith(prefix) and name.endswith(".properties"):
                target = shim / "xerces/impl/xpath/regex" / name.removeprefix(prefix)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    return os.pathsep.join([str(JAVA_DIR / f"{name}.jar") for name in JENA_JARS] + [str(shim)])


def read_with_jena(tmp: Path, files: list[tuple[str, Path]]) -> dict[str, list[str]]:
    classpath = jena_classpath(tmp)
    args = [part for fmt, path in files for part in (fmt, str(path))]
    run = subprocess.run(["java", "-cp", classpath, str(READER), *args], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    out: dict[str, list[str]] = {}
    for line in run.stdout.splitlines():
        if line.startswith("file "):
            current = out.setdefault(line[5:], [])
        else:
            current.append(line)
    return out


def jena_rows(lines: list[str], answer: Answer) -> tuple[list[str], list[dict[str, Term | None]]]:
    names = lines[0].split(" ")[1:] if lines[0] != "vars" else []
    rows: list[dict[str, Term | None]] = [{} for _ in answer.rows]
    for line in lines[1:]:
        _, n, name, nt = line.split(" ", 3)
        rows[int(n)][name] = from_rdflib(from_n3(nt))
    return names, rows


def test_jena_reads_json_and_csv_back(answers, tmp_path):
    files, expected = [], {}
    for name, answer in answers.items():
        for fmt in ("json", "csv"):
            path = tmp_path / f"{name}.{fmt}"
            path.write_text(render(answer, fmt), encoding="utf-8")
            files.append((fmt, path))
            expected[str(path)] = (fmt, answer)
    read = read_with_jena(tmp_path, files)
    assert set(read) == set(expected)
    for path, (fmt, answer) in expected.items():
        lines = read[path]
        if answer.boolean is not None:
            assert lines == [f"boolean {'true' if answer.boolean else 'false'}"], path
            continue
        names, rows = jena_rows(lines, answer)
        assert names == answer.vars, path
        if fmt == "json":
            assert [[term_key(row.get(v)) for v in names] for row in rows] == \
                [[term_key(t) for t in row] for row in answer.rows], path
        else:  # Jena reads every CSV cell as a string: only the text is compared
            def text(t: Term | None) -> str:
                return "" if t is None else ("_:" if t.kind == "bnode" else "") + t.value

            got = [[("" if row.get(v) is None else row[v].value) for v in names] for row in rows]
            assert [[g if not g.startswith("_:") else "_:" for g in r] for r in got] == \
                [[text(t) if not text(t).startswith("_:") else "_:" for t in row] for row in answer.rows], path
