package io.dock2ledger.routes;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.OptionalIdentifiedDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every step of these route files has an id of its own, so that Hawtio's route diagram and statistics, the logs and
 * the route tests (weaveById) name it; without one Camel generates "setHeader3", "bean5". The files are loaded as the
 * hub loads them (camel-yaml-dsl) into a Camel that is never started. Every file of routes/ is checked, route
 * templates included, so a new route file is held to it without being listed here.
 */
class RouteStepIdsTest {

    static List<String> routeFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml"))
                    .map(n -> n.substring(0, n.length() - ".camel.yaml".length())).sorted().toList();
        }
    }

    @Test
    void everyRouteFileIsChecked() throws IOException {
        assertThat(routeFiles()).contains("partner-inbox-to-canonical", "canonical-events-to-finance", "error-handling")
                .hasSizeGreaterThan(15);
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void everyStepHasAnId(String file) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(camel).loadRoutes(
                    PluginHelper.getResourceLoader(camel).resolveResource(RouteTests.ROUTES + file + ".camel.yaml"));
            Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
            List<String> withoutId = new ArrayList<>();
            int nodes = 0;
            List<RouteDefinition> routes = new ArrayList<>(model.getRouteDefinitions());
            for (RouteTemplateDefinition template : model.getRouteTemplateDefinitions()) {
                routes.add(template.getRoute());
            }
            for (RouteDefinition route : routes) {
                nodes += check(route.getInput(), route.getId() + " from", withoutId);
                nodes += checkSteps(route.getOutputs(), route.getId(), withoutId);
            }
            for (RouteConfigurationDefinition configuration : model.getRouteConfigurationDefinitions()) {
                for (OnExceptionDefinition onException : configuration.getOnExceptions()) {
                    nodes += check(onException, configuration.getId() + " onException", withoutId);
                    nodes += checkSteps(onException.getOutputs(), configuration.getId(), withoutId);
                }
            }
            assertThat(nodes).as("steps found in " + file).isPositive();
            assertThat(withoutId).as("steps of " + file + " without an id").isEmpty();
        }
    }

    private static int checkSteps(List<ProcessorDefinition<?>> steps, String where, List<String> withoutId) {
        int nodes = 0;
        for (ProcessorDefinition<?> step : steps) {
            nodes += check(step, where, withoutId);
            nodes += checkSteps(step.getOutputs(), where + " > " + describe(step), withoutId);
        }
        return nodes;
    }

    private static int check(OptionalIdentifiedDefinition<?> node, String where, List<String> withoutId) {
        if (!node.hasCustomIdAssigned()) {
            withoutId.add(where + ": " + describe(node));
        }
        return 1;
    }

    private static String describe(OptionalIdentifiedDefinition<?> node) {
        return node.getShortName() + (node.getLabel() == null ? "" : " " + node.getLabel());
    }
}
