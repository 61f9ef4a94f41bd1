package jouvence;

import jouvence.privatefiles.PrivateFilesJouvence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The private files' button in headless Chromium (BrowserIT's browser and helpers), on a Jouvence with the private
 * files on and the simulated old and new platforms: teacher1 follows the header link, presses "Bring my private files",
 * and the page then shows the request performed with its summary.
 */
class PrivateFilesBrowserIT {

    private static PrivateFilesJouvence pf;

    @BeforeAll
    static void start() throws Exception {
        BrowserIT.startBrowser();
        if (BrowserIT.missing == null) {
            pf = new PrivateFilesJouvence(Map.of());
            BrowserIT.base = "http://127.0.0.1:" + pf.apiPort;
        }
    }

    @AfterAll
    static void stop() throws Exception {
        BrowserIT.stopBrowser();
        if (pf != null) {
            pf.close();
        }
    }

    @BeforeEach
    void fresh() throws Exception {
        if (BrowserIT.missing != null) {
            if (BrowserIT.onCi()) {
                fail("CI=true but " + BrowserIT.missing);
            }
            Assumptions.abort("skipped: " + BrowserIT.missing);
        }
        pf.reset();
        BrowserIT.driver.manage().deleteAllCookies();
    }

    @Test
    void the_button_brings_the_files_and_the_page_says_what_was_copied() throws Exception {
        BrowserIT.login("teacher1", "Teacher1!");
        BrowserIT.click(By.id("private-files-link"));
        BrowserIT.waitFor(By.cssSelector("section[data-server='old']"));
        assertEquals("/private-files", BrowserIT.path());
        BrowserIT.click(By.cssSelector("section[data-server='old'] button.bring-files"));
        BrowserIT.assertInfo();
        BrowserIT.awaitUntil(() -> {
            BrowserIT.open("/private-files");
            return !BrowserIT.driver.findElements(By.cssSelector("p.request-state[data-state='performed']")).isEmpty();
        }, BrowserIT.RUN_WAIT, () -> "the request performed on the page");
        String summary = BrowserIT.waitFor(By.cssSelector("pre.request-summary")).getText();
        assertTrue(summary.contains("5 file(s) copied."), summary);
        assertTrue(BrowserIT.driver.findElements(By.cssSelector("button.bring-files")).size() == 1,
                "the button is offered again once done");
        assertTrue(pf.client.privateFiles("teacher1").containsKey("/projets/été 2024/rapport.txt"));
        BrowserIT.screenshot("private-files.png");
    }
}
