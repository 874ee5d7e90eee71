package io.dock2ledger.security;

import io.hawt.springboot.security.SpringSecurityJAASConfiguration;
import io.hawt.system.ConfigManager;
import io.hawt.web.auth.AuthenticationConfiguration;
import io.hawt.web.auth.RolePrincipal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockServletContext;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import javax.security.auth.Subject;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import java.security.Principal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Drives the login module through Hawtio's own JAAS configuration, exactly as Hawtio's authentication filter does:
 * Spring's SecurityContextLoginModule first, then ours.
 */
class HawtioSpringSecurityLoginModuleTest {

    @AfterEach
    void clearSecurityContext() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void grantedAuthoritiesBecomeHawtioRolePrincipalsWithoutRolePrefix() throws LoginException {
        signIn(new UsernamePasswordAuthenticationToken("admin", null,
                AuthorityUtils.createAuthorityList("ROLE_viewer", "ROLE_operator", "ROLE_admin")));
        Subject subject = new Subject();

        hawtioLoginContext(subject).login();

        assertThat(subject.getPrincipals(RolePrincipal.class)).extracting(Principal::getName)
                .containsExactlyInAnyOrder("viewer", "operator", "admin");
        assertThat(subject.getPrincipals()).extracting(Principal::getName).contains("admin");
    }

    @Test
    void rolePrincipalsMatchTheRolesHawtioIsConfiguredToAdmit() throws LoginException {
        AuthenticationConfiguration hawtio = hawtioConfiguration();
        signIn(new UsernamePasswordAuthenticationToken("viewer", null, AuthorityUtils.createAuthorityList("ROLE_viewer")));
        Subject subject = new Subject();

        new LoginContext(hawtio.getRealm(), subject, null, new SpringSecurityJAASConfiguration(hawtio)).login();

        assertThat(hawtio.getRoles()).contains("viewer");
        assertThat(subject.getPrincipals(RolePrincipal.class)).extracting(Principal::getName).containsExactly("viewer");
    }

    @Test
    void authorityWithoutRolePrefixIsKeptAsIs() throws LoginException {
        signIn(new UsernamePasswordAuthenticationToken("svc", null, AuthorityUtils.createAuthorityList("admin")));
        Subject subject = new Subject();

        hawtioLoginContext(subject).login();

        assertThat(subject.getPrincipals(RolePrincipal.class)).extracting(Principal::getName).containsExactly("admin");
    }

    @Test
    void withoutAuthenticationTheLoginFails() {
        assertThatThrownBy(() -> hawtioLoginContext(new Subject()).login()).isInstanceOf(LoginException.class);
    }

    @Test
    void anonymousAuthenticationGetsNoRolesSoHawtioAdmitsNobody() throws LoginException {
        signIn(new AnonymousAuthenticationToken("key", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));
        Subject subject = new Subject();

        hawtioLoginContext(subject).login();

        assertThat(subject.getPrincipals(RolePrincipal.class)).isEmpty();
    }

    @Test
    void logoutRemovesTheRolePrincipals() throws LoginException {
        signIn(new UsernamePasswordAuthenticationToken("admin", null, AuthorityUtils.createAuthorityList("ROLE_admin")));
        Subject subject = new Subject();
        LoginContext login = hawtioLoginContext(subject);
        login.login();

        login.logout();

        assertThat(subject.getPrincipals(RolePrincipal.class)).isEmpty();
    }

    private static LoginContext hawtioLoginContext(Subject subject) throws LoginException {
        return new LoginContext("hawtio", subject, null, new SpringSecurityJAASConfiguration(hawtioConfiguration()));
    }

    private static AuthenticationConfiguration hawtioConfiguration() {
        MockServletContext servletContext = new MockServletContext();
        Map<String, String> hawtioProperties = Map.of("authenticationEnabled", "true", "roles", "viewer,operator,admin");
        servletContext.setAttribute(ConfigManager.CONFIG_MANAGER, new ConfigManager(hawtioProperties::get));
        return AuthenticationConfiguration.getConfiguration(servletContext);
    }

    private static void signIn(org.springframework.security.core.Authentication authentication) {
        SecurityContextHolder.getContext().setAuthentication(authentication);
    }
}
