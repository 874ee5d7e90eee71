package io.dock2ledger;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * The embedded broker never pages: a message it cannot hold (its memory is at {@code global-max-size}, half the heap,
 * or its disk is past {@code max-disk-usage}) is refused, and its sender's commit fails, instead of being written to a
 * page file.
 * <p>
 * Why: Artemis 2.40 acknowledges a transacted send whose page-file write failed. Its NIO file swallows the write's
 * IOException (it reports a critical IO error, and the broker stops itself a moment later), so the commit that follows
 * still succeeds; after the restart the page transaction is found without its messages and removed ("AMQ224131:
 * Removing orphaned page transaction"). A full disk turns an address to paging (Artemis counts it as full), so that is
 * exactly what a filling disk did: CI's run of 1c1a0af lost 9 acknowledged messages in BrokerDiskFullFaultIT, and the
 * same scenario with an address already paging lost acknowledged messages in 3 of 6 runs, against 0 of 6 with this
 * policy (docs/reliability.md, "a full disk"). A refused send loses nothing: intake reads the file again, the posting
 * message stays on its queue.
 * <p>
 * Nothing of the hub needs paging: intake holds the posting backlog at {@code dock2ledger.intake.max-posting-backlog}
 * (io.dock2ledger.intake.PostingBacklog), far below half the heap. Spring Boot's own settings for every address (the
 * dead-letter and expiry addresses) are kept. An external broker is configured by its owners.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class BrokerPagingConfiguration {

    /** Every address of the embedded broker: Spring Boot's match-all key. */
    static final String ALL_ADDRESSES = "#";

    @Bean
    ArtemisConfigurationCustomizer brokerNeverPages() {
        return BrokerPagingConfiguration::neverPage;
    }

    /** Refuses, never pages, on every address; keeps what else is set for them. */
    public static void neverPage(Configuration broker) {
        AddressSettings all = broker.getAddressSettings().get(ALL_ADDRESSES);
        if (all == null) {
            all = new AddressSettings();
            broker.addAddressSetting(ALL_ADDRESSES, all);
        }
        all.setAddressFullMessagePolicy(AddressFullMessagePolicy.FAIL);
    }
}
