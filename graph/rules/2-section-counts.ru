# Section counts: how many entities of the graph each source section gave rise to
# (prov:wasDerivedFrom, audit findings included) and of which classes of the ontology.
# Computed at build time, after the audit, so that listing the sections does not scan the graph.

PREFIX amhe: <https://w3id.org/amhe/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>

DELETE { ?section amhe:derivedEntityCount ?n }
WHERE { ?section amhe:derivedEntityCount ?n } ;

DELETE { ?section amhe:derivedEntityClass ?class }
WHERE { ?section amhe:derivedEntityClass ?class } ;

INSERT { ?section amhe:derivedEntityCount ?count }
WHERE {
  ?section a amhe:SourceSection .
  OPTIONAL {
    SELECT ?section (COUNT(DISTINCT ?entity) AS ?derived)
    WHERE { ?entity prov:wasDerivedFrom ?section }
    GROUP BY ?section
  }
  BIND(COALESCE(?derived, 0) AS ?count)
} ;

INSERT { ?section amhe:derivedEntityClass ?class }
WHERE {
  ?section a amhe:SourceSection .
  ?entity prov:wasDerivedFrom ?section ;
          a ?class .
  FILTER(STRSTARTS(STR(?class), "https://w3id.org/amhe/ontology#"))
}
