package io.dock2ledger.intake;

import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.partners.PartnerFileNames;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The inbox route's file filter: a file whose name a partner may not use ({@link PartnerFileNames}) is moved to the
 * partner's {@code error/} folder under a safe name, with a {@code .reason} and a {@code FILE_NAME_REFUSED}
 * exception, instead of being read.
 * <p>
 * Why in the filter and not in the route: Camel's file component rewrites a backslash in a file name into a folder
 * separator ({@code FileUtil.normalizePath}) when it builds the exchange, so a route step would be handed a path that
 * does not exist: the read lock finds no file, skips it silently at every poll and the file stays in the inbox for
 * ever. The filter is the one place that sees the real {@link File}, before that rewrite. The SFTP server refuses
 * such names at upload; this catches files copied onto the disk.
 */
public class InboxFileNameGuard implements GenericFileFilter<File> {

    private final PartnerInbox inbox;
    private final IntakeFailures failures;

    public InboxFileNameGuard(PartnerInbox inbox, IntakeFailures failures) {
        this.inbox = inbox;
        this.failures = failures;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        File real = file.getFile();
        if (file.isDirectory() || real == null) {
            return true;
        }
        String name = real.getName();
        Optional<String> problem = PartnerFileNames.problem(name);
        if (problem.isEmpty() || temporary(name) || !inbox.isInInbox(real.toPath())) {
            return true; // what is not in an inbox, or still being uploaded, the route's own include/exclude decide
        }
        Path path = real.toPath();
        String shown = PartnerFileNames.printable(name);
        failures.quarantineUnread(path, path.getParent().getParent().getFileName().toString(),
                ExceptionCategory.FILE_NAME_REFUSED, target -> "File name '" + shown + "' refused: " + problem.get()
                        + ". The file was not read; it is kept as " + target.getFileName()
                        + ". Send it again under a name of letters, digits, '.', '_' and '-'.");
        return false;
    }

    /** Uploads in progress ({@code .part}, {@code .tmp}, WinSCP's {@code .filepart}): left alone until renamed, as by the route. */
    private static boolean temporary(String name) {
        return name.endsWith(".part") || name.endsWith(".tmp") || name.endsWith(".filepart");
    }
}
