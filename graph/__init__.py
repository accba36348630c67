"""The graph: build it from the source tables, validate it, reconcile it, export it, cache it."""

from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = PACKAGE_ROOT / "ontology"
ONTOLOGY = ONTOLOGY_DIR / "amhe.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
JSONLD_CONTEXT = ONTOLOGY_DIR / "context.jsonld"
# The export formats and their file suffixes; here, not in graph/export.py, so the CLI lists them without rdflib.
EXPORT_FORMATS = {"turtle": ".ttl", "json-ld": ".jsonld", "nt": ".nt"}
