package io.dock2ledger.intake;

import io.dock2ledger.config.HubProperties;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.ExceptionListener;
import io.dock2ledger.exceptions.ExceptionRecord;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Tells a partner that a business document of its file failed (issue 12): besides the exception for the operators, one
 * line in {@code outbox/<archived file name>.reason} in the partner's folder (its SFTP home), for every document of the
 * file that became an exception, in intake (an unknown item) or in posting (an over-shipment). A malformed file keeps
 * its {@code .reason} beside it in {@code error/}. The format is in docs/partners.md, "When a document fails":
 * <pre>document id TAB category TAB message</pre>
 * one line per failed document, UTF-8, no header; a control character in a message is written as a U+XXXX escape.
 */
public class PartnerFailureNotices implements ExceptionListener {

    private final JdbcTemplate jdbc;
    private final HubProperties hub;

    public PartnerFailureNotices(JdbcTemplate jdbc, HubProperties hub) {
        this.jdbc = jdbc;
        this.hub = hub;
    }

    @Override
    public void recorded(ExceptionCategory category, String partner, String sourceDocument, String eventId,
                         String reason, String payloadRef) {
        String rawFileId = rawFileOf(payloadRef);
        if (rawFileId == null) {
            return; // a whole file (its .reason is in error/), an outbound document, a message without a file
        }
        List<Map<String, Object>> rows = jdbc.queryForList("select partner, archive_path from raw_file where id = ?",
                rawFileId);
        if (rows.isEmpty()) {
            return;
        }
        String filePartner = (String) rows.get(0).get("partner");
        String archived = Path.of((String) rows.get(0).get("archive_path")).getFileName().toString();
        Path notice = hub.partnerFolder(filePartner).resolve("outbox").resolve(archived + ".reason");
        append(notice, clean(sourceDocument) + '\t' + category + '\t' + clean(reason));
    }

    private String rawFileOf(String payloadRef) {
        if (payloadRef == null) {
            return null;
        }
        if (payloadRef.startsWith(ExceptionRecord.RAW_FILE_PREFIX)) {
            return payloadRef.substring(ExceptionRecord.RAW_FILE_PREFIX.length()).split(" ")[0];
        }
        if (payloadRef.startsWith("event:")) {
            String eventId = payloadRef.substring("event:".length()).split(" ")[0];
            return jdbc.queryForList("select raw_file_id from canonical_event where event_id = ?", String.class, eventId)
                    .stream().filter(id -> id != null).findFirst().orElse(null);
        }
        return null;
    }

    /**
     * Adds a line, written beside the notice under a hidden name and moved into place, so a partner never reads a
     * half-written notice. Synchronized: posting consumers may fail documents of one file at the same time.
     */
    private synchronized void append(Path notice, String line) {
        try {
            Files.createDirectories(notice.getParent());
            String before = Files.exists(notice) ? Files.readString(notice, StandardCharsets.UTF_8) : "";
            Path written = notice.resolveSibling("." + notice.getFileName() + ".tmp");
            Files.writeString(written, before + line + "\n", StandardCharsets.UTF_8);
            Files.move(written, notice, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the partner notice " + notice, e);
        }
    }

    private static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
