package io.dock2ledger.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.canonical.EventHeader;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.ExceptionRecorder;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.TextMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/**
 * Every message the broker gave up on becomes an exception someone owns. Artemis moves a message whose delivery was
 * rolled back {@code max-delivery-attempts} times (10 by default) to its dead-letter address, {@code DLQ}, and there
 * it would sit unseen: the hub's error handlers park what they cannot post in their own dead-letter queues with an
 * exception, but a message that reaches the broker's {@code DLQ} has defeated them (its handling failed ten times
 * over, say while the database was gone). The route broker-dead-letters-to-exceptions calls {@link #check} every
 * minute on one hub instance: it browses the queue (the messages stay there, for an operator to read, move back or
 * remove in Hawtio) and records a DELIVERY_FAILED exception, owned by operations, for each message it has not
 * recorded yet, with the queue it came from and, for a canonical event, its partner, document and event id: when that
 * event posts later (the sweeper re-drives it), the exception resolves itself with the posting.
 */
public class BrokerDeadLetters {

    private static final Logger log = LoggerFactory.getLogger(BrokerDeadLetters.class);

    /** Artemis's property naming the address a dead-lettered message was first sent to. */
    static final String ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";

    private final JmsTemplate jms;
    private final JdbcTemplate jdbc;
    private final ExceptionRecorder exceptions;
    private final ObjectMapper json;
    private final String queue;
    private final int limit;

    public BrokerDeadLetters(JmsTemplate jms, JdbcTemplate jdbc, ExceptionRecorder exceptions, ObjectMapper json,
                             String queue, int limit) {
        this.jms = jms;
        this.jdbc = jdbc;
        this.exceptions = exceptions;
        this.json = json;
        this.queue = queue;
        this.limit = limit;
    }

    /** @return how many messages of the dead-letter queue were recorded as exceptions now */
    public int check() {
        int raised = 0;
        for (DeadLetter letter : jms.browse(queue, (session, browser) -> browse(browser))) {
            if (recorded(letter.payloadRef(queue))) {
                continue;
            }
            EventHeader event = EventHeader.read(json, letter.body()).orElse(EventHeader.NONE);
            String reason = "The broker gave up on a message of " + letter.from() + " after its max-delivery-attempts "
                    + "(each delivery rolled back) and moved it to its dead-letter queue " + queue + ", where it stays. "
                    + (event.eventId() != null
                    ? "It is event " + event.eventId() + "; the hub sends its stored copy to posting again, and this "
                    + "exception resolves itself once it posts. "
                    : "")
                    + "Read it in Hawtio (queue " + queue + ", message " + letter.messageId() + "), fix the cause, then "
                    + "move it back to " + letter.from() + " or remove it.";
            exceptions.record(ExceptionCategory.DELIVERY_FAILED, event.partner(),
                    event.documentId() != null ? event.documentId() : "message " + letter.messageId(), event.eventId(),
                    reason, letter.payloadRef(queue));
            raised++;
        }
        if (raised > 0) {
            log.warn("{} message(s) in the broker's dead-letter queue {} recorded as exceptions", raised, queue);
        }
        return raised;
    }

    private List<DeadLetter> browse(QueueBrowser browser) throws JMSException {
        List<DeadLetter> letters = new ArrayList<>();
        Enumeration<?> messages = browser.getEnumeration();
        while (messages.hasMoreElements() && letters.size() < limit) {
            Message message = (Message) messages.nextElement();
            String from = message.getStringProperty(ORIGINAL_ADDRESS);
            String body = message instanceof TextMessage text ? text.getText() : null;
            letters.add(new DeadLetter(message.getJMSMessageID(), from == null ? "an unknown address" : from, body));
        }
        return letters;
    }

    private boolean recorded(String payloadRef) {
        return !jdbc.queryForList("select 1 from hub_exception where payload_ref = ?", Integer.class, payloadRef).isEmpty();
    }

    private record DeadLetter(String messageId, String from, String body) {
        String payloadRef(String queue) {
            return "jms:" + queue + "#" + messageId;
        }
    }
}
