package io.dock2ledger.security;

import org.jolokia.server.core.util.RequestType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import javax.management.ObjectName;

import static org.assertj.core.api.Assertions.assertThat;

class JolokiaAccessRestrictorTest {

    private final JolokiaAccessRestrictor restrictor = new JolokiaAccessRestrictor();

    @AfterEach
    void clearSecurityContext() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void viewerMayReadListSearchAndAskTheVersion() throws Exception {
        signInAs(HubRole.VIEWER);

        assertThat(restrictor.isTypeAllowed(RequestType.READ)).isTrue();
        assertThat(restrictor.isTypeAllowed(RequestType.LIST)).isTrue();
        assertThat(restrictor.isTypeAllowed(RequestType.SEARCH)).isTrue();
        assertThat(restrictor.isTypeAllowed(RequestType.VERSION)).isTrue();
        assertThat(restrictor.isAttributeReadAllowed(new ObjectName("java.lang:type=Memory"), "HeapMemoryUsage")).isTrue();
    }

    @Test
    void viewerAndOperatorMayNotExecuteWriteOrListen() throws Exception {
        for (HubRole role : new HubRole[] {HubRole.VIEWER, HubRole.OPERATOR}) {
            signInAs(role);

            assertThat(restrictor.isTypeAllowed(RequestType.EXEC)).as(role.roleName()).isFalse();
            assertThat(restrictor.isTypeAllowed(RequestType.WRITE)).as(role.roleName()).isFalse();
            assertThat(restrictor.isTypeAllowed(RequestType.NOTIFICATION)).as(role.roleName()).isFalse();
            assertThat(restrictor.isOperationAllowed(new ObjectName("java.lang:type=Memory"), "gc")).as(role.roleName()).isFalse();
            assertThat(restrictor.isAttributeWriteAllowed(new ObjectName("java.lang:type=Memory"), "Verbose")).isFalse();
        }
    }

    @Test
    void adminMayDoEverything() throws Exception {
        signInAs(HubRole.ADMIN);

        assertThat(restrictor.isTypeAllowed(RequestType.EXEC)).isTrue();
        assertThat(restrictor.isTypeAllowed(RequestType.WRITE)).isTrue();
        assertThat(restrictor.isOperationAllowed(new ObjectName("java.lang:type=Memory"), "gc")).isTrue();
        assertThat(restrictor.isAttributeWriteAllowed(new ObjectName("java.lang:type=Memory"), "Verbose")).isTrue();
    }

    @Test
    void withoutAuthenticationNothingIsAllowed() {
        assertThat(restrictor.isTypeAllowed(RequestType.READ)).isFalse();
        assertThat(restrictor.isTypeAllowed(RequestType.EXEC)).isFalse();
    }

    @Test
    void neverGrantsCrossOriginReadsButDoesNotRejectSameOriginPosts() {
        assertThat(restrictor.isOriginAllowed("https://evil.example", false)).isFalse();
        assertThat(restrictor.isOriginAllowed("http://localhost:8080", true)).isTrue();
    }

    private static void signInAs(HubRole role) {
        String[] authorities = role.withIncludedRoles().stream().map(HubRole::authority).toArray(String[]::new);
        SecurityContextHolder.getContext().setAuthentication(
                new UsernamePasswordAuthenticationToken(role.roleName(), null, AuthorityUtils.createAuthorityList(authorities)));
    }
}
