package io.dock2ledger.operations;

import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.config.HubProperties;
import io.dock2ledger.exceptions.ExceptionRecord;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the workbench shows as an exception's source: the stored canonical event, or the partner's raw file (archived
 * or quarantined), the first {@value #SHOWN_BYTES} bytes of it. Only files under the hub's partner folders are read,
 * whatever a payload reference says.
 */
public class ExceptionPayloads {

    static final int SHOWN_BYTES = 64 * 1024;

    /** @param rawFileId the raw file to link to, when there is one */
    public record Payload(String kind, String content, boolean truncated, String rawFileId) {
    }

    private final JdbcTemplate jdbc;
    private final HubProperties hub;

    public ExceptionPayloads(JdbcTemplate jdbc, HubProperties hub) {
        this.jdbc = jdbc;
        this.hub = hub;
    }

    public Payload of(ExceptionRecord exception) {
        String rawFileId = exception.rawFileId();
        if (exception.eventId() != null) {
            // The stored event and the file it came from, in one read.
            Optional<Payload> stored = jdbc.query("select p.payload, e.raw_file_id from canonical_event e "
                            + CanonicalEventStore.WITH_PAYLOAD + " where e.event_id = ?",
                    (rs, n) -> new Payload("stored canonical event " + exception.eventId(), rs.getString(1), false,
                            rs.getString(2)), exception.eventId()).stream().findFirst();
            if (stored.isPresent()) {
                return stored.get();
            }
        }
        if (rawFileId != null) {
            return rawFile(rawFileId).map(file -> withContent("raw file " + file.getFileName(), file, rawFileId))
                    .orElse(new Payload("raw file " + rawFileId, "(not recorded)", false, null));
        }
        if (exception.payloadRef() != null && !exception.payloadRef().contains(":")) {
            Path quarantined = Path.of(exception.payloadRef());
            if (insidePartnerFolders(quarantined) && Files.isRegularFile(quarantined)) {
                return withContent("quarantined file " + quarantined.getFileName(), quarantined, null);
            }
        }
        return new Payload("payload", exception.payloadRef() == null ? "(none kept)" : exception.payloadRef(), false, null);
    }

    /** The archived copy of a raw file, if it is recorded and under the partner folders. */
    public Optional<Path> rawFile(String rawFileId) {
        List<Map<String, Object>> rows = jdbc.queryForList("select archive_path from raw_file where id = ?", rawFileId);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Path path = Path.of((String) rows.get(0).get("archive_path"));
        return insidePartnerFolders(path) && Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    private boolean insidePartnerFolders(Path path) {
        return path.toAbsolutePath().normalize().startsWith(hub.partnersDir().toAbsolutePath().normalize());
    }

    private static Payload withContent(String kind, Path file, String rawFileId) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(SHOWN_BYTES + 1);
            boolean truncated = head.length > SHOWN_BYTES;
            String text = new String(head, 0, Math.min(head.length, SHOWN_BYTES), StandardCharsets.UTF_8);
            return new Payload(kind, text, truncated, rawFileId);
        } catch (IOException e) {
            return new Payload(kind, "(cannot be read: " + e.getMessage() + ")", false, rawFileId);
        }
    }
}
