package io.dock2ledger.intake;

import io.dock2ledger.operations.ExceptionCategory;
import io.dock2ledger.operations.ExceptionRecorder;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    private static final Logger log = LoggerFactory.getLogger(InboxFileNameGuard.class);

    private final PartnerInbox inbox;
    private final ExceptionRecorder exceptions;

    public InboxFileNameGuard(PartnerInbox inbox, ExceptionRecorder exceptions) {
        this.inbox = inbox;
        this.exceptions = exceptions;
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
        quarantine(real.toPath(), problem.get());
        return false;
    }

    /**
     * Moves the file to its partner's error folder under a safe name, with its reason, and records the exception.
     * Another hub instance may have moved it first: then there is nothing left to do.
     */
    void quarantine(Path file, String problem) {
        String shown = PartnerFileNames.printable(file.getFileName().toString());
        Path target = Path.of(inbox.quarantineTarget(file.toString()));
        try {
            Files.createDirectories(target.getParent());
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException gone) {
            return;
        } catch (IOException e) {
            log.warn("Cannot quarantine inbox file '{}' (refused name: {}); it stays in the inbox: {}", shown, problem,
                    e.toString());
            return;
        }
        String partner = target.getParent().getParent().getFileName().toString();
        String reason = "File name '" + shown + "' refused: " + problem + ". The file was not read; it is kept as "
                + target.getFileName() + ". Send it again under a name of letters, digits, '.', '_' and '-'.";
        inbox.writeReason(target.toString(), ExceptionCategory.FILE_NAME_REFUSED + ": " + reason);
        exceptions.record(ExceptionCategory.FILE_NAME_REFUSED, partner, shown, null, reason, target.toString());
    }

    /** Uploads in progress ({@code .part}, {@code .tmp}): left alone until renamed, like the route does. */
    private static boolean temporary(String name) {
        return name.endsWith(".part") || name.endsWith(".tmp");
    }
}
