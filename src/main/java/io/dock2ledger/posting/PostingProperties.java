package io.dock2ledger.posting;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * {@code dock2ledger.posting.*}: how long events wait for the events they depend on, and when the sweeper re-drives an
 * event nothing decided. The route-only keys ({@code consumers}, {@code sweep-period}) are read by the routes as
 * placeholders; application.yaml documents all of them.
 *
 * @param waitRetryDelay    first delay before an event that waits for another is tried again; then doubling
 * @param waitRetryMaxDelay the longest delay between two such tries
 * @param maxWait           how long an event may wait before it becomes a DEPENDENCY_TIMEOUT exception
 * @param unsettledAfter    an accepted event no posting decided this long after it arrived is re-driven
 * @param maxRedrives       re-drives of one event before it becomes an UNSETTLED_EVENT exception
 * @param batchSize         most events one posting consumer commits in one database transaction and one JMS commit
 *                          (PostingBatchContainer); 1 posts each event in its own transactions
 * @param batchBytes        ... and stops taking more once its messages make this many bytes: a batch of 100 events of
 *                          10,000 lines would hold a million lines' rows in the heap until its commit
 * @param batchRows         ... or once its events leave this many rows to write at its commit (documents' and
 *                          interface lines, audit rows): they are held in the heap until then, and H2 writes the pages
 *                          of all of them in one go when it commits; a 2-line shipment leaves ~25, one of 10,000 lines
 *                          ~80,000
 * @param batchLinger       how long a batch waits after its first event for more (0: takes only what is waiting)
 * @param numberBlockSize   document numbers a hub takes from a series at a time (FinanceDocumentStore): larger blocks
 *                          spare every posting the hot numbering row; 1 numbers without gaps, in the posting transaction
 */
@ConfigurationProperties(prefix = "dock2ledger.posting")
public record PostingProperties(
        @DefaultValue("30s") Duration waitRetryDelay,
        @DefaultValue("15m") Duration waitRetryMaxDelay,
        @DefaultValue("24h") Duration maxWait,
        @DefaultValue("10m") Duration unsettledAfter,
        @DefaultValue("3") int maxRedrives,
        @DefaultValue("100") int batchSize,
        @DefaultValue("8MB") DataSize batchBytes,
        @DefaultValue("10000") int batchRows,
        @DefaultValue("20ms") Duration batchLinger,
        @DefaultValue("100") int numberBlockSize) {

    /** A batch bound of 0 would let a consumer take no message at all, and posting would stall without a word. */
    public PostingProperties {
        if (batchSize < 1) {
            throw new IllegalArgumentException("dock2ledger.posting.batch-size must be at least 1, is " + batchSize);
        }
        if (batchBytes.toBytes() < 1) {
            throw new IllegalArgumentException("dock2ledger.posting.batch-bytes must be at least 1B, is " + batchBytes);
        }
        if (batchRows < 1) {
            throw new IllegalArgumentException("dock2ledger.posting.batch-rows must be at least 1, is " + batchRows);
        }
    }
}
