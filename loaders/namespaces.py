"""The namespaces this edition uses, as plain strings: one definition each for every stage.

Plain strings, not rdflib namespaces, so the answering path (queries/, the search index) can use
them without importing rdflib; ``loaders.vocab`` wraps them in rdflib namespaces for the loaders.
"""

BASE = "https://w3id.org/amhe/"
ONTOLOGY_IRI = BASE + "ontology"
AMHE = ONTOLOGY_IRI + "#"
LEGISLATION = "http://www.legislation.gov.uk/id/"

BIBO = "http://purl.org/ontology/bibo/"
DCTERMS = "http://purl.org/dc/terms/"
ELI = "http://data.europa.eu/eli/ontology#"
PROV = "http://www.w3.org/ns/prov#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = RDF + "type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SCHEMA = "https://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"

# The label an entity is shown with: the first of these it has.
LABEL_PREDICATES = (SKOS + "prefLabel", RDFS + "label", SCHEMA + "name")
