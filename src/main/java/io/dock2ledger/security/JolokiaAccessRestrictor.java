package io.dock2ledger.security;

import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import javax.management.ObjectName;
import java.util.EnumSet;
import java.util.Set;

/**
 * Read-only Jolokia for viewers and operators, full Jolokia for admins.
 *
 * <p>Why a restrictor and not a URL rule: Hawtio sends Jolokia requests as POSTs whose JSON body names the operation
 * ({@code {"type":"exec",...}}), often several in one bulk request, so the URL and method say nothing about whether a
 * request reads or changes the JVM. Jolokia asks its restrictor about every single request after parsing, whether it
 * came by GET path or POST body, directly at {@code /actuator/jolokia} or forwarded from Hawtio's
 * {@code /actuator/hawtio/jolokia}. Jolokia 2.6 forgets {@link #isTypeAllowed} for notification and config requests;
 * {@link JolokiaRequestGuard} asks it for every request. The Jolokia servlet runs on the request thread behind Spring Security, so the
 * caller's authentication is in the {@link SecurityContextHolder}. Jolokia 2's Spring Boot support picks up any
 * {@link Restrictor} bean. Spring Security has already required the viewer role for every Jolokia URL; this class
 * only decides what a caller may do once in.
 */
public class JolokiaAccessRestrictor implements Restrictor {

    /** Request types that cannot change anything. */
    private static final Set<RequestType> READ_ONLY_TYPES =
            EnumSet.of(RequestType.READ, RequestType.LIST, RequestType.SEARCH, RequestType.VERSION);

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return true;
    }

    /** exec, write, notification (registers listeners) and config are admin only. */
    @Override
    public boolean isTypeAllowed(RequestType type) {
        return READ_ONLY_TYPES.contains(type) ? callerHas(HubRole.VIEWER) : callerHas(HubRole.ADMIN);
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        return callerHas(HubRole.VIEWER);
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return callerHas(HubRole.ADMIN);
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        return callerHas(HubRole.ADMIN);
    }

    /** Remote addresses are Spring Security's and the network's concern, not Jolokia's. */
    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        return true;
    }

    /**
     * With {@code strictCheck} Jolokia asks whether to reject a request carrying this Origin: no, same-origin POSTs
     * from Hawtio carry one too and CSRF protection already guards browser sessions. Without it Jolokia asks whether
     * to echo the origin in CORS headers: never, the console is served from this origin and nothing else should be
     * able to read Jolokia answers from a browser.
     */
    @Override
    public boolean isOriginAllowed(String origin, boolean strictCheck) {
        return strictCheck;
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return false;
    }

    private static boolean callerHas(HubRole role) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            return false;
        }
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            if (role.authority().equals(authority.getAuthority())) {
                return true;
            }
        }
        return false;
    }
}
