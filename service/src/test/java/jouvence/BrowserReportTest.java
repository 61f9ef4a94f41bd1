package jouvence;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * A machine without Chromium does not turn the browser tests into a silent green: {@link BrowserIT} run by the JUnit
 * launcher with Chromium's paths pointing nowhere reports each of its tests skipped with the install command, and each
 * failed under CI.
 */
class BrowserReportTest {

    record Outcome(String test, TestExecutionResult.Status status, String reason) {
    }

    @Test
    void without_chromium_each_browser_test_is_skipped_with_the_install_command_and_fails_under_ci() {
        List<Outcome> skipped = runBrowserIt("false");
        assertEquals(7, skipped.size(), skipped.toString());
        for (Outcome o : skipped) {
            assertEquals(TestExecutionResult.Status.ABORTED, o.status(), o.toString());
            assertTrue(o.reason().contains("apt-get install chromium chromium-driver"), o.toString());
        }
        List<Outcome> failed = runBrowserIt("true");
        assertEquals(7, failed.size(), failed.toString());
        for (Outcome o : failed) {
            assertEquals(TestExecutionResult.Status.FAILED, o.status(), o.toString());
            assertTrue(o.reason().startsWith("CI=true but headless Chromium needs"), o.toString());
        }
    }

    private static List<Outcome> runBrowserIt(String ci) {
        Map<String, String> properties = Map.of("jouvence.chromium", "/nonexistent/chromium",
                "jouvence.chromedriver", "/nonexistent/chromedriver", "jouvence.ci", ci);
        properties.forEach(System::setProperty);
        try {
            List<Outcome> outcomes = new ArrayList<>();
            LauncherDiscoveryRequest request = request().selectors(selectClass(BrowserIT.class)).build();
            LauncherFactory.create().execute(request, new TestExecutionListener() {
                @Override
                public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                    if (test.isTest()) {
                        outcomes.add(new Outcome(test.getDisplayName(), result.getStatus(),
                                result.getThrowable().map(Throwable::getMessage).orElse("")));
                    }
                }
            });
            return outcomes;
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
    }
}
