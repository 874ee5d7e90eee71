package io.dock2ledger.operations;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How far each received file is (issue 12, "files in flight"), derived from what the hub already records: the file
 * ({@code raw_file}, with its document count once checked), each document's canonical events and their settlement
 * ({@code canonical_event.status}), and the open exceptions that name the file or its events ({@code hub_exception}).
 * Nothing is counted twice: a document is one of posted, failed or queued (in flight), by its source document id.
 */
public class FileProgress {

    /**
     * @param total  the documents in the file, null while unknown (not yet checked, or EDI)
     * @param read   documents the hub has turned into events or exceptions so far
     * @param queued documents whose events are accepted and not yet decided by posting (in flight)
     * @param posted documents whose events are all settled without failure (posted, nothing to post, duplicate)
     * @param failed documents with an open exception
     * @param done   every document of a known total read and decided
     */
    public record Progress(String fileId, String partner, String fileName, long sizeBytes, Instant receivedAt,
                           String archivePath, Integer total, int read, int queued, int posted, int failed,
                           boolean done) {

        /** Decided documents out of the total, 0-100, for a progress bar; null while the total is unknown. */
        public Integer percent() {
            return total == null || total == 0 ? null : Math.min(100, (posted + failed) * 100 / total);
        }
    }

    private final JdbcTemplate jdbc;

    public FileProgress(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Progress> of(String fileId) {
        return jdbc.queryForList(FILE + " where id = ?", fileId).stream().findFirst().map(this::progress);
    }

    /** The most recently received files, newest first, optionally of one partner. */
    public List<Progress> recent(String partner, int limit) {
        List<Map<String, Object>> rows = partner == null || partner.isBlank()
                ? jdbc.queryForList(FILE + " order by received_at desc, id fetch first " + limit + " rows only")
                : jdbc.queryForList(FILE + " where partner = ? order by received_at desc, id fetch first " + limit
                        + " rows only", partner);
        return rows.stream().map(this::progress).toList();
    }

    private Progress progress(Map<String, Object> file) {
        String id = (String) file.get("id");
        Set<String> queued = new HashSet<>();
        Set<String> settled = new HashSet<>();
        Set<String> failed = new HashSet<>();
        jdbc.query("select source_document, status from canonical_event where raw_file_id = ?", rs -> {
            String document = rs.getString(1);
            switch (rs.getString(2)) {
                case "ACCEPTED", "WAITING" -> queued.add(document);
                case "FAILED" -> failed.add(document);
                default -> settled.add(document);
            }
        }, id);
        failed.addAll(jdbc.queryForList("""
                select x.source_document from hub_exception x where x.status = 'OPEN' and (x.payload_ref = ?
                    or x.event_id in (select e.event_id from canonical_event e where e.raw_file_id = ?))""",
                String.class, "raw_file:" + id, id));
        // A document with an open exception is failed; one with an event still in flight is queued, not posted.
        queued.removeAll(failed);
        settled.removeAll(failed);
        settled.removeAll(queued);
        Set<String> read = new HashSet<>(queued);
        read.addAll(settled);
        read.addAll(failed);
        Integer total = file.get("document_count") == null ? null : ((Number) file.get("document_count")).intValue();
        boolean done = total != null && read.size() >= total && queued.isEmpty();
        return new Progress(id, (String) file.get("partner"), (String) file.get("file_name"),
                ((Number) file.get("size_bytes")).longValue(), toInstant(file.get("received_at")),
                (String) file.get("archive_path"), total, read.size(), queued.size(), settled.size(), failed.size(), done);
    }

    private static Instant toInstant(Object value) {
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        return value == null ? null : Instant.parse(value.toString());
    }

    private static final String FILE =
            "select id, partner, file_name, size_bytes, received_at, archive_path, document_count from raw_file";
}
