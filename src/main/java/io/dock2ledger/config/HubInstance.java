package io.dock2ledger.config;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * This hub process among the instances sharing one database: the name it writes into the locks and leases it holds
 * (file read locks, singleton jobs), so that it releases or renews only its own and an operator can tell who holds
 * what. Host and process id for people, a random suffix so that a restarted process is a new holder.
 */
public record HubInstance(String id) {

    public static HubInstance current() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return new HubInstance(host + "/" + ProcessHandle.current().pid() + "/"
                + UUID.randomUUID().toString().substring(0, 8));
    }

    @Override
    public String toString() {
        return id;
    }
}
