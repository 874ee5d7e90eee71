package io.dock2ledger.benchmark;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * How the measured hub commits, so that the baseline commits the same way: a file's events per intake transaction
 * ({@code dock2ledger.intake.commit-every}), the posting consumers ({@code dock2ledger.posting.consumers}) and what one
 * of them takes into one commit ({@code batch-size}, {@code batch-linger}). Read as the hub reads them: its
 * {@code application.yaml}, then the {@code --key=value} arguments the hub was started with over it.
 *
 * @param intakeCommitEvery events a file's reader commits at a time (0: once per file)
 * @param consumers         posting consumers, each with its own JMS session and database connection
 * @param batchSize         most events one posting consumer commits at once
 * @param batchLinger       how long a posting batch waits after its first event for more
 */
record HubCommits(int intakeCommitEvery, int consumers, int batchSize, Duration batchLinger) {

    static HubCommits of(List<String> hubArgs) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SimpleCommandLinePropertySource(hubArgs.stream()
                .filter(a -> a.startsWith("--")).toArray(String[]::new)));
        try {
            for (PropertySource<?> yaml : new YamlPropertySourceLoader()
                    .load("application.yaml", new ClassPathResource("application.yaml"))) {
                sources.addLast(yaml);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Binder binder = new Binder(ConfigurationPropertySources.from(sources));
        return new HubCommits(
                binder.bind("dock2ledger.intake.commit-every", Integer.class).get(),
                binder.bind("dock2ledger.posting.consumers", Integer.class).get(),
                binder.bind("dock2ledger.posting.batch-size", Integer.class).get(),
                binder.bind("dock2ledger.posting.batch-linger", Duration.class).get());
    }
}
