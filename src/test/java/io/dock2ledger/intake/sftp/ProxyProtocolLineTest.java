package io.dock2ledger.intake.sftp;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProxyProtocolLineTest {

    @Test
    void aTcp4OrTcp6LineNamesTheClient() throws Exception {
        assertThat(ProxyProtocolLine.clientOf("PROXY TCP4 203.0.113.7 10.0.0.2 52144 2222"))
                .isEqualTo(new InetSocketAddress("203.0.113.7", 52144));
        InetSocketAddress six = ProxyProtocolLine.clientOf("PROXY TCP6 2001:db8::7 2001:db8::1 52144 2222");
        assertThat(six.getAddress().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(six.getPort()).isEqualTo(52144);
    }

    /** What a proxy sends for its own connections (health checks): the connection's own address stands. */
    @Test
    void anUnknownLineKeepsTheConnectionsAddress() throws Exception {
        assertThat(ProxyProtocolLine.clientOf("PROXY UNKNOWN")).isNull();
        assertThat(ProxyProtocolLine.clientOf("PROXY UNKNOWN ffff::1 ffff::2 1 2")).isNull();
    }

    @Test
    void namesOddFieldsAndBadPortsAreRefused() {
        assertThatThrownBy(() -> ProxyProtocolLine.clientOf("PROXY TCP4 attacker.example 10.0.0.2 52144 2222"))
                .hasMessageContaining("not numeric");
        assertThatThrownBy(() -> ProxyProtocolLine.clientOf("PROXY TCP4 256.1.1.1 10.0.0.2 52144 2222"))
                .hasMessageContaining("not numeric");
        assertThatThrownBy(() -> ProxyProtocolLine.clientOf("PROXY TCP4 203.0.113.7 10.0.0.2 52144"))
                .hasMessageContaining("expected PROXY TCP4|TCP6");
        assertThatThrownBy(() -> ProxyProtocolLine.clientOf("PROXY TCP4  203.0.113.7 10.0.0.2 52144 2222"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProxyProtocolLine.clientOf("PROXY UDP4 203.0.113.7 10.0.0.2 52144 2222"))
                .hasMessageContaining("unknown protocol UDP4");
        assertThatThrownBy(() -> ProxyProtocolLine.clientOf("PROXY TCP4 203.0.113.7 10.0.0.2 70000 2222"))
                .hasMessageContaining("not a port: 70000");
        assertThatThrownBy(() -> ProxyProtocolLine.clientOf("PROXY TCP4 203.0.113.7 10.0.0.2 -1 2222"))
                .hasMessageContaining("not a port");
        assertThatThrownBy(() -> ProxyProtocolLine.clientOf("PROXY TCP6 ::zz ::1 1 2"))
                .hasMessageContaining("not numeric");
    }
}
