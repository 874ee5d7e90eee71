package io.dock2ledger.intake.sftp;

import io.dock2ledger.partners.Partner;
import io.dock2ledger.partners.PartnerRegistry;
import io.dock2ledger.security.FailedLoginThrottle;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * Which partner an SFTP user name belongs to. Looked up in the registry at every login, so a partner file added
 * or changed while the hub runs is honoured without a restart.
 */
public class SftpLogins {

    private static final Logger log = LoggerFactory.getLogger(SftpLogins.class);

    private final PartnerRegistry registry;

    public SftpLogins(PartnerRegistry registry) {
        this.registry = registry;
    }

    /** The login name of a partner with an {@code sftp} section: its {@code sftp.username}, else its id. */
    public static String usernameOf(Partner partner) {
        String username = partner.sftp().username();
        return username == null || username.isBlank() ? partner.id() : username;
    }

    /**
     * The partner whose SFTP login is {@code username}. Partners without an {@code sftp} section have no login; a
     * name claimed by two partners belongs to neither, since guessing would open one partner's folder to another.
     */
    public Optional<Partner> partnerFor(String username) {
        List<Partner> matches = registry.all().stream()
                .filter(partner -> partner.sftp() != null)
                .filter(partner -> usernameOf(partner).equals(username))
                .toList();
        if (matches.size() > 1) {
            log.error("SFTP user '{}' is declared by several partners {}: refusing it until the registry is fixed",
                    printable(username), matches.stream().map(Partner::id).toList());
            return Optional.empty();
        }
        return matches.stream().findFirst();
    }

    /** Logs a refused login with user and remote address (never the secret) and returns false. */
    boolean refuse(String username, SessionContext session, String reason) {
        log.warn("SFTP login refused for user '{}' from {}: {}", printable(username),
                session == null ? "unknown address" : clientAddress(session), reason);
        return false;
    }

    /** The line an operator sees once an address has guessed too many of a login's passwords (not each after it). */
    void blocked(String username, String address, FailedLoginThrottle guesses) {
        log.warn("SECURITY: {} failed SFTP logins as '{}' from {} within {}: its passwords from there are not checked "
                + "for {}", guesses.limit(), printable(username), address, guesses.window(), guesses.window());
    }

    /** The partner's address: the one a proxy's PROXY line named (ProxyProtocolLine), else the socket's. */
    private static Object clientAddress(SessionContext session) {
        return session instanceof ServerSession server ? server.getClientAddress() : session.getRemoteAddress();
    }

    /** User names come from the network: keep control characters out of the log. */
    private static String printable(String value) {
        return value == null ? "" : value.replaceAll("\\p{Cntrl}", "?");
    }
}
