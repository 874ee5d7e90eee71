package io.dock2ledger.posting.store;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * The idempotency ledger: one row per business document (partner, event type, document id) ever posted, with
 * the fingerprint of its content. Its primary key is what makes "the same document never posts twice" hold for
 * any number of hub instances: the row is written in the same transaction as the finance documents, and a
 * second writer of the same key fails on the key and rolls back everything it did.
 * <p>
 * Why not Camel's JdbcMessageIdRepository: it keeps only a key, so it cannot tell an identical resend (ignore)
 * from a changed one (a possible correction), and it commits in its own transaction rather than with the posting.
 */
public class IdempotencyKeys {

    /** What the ledger knows of a document key. */
    public record Entry(String fingerprint, String eventId, Instant postedAt) {
    }

    private final JdbcTemplate jdbc;

    public IdempotencyKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Entry> find(String partner, String eventType, String documentId) {
        return jdbc.query("""
                        select fingerprint, event_id, posted_at from posting_ledger
                        where partner = ? and event_type = ? and document_id = ?""",
                (rs, n) -> new Entry(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()),
                partner, eventType, documentId).stream().findFirst();
    }

    /**
     * Claims the key for the posting transaction; a concurrent or earlier claim makes this throw DuplicateKeyException
     * (a concurrent one once its transaction has committed: until then the database holds this insert on the key).
     */
    public void claim(String partner, String eventType, String documentId, String fingerprint, String eventId, Instant at) {
        jdbc.update("""
                insert into posting_ledger (partner, event_type, document_id, fingerprint, event_id, posted_at)
                values (?, ?, ?, ?, ?, ?)""",
                partner, eventType, documentId, fingerprint, eventId, Timestamp.from(at));
    }

    /** Gives back a key claimed in this transaction whose event was not decided for good (it waits, or failed). */
    public void release(String partner, String eventType, String documentId) {
        jdbc.update("delete from posting_ledger where partner = ? and event_type = ? and document_id = ?",
                partner, eventType, documentId);
    }
}
