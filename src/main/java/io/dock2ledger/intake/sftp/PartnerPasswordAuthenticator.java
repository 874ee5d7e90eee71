package io.dock2ledger.intake.sftp;

import io.dock2ledger.partners.Partner;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.Optional;

/**
 * Checks a partner's password against {@code sftp.passwordHash} in Spring Security's delegating format
 * ({@code {bcrypt}$2a$10$...}). A hash without an algorithm prefix, or a {@code {noop}} "hash", is refused: the
 * registry is committed to git and must never hold a usable password.
 */
public class PartnerPasswordAuthenticator implements PasswordAuthenticator {

    private final SftpLogins logins;
    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    public PartnerPasswordAuthenticator(SftpLogins logins) {
        this.logins = logins;
    }

    @Override
    public boolean authenticate(String username, String password, ServerSession session) {
        Optional<Partner> partner = logins.partnerFor(username);
        if (partner.isEmpty()) {
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
        boolean matches;
        try {
            matches = password != null && encoder.matches(password, hash);
        } catch (IllegalArgumentException unknownAlgorithm) {
            return logins.refuse(username, session,
                    "sftp.passwordHash of partner " + partner.get().id() + " uses an unknown algorithm");
        }
        return matches || logins.refuse(username, session, "wrong password");
    }
}
