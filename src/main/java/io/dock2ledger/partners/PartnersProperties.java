package io.dock2ledger.partners;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code dock2ledger.partners.*}.
 *
 * @param additionalDirs folders of partner files read after {@code config/partners} (empty by default; the tests add
 *                       a clearly labelled test partner there without touching config/)
 */
@ConfigurationProperties(prefix = "dock2ledger.partners")
public record PartnersProperties(@DefaultValue List<Path> additionalDirs) {
}
