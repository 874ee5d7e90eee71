package io.dock2ledger.posting;

import io.dock2ledger.support.HubIntegrationTest;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A message the posting route cannot process even after its retries with exponential backoff is not lost and does
 * not block the queue: it is parked in dock2ledger.events.dlq with a DELIVERY_FAILED exception owned by operations.
 */
class PostingDeadLetterIT extends HubIntegrationTest {

    @Autowired
    private JmsTemplate jms;

    @Test
    void unprocessableMessageIsParkedInTheDeadLetterQueueWithAnOwnedException() throws Exception {
        String poison = "{\"this is\": \"not a canonical event\", \"marker\": \"DLQ-TEST-1\"";
        // Other tests of the shared hub park messages too (BatchedPostingIT): wait for one more than there were.
        String parkedExceptions =
                "select count(*) from hub_exception where category = 'DELIVERY_FAILED' and payload_ref like 'jms:dock2ledger.events.dlq%'";
        int before = count(parkedExceptions);
        jms.convertAndSend("dock2ledger.events", poison);

        await().atMost(Duration.ofSeconds(90)).until(() -> count(parkedExceptions) > before);
        Map<String, Object> exception = jdbc.queryForMap("""
                select owner, status, reason from hub_exception
                where category = 'DELIVERY_FAILED' and payload_ref like 'jms:dock2ledger.events.dlq%' order by id desc limit 1""");
        assertThat(exception).containsEntry("owner", "operations").containsEntry("status", "OPEN");
        assertThat((String) exception.get("reason")).contains("parked in dock2ledger.events.dlq");

        jms.setReceiveTimeout(10_000);
        String parked = "";
        for (int i = 0; i < 10 && !parked.contains("DLQ-TEST-1"); i++) {
            TextMessage next = (TextMessage) jms.receive("dock2ledger.events.dlq");
            assertThat(next).as("the original message is in the DLQ").isNotNull();
            parked = next.getText();
        }
        assertThat(parked).contains("DLQ-TEST-1");
    }
}
