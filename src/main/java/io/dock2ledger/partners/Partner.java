package io.dock2ledger.partners;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A trading partner (3PL, own WMS, carrier feed) as declared in {@code config/partners/<id>.yaml}.
 * Adding a partner is a registry file plus its mappings: no Java.
 *
 * @param channels         how it reaches the hub: file (its partner folder / SFTP home), jms, webhook
 * @param documents        the document types it sends, with format and mapping for each
 * @param sftp             its SFTP login to the hub's embedded server, if it uses one
 * @param edi              its EDI identities and acknowledgment preferences, if it speaks EDI
 * @param webhookSecretEnv name of the environment variable holding its webhook HMAC secret
 * @param exceptionOwners  exception category to owner, overriding config/exception-owners.yaml for this partner
 * @param queue            jms channel: the queue it sends JSON events to (default {@code dock2ledger.inbound.<id>})
 * @param locations        its location codes and the hub warehouse each one is (the governed mapping itself is in
 *                         master data, {@code warehouses.csv}; this is the partner's side of it, for onboarding)
 * @param outbound         the documents the hub sends it (a 940 for each order released to its warehouse), with how
 *                         long it has to acknowledge each
 */
public record Partner(
        String id,
        String name,
        List<String> channels,
        List<PartnerDocument> documents,
        SftpAccess sftp,
        EdiIdentity edi,
        String webhookSecretEnv,
        Map<String, String> exceptionOwners,
        String queue,
        Map<String, String> locations,
        List<OutboundDocumentType> outbound) {

    public static final String QUEUE_PREFIX = "dock2ledger.inbound.";

    public Partner {
        channels = channels == null ? List.of() : List.copyOf(channels);
        documents = documents == null ? List.of() : List.copyOf(documents);
        exceptionOwners = exceptionOwners == null ? Map.of() : Map.copyOf(exceptionOwners);
        locations = locations == null ? Map.of() : Map.copyOf(locations);
        outbound = outbound == null ? List.of() : List.copyOf(outbound);
        if (!outbound.isEmpty() && (edi == null || edi.isaId() == null || edi.isaId().isBlank())) {
            throw new IllegalArgumentException("Partner " + id + " declares outbound documents but no edi.isaId to "
                    + "address them to");
        }
    }

    public Partner(String id, String name, List<String> channels, List<PartnerDocument> documents, SftpAccess sftp,
                   EdiIdentity edi, String webhookSecretEnv, Map<String, String> exceptionOwners) {
        this(id, name, channels, documents, sftp, edi, webhookSecretEnv, exceptionOwners, null, null, null);
    }

    public boolean uses(String channel) {
        return channels.contains(channel);
    }

    /** How the hub sends this partner a document type, if it does. */
    public Optional<OutboundDocumentType> outboundDocument(String type) {
        return outbound.stream().filter(o -> o.type().equals(type)).findFirst();
    }

    /** The queue of the jms channel. */
    public String queueName() {
        return queue == null || queue.isBlank() ? QUEUE_PREFIX + id : queue;
    }

    /** The document type whose file pattern matches a file name (first match in declaration order). */
    public Optional<PartnerDocument> documentForFile(String fileName) {
        Path name = Path.of(fileName);
        return documents.stream()
                .filter(d -> d.filePattern() != null
                        && FileSystems.getDefault().getPathMatcher("glob:" + d.filePattern()).matches(name))
                .findFirst();
    }

    /**
     * The JSON document type of a message: the one named (by name or message type) when the sender says, else the one
     * whose message type is the document's own {@code type} field.
     */
    public Optional<PartnerDocument> documentForMessage(String declared, String typeField) {
        List<PartnerDocument> json = documents.stream().filter(d -> "json".equals(d.format())).toList();
        if (declared != null && !declared.isBlank()) {
            return json.stream().filter(d -> declared.equals(d.name()) || declared.equals(d.messageType())).findFirst();
        }
        if (typeField != null) {
            Optional<PartnerDocument> byType = json.stream().filter(d -> typeField.equals(d.messageType())).findFirst();
            if (byType.isPresent()) {
                return byType;
            }
        }
        return json.size() == 1 && json.get(0).messageType() == null ? Optional.of(json.get(0)) : Optional.empty();
    }
}
