package io.dock2ledger.intake.sftp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartnerFoldersTest {

    @TempDir
    Path partners;

    @Test
    void createsTheFourSubfoldersAndKeepsWhatIsThere() throws Exception {
        PartnerFolders folders = new PartnerFolders(partners);
        Path acme = folders.ensure("acme-3pl");
        Files.writeString(acme.resolve("inbox/shipments_1.csv"), "x");

        Path again = folders.ensure("acme-3pl");

        assertThat(again).isEqualTo(partners.resolve("acme-3pl").toAbsolutePath());
        for (String sub : PartnerFolders.SUBFOLDERS) {
            assertThat(acme.resolve(sub)).isDirectory();
        }
        assertThat(acme.resolve("inbox/shipments_1.csv")).hasContent("x");
    }

    @Test
    void partnerIdThatIsNotOneFolderNameIsRejected() {
        PartnerFolders folders = new PartnerFolders(partners);

        for (String id : new String[] {"..", "../wh-east", "a/b", "", ".hidden"}) {
            assertThatThrownBy(() -> folders.ensure(id)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(partners).isEmptyDirectory();
    }
}
