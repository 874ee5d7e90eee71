package io.dock2ledger.erp.tryton;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * {@code dock2ledger.erp.tryton.*}: where the Tryton server is and how the hub logs in (profile {@code tryton},
 * application-tryton.yaml). Without a password the hub refuses to start: no default secret.
 *
 * @param url              the trytond server, e.g. {@code http://127.0.0.1:8000}
 * @param database         the Tryton database, {@code dock2ledger}
 * @param user             the Tryton user the hub posts as
 * @param password         that user's password, from {@code TRYTON_ADMIN_PASSWORD}
 * @param timeout          the longest wait for one JSON-RPC answer (posting an invoice renders its report)
 * @param invoiceJournal   the Tryton journal (code) of customer invoices and credit notes
 * @param moveJournal      the Tryton journal (code) of the hub's journals
 * @param paymentTerm      the payment term (name) of the invoices
 * @param acceptedWarnings UserWarnings the hub confirms, by name prefix: a back-dated invoice's payment date lies in
 *                         the past ({@code invoice_payment_term}), which every hub invoice posted after its date raises
 * @param masterDataCompany the entity whose cost prices, taxes and currency the master-data sync reads
 */
@ConfigurationProperties(prefix = "dock2ledger.erp.tryton")
public record TrytonProperties(
        URI url,
        @DefaultValue("dock2ledger") String database,
        @DefaultValue("admin") String user,
        String password,
        @DefaultValue("60s") Duration timeout,
        @DefaultValue("REV") String invoiceJournal,
        @DefaultValue("GEN") String moveJournal,
        @DefaultValue("Direct") String paymentTerm,
        @DefaultValue("invoice_payment_term") List<String> acceptedWarnings,
        @DefaultValue("US01") String masterDataCompany) {

    public TrytonProperties {
        if (url != null && (password == null || password.isBlank())) {
            throw new IllegalStateException("dock2ledger.erp.tryton.password is empty: set TRYTON_ADMIN_PASSWORD "
                    + "(the hub has no default Tryton password and will not start without one)");
        }
    }
}
