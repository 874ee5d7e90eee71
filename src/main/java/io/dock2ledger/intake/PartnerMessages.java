package io.dock2ledger.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.mapping.InboundDocument;
import io.dock2ledger.partners.Partner;
import io.dock2ledger.partners.PartnerDocument;
import io.dock2ledger.partners.PartnerRegistry;

import java.io.IOException;

/**
 * Turns a JSON message from a partner (JMS or webhook) into an {@link InboundDocument}: the partner must declare the
 * channel, the message is archived as a raw file first (so nothing received is ever lost), and its document type is
 * the one the sender names ({@code dock2ledgerDocumentType} JMS header) or the one whose {@code messageType} is the
 * message's own {@code type} field.
 */
public class PartnerMessages {

    private final PartnerRegistry partners;
    private final PartnerInbox inbox;
    private final ObjectMapper json;

    public PartnerMessages(PartnerRegistry partners, PartnerInbox inbox, ObjectMapper json) {
        this.partners = partners;
        this.inbox = inbox;
        this.json = json;
    }

    /** The partner, if it is in the registry and declares the channel. */
    public Partner partnerFor(String partnerId, String channel) {
        Partner partner = partners.partner(partnerId).orElseThrow(() -> new HubException(
                ExceptionCategory.UNKNOWN_DOCUMENT, "Partner '" + partnerId + "' is not in config/partners/"));
        if (!partner.uses(channel)) {
            throw new HubException(ExceptionCategory.UNKNOWN_DOCUMENT, "Partner " + partnerId
                    + " does not declare the " + channel + " channel (channels: " + partner.channels() + ")");
        }
        return partner;
    }

    /**
     * @param declaredType the document type the sender names (may be null)
     * @param messageId    the channel's id of the message, for the archived copy's name
     * @throws HubException UNKNOWN_DOCUMENT or MALFORMED_FILE; the message is archived before either is thrown
     */
    public InboundDocument receive(String partnerId, String channel, String declaredType, String messageId,
                                   byte[] body) {
        Partner partner = partnerFor(partnerId, channel);
        String rawFileId = inbox.archiveMessage(partner.id(), channel + "-" + (messageId == null ? "message" : messageId)
                + ".json", body);
        JsonNode content;
        try {
            content = json.readTree(body);
        } catch (IOException e) {
            throw new HubException(ExceptionCategory.MALFORMED_FILE, channel + " message " + messageId + " of "
                    + partnerId + " (raw file " + rawFileId + ") is not valid JSON: "
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
        if (content == null || !content.isObject()) {
            throw new HubException(ExceptionCategory.MALFORMED_FILE, channel + " message " + messageId + " of "
                    + partnerId + " (raw file " + rawFileId + ") is not a JSON object");
        }
        String typeField = content.path("type").isTextual() ? content.path("type").asText() : null;
        PartnerDocument document = partner.documentForMessage(declaredType, typeField).orElseThrow(() -> new HubException(
                ExceptionCategory.UNKNOWN_DOCUMENT, channel + " message " + messageId + " of " + partnerId
                + " (raw file " + rawFileId + ")" + (declaredType != null ? " names document type '" + declaredType + "'" : " has type '" + typeField + "'")
                + ", which matches none of its JSON document types " + partner.documents().stream()
                .filter(d -> "json".equals(d.format())).map(d -> d.name() + " (" + d.messageType() + ")").toList()));
        return new InboundDocument(partner.id(), channel, document.name(), document.mapping(), rawFileId, content);
    }

    /** {@link #receive} for a text body (JMS text messages). */
    public InboundDocument receiveText(String partnerId, String channel, String declaredType, String messageId,
                                       String body) {
        return receive(partnerId, channel, declaredType, messageId,
                body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
