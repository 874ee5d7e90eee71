package io.dock2ledger.erp.tryton;

import java.util.function.Function;

/**
 * One logged-in {@link TrytonClient} for the hub: logs in on first use and once more when Tryton answers that the
 * session is gone (a restarted server keeps its sessions in its database, an expired one does not).
 */
public class TrytonSession {

    private final TrytonClient client;
    private final String user;
    private final String password;

    public TrytonSession(TrytonClient client, String user, String password) {
        this.client = client;
        this.user = user;
        this.password = password;
    }

    /** Runs the calls with a session, logging in again once if Tryton refuses the current one. */
    public <T> T call(Function<TrytonClient, T> calls) {
        if (!client.loggedIn()) {
            login();
        }
        try {
            return calls.apply(client);
        } catch (TrytonException e) {
            if (e.category() != TrytonErrorCategory.AUTHENTICATION) {
                throw e;
            }
            login();
            return calls.apply(client);
        }
    }

    private synchronized void login() {
        client.login(user, password);
    }
}
