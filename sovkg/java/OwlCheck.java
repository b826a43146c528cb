/*
 * OwlCheck: the OWL API's view of an ontology document, as Protege sees it.
 *
 * Compiled and run by sovkg/owlapi.py against the HermiT.jar that owlready2 ships (HermiT 1.3.8
 * with the OWL API 3.4). Loads one ontology document (RDF/XML, Turtle, OWL/XML, ...), reports
 * the OWL 2 DL profile violations, then runs HermiT WITHOUT ignoring unsupported datatypes:
 * consistency, then classification, then the unsatisfiable classes.
 *
 * Usage: java -cp HermiT.jar:DIR OwlCheck [--map IRI=FILE]... [--no-reasoner] DOCUMENT
 *
 * Output: one record per line, "KEY<TAB>VALUE", VALUE a JSON string or a number/boolean:
 *   ontology "<iri>" | format "..." | axioms N | logical_axioms N | imports N |
 *   closure_axioms N (with the imported ontologies) | triples N |
 *   header_status "..." | unparsed_triple "..." | translated_unparsed_triple "..." |
 *   profile_violation "..." |
 *   consistent true|false | unsatisfiable "<iri>" | classified true|false |
 *   reasoner_error "..." | millis "<phase>" N  (as  millis<TAB>"phase"<TAB>N) | error "..."
 * Exit status: 0 when every phase ran (whatever it found), 3 when the document could not be
 * loaded (then an "error" line says why).
 */

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.semanticweb.HermiT.Configuration;
import org.semanticweb.HermiT.Reasoner;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.io.RDFOntologyFormat;
import org.semanticweb.owlapi.io.RDFParserMetaData;
import org.semanticweb.owlapi.io.RDFLiteral;
import org.semanticweb.owlapi.io.RDFNode;
import org.semanticweb.owlapi.io.RDFResource;
import org.semanticweb.owlapi.io.RDFTriple;
import org.semanticweb.owlapi.model.OWLAnnotation;
import org.semanticweb.owlapi.model.OWLAnnotationValue;
import org.semanticweb.owlapi.model.OWLOntologyFormat;
import org.semanticweb.owlapi.reasoner.InferenceType;
import org.semanticweb.owlapi.util.SimpleIRIMapper;

public final class OwlCheck {

    private static final PrintStream OUT = System.out;

    private OwlCheck() {
    }

    public static void main(String[] args) throws Exception {
        List<String[]> maps = new ArrayList<String[]>();
        boolean reasoner = true;
        String document = null;
        for (int i = 0; i < args.length; i++) {
            if ("--map".equals(args[i]) && i + 1 < args.length) {
                String pair = args[++i];
                int eq = pair.indexOf('=');
                maps.add(new String[] {pair.substring(0, eq), pair.substring(eq + 1)});
            } else if ("--no-reasoner".equals(args[i])) {
                reasoner = false;
            } else {
                document = args[i];
            }
        }
        if (document == null) {
            record("error", json("usage: OwlCheck [--map IRI=FILE]... [--no-reasoner] DOCUMENT"));
            System.exit(2);
        }

        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        // Offline, like Protege with a catalog: only the mapped IRIs resolve, nothing is fetched.
        manager.clearIRIMappers();
        for (String[] map : maps) {
            manager.addIRIMapper(new SimpleIRIMapper(IRI.create(map[0]), IRI.create(new File(map[1]))));
        }
        OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
            .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.THROW_EXCEPTION);

