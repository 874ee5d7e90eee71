package io.dock2ledger.operations;

import io.dock2ledger.support.HubIntegrationTest;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message whose delivery is rolled back until the broker gives up on it lands in the broker's dead-letter queue
 * (DLQ, after Artemis's max-delivery-attempts of 10) and becomes one DELIVERY_FAILED exception owned by operations,
 * naming the queue it came from; it stays in DLQ, and the next checks do not record it again. A canonical event
 * there carries its partner, document and event id into the exception, so that its posting resolves it.
 */
class BrokerDeadLettersIT extends HubIntegrationTest {

    private static final String QUEUE = "dock2ledger.test.given-up";

    @Autowired
    private ConnectionFactory connections;

    @Autowired
    private JmsTemplate jms;

    @Autowired
    private BrokerDeadLetters deadLetters;

    @Autowired
    private CamelContext camel;

    @Test
    void aMessageTheBrokerGaveUpOnIsAnOwnedExceptionOnceAndStaysInTheDeadLetterQueue() throws Exception {
        String unreadable = "not an event " + System.nanoTime();
        String event = """
                {"eventId": "evt-DLQ-1", "eventType": "shipment.confirmed",
                 "source": {"partner": "acme-3pl", "documentId": "SHP-DLQ-1"}}""";
        String unreadableId = rollBackUntilTheBrokerGivesUp(unreadable);
        String eventId = rollBackUntilTheBrokerGivesUp(event);
        assertThat(inDeadLetterQueue()).contains(unreadableId, eventId);

        deadLetters.check();

        Map<String, Object> plain = exceptionFor(unreadableId);
        assertThat(plain.get("category")).isEqualTo("DELIVERY_FAILED");
        assertThat(plain.get("owner")).isEqualTo("operations");
        assertThat(plain.get("status")).isEqualTo("OPEN");
        assertThat(plain.get("source_document")).isEqualTo("message " + unreadableId);
        assertThat((String) plain.get("reason")).contains("gave up on a message of " + QUEUE)
                .contains("dead-letter queue DLQ").contains(unreadableId);
        Map<String, Object> ofEvent = exceptionFor(eventId);
        assertThat(ofEvent.get("partner")).isEqualTo("acme-3pl");
        assertThat(ofEvent.get("source_document")).isEqualTo("SHP-DLQ-1");
        assertThat(ofEvent.get("event_id")).isEqualTo("evt-DLQ-1");
        assertThat((String) ofEvent.get("reason")).contains("It is event evt-DLQ-1");

        assertThat(deadLetters.check()).as("recorded once").isZero();
        assertThat(count("select count(*) from hub_exception where payload_ref in (?, ?)",
                "jms:DLQ#" + unreadableId, "jms:DLQ#" + eventId)).isEqualTo(2);
        assertThat(inDeadLetterQueue()).as("left for the operator").contains(unreadableId, eventId);
        assertThat(camel.getRoute("broker-dead-letters-to-exceptions")).as("checked every minute").isNotNull();

        removeFromDeadLetterQueue(unreadableId, eventId);
    }

    private Map<String, Object> exceptionFor(String messageId) {
        return jdbc.queryForMap("select * from hub_exception where payload_ref = ?", "jms:DLQ#" + messageId);
    }

    /** Sends a message and rolls its delivery back until Artemis moves it to DLQ (11 tries: max-delivery-attempts 10). */
    private String rollBackUntilTheBrokerGivesUp(String text) throws Exception {
        try (Connection connection = connections.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            Message sent = session.createTextMessage(text);
            producer.send(sent);
            session.commit();
            MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
            int deliveries = 0;
            for (Message m = consumer.receive(5000); m != null; m = consumer.receive(1000)) {
                deliveries++;
                session.rollback();
            }
            consumer.close();
            assertThat(deliveries).as("delivered until the broker gave up").isEqualTo(10);
            return sent.getJMSMessageID();
        }
    }

    private List<String> inDeadLetterQueue() {
        return jms.browse("DLQ", (session, browser) -> Collections.list(browser.getEnumeration()).stream()
                .map(m -> {
                    try {
                        return ((Message) m).getJMSMessageID();
                    } catch (jakarta.jms.JMSException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList());
    }

    private void removeFromDeadLetterQueue(String... messageIds) throws Exception {
        try (Connection connection = connections.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            for (String id : messageIds) {
                MessageConsumer consumer = session.createConsumer(session.createQueue("DLQ"), "JMSMessageID = '" + id + "'");
                assertThat(consumer.receive(5000)).isNotNull();
                consumer.close();
            }
            session.commit();
        }
    }
}
