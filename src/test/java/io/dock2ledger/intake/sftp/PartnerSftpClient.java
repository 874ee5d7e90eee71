package io.dock2ledger.intake.sftp;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RequiredServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;

/**
 * A partner's SFTP client as a program (Apache MINA SSHD's client, the counterpart of the hub's server): one session,
 * key authentication, the uploads partners make. For tests and the benchmark, on loopback only.
 */
public final class PartnerSftpClient implements AutoCloseable {

    /** The committed development key of acme-3pl (config/dev-keys/README.md). */
    public static final Path ACME_DEV_KEY = Path.of("config/dev-keys/acme-3pl_ed25519");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final SshClient ssh;
    private final ClientSession session;
    private final SftpClient sftp;

    /**
     * @param hostKey the server's host key to require, or null to accept any (loopback benchmark runs only)
     */
    public PartnerSftpClient(int port, String user, Path privateKey, PublicKey hostKey) throws IOException {
        ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier(hostKey == null ? AcceptAllServerKeyVerifier.INSTANCE
                : new RequiredServerKeyVerifier(hostKey));
        ssh.start();
        try {
            session = ssh.connect(user, "127.0.0.1", port).verify(TIMEOUT).getSession();
            try (InputStream in = Files.newInputStream(privateKey)) {
                for (KeyPair pair : SecurityUtils.loadKeyPairIdentities(session,
                        NamedResource.ofName(privateKey.toString()), in, null)) {
                    session.addPublicKeyIdentity(pair);
                }
            } catch (GeneralSecurityException e) {
                throw new IOException("Cannot read the key " + privateKey, e);
            }
            session.auth().verify(TIMEOUT);
            sftp = SftpClientFactory.instance().createSftpClient(session);
        } catch (IOException | RuntimeException e) {
            ssh.stop();
            throw e;
        }
    }

    /** Writes {@code content} to {@code path} in place (open, write, close), as most clients' put does. */
    public void put(String path, String content) throws IOException {
        try (OutputStream out = sftp.write(path)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** What an upload writes, streamed: a file of a million lines is never held whole. */
    @FunctionalInterface
    public interface Body {
        void writeTo(Writer out) throws IOException;
    }

    /** {@link #put(String, String)} with the content written as it is uploaded. */
    public void put(String path, Body body) throws IOException {
        try (Writer out = new BufferedWriter(new OutputStreamWriter(sftp.write(path), StandardCharsets.UTF_8),
                1 << 16)) {
            body.writeTo(out);
        }
    }

    /** Under a temporary name ({@code path.part}), then renamed: the careful partner's upload. */
    public void putAndRename(String path, String content) throws IOException {
        put(path + ".part", content);
        sftp.rename(path + ".part", path);
    }

    /** Opens {@code path} for writing (created, appended to) and writes {@code content}, leaving the handle open. */
    public SftpClient.CloseableHandle openAndWrite(String path, String content) throws IOException {
        SftpClient.CloseableHandle handle = sftp.open(path, EnumSet.of(SftpClient.OpenMode.Write,
                SftpClient.OpenMode.Create, SftpClient.OpenMode.Append));
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        long offset = sftp.stat(handle).getSize();
        sftp.write(handle, offset, bytes, 0, bytes.length);
        return handle;
    }

    public SftpClient sftp() {
        return sftp;
    }

    /** Ends the session as a dropped connection does: handles still open are not closed by the client. */
    public void drop() {
        try {
            session.close(true);
        } finally {
            ssh.stop();
        }
    }

    @Override
    public void close() {
        try {
            sftp.close();
            session.close(false).await(TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            ssh.stop();
        }
    }
}
