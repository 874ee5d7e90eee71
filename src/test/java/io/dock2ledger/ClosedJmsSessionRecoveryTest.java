package io.dock2ledger;

import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures mean a closed JMS session was left in the cache (ClosedJmsSessionRecovery resets it then). */
class ClosedJmsSessionRecoveryTest {

    @Test
    void aClosedSessionIsRecognisedWhereverItIsInTheCauseChain() {
        Exception closed = new RuntimeCamelException(new org.springframework.jms.IllegalStateException(
                new jakarta.jms.IllegalStateException("AMQ219019: Session is closed")));

        assertThat(ClosedJmsSessionRecovery.onClosedJmsSession(closed)).isTrue();
    }

    @Test
    void otherFailuresLeaveTheCacheAlone() {
        assertThat(ClosedJmsSessionRecovery.onClosedJmsSession(new IllegalStateException("Session is closed"))).isFalse();
        assertThat(ClosedJmsSessionRecovery.onClosedJmsSession(new jakarta.jms.IllegalStateException("AMQ219007: Cannot connect"))).isFalse();
        assertThat(ClosedJmsSessionRecovery.onClosedJmsSession(null)).isFalse();
    }
}
