package io.dock2ledger.posting.store;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * The idempotency ledger: one row per business document (partner, event type, document id) ever posted, with
 * the fingerprint of its content. Its primary key is what makes "the same document never posts twice" hold for
 * any number of hub instances: the row is written in the same transaction as the finance documents, and a
 * second writer of the same key finds it taken (after waiting for the first to commit) and posts nothing.
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
     * Claims the key for the posting transaction, unless the ledger has it already: one statement for the usual case,
     * a document seen for the first time ({@link #find} first was a second round trip for every posting). A concurrent
     * claim not yet committed holds this insert on the key until it commits (then this returns false) or rolls back
     * (then this claims it). On H2 a claim held longer than the lock timeout fails with a lock timeout instead.
     *
     * @return true if this transaction now holds the key; false if another posting did, whose entry {@link #find} reads
     */
    public boolean claim(String partner, String eventType, String documentId, String fingerprint, String eventId,
                         Instant at) {
        return jdbc.update("""
                insert into posting_ledger (partner, event_type, document_id, fingerprint, event_id, posted_at)
                values (?, ?, ?, ?, ?, ?) on conflict do nothing""",
                partner, eventType, documentId, fingerprint, eventId, Timestamp.from(at)) == 1;
    }

    /** Gives back a key claimed in this transaction whose event was not decided for good (it waits, or failed). */
    public void release(String partner, String eventType, String documentId) {
        jdbc.update("delete from posting_ledger where partner = ? and event_type = ? and document_id = ?",
                partner, eventType, documentId);
    }
}
