# Search text: the lower-cased names of each barrier and of its solutions, as values of the barrier,
# so that a keyword search scans one predicate (about 27,000 short strings at 1M triples) instead
# of looking up the name of every barrier and solution pair. The questions still test each name
# on its own for the rows they show; this only picks the barriers.

PREFIX amhe: <https://w3id.org/amhe/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

DELETE { ?entity amhe:searchText ?text }
WHERE { ?entity amhe:searchText ?text } ;

# Each UNION branch starts from amhe:hasSolution: with the join outside the UNION, Oxigraph reads
# every label in the store for it (86 s at 1M triples, against 1 s).
INSERT { ?barrier amhe:searchText ?text }
WHERE {
  { ?barrier amhe:hasSolution ?anySolution ;
             rdfs:label ?name . }
  UNION
  { ?barrier amhe:hasSolution ?solution .
    ?solution rdfs:label ?name . }
  BIND(LCASE(STR(?name)) AS ?text)
}
