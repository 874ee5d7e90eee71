package io.dock2ledger;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The direction of the code (docs/architecture.md, "Package graph"): shared vocabulary at the bottom, intake and
 * posting above it, ERP adapters implementing posting's ports, HTTP APIs and the console at the top. Read from the
 * compiled main classes, so a new import that closes a cycle fails the build.
 */
class ArchitectureTest {

    private static JavaClasses hub;

    @BeforeAll
    static void importMainClasses() {
        hub = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.dock2ledger");
    }

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        slices().matching("io.dock2ledger.(**)").should().beFreeOfCycles().check(hub);
    }

    @Test
    void noTopLevelAreaDependsOnItselfThroughAnother() {
        slices().matching("io.dock2ledger.(*)..").should().beFreeOfCycles().check(hub);
    }

    @Test
    void theSharedVocabularyDependsOnNothingAboveIt() {
        noClasses().that().resideInAnyPackage("io.dock2ledger.canonical..", "io.dock2ledger.exceptions..",
                        "io.dock2ledger.audit..", "io.dock2ledger.partners..", "io.dock2ledger.config..",
                        "io.dock2ledger.masterdata..")
                .should().dependOnClassesThat().resideInAnyPackage("io.dock2ledger.intake..",
                        "io.dock2ledger.mapping..", "io.dock2ledger.edi..", "io.dock2ledger.posting..",
                        "io.dock2ledger.erp..", "io.dock2ledger.outbound..", "io.dock2ledger.operations..",
                        "io.dock2ledger.security..", "io.dock2ledger.cli..")
                .check(hub);
    }

    @Test
    void postingOwnsItsPortsAndTheErpAdaptersImplementThem() {
        noClasses().that().resideInAPackage("io.dock2ledger.posting..")
                .should().dependOnClassesThat().resideInAPackage("io.dock2ledger.erp..")
                .check(hub);
    }

    @Test
    void intakeAndPostingKnowNothingOfEachOther() {
        noClasses().that().resideInAnyPackage("io.dock2ledger.intake..", "io.dock2ledger.mapping..")
                .should().dependOnClassesThat().resideInAPackage("io.dock2ledger.posting..")
                .check(hub);
        noClasses().that().resideInAPackage("io.dock2ledger.posting..")
                .should().dependOnClassesThat().resideInAnyPackage("io.dock2ledger.intake..", "io.dock2ledger.mapping..")
                .check(hub);
    }

    @Test
    void nothingDependsOnAnHttpController() {
        noClasses().should().dependOnClassesThat().areAnnotatedWith(RestController.class)
                .check(hub);
    }

    @Test
    void postingRulesArePlainJavaWithoutStorageOrTransport() {
        noClasses().that().resideInAPackage("io.dock2ledger.posting.rules..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "org.apache.camel..",
                        "jakarta.jms..", "org.springframework.web..")
                .check(hub);
    }

    /** Settings bind to each package's typed {@code @ConfigurationProperties} record, never to scattered keys. */
    @Test
    void settingsAreTypedPropertiesNotScatteredValueAnnotations() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName(Value.class.getName())
                .because("each package binds its dock2ledger.* settings to its own @ConfigurationProperties record")
                .check(hub);
    }

    @Test
    void controllersLiveInHttpPackages() {
        classes().that().areAnnotatedWith(RestController.class)
                .should().resideInAnyPackage("..api..", "io.dock2ledger.operations..", "io.dock2ledger.intake.webhook..",
                        "io.dock2ledger.outbound..")
                .check(hub);
    }

    /** Canonical events enter the posting queue through a route (event-to-posting-queue), never from Java. */
    @Test
    void noJavaClassNamesThePostingQueue() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            List<Path> naming = files.filter(Files::isRegularFile).filter(file -> {
                try {
                    return Files.readString(file).contains("queue:dock2ledger.events");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
            assertThat(naming).as("files under src/main/java that name queue:dock2ledger.events").isEmpty();
        }
    }
}
