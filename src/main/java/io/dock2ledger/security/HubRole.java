package io.dock2ledger.security;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The hub's three roles, weakest first. Each role includes the ones before it: an operator is also a viewer, an
 * admin is everything. Accounts carry every included role explicitly (rather than through a role hierarchy) so that
 * Hawtio and the Jolokia restrictor, which only see granted authorities, reach the same answer as the URL rules.
 */
public enum HubRole {

    /** Reads the API, metrics and Hawtio; cannot change anything. */
    VIEWER,
    /** Viewer plus the operational writes of the API: resubmit or resolve exceptions, reverse documents. */
    OPERATOR,
    /** Everything, including Hawtio operations (Jolokia exec and write) and admin-only API paths. */
    ADMIN;

    /** The role name as Spring Security ({@code hasRole}) and Hawtio ({@code hawtio.roles}) spell it. */
    public String roleName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring Security authority for this role, e.g. {@code ROLE_admin}. */
    public String authority() {
        return "ROLE_" + roleName();
    }

    /** This role and every weaker role it includes. */
    public List<HubRole> withIncludedRoles() {
        return List.copyOf(Arrays.asList(values()).subList(0, ordinal() + 1));
    }
}
