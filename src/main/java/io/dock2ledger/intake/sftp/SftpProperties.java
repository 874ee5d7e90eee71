package io.dock2ledger.intake.sftp;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * The embedded SFTP server where partners drop files into their inbox.
 *
 * @param enabled     start the server
 * @param host        address to bind; loopback by default because the development key of {@code acme-3pl} is
 *                    committed to git, so a hub run on a laptop must not accept logins from the network
 * @param port        port to listen on; 0 picks a free port (tests)
 * @param hostKeyFile where the server's host key is kept so clients' known_hosts stay valid across restarts;
 *                    {@code ${dock2ledger.data-dir}/sftp/host-key} when not set
 * @param proxyProtocol every connection comes through a TCP proxy that starts it with a PROXY protocol line
 *                      (HAProxy's {@code send-proxy}): the partner's address is taken from it, and a connection
 *                      without one is refused ({@link ProxyProtocolLine})
 */
@ConfigurationProperties(prefix = "dock2ledger.sftp")
public record SftpProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("127.0.0.1") String host,
        @DefaultValue("2222") int port,
        Path hostKeyFile,
        @DefaultValue("false") boolean proxyProtocol) {

    public SftpProperties withHostKeyFileOrDefault(Path dataDir) {
        return hostKeyFile != null ? this
                : new SftpProperties(enabled, host, port, dataDir.resolve("sftp").resolve("host-key"), proxyProtocol);
    }
}
