package io.dock2ledger;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.dock2ledger.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * The test layers (docs/testing.md): a test that starts the whole hub is an *IT, so that Failsafe runs it in
 * mvn verify and mvn test stays the fast layer. Read from the compiled test classes.
 */
class TestLayersTest {

    /** Starts the application, but its production guard refuses before any bean exists: a fast test. */
    private static final String REFUSED_BEFORE_ANY_BEAN = "io.dock2ledger.security.ProductionProfileStartupTest";

    private static final DescribedPredicate<JavaClass> START_THE_WHOLE_HUB = new DescribedPredicate<>(
            "start the whole hub (extend HubIntegrationTest, @SpringBootTest of the application, "
                    + "or new SpringApplicationBuilder(Dock2LedgerApplication.class))") {
        @Override
        public boolean test(JavaClass test) {
            if (test.getModifiers().contains(JavaModifier.ABSTRACT)) {
                return false;
            }
            if (test.isAssignableTo(HubIntegrationTest.class)) {
                return true;
            }
            if (test.isAnnotatedWith(SpringBootTest.class)
                    && test.getAnnotationOfType(SpringBootTest.class).classes().length == 0) {
                return true; // no classes: Spring finds the application's @SpringBootConfiguration
            }
            return test.getConstructorCallsFromSelf().stream()
                    .anyMatch(call -> call.getTargetOwner().isEquivalentTo(SpringApplicationBuilder.class))
                    && test.getDirectDependenciesFromSelf().stream()
                    .anyMatch(dependency -> dependency.getTargetClass().isEquivalentTo(Dock2LedgerApplication.class));
        }
    };

    @Test
    void testsThatStartTheWholeHubAreNamedForFailsafe() {
        JavaClasses tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("io.dock2ledger");
        classes().that(START_THE_WHOLE_HUB)
                .and().haveSimpleNameNotEndingWith("Benchmark") // run on demand with -Dtest, tagged benchmark
                .and().doNotHaveFullyQualifiedName(REFUSED_BEFORE_ANY_BEAN)
                .should().haveSimpleNameEndingWith("IT")
                .because("Surefire (mvn test) runs the fast layer; Failsafe runs the *IT in mvn verify (docs/testing.md)")
                .check(tests);
    }
}
