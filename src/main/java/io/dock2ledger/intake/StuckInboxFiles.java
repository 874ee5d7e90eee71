package io.dock2ledger.intake;

import io.dock2ledger.HubProperties;
import io.dock2ledger.operations.ExceptionCategory;
import io.dock2ledger.operations.ExceptionRecorder;
import io.dock2ledger.partners.PartnerRegistry;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Nothing stays stuck in an inbox. The inbox routes take every file of a registered partner, but some files they never
 * can: a folder no partner file owns, a name the file component mangles (a backslash is a path separator to it), a
 * file that keeps changing. Such a file would sit in the inbox for ever, unreported. This check moves it to the
 * partner folder's {@code error/} under a safe name, with a {@code .reason} file and a STUCK_FILE exception.
 * <p>
 * A file is stuck when it has not changed for {@code stuckAfter} and either no partner owns its folder, or its name has
 * characters the file component cannot take (backslash, control characters), or its partner's inbox route is idle
 * (nothing in flight), so the file is not merely waiting its turn behind a backlog.
 */
public class StuckInboxFiles {

    private static final Logger log = LoggerFactory.getLogger(StuckInboxFiles.class);

    private final HubProperties hub;
    private final PartnerRegistry partners;
    private final PartnerInbox inbox;
    private final ExceptionRecorder exceptions;
    private final CamelContext camel;
    private final Clock clock;
    private final Duration stuckAfter;

    public StuckInboxFiles(HubProperties hub, PartnerRegistry partners, PartnerInbox inbox, ExceptionRecorder exceptions,
                           CamelContext camel, Clock clock, Duration stuckAfter) {
        this.hub = hub;
        this.partners = partners;
        this.inbox = inbox;
        this.exceptions = exceptions;
        this.camel = camel;
        this.clock = clock;
        this.stuckAfter = stuckAfter;
    }

    /** @return the quarantined files, where they went */
    public List<Path> quarantine() throws IOException {
        List<Path> moved = new ArrayList<>();
        if (!Files.isDirectory(hub.partnersDir())) {
            return moved;
        }
        Instant changedBefore = clock.instant().minus(stuckAfter);
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(hub.partnersDir(), Files::isDirectory)) {
            for (Path folder : folders) {
                Path inboxDir = folder.resolve("inbox");
                if (!Files.isDirectory(inboxDir)) {
                    continue;
                }
                String partner = folder.getFileName().toString();
                try (DirectoryStream<Path> files = Files.newDirectoryStream(inboxDir, Files::isRegularFile)) {
                    for (Path file : files) {
                        String why = whyStuck(partner, file, changedBefore);
                        if (why != null) {
                            quarantine(partner, file, why).ifPresent(moved::add);
                        }
                    }
                }
            }
        }
        return moved;
    }

    /** @return the reason the file is stuck, or null when it is not (yet) */
    private String whyStuck(String partner, Path file, Instant changedBefore) throws IOException {
        String name = file.getFileName().toString();
        if (isUploadTemporary(name) || Files.getLastModifiedTime(file).toInstant().isAfter(changedBefore)) {
            return null;
        }
        String unchanged = "it has not changed for more than " + stuckAfter.toMinutes() + " minutes and ";
        if (partners.partner(partner).isEmpty()) {
            return unchanged + "no partner file in config/partners/ owns the folder '" + partner + "'";
        }
        if (name.chars().anyMatch(c -> c == '\\' || Character.isISOControl(c))) {
            return unchanged + "its name has a backslash or a control character, which the hub cannot read: send it "
                    + "again under a name of letters, digits, dot, dash and underscore";
        }
        String routeId = PartnerRoutes.INBOX_PREFIX + partner;
        if (camel.getRoute(routeId) != null && camel.getInflightRepository().size(routeId) == 0) {
            return unchanged + "the inbox route " + routeId + " is idle but could not take it (it may still be "
                    + "changing, or not be readable)";
        }
        return null;
    }

    private Optional<Path> quarantine(String partner, Path file, String why) {
        String name = file.getFileName().toString();
        Path target = inbox.stuckFileTarget(partner, name);
        try {
            Files.createDirectories(target.getParent());
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException takenMeanwhile) {
            return Optional.empty(); // read or quarantined by another hub instance meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot quarantine " + file, e);
        }
        String reason = "File '" + printable(name) + "' was left in the inbox: " + why + ".";
        inbox.writeReason(target.toString(), ExceptionCategory.STUCK_FILE + ": " + reason);
        exceptions.record(ExceptionCategory.STUCK_FILE, partner, printable(name), null, reason, target.toString());
        log.warn("Quarantined stuck file {} of {} in {}: {}", printable(name), partner, target, why);
        return Optional.of(target);
    }

    private static boolean isUploadTemporary(String name) {
        return name.startsWith(".") || name.endsWith(".part") || name.endsWith(".tmp");
    }

    /** The name as a person can read it in a log or a list: control characters shown as \\uXXXX. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c)
                : new String(Character.toChars(c))));
        return out.toString();
    }
}
