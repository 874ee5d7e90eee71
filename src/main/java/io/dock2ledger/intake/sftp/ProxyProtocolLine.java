package io.dock2ledger.intake.sftp;

import org.apache.sshd.common.SshException;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.session.AbstractServerSession;
import org.apache.sshd.server.session.ServerProxyAcceptor;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The partner's own address from the TCP proxy in front of the SFTP port ({@code dock2ledger.sftp.proxy-protocol}):
 * HAProxy's {@code send-proxy} starts each connection with one PROXY protocol version 1 line,
 * {@code PROXY TCP4 <client> <proxy> <client port> <proxy port>\r\n}, before the SSH version line. Without it every
 * partner would be the proxy's address in the logs and in the count of wrong passwords (PartnerPasswordAuthenticator).
 * <p>
 * Written here rather than taken from sshd-contrib's prototype because it must be strict: once the setting is on, a
 * connection that does not start with a valid line is refused (whoever reaches the port directly could otherwise name
 * any address), and the addresses must be numeric (the prototype resolves whatever name it is sent). {@code PROXY
 * UNKNOWN} (a proxy's own health check) keeps the connection's address. Stateless: SSHD reads the line again while the
 * SSH version line has not arrived whole.
 */
final class ProxyProtocolLine implements ServerProxyAcceptor {

    private static final Logger log = LoggerFactory.getLogger(ProxyProtocolLine.class);

    /** The longest line version 1 allows, CRLF included. */
    static final int MAXIMUM_LENGTH = 107;
    private static final byte[] PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    @Override
    public boolean acceptServerProxyMetadata(ServerSession session, Buffer buffer) throws Exception {
        int start = buffer.rpos();
        byte[] head = new byte[Math.min(buffer.available(), MAXIMUM_LENGTH)];
        buffer.getRawBytes(head);
        buffer.rpos(start);
        for (int i = 0; i < Math.min(head.length, PREFIX.length); i++) {
            if (head[i] != PREFIX[i]) {
                throw refused(session, "it did not start with a PROXY protocol line");
            }
        }
        int end = lineEnd(head);
        if (end < 0) {
            if (head.length == MAXIMUM_LENGTH) {
                throw refused(session, "its PROXY protocol line is longer than " + MAXIMUM_LENGTH + " bytes");
            }
            return false; // not all of it yet
        }
        String line = new String(head, 0, end, StandardCharsets.US_ASCII);
        InetSocketAddress client;
        try {
            client = clientOf(line);
        } catch (IllegalArgumentException | UnknownHostException e) {
            throw refused(session, "its PROXY protocol line is not valid (" + e.getMessage() + ")");
        }
        if (client != null) {
            ((AbstractServerSession) session).setClientAddress(client);
        }
        buffer.rpos(start + end + 2);
        return true;
    }

    /**
     * The client's address and port a line names, or null for {@code PROXY UNKNOWN ...}.
     *
     * @throws IllegalArgumentException when the line is not a version 1 line with numeric addresses and ports
     */
    static InetSocketAddress clientOf(String line) throws UnknownHostException {
        String[] fields = line.split(" ", -1);
        if (fields.length >= 2 && "PROXY".equals(fields[0]) && "UNKNOWN".equals(fields[1])) {
            return null;
        }
        if (fields.length != 6 || !"PROXY".equals(fields[0])) {
            throw new IllegalArgumentException("expected PROXY TCP4|TCP6 <client> <proxy> <client port> <proxy port>");
        }
        Pattern address = switch (fields[1]) {
            case "TCP4" -> IPV4;
            case "TCP6" -> IPV6;
            default -> throw new IllegalArgumentException("unknown protocol " + fields[1]);
        };
        if (!address.matcher(fields[2]).matches() || !address.matcher(fields[3]).matches()) {
            throw new IllegalArgumentException("the addresses are not numeric " + fields[1] + " addresses");
        }
        int clientPort = port(fields[4]);
        port(fields[5]);
        // A numeric address: InetAddress parses it, it never asks DNS.
        return new InetSocketAddress(InetAddress.getByName(fields[2]), clientPort);
    }

    private static int port(String field) {
        int port = PORT.matcher(field).matches() ? Integer.parseInt(field) : -1;
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("not a port: " + field);
        }
        return port;
    }

    private static int lineEnd(byte[] head) {
        for (int i = 0; i + 1 < head.length; i++) {
            if (head[i] == '\r' && head[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static SshException refused(ServerSession session, String why) {
        String message = "SFTP connection from " + session.getClientAddress() + " refused: " + why
                + " (dock2ledger.sftp.proxy-protocol is on: only the proxy in front of the port may connect)";
        log.warn(message);
        return new SshException(message);
    }
}
