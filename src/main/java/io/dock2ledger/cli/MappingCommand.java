package io.dock2ledger.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dock2ledger.canonical.CanonicalJson;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The mapping developer loop: runs a partner's mapping on a sample file and prints the canonical events, and every
 * mapping, master-data or schema problem, without starting the hub (no Spring, no broker, no database; the hub's own
 * map-document and prepare-event routes run in a small Camel context, see {@link MappingRun}):
 * <pre>
 * mvn -q -o compile exec:java -Dexec.mainClass=io.dock2ledger.cli.MappingCommand \
 *     -Dexec.args="acme-3pl config/demo/inbound/acme-3pl/945_SHP-9002.x12"
 * </pre>
 * Arguments: partner id, file, and optionally the document type (otherwise picked from the partner's file patterns).
 * Reads {@code config/}, {@code mappings/} and {@code routes/} of the working directory (override with
 * {@code -Ddock2ledger.config-dir}, {@code -Ddock2ledger.mappings-dir} and {@code -Ddock2ledger.routes-dir}). Exit code 0 when every document mapped cleanly, 1 when there were
 * problems, 2 on wrong arguments.
 */
public final class MappingCommand {

    private static final Logger QUIET_LOGGERS = Logger.getLogger("io.xlate");

    private final MappingRun run;
    private final PrintStream out;
    private final ObjectMapper json = CanonicalJson.newMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public MappingCommand(MappingRun run, PrintStream out) {
        this.run = run;
        this.out = out;
    }

    public static void main(String[] args) {
        // StAEDI logs schema details through java.util.logging; the developer wants the events, not those.
        QUIET_LOGGERS.setLevel(Level.SEVERE);
        // Camel's start-up and the hub's INFO lines are not what the developer asked for either.
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        Path config = Path.of(System.getProperty("dock2ledger.config-dir", "config"));
        Path mappings = Path.of(System.getProperty("dock2ledger.mappings-dir", "mappings"));
        int exit;
        try (MappingRun run = MappingRun.fromProject(config, mappings, Clock.systemUTC())) {
            exit = new MappingCommand(run, System.out).execute(args);
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            exit = 2;
        }
        System.exit(exit);
    }

    /** Runs the command; returns the exit code. */
    public int execute(String... args) {
        if (args.length < 2 || args.length > 3) {
            out.println("usage: MappingCommand <partner> <file> [document type]");
            return 2;
        }
        MappingRun.FileResult result;
        try {
            result = args.length == 3 ? run.run(args[0], args[2], Path.of(args[1])) : run.run(args[0], Path.of(args[1]));
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            return 2;
        }
        out.println("# " + args[1] + " as " + result.partner() + " " + result.documentType() + ": "
                + result.documents().size() + " document(s), " + result.events().size() + " canonical event(s), "
                + result.problems().size() + " problem(s)");
        for (MappingRun.DocumentResult document : result.documents()) {
            out.println("## document " + document.position() + " (" + document.documentType() + ")");
            document.events().forEach(e -> out.println(write(e)));
            if (document.events().isEmpty() && document.problems().isEmpty()) {
                out.println("# no event: the mapping returns [] (the document carries nothing for finance)");
            }
            document.problems().forEach(p -> out.println("PROBLEM " + p));
        }
        result.fileProblems().forEach(p -> out.println("PROBLEM " + p));
        result.acknowledgments().forEach(a -> out.println("# acknowledgment the hub would write to the outbox: " + a));
        return result.problems().isEmpty() ? 0 : 1;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
