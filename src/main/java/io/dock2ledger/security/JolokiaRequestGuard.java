package io.dock2ledger.security;

import org.jolokia.server.core.request.JolokiaRequest;
import org.jolokia.server.core.service.request.AbstractRequestHandler;

/**
 * Makes Jolokia ask {@link JolokiaAccessRestrictor#isTypeAllowed} about every request, and refuses proxied requests.
 *
 * <ul>
 *   <li><b>Request types.</b> Jolokia 2.6 asks the restrictor about the type only in its list and search handlers.
 *   Its {@code NotificationHandler} skips the check ("not used currently") and its {@code ConfigRequestHandler} has
 *   none, so any viewer could register notification clients and listeners without bound. This guard asks the
 *   restrictor about the type of every request, so the answer stays in one place: notification (register,
 *   unregister, add, remove, ping, open, list) and config are admin only.</li>
 *   <li><b>JSR-160 proxy.</b> A request with a {@code target} makes Jolokia open a JMX connection to whatever URL it
 *   names, from inside our network. The hub has no remote JVMs to manage, so no one may: the proxy handler is removed
 *   in {@code META-INF/jolokia/services} and this guard answers 403 instead of "no handler" (500).</li>
 * </ul>
 *
 * <p>Jolokia creates this service itself from {@code META-INF/jolokia/services} and asks request handlers in their
 * order whether they take a request; this one comes first (order -10: Jolokia's own config and version handlers are
 * -2 and -1, the local JMX handler 1000). A
 * {@link SecurityException} becomes {@code "status":403} in the answer, without a stack trace.
 */
public class JolokiaRequestGuard extends AbstractRequestHandler {

    public JolokiaRequestGuard(int order) {
        super("dock2ledger-guard", order);
    }

    @Override
    public boolean canHandle(JolokiaRequest request) {
        return isProxied(request) || !getJolokiaContext().isTypeAllowed(request.getType());
    }

    @Override
    public <R extends JolokiaRequest> Object handleRequest(R request, Object previousResult) {
        if (isProxied(request)) {
            throw new SecurityException("Jolokia proxy requests (target) are disabled");
        }
        throw new SecurityException("Command type " + request.getType().getName() + " not allowed for this account");
    }

    private static boolean isProxied(JolokiaRequest request) {
        return request.getOption("target") != null;
    }
}
