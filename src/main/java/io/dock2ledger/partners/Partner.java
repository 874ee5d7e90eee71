package io.dock2ledger.partners;

import java.util.List;
import java.util.Map;

/**
 * A trading partner (3PL, own WMS, carrier feed) as declared in {@code config/partners/<id>.yaml}.
 * Adding a partner is a registry file plus its mappings: no Java.
 *
 * @param channels        how it reaches the hub: file (its partner folder / SFTP home), jms, webhook
 * @param documents       the document types it sends, with format and mapping for each
 * @param sftp            its SFTP login to the hub's embedded server, if it uses one
 * @param edi             its EDI identities and acknowledgment preferences, if it speaks EDI
 * @param webhookSecretEnv name of the environment variable holding its webhook HMAC secret
 * @param exceptionOwners exception category to owner, overriding config/exception-owners.yaml for this partner
 */
public record Partner(
        String id,
        String name,
        List<String> channels,
        List<PartnerDocument> documents,
        SftpAccess sftp,
        EdiIdentity edi,
        String webhookSecretEnv,
        Map<String, String> exceptionOwners) {

    public Partner {
        channels = channels == null ? List.of() : List.copyOf(channels);
        documents = documents == null ? List.of() : List.copyOf(documents);
        exceptionOwners = exceptionOwners == null ? Map.of() : Map.copyOf(exceptionOwners);
    }
}
