package io.dock2ledger.erp;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * A stub ERP's look-up ({@code GET /documents?externalId=<number>}) that tells the truth: a document whose POST the
 * ERP answered with a success (its request journal) is there, with the id the POST answered ({@code ERP-<number>}); any other is not. A
 * stub that always answered "not there" would make the hub resend a document whose first POST the ERP took but
 * answered too late (a request timeout under load) and count that resend against the hub.
 */
final class LookupFromJournal implements ResponseDefinitionTransformerV2 {

    static final String NAME = "lookup-from-journal";

    private volatile WireMockServer erp;

    void of(WireMockServer erp) {
        this.erp = erp;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        String number = serveEvent.getRequest().queryParameter("externalId").firstValue();
        // taken: a POST of this number that the ERP answered with a success, not one it refused (503) or cut off
        boolean received = erp.getAllServeEvents().stream().anyMatch(e -> e.getRequest().getMethod().getName()
                .equals("POST") && e.getRequest().getUrl().equals("/documents")
                && number.equals(e.getRequest().getHeader("Idempotency-Key"))
                && e.getResponseDefinition().getFault() == null && e.getResponseDefinition().getStatus() / 100 == 2);
        return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(received ? "[{\"id\":\"ERP-" + number + "\"}]" : "[]").build();
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
