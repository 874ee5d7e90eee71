package io.dock2ledger.intake.webhook;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.mapping.InboundDocument;
import io.dock2ledger.partners.Partner;
import io.dock2ledger.partners.PartnerRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.UUID;

/**
 * Webhooks: a partner that declares the {@code webhook} channel POSTs one JSON event, signed with HMAC-SHA256 of the
 * raw body with its secret. Spring MVC rather than Camel platform-http because the answer is synchronous and has to
 * say exactly what went wrong (401, 404, 413, 415, 422 with the reason), it must read the raw bytes under a size limit
 * before anything is parsed, and it documents itself in the hub's OpenAPI with the other endpoints. Authentication is
 * the signature, checked here: the security filter chain lets {@code /api/v1/inbound/**} through.
 * <p>
 * Only HTTP is decided here. A body whose signature is proven goes to routes/webhook-to-canonical.camel.yaml, the same
 * map-document, prepare-event and event-to-posting-queue steps as a file's or a queue's, all or nothing per document;
 * the route's answer (the accepted events, or the reason it refused) becomes the response. A body is archived as a raw
 * file only once its signature is proven.
 */
@RestController
@RequestMapping("/api/v1/inbound")
@Tag(name = "Inbound webhooks", description = "Partners push JSON events, signed with HMAC-SHA256")
public class InboundWebhookController {

    private static final Logger log = LoggerFactory.getLogger(InboundWebhookController.class);
    public static final String DOCUMENT_TYPE_HEADER = "X-Dock2Ledger-Document-Type";

    /** The answer to an accepted webhook: the canonical event ids queued for posting. */
    public record Accepted(List<String> accepted) {
    }

    /** The answer to a refused webhook. */
    public record Refused(int status, String error) {
    }

    /** The route that takes a signed body to canonical events (routes/webhook-to-canonical.camel.yaml). */
    static final String ROUTE = "direct:webhook-to-canonical";

    private final PartnerRegistry partners;
    private final ExceptionRecorder exceptions;
    private final ProducerTemplate producer;
    private final Environment environment;
    private final int maxBodyBytes;

    public InboundWebhookController(PartnerRegistry partners, ExceptionRecorder exceptions, ProducerTemplate producer,
                                    Environment environment, WebhookProperties properties) {
        this.partners = partners;
        this.exceptions = exceptions;
        this.producer = producer;
        this.environment = environment;
        this.maxBodyBytes = properties.maxBodyBytes();
    }

