package io.dock2ledger.intake;

import io.dock2ledger.config.HubProperties;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.partners.PartnerFileNames;
import io.dock2ledger.partners.PartnerRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Nothing stays stuck in an inbox. The inbox routes take every file of a registered partner (a name a partner may not
 * use is quarantined at once by their filter, {@link InboxFileNameGuard}), but some files no route ever takes: a folder
 * no partner file owns, a file that never stops changing or cannot be read. Such a file would sit in the inbox for
 * ever, unreported. This check moves it to the folder's {@code error/} under a safe name, with a {@code .reason} file
 * and a STUCK_FILE exception.
 * <p>
 * A file is stuck when it has not changed for {@code stuckAfter}, no live hub instance holds its read lock, and either
 * no partner owns its folder, or its partner's inbox route is started and idle (nothing in flight), so the file is not
 * merely waiting its turn behind a backlog.
 */
public class StuckInboxFiles {

    private final HubProperties hub;
    private final PartnerRegistry partners;
    private final IntakeFailures failures;
    private final CamelContext camel;
    private final Clock clock;
    private final Duration stuckAfter;
    private final JdbcTemplate jdbc;
    private final Duration lockMaxAge;

    /** @param lockMaxAge the inbox read locks' maximum age: a lock renewed within it belongs to a live instance */
    public StuckInboxFiles(HubProperties hub, PartnerRegistry partners, IntakeFailures failures,
                           CamelContext camel, Clock clock, Duration stuckAfter, JdbcTemplate jdbc, Duration lockMaxAge) {
        this.hub = hub;
        this.partners = partners;
        this.failures = failures;
        this.camel = camel;
        this.clock = clock;
        this.stuckAfter = stuckAfter;
        this.jdbc = jdbc;
        this.lockMaxAge = lockMaxAge;
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
                            String shown = PartnerFileNames.printable(file.getFileName().toString());
                            failures.quarantineUnread(file, partner, ExceptionCategory.STUCK_FILE,
                                    target -> "File '" + shown + "' was left in the inbox: " + why + ".")
                                    .ifPresent(moved::add);
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
        if (readByALiveInstance(partner, name)) {
            return null; // another hub instance is reading it (a large file takes its time): not stuck
        }
        String unchanged = "it has not changed for more than " + stuckAfter.toMinutes() + " minutes and ";
        if (partners.partner(partner).isEmpty()) {
            return unchanged + "no partner file in config/partners/ owns the folder '" + partner + "'";
        }
        String routeId = PartnerRoutes.INBOX_PREFIX + partner;
        if (camel.getRouteController().getRouteStatus(routeId) == ServiceStatus.Started
                && camel.getInflightRepository().size(routeId) == 0) {
            return unchanged + "the inbox route " + routeId + " is idle but could not take it (it may still be "
                    + "changing, or not be readable)";
        }
        return null;
    }

    /** A read lock renewed within its maximum age: the instance holding it is alive and reading the file. */
    private boolean readByALiveInstance(String partner, String name) {
        Integer live = jdbc.queryForObject("select count(*) from camel_messageprocessed where processorname = "
                        + "'partner-inbox-to-canonical' and messageid like ? and createdat >= ?",
                Integer.class, "%/" + partner + "/inbox/" + name, Timestamp.from(clock.instant().minus(lockMaxAge)));
        return live != null && live > 0;
    }

    private static boolean isUploadTemporary(String name) {
        return name.startsWith(".") || name.endsWith(".part") || name.endsWith(".tmp") || name.endsWith(".filepart");
    }
}
