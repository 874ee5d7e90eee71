package io.dock2ledger.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what. API, actuator and Jolokia answer 401 with a Basic challenge to anonymous callers; browser
 * pages (Hawtio, Swagger UI) redirect to the login form. See docs/security.md for the full table.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class WebSecurityConfiguration {

    static final String REALM = "Dock2Ledger";
    static final String CONSOLE_PATH = "/actuator/hawtio/";

    private static final String VIEWER = HubRole.VIEWER.roleName();
    private static final String OPERATOR = HubRole.OPERATOR.roleName();
    private static final String ADMIN = HubRole.ADMIN.roleName();

    @Bean
    SecurityFilterChain hubSecurityFilterChain(HttpSecurity http, FailedLoginThrottle failedLogins) throws Exception {
        RequestMatcher machineEndpoints = machineEndpoints();
        AuthenticationEntryPoint basicChallenge = basicChallenge();
        http
                // Before any password is checked: an address that failed too many logins gets 429 (docs/security.md).
                .addFilterBefore(new FailedLoginThrottleFilter(failedLogins),
                        UsernamePasswordAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(path("/actuator/health/**"), path("/actuator/info")).permitAll()
                        // Partner webhooks carry no user credentials: each inbound controller authenticates the
                        // partner by an HMAC signature of the request body, so the filter chain lets them through.
                        .requestMatchers(path("/api/v1/inbound/**")).permitAll()
                        .requestMatchers(path("/login"), path("/error")).permitAll()
                        .requestMatchers(path("/actuator/prometheus"), path("/actuator/metrics/**")).hasRole(VIEWER)
                        // Hawtio and Jolokia: viewers get in; Jolokia exec/write/notification is decided per request
                        // by JolokiaAccessRestrictor because Hawtio names the operation inside the POST body.
                        .requestMatchers(path("/actuator/jolokia/**"), path("/actuator/hawtio/**")).hasRole(VIEWER)
                        // Every other actuator endpoint (camelroutes, ...): viewers read, only admins change anything,
                        // decided here rather than left to each endpoint (camelroutes answered a viewer's stop with 500).
                        .requestMatchers(path(HttpMethod.GET, "/actuator/**"), path(HttpMethod.HEAD, "/actuator/**")).hasRole(VIEWER)
                        .requestMatchers(path("/actuator/**")).hasRole(ADMIN)
                        .requestMatchers(path("/v3/api-docs/**"), path("/v3/api-docs.yaml"), path("/swagger-ui.html"), path("/swagger-ui/**"))
                                .hasRole(VIEWER)
                        // The exceptions workbench (operations.WorkbenchController): viewers read, operators act
                        // (resubmit, discard, assign: CSRF-protected forms).
                        .requestMatchers(path(HttpMethod.GET, "/ops/**"), path(HttpMethod.HEAD, "/ops/**")).hasRole(VIEWER)
                        // Approving a held document from the workbench is the same finance decision as in the API.
                        .requestMatchers(path("/ops/approvals/**")).hasRole(ADMIN)
                        .requestMatchers(path("/ops/**")).hasRole(OPERATOR)
                        .requestMatchers(path("/api/v1/admin/**")).hasRole(ADMIN)
                        .requestMatchers(path(HttpMethod.POST, "/api/v1/masterdata/sync")).hasRole(ADMIN)
                        // Approving a held finance document is a finance decision, not an operator's (docs/erp.md).
                        .requestMatchers(path(HttpMethod.POST, "/api/v1/documents/*/approve"),
                                path(HttpMethod.POST, "/api/v1/documents/*/reject")).hasRole(ADMIN)
                        .requestMatchers(path(HttpMethod.GET, "/api/**"), path(HttpMethod.HEAD, "/api/**")).hasRole(VIEWER)
                        .requestMatchers(path("/api/**")).hasRole(OPERATOR)
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.realmName(REALM))
                .formLogin(form -> form.defaultSuccessUrl(CONSOLE_PATH, false).permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout").permitAll())
                // Mappings rather than one explicit entry point: an explicit one would switch off the default login page.
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(basicChallenge, machineEndpoints)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), AnyRequestMatcher.INSTANCE)
                        .accessDeniedHandler(new AuthenticateFirstAccessDeniedHandler(machineEndpoints, basicChallenge)))
                // Only top-level page navigations are worth returning to after the login: the browser's favicon,
                // script and XHR requests would otherwise replace the saved page. API calls must stay sessionless.
                .requestCache(cache -> cache.requestCache(browserPageRequestCache(machineEndpoints)))
                .csrf(csrf -> csrf
                        // Hawtio's JavaScript reads the XSRF-TOKEN cookie and echoes it in X-XSRF-TOKEN on its
                        // Jolokia POSTs, so the token lives in a cookie that scripts can read.
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(eagerPlainCsrfTokenHandler())
                        .ignoringRequestMatchers(new BasicCredentialsRequestMatcher(), path("/api/v1/inbound/**")));
        return http.build();
    }

    @Bean
    JolokiaAccessRestrictor jolokiaAccessRestrictor() {
        return new JolokiaAccessRestrictor();
    }

    /**
     * Hawtio echoes the cookie value as is, so compare the raw token (not the XOR-masked form Spring renders into
     * pages by default), and load it on every request so the cookie exists as soon as the console page is served.
     */
    private static CsrfTokenRequestAttributeHandler eagerPlainCsrfTokenHandler() {
        CsrfTokenRequestAttributeHandler handler = new CsrfTokenRequestAttributeHandler();
        handler.setCsrfRequestAttributeName(null);
        return handler;
    }

    /** Endpoints used by programs (and by Hawtio's own XHR to Jolokia), as opposed to pages a person opens. */
    private static RequestMatcher machineEndpoints() {
        RequestMatcher consolePages = new AndRequestMatcher(
                path("/actuator/hawtio/**"), new NegatedRequestMatcher(path("/actuator/hawtio/jolokia/**")));
        RequestMatcher apiAndActuator = new OrRequestMatcher(path("/api/**"), path("/v3/api-docs/**"), path("/v3/api-docs.yaml"),
                path("/actuator/**"));
        return new AndRequestMatcher(apiAndActuator, new NegatedRequestMatcher(consolePages));
    }

    private static AuthenticationEntryPoint basicChallenge() {
        BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
        basic.setRealmName(REALM);
        basic.afterPropertiesSet();
        return basic;
    }

    private static HttpSessionRequestCache browserPageRequestCache(RequestMatcher machineEndpoints) {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        cache.setRequestMatcher(new AndRequestMatcher(new PageNavigationRequestMatcher(), new NegatedRequestMatcher(machineEndpoints)));
        return cache;
    }

    private static RequestMatcher path(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(pattern);
    }

    private static RequestMatcher path(HttpMethod method, String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
    }
}
