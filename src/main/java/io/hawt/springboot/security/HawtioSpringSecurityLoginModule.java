package io.hawt.springboot.security;

import io.hawt.web.auth.RolePrincipal;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.spi.LoginModule;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The JAAS login module that hawtio-springboot 5.2.0 names but does not ship.
 *
 * <p>Hawtio's {@code SpringHawtioContextListener} enables its Spring Security integration only if
 * {@code Class.forName("io.hawt.springboot.security.HawtioSpringSecurityLoginModule")} succeeds; its
 * {@code SpringSecurityJAASConfiguration} then runs Spring's {@code SecurityContextLoginModule} (REQUIRED: puts the
 * current {@link Authentication} into the JAAS subject) followed by this module (OPTIONAL). Hawtio checks
 * {@code hawtio.roles} against {@link RolePrincipal}s in the subject, so this module turns every granted authority of
 * the current Spring Security authentication into one, {@code ROLE_} stripped ({@code ROLE_admin} becomes
 * {@code admin}). Without this class the lookup fails silently: Jolokia answers 403 and Hawtio shows its own login.
 */
public class HawtioSpringSecurityLoginModule implements LoginModule {

    private static final String SPRING_ROLE_PREFIX = "ROLE_";

    private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();
    private Subject subject;

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler,
                           Map<String, ?> sharedState, Map<String, ?> options) {
        this.subject = subject;
    }

    /** Authentication itself is Spring Security's job; this module only contributes role principals. */
    @Override
    public boolean login() {
        return true;
    }

    @Override
    public boolean commit() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated() || trustResolver.isAnonymous(authentication)) {
            return false;
        }
        Set<String> roles = new LinkedHashSet<>();
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            roleName(authority).ifPresent(roles::add);
        }
        roles.forEach(role -> subject.getPrincipals().add(new RolePrincipal(role)));
        return true;
    }

    @Override
    public boolean abort() {
        return logout();
    }

    /** Hawtio logs out with fresh module instances, so remove every role principal rather than remembered ones. */
    @Override
    public boolean logout() {
        if (subject != null) {
            subject.getPrincipals().removeAll(subject.getPrincipals(RolePrincipal.class));
        }
        return true;
    }

    static Optional<String> roleName(GrantedAuthority authority) {
        String name = Objects.requireNonNullElse(authority.getAuthority(), "");
        String role = name.startsWith(SPRING_ROLE_PREFIX) ? name.substring(SPRING_ROLE_PREFIX.length()) : name;
        return role.isBlank() ? Optional.empty() : Optional.of(role);
    }
}
