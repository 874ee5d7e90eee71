package io.dock2ledger.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * For a test that starts an Artemis broker in its own JVM, with no Spring logging configuration: Artemis's audit log
 * at WARN, as the hub's application.yaml has it. At logback's default (DEBUG) it is on, and Artemis 2.40's audit logger
 * calls {@code Subject.getSubject}, which Java 24 and later no longer support: the broker then fails to start
 * (AMQ224000, docs/deployment.md "Java runtime").
 */
public final class ArtemisAuditLog {

    private ArtemisAuditLog() {
    }

    public static void off() {
        ((Logger) LoggerFactory.getLogger("org.apache.activemq.audit")).setLevel(Level.WARN);
    }
}
