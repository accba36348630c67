# Evidence cells: the mapping review's evidence matrix as data.
# One cell per population characteristic (Table 3) and intervention type (Table 2), counting the
# Table 5 interventions of that type aimed at any subtype of that characteristic; a zero cell is an
# evidence gap. Computed from the Table 5 rows at build time (the source prints no such grid).
# Run on rdflib at build time and on Oxigraph by the scale benchmark, so it is plain SPARQL 1.1 Update.

PREFIX amhe: <https://w3id.org/amhe/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

DELETE { ?cell ?p ?o }
WHERE { ?cell a amhe:EvidenceCell ; ?p ?o } ;

INSERT {
  ?cell a amhe:EvidenceCell ;
        rdfs:label ?label ;
        amhe:cellPopulation ?characteristic ;
        amhe:cellInterventionType ?type ;
        amhe:interventionCount ?count ;
        dcterms:source <https://w3id.org/amhe/source/table-5> .
}
WHERE {
  ?characteristic a amhe:PopulationCharacteristic ;
                  skos:notation ?code ;
                  skos:prefLabel ?characteristicLabel .
  ?type a amhe:InterventionType ;
        skos:notation ?notation .
  OPTIONAL {
    SELECT ?characteristic ?type (COUNT(DISTINCT ?intervention) AS ?filled)
    WHERE {
      ?intervention amhe:interventionType ?type ;
                    amhe:targetsPopulation ?subtype .
      ?subtype skos:broader ?characteristic .
    }
    GROUP BY ?characteristic ?type
  }
  BIND(COALESCE(?filled, 0) AS ?count)
  BIND(STRLANG(CONCAT(STR(?code), " ", STR(?characteristicLabel), " × ", STR(?notation)), "en") AS ?label)
  BIND(IRI(CONCAT("https://w3id.org/amhe/evidence-cell/", STRAFTER(STR(?characteristic), "/population/"), "-",
                  LCASE(STR(?notation)))) AS ?cell)
} ;

INSERT { ?cell amhe:cellIntervention ?intervention }
WHERE {
  ?cell a amhe:EvidenceCell ;
        amhe:cellPopulation ?characteristic ;
        amhe:cellInterventionType ?type .
  ?intervention amhe:interventionType ?type ;
                amhe:targetsPopulation ?subtype .
  ?subtype skos:broader ?characteristic .
}
