// Reads a JSON-LD file with jsonld.js and prints its triples as N-Quads (tests/test_jsonld.py compares
// them with the graph). Nothing remote: a document loader that refuses every URL.
const fs = require("fs");
const jsonld = require("jsonld");

const refuse = async (url) => { throw new Error(`refused to load ${url}`); };
const doc = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
jsonld.toRDF(doc, { format: "application/n-quads", documentLoader: refuse, safe: true })
  .then((nquads) => process.stdout.write(nquads))
  .catch((err) => { console.error(err.message || err); process.exit(1); });
