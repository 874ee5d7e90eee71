package io.dock2ledger.intake.sftp;

import io.dock2ledger.partners.Partner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Each partner's folder under {@code ${dock2ledger.data-dir}/partners/<id>/} with its four subfolders. Creating
 * them is idempotent, so it is done at startup for every registered partner and again when a partner logs in
 * over SFTP (a partner added to the registry while the hub runs gets its folder on first login).
 */
public class PartnerFolders {

    public static final String INBOX = "inbox";
    public static final String OUTBOX = "outbox";
    public static final String ARCHIVE = "archive";
    public static final String ERROR = "error";
    public static final List<String> SUBFOLDERS = List.of(INBOX, OUTBOX, ARCHIVE, ERROR);

    /** A partner id becomes a folder name: keep it one plain path segment. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Path partnersDir;

    public PartnerFolders(Path partnersDir) {
        this.partnersDir = partnersDir.toAbsolutePath().normalize();
    }

    /** Creates the partner's folder and subfolders if missing and returns the partner folder. */
    public Path ensure(String partnerId) {
        Path folder = folderOf(partnerId);
        try {
            for (String sub : SUBFOLDERS) {
                Files.createDirectories(folder.resolve(sub));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create partner folder " + folder, e);
        }
        return folder;
    }

    public void ensureAll(Collection<Partner> partners) {
        partners.forEach(partner -> ensure(partner.id()));
    }

    public Path folderOf(String partnerId) {
        if (partnerId == null || !SAFE_ID.matcher(partnerId).matches()) {
            throw new IllegalArgumentException("Partner id '" + partnerId
                    + "' cannot name a folder: use letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return partnersDir.resolve(partnerId);
    }
}
