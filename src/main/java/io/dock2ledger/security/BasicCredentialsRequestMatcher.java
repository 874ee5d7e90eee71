package io.dock2ledger.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.util.Locale;
import java.util.Set;

/**
 * Requests that carry their own HTTP Basic credentials and are not cross-site; they need no CSRF token.
 *
 * <p>CSRF abuses credentials the browser attaches by itself (the session cookie). Scripts, partner systems and
 * {@code curl} send {@code Authorization: Basic} explicitly and have no token to send. A browser may replay cached
 * Basic credentials too, so a request the browser itself labels cross-site ({@code Sec-Fetch-Site: cross-site} or
 * {@code same-site}) is not exempt and must present a token like any session request.
 */
public class BasicCredentialsRequestMatcher implements RequestMatcher {

    /** Fetch-metadata values that prove the request was not started by another site. */
    private static final Set<String> NOT_CROSS_SITE = Set.of("same-origin", "none");

    @Override
    public boolean matches(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        return fetchSite == null || NOT_CROSS_SITE.contains(fetchSite.toLowerCase(Locale.ROOT));
    }
}
