package io.dock2ledger.partners;

import java.util.List;

/**
 * A partner's login to the embedded SFTP server: its chrooted home is its partner folder.
 *
 * @param username       login name (defaults to the partner id)
 * @param passwordHash   a hash of the password, never the password itself
 * @param authorizedKeys OpenSSH public keys ("ssh-ed25519 AAAA... comment")
 */
public record SftpAccess(String username, String passwordHash, List<String> authorizedKeys) {

    public SftpAccess {
        authorizedKeys = authorizedKeys == null ? List.of() : List.copyOf(authorizedKeys);
    }
}
