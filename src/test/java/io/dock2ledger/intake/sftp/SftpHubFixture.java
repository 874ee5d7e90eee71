package io.dock2ledger.intake.sftp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dock2ledger.partners.PartnerRegistry;
import io.dock2ledger.security.FailedLoginThrottle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hub's SFTP side on a temp folder: {@code config/partners/*.yaml}, {@code data/partners/...} and the embedded
 * server on a random loopback port, without Spring.
 */
final class SftpHubFixture implements AutoCloseable {

    final Path root;
    final Path partnersConfig;
    final Path dataDir;
    final PartnerRegistry registry;
    final PartnerFolders folders;
    /** Where the tests' throttles count (wrong and unchecked passwords, door=sftp). */
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<SshClient> clients = new ArrayList<>();
    final CompletedUploads uploads = new CompletedUploads();
    private EmbeddedSftpServer server;

    SftpHubFixture(Path root) throws IOException {
        this.root = root;
        this.partnersConfig = Files.createDirectories(root.resolve("config/partners"));
        this.dataDir = root.resolve("data");
        this.registry = new PartnerRegistry(partnersConfig);
        this.folders = new PartnerFolders(dataDir.resolve("partners"));
    }

    /** Declares a partner with an sftp section in the registry; null values are left out of the file. */
    SftpHubFixture partner(String id, String username, String passwordHash, List<String> authorizedKeys)
            throws IOException {
        Map<String, Object> sftp = new LinkedHashMap<>();
        if (username != null) {
            sftp.put("username", username);
        }
        if (passwordHash != null) {
            sftp.put("passwordHash", passwordHash);
        }
        sftp.put("authorizedKeys", authorizedKeys);
        Map<String, Object> partner = new LinkedHashMap<>();
        partner.put("id", id);
        partner.put("name", id + " (test)");
        partner.put("channels", List.of("file"));
        partner.put("sftp", sftp);
        new ObjectMapper(new YAMLFactory()).writeValue(partnersConfig.resolve(id + ".yaml").toFile(), partner);
        return reloaded();
    }

    SftpHubFixture partnerWithoutSftp(String id) throws IOException {
        Files.writeString(partnersConfig.resolve(id + ".yaml"), "id: " + id + "\nname: " + id + "\nchannels: [file]\n");
        return reloaded();
    }

    /** What the hub's partner-routes-sync route does when a partner file changes. */
    SftpHubFixture reloaded() {
        registry.reload();
        return this;
    }

    EmbeddedSftpServer start() {
        return start(new FailedLoginThrottle("sftp", 10, Duration.ofMinutes(5), meters));
    }

    /** @param passwordGuesses how wrong passwords are counted per address (the hub's: 10 in 5 minutes) */
    EmbeddedSftpServer start(FailedLoginThrottle passwordGuesses) {
        return start(passwordGuesses, false);
    }

    /** @param proxyProtocol connections must start with a PROXY protocol line (dock2ledger.sftp.proxy-protocol) */
    EmbeddedSftpServer start(FailedLoginThrottle passwordGuesses, boolean proxyProtocol) {
        registry.reload();
        folders.ensureAll(registry.all());
        server = new EmbeddedSftpServer(new SftpProperties(true, "127.0.0.1", 0,
                dataDir.resolve("sftp/host-key"), proxyProtocol), new SftpLogins(registry), folders, uploads,
                passwordGuesses);
        server.start();
        return server;
    }

    EmbeddedSftpServer server() {
        return server;
    }

    Path hostKeyFile() {
        return dataDir.resolve("sftp/host-key");
    }

    Path partnerFolder(String id) {
        return dataDir.resolve("partners").resolve(id);
    }

    /** A known_hosts file trusting exactly this server's host key on its current port. */
    Path knownHosts() throws IOException {
        Path file = root.resolve("known_hosts");
        Files.writeString(file, "[127.0.0.1]:" + server.port() + " " + server.hostKeyLine() + "\n");
        return file;
    }

    /** Apache SSHD's client, started, trusting the test server's key (it is on loopback); stopped by close(). */
    SshClient sshClient() {
        SshClient ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        ssh.start();
        clients.add(ssh);
        return ssh;
    }

    @Override
    public void close() {
        clients.forEach(SshClient::stop);
        if (server != null) {
            server.stop();
        }
    }
}
