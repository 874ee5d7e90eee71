package io.dock2ledger.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.io.IOException;

/**
 * The CSRF check runs before authentication, so an anonymous {@code POST /api/...} would be refused with 403 "no
 * CSRF token" although its real problem is missing credentials. For callers that presented no credentials at all
 * this answers what the authorization rules would: 401 with a Basic challenge on machine endpoints. Everyone else
 * gets the usual 403.
 */
class AuthenticateFirstAccessDeniedHandler implements AccessDeniedHandler {

    private final RequestMatcher machineEndpoints;
    private final AuthenticationEntryPoint entryPoint;
    private final AccessDeniedHandler forbidden = new AccessDeniedHandlerImpl();
    private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

    AuthenticateFirstAccessDeniedHandler(RequestMatcher machineEndpoints, AuthenticationEntryPoint entryPoint) {
        this.machineEndpoints = machineEndpoints;
        this.entryPoint = entryPoint;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException, ServletException {
        if (denied instanceof CsrfException && presentsNoCredentials(request) && machineEndpoints.matches(request)) {
            entryPoint.commence(request, response,
                    new InsufficientAuthenticationException("Authentication is required", denied));
            return;
        }
        forbidden.handle(request, response, denied);
    }

    /** No session login and no Authorization header: a caller that presented credentials gets the honest 403. */
    private boolean presentsNoCredentials(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        boolean unauthenticated = authentication == null || trustResolver.isAnonymous(authentication);
        return unauthenticated && request.getHeader(HttpHeaders.AUTHORIZATION) == null;
    }
}
