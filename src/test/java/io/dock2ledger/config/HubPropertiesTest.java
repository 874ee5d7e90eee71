package io.dock2ledger.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class HubPropertiesTest {

    @Test
    void relativeDirectoriesOfTheEmbeddedDefaultsBecomeAbsolute() {
        HubProperties hub = new HubProperties(Path.of("./data"), Path.of("./config"), Path.of("./routes"), Path.of("./mappings"));

        Path workingDirectory = Path.of("").toAbsolutePath();
        assertThat(hub.dataDir()).isEqualTo(workingDirectory.resolve("data"));
        assertThat(hub.partnerFolder("acme-3pl")).isAbsolute()
                .isEqualTo(workingDirectory.resolve("data/partners/acme-3pl"));
        assertThat(hub.configDir()).isEqualTo(workingDirectory.resolve("config"));
    }
}