        long start = System.nanoTime();
        OWLOntology ontology;
        try {
            ontology = manager.loadOntologyFromOntologyDocument(
                new FileDocumentSource(new File(document)), config);
        } catch (Exception e) {
            record("error", json(oneLine(e)));
            System.exit(3);
            return;
        }
        millis("load", start);
        IRI iri = ontology.getOntologyID().getOntologyIRI();
        record("ontology", json(iri == null ? "" : iri.toString()));
        record("format", json(String.valueOf(manager.getOntologyFormat(ontology))));
        record("axioms", String.valueOf(ontology.getAxiomCount()));
        record("logical_axioms", String.valueOf(ontology.getLogicalAxiomCount()));
        record("imports", String.valueOf(ontology.getImports().size()));
        int closureAxioms = 0;
        for (OWLOntology member : ontology.getImportsClosure()) {
            closureAxioms += member.getAxiomCount();
        }
        record("closure_axioms", String.valueOf(closureAxioms));
        OWLOntologyFormat format = manager.getOntologyFormat(ontology);
        if (format instanceof RDFOntologyFormat) {
            RDFParserMetaData meta = ((RDFOntologyFormat) format).getOntologyLoaderMetaData();
            if (meta != null) {
                record("triples", String.valueOf(meta.getTripleCount()));
                record("header_status", json(String.valueOf(meta.getHeaderState())));
                List<String> unparsed = new ArrayList<String>();
                List<String> translated = new ArrayList<String>();
                for (RDFTriple triple : meta.getUnparsedTriples()) {
                    String text = oneLine(triple.toString());
                    if (isOntologyAnnotation(ontology, triple)) {
                        translated.add(text);
                    } else {
                        unparsed.add(text);
                    }
                }
                Collections.sort(unparsed);
                Collections.sort(translated);
                for (String triple : unparsed) {
                    record("unparsed_triple", json(triple));
                }
                for (String triple : translated) {
                    record("translated_unparsed_triple", json(triple));
                }
            }
        }

        start = System.nanoTime();
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation violation : report.getViolations()) {
            record("profile_violation", json(violation.getClass().getSimpleName() + ": " + oneLine(violation.toString())));
        }
        millis("profile", start);
        if (!reasoner) {
            return;
        }

        Configuration configuration = new Configuration();
        configuration.ignoreUnsupportedDatatypes = false;
        configuration.throwInconsistentOntologyException = false;
        try {
            start = System.nanoTime();
            Reasoner hermit = new Reasoner(configuration, ontology);
            boolean consistent = hermit.isConsistent();
            millis("consistency", start);
            record("consistent", String.valueOf(consistent));
            if (consistent) {
                start = System.nanoTime();
                hermit.precomputeInferences(InferenceType.CLASS_HIERARCHY);
                boolean classified = hermit.isPrecomputed(InferenceType.CLASS_HIERARCHY);
                millis("classification", start);
                List<String> names = new ArrayList<String>();
                for (OWLClass cls : hermit.getUnsatisfiableClasses().getEntitiesMinusBottom()) {
                    names.add(cls.getIRI().toString());
                }
                Collections.sort(names);
                for (String name : names) {
                    record("unsatisfiable", json(name));
                }
                record("classified", String.valueOf(classified));
            } else {
                record("classified", "false");
            }
            hermit.dispose();
        } catch (Exception e) {
            record("reasoner_error", json(e.getClass().getSimpleName() + ": " + oneLine(e.getMessage())));
        }
    }

    /**
     * True if the OWL API reports a triple as unparsed although it did turn it into an ontology
     * annotation: OWL API 3.4 does so for IRI-valued ontology annotations (dcterms:license).
     */
    private static boolean isOntologyAnnotation(OWLOntology ontology, RDFTriple triple) {
        IRI iri = ontology.getOntologyID().getOntologyIRI();
        RDFResource subject = triple.getSubject();
        if (iri == null || subject.isAnonymous() || !iri.equals(subject.getResource())) {
            return false;
        }
        for (OWLAnnotation annotation : ontology.getAnnotations()) {
            if (!annotation.getProperty().getIRI().equals(triple.getPredicate().getResource())) {
                continue;
            }
            OWLAnnotationValue value = annotation.getValue();
            RDFNode object = triple.getObject();
            if (object.isLiteral() ? value.equals(((RDFLiteral) object).getLiteral())
                    : value.equals(((RDFResource) object).getResource())) {
                return true;
            }
        }
        return false;
    }

    private static void millis(String phase, long start) {
        OUT.println("millis\t" + json(phase) + "\t" + ((System.nanoTime() - start) / 1000000L));
    }

    private static void record(String key, String value) {
        OUT.println(key + "\t" + value);
    }

    private static String oneLine(Object value) {
        if (value instanceof Throwable) {
            Throwable t = (Throwable) value;
            String message = t.getMessage();
            value = t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        }
        return String.valueOf(value).replaceAll("\\s+", " ").trim();
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"').toString();
    }
}