    @PostMapping("/{partner}")
    @Operation(summary = "Push one JSON event from a partner",
            description = "The body is one JSON event of a document type the partner declares (its `type` field, or "
                    + "the X-Dock2Ledger-Document-Type header, selects the type). Header X-Dock2Ledger-Signature: "
                    + "`sha256=<hex HMAC-SHA256 of the raw body with the partner's secret>`; the secret is in the "
                    + "environment variable the partner's registry file names (webhookSecretEnv). Bodies over the size "
                    + "limit (1 MiB by default) are refused. Nothing is stored for a request whose signature fails.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE)),
            responses = {
                    @ApiResponse(responseCode = "202", description = "mapped, validated, stored and queued for posting",
                            content = @Content(schema = @Schema(implementation = Accepted.class))),
                    @ApiResponse(responseCode = "400", description = "the body is not valid JSON",
                            content = @Content(schema = @Schema(implementation = Refused.class))),
                    @ApiResponse(responseCode = "401", description = "signature missing or wrong; nothing is stored",
                            content = @Content(schema = @Schema(implementation = Refused.class))),
                    @ApiResponse(responseCode = "404", description = "unknown partner, or a partner without the webhook channel",
                            content = @Content(schema = @Schema(implementation = Refused.class))),
                    @ApiResponse(responseCode = "413", description = "body larger than the limit",
                            content = @Content(schema = @Schema(implementation = Refused.class))),
                    @ApiResponse(responseCode = "415", description = "not application/json",
                            content = @Content(schema = @Schema(implementation = Refused.class))),
                    @ApiResponse(responseCode = "422", description = "not one of the partner's document types, or its "
                            + "mapping, master data or canonical schema refused it; the reason says which",
                            content = @Content(schema = @Schema(implementation = Refused.class))),
                    @ApiResponse(responseCode = "503", description = "the hub cannot take webhooks from this partner now "
                            + "(secret not configured, posting queue or database unavailable)",
                            content = @Content(schema = @Schema(implementation = Refused.class)))
            })
    public ResponseEntity<?> receive(
            @PathVariable String partner,
            @Parameter(in = ParameterIn.HEADER, name = WebhookSignature.HEADER, required = true,
                    description = "sha256=<hex HMAC-SHA256 of the raw body>")
            @RequestHeader(name = WebhookSignature.HEADER, required = false) String signature,
            @Parameter(in = ParameterIn.HEADER, name = DOCUMENT_TYPE_HEADER,
                    description = "optional: the partner's document type (name or message type)")
            @RequestHeader(name = DOCUMENT_TYPE_HEADER, required = false) String documentType,
            HttpServletRequest request) throws IOException {
        Partner known = partners.partner(partner).filter(p -> p.uses("webhook")).orElse(null);
        if (known == null) {
            return refuse(HttpStatus.NOT_FOUND, "No partner '" + partner + "' with a webhook channel");
        }
        if (request.getContentLengthLong() > maxBodyBytes) {
            return refuse(HttpStatus.PAYLOAD_TOO_LARGE, "The body is larger than " + maxBodyBytes + " bytes");
        }
        if (!isJson(request.getContentType())) {
            return refuse(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The body must be application/json, not " + request.getContentType());
        }
        byte[] body = readLimited(request.getInputStream());
        if (body == null) {
            return refuse(HttpStatus.PAYLOAD_TOO_LARGE, "The body is larger than " + maxBodyBytes + " bytes");
        }
        String secret = secretOf(known);
        if (secret == null) {
            log.error("Webhook of partner {} refused: environment variable {} (webhookSecretEnv) is not set",
                    known.id(), known.webhookSecretEnv());
            return refuse(HttpStatus.SERVICE_UNAVAILABLE, "Webhooks of partner " + known.id() + " are not configured");
        }
        if (!WebhookSignature.verify(secret, body, signature)) {
            return refuse(HttpStatus.UNAUTHORIZED, "Missing or wrong " + WebhookSignature.HEADER);
        }
        String messageId = UUID.randomUUID().toString();
        Exchange done = producer.send(ROUTE, ExchangePattern.InOut, exchange -> {
            exchange.getIn().setBody(body);
            exchange.getIn().setHeader("dock2ledgerPartner", known.id());
            exchange.getIn().setHeader("dock2ledgerDocumentType", documentType);
            exchange.getIn().setHeader("dock2ledgerMessageId", messageId);
        });
        if (done.getException() == null) {
            List<?> events = done.getMessage().getBody(List.class);
            List<String> accepted = events.stream().map(CanonicalEvent.class::cast).map(CanonicalEvent::eventId).toList();
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Accepted(accepted));
        }
        HubException refusal = done.getException(HubException.class);
        InboundDocument document = done.getProperty("webhookDocument", InboundDocument.class);
        if (refusal == null) {
            // A technical failure, after the intake's retries: the broker or the database.
            log.error("Webhook {} of {} not taken: {}", messageId, known.id(), done.getException().toString());
            return refuse(HttpStatus.SERVICE_UNAVAILABLE, "The posting queue or the database is not available; send "
                    + "again later (the same event is recognised and not posted twice)");
        }
        if (document == null) {
            // Not one of the partner's documents (not JSON, unknown type): the message itself is refused.
            record(refusal, known.id(), "webhook " + messageId, "webhook:" + messageId);
            HttpStatus status = refusal.category() == ExceptionCategory.MALFORMED_FILE ? HttpStatus.BAD_REQUEST
                    : HttpStatus.UNPROCESSABLE_ENTITY;
            return refuse(status, refusal.category() + ": " + refusal.getMessage());
        }
        // Its mapping, master data or schema refused it: nothing of it was stored or queued.
        record(refusal, known.id(), document.documentType() + " in raw file " + document.rawFileId(),
                "raw_file:" + document.rawFileId());
        return refuse(HttpStatus.UNPROCESSABLE_ENTITY, refusal.category() + ": " + refusal.getMessage());
    }

    private void record(HubException e, String partner, String sourceDocument, String payload) {
        exceptions.record(e.category(), partner, sourceDocument, null, e.getMessage(), payload);
    }

    /** The secret from the environment variable the partner names (any Spring property source, e.g. tests). */
    private String secretOf(Partner partner) {
        if (partner.webhookSecretEnv() == null || partner.webhookSecretEnv().isBlank()) {
            return null;
        }
        String secret = environment.getProperty(partner.webhookSecretEnv());
        return secret == null || secret.isBlank() ? null : secret;
    }

    /** The body, or null when it is longer than the limit (read only one byte past it). */
    private byte[] readLimited(InputStream in) throws IOException {
        byte[] body = in.readNBytes(maxBodyBytes + 1);
        return body.length > maxBodyBytes ? null : body;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return MediaType.APPLICATION_JSON.includes(type) || type.getSubtype().endsWith("+json");
        } catch (org.springframework.http.InvalidMediaTypeException e) {
            return false;
        }
    }

    private static ResponseEntity<Refused> refuse(HttpStatus status, String error) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(new Refused(status.value(), error));
    }

}
