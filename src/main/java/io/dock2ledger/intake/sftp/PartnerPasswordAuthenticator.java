package io.dock2ledger.intake.sftp;

import io.dock2ledger.partners.Partner;
import io.dock2ledger.security.FailedLoginThrottle;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * Checks a partner's password against {@code sftp.passwordHash} in Spring Security's delegating format
 * ({@code {bcrypt}$2a$10$...}). A hash without an algorithm prefix, or a {@code {noop}} "hash", is refused: the
 * registry is committed to git and must never hold a usable password.
 * <p>
 * Every wrong password counts against the client's address and the login it tried ({@link FailedLoginThrottle}):
 * once they have failed too often, that login's passwords from that address are refused unchecked for a while, so
 * guesses cost neither a bcrypt check nor tell anything (docs/partners-sftp.md, "Password guessing"). Logins refused
 * before any check (no such partner, no password login) cost nothing and are held against no one (an unknown name is
 * still counted for Prometheus); nor are key logins: clients offer several keys as a matter of course, and a key cannot
 * be guessed.
 */
public class PartnerPasswordAuthenticator implements PasswordAuthenticator {

    private final SftpLogins logins;
    private final FailedLoginThrottle guesses;
    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    /** @param guesses the SFTP door's throttle (door=sftp), which also counts what it sees for Prometheus */
    public PartnerPasswordAuthenticator(SftpLogins logins, FailedLoginThrottle guesses) {
        this.logins = logins;
        this.guesses = guesses;
    }

    @Override
    public boolean authenticate(String username, String password, ServerSession session) {
        Optional<Partner> partner = logins.partnerFor(username);
        if (partner.isEmpty()) {
            guesses.failed(null); // counted like the HTTP door's wrong user name, held against no one: no check ran
            return logins.refuse(username, session, "no partner has this SFTP login");
        }
        String hash = partner.get().sftp().passwordHash();
        if (hash == null || hash.isBlank()) {
            return logins.refuse(username, session, "password login is not enabled for this partner");
        }
        if (!hash.startsWith("{") || hash.startsWith("{noop}")) {
            return logins.refuse(username, session,
                    "sftp.passwordHash of partner " + partner.get().id() + " is not a {algorithm}hash");
        }
        // Counted per address and login: behind a TCP proxy (docker/compose.yaml's HAProxy) every partner comes from
        // the proxy's address, and one partner's stale password must not block the others' logins.
        String address = clientAddress(session);
        String guesser = address == null ? null : address + " as " + username;
        Optional<Duration> blocked = guesses.retryAfter(guesser);
        if (blocked.isPresent()) {
            return logins.refuse(username, session, "too many failed logins from this address: passwords are not "
                    + "checked for another " + Math.max(1, blocked.get().toSeconds()) + " s");
        }
        boolean matches;
        try {
            matches = password != null && encoder.matches(password, hash);
        } catch (IllegalArgumentException unknownAlgorithm) {
            return logins.refuse(username, session,
                    "sftp.passwordHash of partner " + partner.get().id() + " uses an unknown algorithm");
        }
        if (!matches && guesses.failed(guesser)) {
            logins.blocked(username, address, guesses);
        }
        return matches || logins.refuse(username, session, "wrong password");
    }

    /** The client's IP address, or null when the session does not say (unit tests pass none). */
    private static String clientAddress(ServerSession session) {
        return session != null && session.getClientAddress() instanceof InetSocketAddress client
                && client.getAddress() != null ? client.getAddress().getHostAddress() : null;
    }
}
