package io.dock2ledger.intake.sftp;

import io.dock2ledger.security.FailedLoginThrottle;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;

/**
 * The hub's SFTP server: partners log in with a key or password from the partner registry and land chrooted in
 * their partner folder. It offers the SFTP subsystem and nothing else: no shell, no exec, no port or agent
 * forwarding.
 */
public class EmbeddedSftpServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSftpServer.class);

    private final SftpProperties properties;
    private final SftpLogins logins;
    private final PartnerFolders folders;
    private final CompletedUploads uploads;
    private final FailedLoginThrottle passwordGuesses;

    private SshServer server;

    /**
     * @param uploads         where the uploads partners complete (close) in their inbox are recorded, for the inbox
     *                        routes
     * @param passwordGuesses wrong SFTP passwords counted per address and login (PartnerPasswordAuthenticator)
     */
    public EmbeddedSftpServer(SftpProperties properties, SftpLogins logins, PartnerFolders folders,
            CompletedUploads uploads, FailedLoginThrottle passwordGuesses) {
        this.properties = properties;
        this.logins = logins;
        this.folders = folders;
        this.uploads = uploads;
        this.passwordGuesses = passwordGuesses;
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        SshServer ssh = SshServer.setUpDefaultServer();
        ssh.setHost(properties.host());
        ssh.setPort(properties.port());
        ssh.setKeyPairProvider(hostKeyProvider());
        if (properties.proxyProtocol()) {
            ssh.setServerProxyAcceptor(new ProxyProtocolLine());
        }

        ssh.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE, UserAuthPasswordFactory.INSTANCE));
        ssh.setPublickeyAuthenticator(new PartnerKeyAuthenticator(logins));
        ssh.setPasswordAuthenticator(new PartnerPasswordAuthenticator(logins, passwordGuesses));
        ssh.setKeyboardInteractiveAuthenticator(null);
        ssh.setGSSAuthenticator(null);
        ssh.setHostBasedAuthenticator(null);

        // SFTP only: without a shell or command factory, "shell" and "exec" requests are refused.
        ssh.setShellFactory(null);
        ssh.setCommandFactory(null);
        ssh.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        ssh.setAgentFactory(null);

        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        sftp.setFileSystemAccessor(new PartnerFolderRules());
        sftp.setErrorStatusDataHandler(new PartnerErrorMessages());
        sftp.addSftpEventListener(new UploadEvents(uploads, logins));
        ssh.setSubsystemFactories(List.of(sftp));
        ssh.setFileSystemFactory(new PartnerHomeFileSystemFactory(logins, folders));

        try {
            ssh.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the SFTP server on " + properties.host() + ":"
                    + properties.port(), e);
        }
        server = ssh;
        log.info("SFTP server listening on {}:{}, host key {} {}", properties.host(), ssh.getPort(),
                hostKeyFingerprint(), properties.hostKeyFile());
    }

    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stop(true);
        } catch (IOException e) {
            log.warn("SFTP server did not stop cleanly", e);
        } finally {
            server = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null && server.isStarted();
    }

    /** The port actually bound, useful when configured with port 0. */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("SFTP server is not running");
        }
        return server.getPort();
    }

    /** The host public key, e.g. for writing a known_hosts line. */
    public synchronized PublicKey hostKey() {
        if (server == null) {
            throw new IllegalStateException("SFTP server is not running");
        }
        try {
            for (KeyPair pair : server.getKeyPairProvider().loadKeys(null)) {
                return pair.getPublic();
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the SFTP host key " + properties.hostKeyFile(), e);
        }
        throw new IllegalStateException("The SFTP server has no host key");
    }

    /** The host key as an OpenSSH public key line ({@code ecdsa-sha2-nistp256 AAAA...}). */
    public String hostKeyLine() {
        return PublicKeyEntry.toString(hostKey());
    }

    public String hostKeyFingerprint() {
        return KeyUtils.getFingerPrint(hostKey());
    }

    private KeyPairProvider hostKeyProvider() {
        Path file = properties.hostKeyFile().toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the folder of the SFTP host key " + file, e);
        }
        // EC P-256: every SSH client (OpenSSH, JSch, WinSCP) accepts it, and generating it needs no extra provider.
        SimpleGeneratorHostKeyProvider provider = new SimpleGeneratorHostKeyProvider(file);
        provider.setAlgorithm(KeyUtils.EC_ALGORITHM);
        provider.setKeySize(256);
        return provider;
    }
}
