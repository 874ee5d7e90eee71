package io.dock2ledger.intake;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check that a large file's events post while it is still read (intake commits in chunks, IntakeChunks), from the
 * hub's own audit times after the fact, not from timing: the file's first POSTED comes before its last VALIDATED, and
 * some of its events posted before that last one was read. With one commit per file neither can hold.
 */
final class PostedWhileRead {

    private static final String AUDIT = """
            from event_audit a join canonical_event e on e.event_id = a.event_id
            where e.source_document like ? and a.stage = ?""";

    private PostedWhileRead() {
    }

    /** @param sourceDocuments a LIKE pattern naming the file's business documents, e.g. {@code SHP-CHUNK-%} */
    static void assertFor(JdbcTemplate jdbc, String sourceDocuments) {
        Timestamp firstPosted = jdbc.queryForObject("select min(a.at) " + AUDIT, Timestamp.class, sourceDocuments, "POSTED");
        // When intake accepted each event, mapped and valid: its VALIDATED stage, on its own row (migration V76).
        Timestamp lastRead = jdbc.queryForObject("select max(accepted_at) from canonical_event where source_document like ?",
                Timestamp.class, sourceDocuments);
        Integer postedBeforeEnd = jdbc.queryForObject("select count(*) " + AUDIT + " and a.at < ?", Integer.class,
                sourceDocuments, "POSTED", lastRead);
        assertThat(firstPosted).as("the file's first posting came before its last document was read").isBefore(lastRead);
        assertThat(postedBeforeEnd).as("documents posted while the file was still being read").isPositive();
    }
}
