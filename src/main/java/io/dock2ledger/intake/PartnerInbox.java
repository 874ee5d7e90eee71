package io.dock2ledger.intake;

import io.dock2ledger.config.HubProperties;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.intake.read.InboundFile;
import io.dock2ledger.partners.Partner;
import io.dock2ledger.partners.PartnerDocument;
import io.dock2ledger.partners.PartnerFileNames;
import io.dock2ledger.partners.PartnerRegistry;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Receives files from partner folders ({@code data/partners/<partner>/inbox/}): says which partner and document
 * type a file is, records it with its SHA-256 checksum and decides where it is archived (or quarantined), so the
 * raw input of every event can be found again.
 */
public class PartnerInbox {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private final HubProperties hub;
    private final PartnerRegistry partners;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public PartnerInbox(HubProperties hub, PartnerRegistry partners, JdbcTemplate jdbc, Clock clock) {
        this.hub = hub;
        this.partners = partners;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Identifies and records a file of a partner inbox.
     *
     * @throws HubException UNKNOWN_DOCUMENT if the partner or the file name is not in the registry; the returned
     *                      error target is still known, through {@link #quarantineTarget}
     */
    public InboundFile receive(String absolutePath) {
        Path path = Path.of(absolutePath);
        String partnerId = partnerOf(path);
        Instant now = clock.instant();
        Partner partner = partners.partner(partnerId).orElseThrow(() -> new HubException(ExceptionCategory.UNKNOWN_DOCUMENT,
                "File " + path.getFileName() + " is in the folder of partner '" + partnerId
                        + "', which has no file in config/partners/"));
        String fileName = path.getFileName().toString();
        PartnerFileNames.problem(fileName).ifPresent(problem -> {
            throw new HubException(ExceptionCategory.FILE_NAME_REFUSED, "File name '"
                    + PartnerFileNames.printable(fileName) + "' refused: " + problem);
        });
        PartnerDocument document = partner.documentForFile(fileName)
                .orElseThrow(() -> new HubException(ExceptionCategory.UNKNOWN_DOCUMENT, "File " + fileName
                        + " matches none of the document types of partner " + partnerId + " (file patterns: "
                        + partner.documents().stream().map(PartnerDocument::filePattern).toList() + ")"));
        long size = size(path);
        if (size == 0) {
            throw new HubException(ExceptionCategory.MALFORMED_FILE, "File " + fileName + " is empty (0 bytes): there is "
                    + "nothing to read. Send it again with its content, uploaded under a temporary name (.part or .tmp) "
                    + "and renamed once complete.");
        }
        String rawFileId = UUID.randomUUID().toString();
        String sha256 = sha256(path);
        Path archive = archivePath(partnerId, fileName, now);
        recordRawFile(rawFileId, partnerId, fileName, sha256, size, now, archive);
        return new InboundFile(rawFileId, partnerId, document, path, sha256, size, archive,
                errorPath(partnerId, fileName, now));
    }

    /**
     * Archives a message that arrived by JMS or webhook the way a file is archived: its bytes under the partner's
     * {@code archive/yyyy/MM/dd/} and a {@code raw_file} row, so that its events (or exceptions) point back to it and
     * nothing that was received can be lost.
     *
     * @param name a name for the archived copy, e.g. {@code jms-<message id>.json}
     * @return the raw file id
     */
    public String archiveMessage(String partnerId, String name, byte[] content) {
        Instant now = clock.instant();
        String safeName = name.replaceAll("[^A-Za-z0-9._-]", "_");
        Path archive = archivePath(partnerId, safeName, now);
        try {
            Files.createDirectories(archive.getParent());
            Files.write(archive, content);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot archive message " + name + " of " + partnerId, e);
        }
        String rawFileId = UUID.randomUUID().toString();
        String sha256;
        try {
            sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        recordRawFile(rawFileId, partnerId, safeName, sha256, content.length, now, archive);
        return rawFileId;
    }

    /**
     * Where a file that the inbox route does not read is quarantined, under a safe name
     * ({@link PartnerFileNames#safeVersion}); the original name goes in its reason.
     */
    public Path unreadFileTarget(String partnerId, String fileName) {
        return errorPath(partnerId, fileName, clock.instant());
    }

    /**
     * Where a file goes when it cannot be read at all, known even when {@link #receive} failed. The name there is
     * always a safe one ({@link PartnerFileNames#safeVersion}): the file's own name when it is acceptable.
     */
    public String quarantineTarget(String absolutePath) {
        Path path = Path.of(absolutePath);
        return errorPath(partnerOf(path), path.getFileName().toString(), clock.instant()).toString();
    }

    /** True for a file directly in a partner's inbox folder. */
    public boolean isInInbox(Path file) {
        Path relative = hub.partnersDir().toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
        return relative.getNameCount() == 3 && "inbox".equals(relative.getName(1).toString());
    }

    private Path archivePath(String partnerId, String fileName, Instant at) {
        return hub.partnerFolder(partnerId).resolve("archive").resolve(DAY.format(at)).resolve(stamped(fileName, at));
    }

    private Path errorPath(String partnerId, String fileName, Instant at) {
        return hub.partnerFolder(partnerId).resolve("error").resolve(stamped(PartnerFileNames.safeVersion(fileName), at));
    }

    private void recordRawFile(String id, String partnerId, String fileName, String sha256, long size, Instant at,
                               Path archive) {
        jdbc.update("""
                insert into raw_file (id, partner, file_name, sha256, size_bytes, received_at, archive_path)
                values (?, ?, ?, ?, ?, ?, ?)""",
                id, partnerId, fileName, sha256, size, Timestamp.from(at), archive.toString());
    }

    /**
     * Writes {@code <quarantined file>.reason}, the sentence a partner or operator reads first: one line, whatever the
     * partner's data in it (a control character is written as a U+XXXX escape, so no line of it can pass for another
     * line, and it starts with the category, never with a spreadsheet formula character).
     */
    public void writeReason(String quarantinedPath, String reason) {
        try {
            Path reasonFile = Path.of(quarantinedPath + ".reason");
            Files.createDirectories(reasonFile.getParent());
            // Written beside it under a hidden name and moved into place: a partner (over SFTP) or a test never
            // reads a reason file that exists but is still empty.
            Path written = reasonFile.resolveSibling("." + reasonFile.getFileName() + ".tmp");
            Files.writeString(written, oneLine(reason) + System.lineSeparator());
            Files.move(written, reasonFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the reason file for " + quarantinedPath, e);
        }
    }

    private static String oneLine(String text) {
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

    private String partnerOf(Path file) {
        Path relative = hub.partnersDir().toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
        if (relative.getNameCount() < 3 || !"inbox".equals(relative.getName(1).toString())) {
            throw new HubException(ExceptionCategory.UNKNOWN_DOCUMENT, "File " + file + " is not in a partner inbox");
        }
        return relative.getName(0).toString();
    }

    private static String stamped(String fileName, Instant at) {
        int dot = fileName.lastIndexOf('.');
        String stamp = "." + STAMP.format(at);
        return dot <= 0 ? fileName + stamp : fileName.substring(0, dot) + stamp + fileName.substring(dot);
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(Path path) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
