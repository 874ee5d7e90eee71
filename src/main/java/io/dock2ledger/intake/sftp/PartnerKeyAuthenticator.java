package io.dock2ledger.intake.sftp;

import io.dock2ledger.partners.Partner;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.PublicKey;
import java.util.Optional;

/**
 * Accepts a key listed in the partner's {@code sftp.authorizedKeys} (OpenSSH {@code authorized_keys} lines).
 * The lines are parsed at each login so an edited registry file takes effect at once. authorized_keys options
 * such as {@code from=} or {@code command=} are not enforced: the server only offers SFTP anyway.
 */
public class PartnerKeyAuthenticator implements PublickeyAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(PartnerKeyAuthenticator.class);

    private final SftpLogins logins;

    public PartnerKeyAuthenticator(SftpLogins logins) {
        this.logins = logins;
    }

    @Override
    public boolean authenticate(String username, PublicKey offered, ServerSession session) {
        Optional<Partner> partner = logins.partnerFor(username);
        if (partner.isEmpty()) {
            return logins.refuse(username, session, "no partner has this SFTP login");
        }
        for (String line : partner.get().sftp().authorizedKeys()) {
            if (matches(partner.get(), line, offered, session)) {
                return true;
            }
        }
        return logins.refuse(username, session, "key " + KeyUtils.getFingerPrint(offered) + " is not authorized");
    }

    private boolean matches(Partner partner, String line, PublicKey offered, ServerSession session) {
        if (line == null || line.isBlank() || line.strip().startsWith("#")) {
            return false;
        }
        try {
            AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line.strip());
            PublicKey authorized = entry == null ? null : entry.resolvePublicKey(session, PublicKeyEntryResolver.IGNORING);
            return authorized != null && KeyUtils.compareKeys(authorized, offered);
        } catch (Exception unreadable) {
            // One broken line must not lock the partner out of its other keys.
            log.warn("Partner {} has an unreadable sftp.authorizedKeys line ({}): {}", partner.id(),
                    abbreviate(line), unreadable.getMessage());
            return false;
        }
    }

    private static String abbreviate(String line) {
        String oneLine = line.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 40) + "...";
    }
}
