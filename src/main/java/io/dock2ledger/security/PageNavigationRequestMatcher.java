package io.dock2ledger.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Top-level page navigations: the only requests worth returning to after the login.
 *
 * <p>While the login page is open a browser keeps fetching: the favicon, images, stylesheets, scripts, source maps,
 * {@code /.well-known/...}, and Hawtio's XHRs. Each one that meets the login redirect would otherwise replace the saved
 * page, and the login would land on it ({@code /favicon.ico?continue}, a 404). A navigation is a {@code GET} that
 * accepts HTML by name, is not an XHR, does not ask for a file other than an HTML page, and, where the browser sends
 * fetch metadata, has {@code Sec-Fetch-Mode: navigate} and {@code Sec-Fetch-Dest: document}. Older browsers send no
 * fetch metadata, so the {@code Accept} header (subresources accept {@code image/*}, {@code text/css} or
 * {@code *}{@code /*}, never {@code text/html}) and the file name have to decide for them.
 */
public class PageNavigationRequestMatcher implements RequestMatcher {

    private static final Set<String> PAGE_EXTENSIONS = Set.of("html", "htm");

    @Override
    public boolean matches(HttpServletRequest request) {
        return HttpMethod.GET.matches(request.getMethod())
                && isDocumentNavigation(request)
                && acceptsHtml(request)
                && !"XMLHttpRequest".equalsIgnoreCase(request.getHeader("X-Requested-With"))
                && !isFileOtherThanAPage(pathWithinApplication(request));
    }

    /** Fetch metadata, where the browser sends it, names the request exactly. */
    private static boolean isDocumentNavigation(HttpServletRequest request) {
        String mode = request.getHeader("Sec-Fetch-Mode");
        String dest = request.getHeader("Sec-Fetch-Dest");
        return (mode == null || mode.equalsIgnoreCase("navigate")) && (dest == null || dest.equalsIgnoreCase("document"));
    }

    /** {@code text/html} or XHTML named in {@code Accept}; a wildcard alone is what scripts and images send. */
    private static boolean acceptsHtml(HttpServletRequest request) {
        List<String> accept = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
        try {
            return MediaType.parseMediaTypes(accept).stream()
                    .anyMatch(type -> (MediaType.TEXT_HTML.equalsTypeAndSubtype(type)
                            || MediaType.APPLICATION_XHTML_XML.equalsTypeAndSubtype(type)) && type.getQualityValue() > 0);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** {@code /.well-known/...}, {@code favicon.ico}, {@code main.js.map}: files nobody wants as a landing page. */
    private static boolean isFileOtherThanAPage(String path) {
        if (path.startsWith("/.well-known/")) {
            return true;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot >= 0 && !PAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static String pathWithinApplication(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String contextPath = request.getContextPath();
        return contextPath != null && uri.startsWith(contextPath) ? uri.substring(contextPath.length()) : uri;
    }
}
