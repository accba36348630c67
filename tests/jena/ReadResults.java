// Reads SPARQL results files with Apache Jena's own parsers and prints what Jena understood, so that a
// Python test can compare it with the answer that was written:
//   file <path>
//   boolean <true|false>                         (an ASK answer)
//   vars <name> <name> ...                       (a SELECT answer: its variables, then one line per binding)
//   row <n> <name> <term in N-Triples form>      (unbound variables print nothing)
// Usage: java -cp <jena jars> ReadResults.java <json|csv|tsv|xml> <file> [<format> <file> ...]
// (several files in one run, so the JVM starts once).
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.Map;

import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.out.NodeFmtLib;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.apache.jena.sparql.resultset.ResultsReader;
import org.apache.jena.sparql.resultset.SPARQLResult;

public class ReadResults {
    public static void main(String[] args) throws Exception {
        Map<String, Lang> langs = Map.of("json", ResultSetLang.RS_JSON, "csv", ResultSetLang.RS_CSV,
                                         "tsv", ResultSetLang.RS_TSV, "xml", ResultSetLang.RS_XML);
        for (int i = 0; i + 1 < args.length; i += 2) {
            System.out.println("file " + args[i + 1]);
            try (InputStream in = new FileInputStream(args[i + 1])) {
                SPARQLResult result = ResultsReader.create().forceLang(langs.get(args[i])).build().readAny(in);
                if (result.isBoolean()) {
                    System.out.println("boolean " + result.getBooleanResult());
                    continue;
                }
                ResultSet rows = result.getResultSet();
                System.out.println("vars " + String.join(" ", rows.getResultVars()));
                int n = 0;
                while (rows.hasNext()) {
                    QuerySolution row = rows.next();
                    for (String name : rows.getResultVars()) {
                        RDFNode node = row.get(name);
                        if (node != null) {
                            System.out.println("row " + n + " " + name + " " + NodeFmtLib.strNT(node.asNode()));
                        }
                    }
                    n++;
                }
            }
        }
    }
}
