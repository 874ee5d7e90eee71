package io.dock2ledger.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description at {@code /v3/api-docs}: who we are and that every call needs HTTP Basic. */
@Configuration(proxyBeanMethods = false)
public class ApiDocsConfiguration {

    static final String BASIC_SCHEME = "basicAuth";
    /** The version in the API's paths ({@code /api/v1}); it changes only with a breaking change. */
    static final String API_VERSION = "v1";

    @Bean
    OpenAPI dock2LedgerOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Dock2Ledger API")
                        .version(API_VERSION)
                        .description("Operate the Dock2Ledger integration hub: finance documents produced from warehouse "
                                + "events, the exceptions queue (resubmit, resolve) and reversals. GET needs the viewer "
                                + "role, every other method the operator role. Partner webhooks under /api/v1/inbound "
                                + "are authenticated by an HMAC signature of the body instead of a user."))
                .components(new Components().addSecuritySchemes(BASIC_SCHEME, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("basic")
                        .description("Accounts viewer, operator and admin; passwords from DOCK2LEDGER_*_PASSWORD")))
                .addSecurityItem(new SecurityRequirement().addList(BASIC_SCHEME));
    }
}
