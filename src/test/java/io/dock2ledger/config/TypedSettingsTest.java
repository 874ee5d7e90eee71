package io.dock2ledger.config;

import io.dock2ledger.edi.EdiProperties;
import io.dock2ledger.intake.IntakeProperties;
import io.dock2ledger.masterdata.MasterDataProperties;
import io.dock2ledger.partners.PartnersProperties;
import io.dock2ledger.posting.PostingProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The typed settings of each package: their defaults are the values application.yaml documents, so the file stays
 * true when a key is left out, and a key written there reaches the record.
 */
class TypedSettingsTest {

    @Test
    void defaultsAreTheValuesApplicationYamlDocuments() throws Exception {
        Binder documented = binder(new YamlPropertySourceLoader()
                .load("application.yaml", new ClassPathResource("application.yaml")));
        Binder empty = binder(List.of());

        for (Class<?> settings : List.of(PostingProperties.class, MasterDataProperties.class, IntakeProperties.class,
                PartnersProperties.class, io.dock2ledger.DatabaseProperties.class,
                io.dock2ledger.BrokerProperties.class)) {
            assertThat(bind(documented, settings)).as(settings.getSimpleName()).isEqualTo(bind(empty, settings));
        }
        EdiProperties edi = bind(documented, EdiProperties.class);
        EdiProperties ediDefaults = bind(empty, EdiProperties.class);
        assertThat(edi.duplicateWindow()).isEqualTo(ediDefaults.duplicateWindow()).isEqualTo(Duration.ofDays(30));
        assertThat(edi.identity().isaId()).isEqualTo(ediDefaults.identity().isaId()).isEqualTo("DOCKSIDE");
        assertThat(edi.identity().isaQualifier()).isEqualTo(ediDefaults.identity().isaQualifier()).isEqualTo("ZZ");
        // GS02 has no built-in default: the embedded configuration names it.
        assertThat(edi.identity().gsCode()).isEqualTo("DOCKSIDE");
        assertThat(ediDefaults.identity().gsCode()).isEmpty();

        PostingProperties posting = bind(empty, PostingProperties.class);
        assertThat(posting.maxWait()).isEqualTo(Duration.ofHours(24));
        assertThat(posting.maxRedrives()).isEqualTo(3);
        assertThat(bind(empty, MasterDataProperties.class).cacheSize()).isEqualTo(100_000);
        assertThat(bind(empty, IntakeProperties.class).readLockMaxAge()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void additionalPartnerFoldersAreACommaSeparatedList() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new org.springframework.core.env.MapPropertySource("test",
                java.util.Map.of("dock2ledger.partners.additional-dirs", "a/partners, b/partners")));

        PartnersProperties partners = bind(Binder.get(environment), PartnersProperties.class);

        assertThat(partners.additionalDirs()).containsExactly(Path.of("a/partners"), Path.of("b/partners"));
    }

    private static Binder binder(List<PropertySource<?>> sources) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().forEach(source -> environment.getPropertySources().remove(source.getName()));
        sources.forEach(environment.getPropertySources()::addLast);
        return new Binder(ConfigurationPropertySources.get(environment));
    }

    private static <T> T bind(Binder binder, Class<T> settings) {
        String prefix = settings.getAnnotation(
                org.springframework.boot.context.properties.ConfigurationProperties.class).prefix();
        return binder.bindOrCreate(prefix, Bindable.of(settings));
    }
}
