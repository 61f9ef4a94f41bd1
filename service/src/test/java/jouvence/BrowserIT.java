package jouvence;

import jakarta.mail.internet.MimeMessage;
import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import simulator.MoodleSimulator;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The teachers' page, the admins' console and the participants' folders page in a real browser: headless Debian
 * Chromium driven by Selenium through Debian's chromedriver (nothing downloaded), against the test Jouvence (real
 * PostgreSQL, GreenMail, Moodle simulators logging users in through their login/token.php; the folders' scenario on a
 * second Jouvence with the collaborative folders on and the cloud simulator).
 *
 * <p>Without Chromium each test fails when {@code CI=true} ({@code .ci/run} installs it) and is reported skipped
 * otherwise, the reason and the install command printed in the build's output.
 */
class BrowserIT {

    /** Debian's paths; {@code -Djouvence.chromium} / {@code -Djouvence.chromedriver} name others (BrowserReportTest). */
    static final Path CHROMIUM = Path.of(System.getProperty("jouvence.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("jouvence.chromedriver", "/usr/bin/chromedriver"));
    static final Duration PAGE_WAIT = Duration.ofSeconds(15);
    static final Duration RUN_WAIT = Duration.ofSeconds(120);

    static TestJouvence env;
    static WebDriver driver;
    static Path profile;
    static String base;

    /** Why the browser tests cannot run on this machine; null when they can. */
    static String missing;

    /** Why the browser tests cannot run here (null: they can), with what to install. */
    static String missingBrowser() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return null;
        }
        return "headless Chromium needs " + CHROMIUM + " and " + CHROMEDRIVER
                + "; install them with: apt-get install chromium chromium-driver";
    }

    /** {@code CI=true} in the environment, or {@code -Djouvence.ci=true|false} (BrowserReportTest). */
    static boolean onCi() {
        return "true".equals(System.getProperty("jouvence.ci", System.getenv("CI")));
    }

    @BeforeAll
    static void startBrowser() throws Exception {
        missing = missingBrowser();
        if (missing != null) {
            // Said once in the build's output; each test then reports itself skipped (or failed under CI=true).
            long tests = Stream.of(BrowserIT.class.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Test.class))
                    .count();
            System.err.println("[WARNING] BrowserIT: " + (onCi() ? "CI=true, the " + tests + " browser tests FAIL: "
                    : "the " + tests + " browser tests are SKIPPED: ") + missing);
            return;
        }
        env = TestJouvence.get();
        base = "http://127.0.0.1:" + env.apiPort;
        // The driver and the browser are given: Selenium Manager has nothing to resolve (and no network to use).
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("jouvence-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,900", "--lang=en-US", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        // the page itself 1280x900 (the window's frame comes on top), for the screenshots
        driver.get("about:blank");
        Object frame = ((JavascriptExecutor) driver).executeScript(
                "return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];");
        List<?> extra = (List<?>) frame;
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(
                1280 + ((Number) extra.get(0)).intValue(), 900 + ((Number) extra.get(1)).intValue()));
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @BeforeEach
    void freshState() throws Exception {
        if (missing != null) {
            if (onCi()) {
                fail("CI=true but " + missing);
            }
            Assumptions.abort("skipped: " + missing);
        }
        env.reset();
        driver.manage().deleteAllCookies();
    }

    // ------------------------------------------------------------------------------------------------ scenarios

    @Test
    void a_wrong_password_shows_the_message_and_no_page() {
        open("/login");
        submitLogin("teacher1", "not-the-password");
        WebElement message = waitFor(By.id("message"));
        assertTrue(message.getAttribute("class").contains("alert-error"), message.getAttribute("class"));
        assertFalse(message.getText().isBlank(), "a message says why");
        assertEquals("/login", path());
        assertTrue(driver.findElements(By.id("whoami")).isEmpty(), "no logged-in page");
        assertTrue(driver.findElements(By.cssSelector("section.server")).isEmpty());
        assertFalse(driver.getPageSource().contains("not-the-password"), "the password is not echoed");
        assertEquals(List.of("invalidlogin"),
                env.client.logins().stream().map(MoodleSimulator.Login::outcome).toList());
        open("/restore");
        waitFor(By.id("login-form")); // still not logged in
    }

    @Test
    void a_form_without_its_csrf_token_is_refused_and_nothing_is_queued() throws Exception {
        login("teacher1", "Teacher1!");
        WebElement row = course("old", 2);
        row.findElement(By.cssSelector("input.select")).click();
        WebElement form = section("old").findElement(By.cssSelector("form.restore-form"));
        ((JavascriptExecutor) driver).executeScript(
                "arguments[0].querySelectorAll('input[name=csrf]').forEach(e => e.remove());", form);
        submit(section("old").findElement(By.cssSelector("button.schedule[data-server=old]")));
        WebElement message = waitFor(By.id("message"));
        assertTrue(message.getAttribute("class").contains("alert-error"), message.getAttribute("class"));
        assertFalse(message.getText().isBlank(), "a clear message");
        assertEquals(0, queued(), "nothing queued");
        open("/restore");
        assertEquals("none", badge("old", 2));
    }

    @Test
    void a_forged_form_for_another_teachers_course_is_refused_and_nothing_is_queued() throws Exception {
        login("teacher1", "Teacher1!");
        assertTrue(driver.findElements(By.cssSelector("section.server[data-server=old] tr.course[data-course='5']"))
                .isEmpty(), "course 5 is teacher2's: not listed");
        // the page is changed in the browser so that the form asks for course 5
        ((JavascriptExecutor) driver).executeScript(
                "const form = arguments[0];"
                        + "const box = form.querySelector('input.select[value=\"2\"]'); box.value = '5'; box.checked = true;"
                        + "const listed = document.createElement('input'); listed.type = 'hidden'; listed.name = 'listed';"
                        + "listed.value = '5'; form.appendChild(listed);",
                section("old").findElement(By.cssSelector("form.restore-form")));
        submit(section("old").findElement(By.cssSelector("button.schedule[data-server=old]")));
        WebElement message = waitFor(By.id("message"));
        assertTrue(message.getAttribute("class").contains("alert-error"),
                message.getAttribute("class") + ": " + message.getText());
        assertFalse(message.getText().isBlank(), "a clear message");
        assertEquals(0, queued(), "nothing queued");
    }

    @Test
    void the_language_switch_changes_the_page() {
        open("/login?lang=en");
        String english = waitFor(By.id("login-submit")).getText();
        driver.findElement(By.cssSelector("a.lang[data-lang=fr]")).click();
        new WebDriverWait(driver, PAGE_WAIT).until(d -> !d.findElement(By.id("login-submit")).getText().equals(english));
        driver.findElement(By.cssSelector("a.lang[data-lang=en]")).click();
        new WebDriverWait(driver, PAGE_WAIT).until(d -> d.findElement(By.id("login-submit")).getText().equals(english));
    }

    @Test
    void an_expired_session_goes_back_to_login() throws Exception {
        login("teacher1", "Teacher1!");
        assertEquals("/restore", path());
        try (Connection c = env.postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            // idle for longer than any jouvence.web.session-idle
            assertEquals(1, s.executeUpdate("UPDATE web_session SET last_seen = now() - interval '30 days'"));
        }
        driver.navigate().refresh();
        waitFor(By.id("login-form"));
        assertEquals("/login", path());
        assertTrue(driver.findElements(By.id("whoami")).isEmpty());
        // a session the server no longer has at all: the same
        login("teacher1", "Teacher1!");
        try (Connection c = env.postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM web_session");
        }
        open("/restore");
        waitFor(By.id("login-form"));
        assertEquals("/login", path());
    }

    @Test
    void a_teacher_schedules_two_courses_sees_them_performed_cancels_one_and_an_admin_retries_a_failed_one()
            throws Exception {
        env.other.siteName("Archive 2019 (old platform)");
        // Log in through the page; the courses of every server are listed
        login("teacher1", "Teacher1!");
        assertEquals("/restore", path());
        assertTrue(driver.findElement(By.id("whoami")).getText().contains("teacher1"),
                driver.findElement(By.id("whoami")).getText());
        assertTrue(driver.findElements(By.id("admin-link")).isEmpty(), "a teacher does not get the console");
        assertFalse(driver.findElements(By.cssSelector("a.lang[data-lang=en]")).isEmpty());
        assertFalse(driver.findElements(By.cssSelector("a.lang[data-lang=fr]")).isEmpty());
        assertEquals("Course Server (old platform)", section("old").findElement(By.tagName("h2")).getText());
        assertEquals("Archive 2019 (old platform)", section("other").findElement(By.tagName("h2")).getText());
        for (String server : List.of("old", "other")) {
            assertEquals(Set.of("2", "3", "4", "6"), courseIds(server), "teacher1's courses on " + server);
        }
        assertEquals("none", badge("old", 2));

        // Schedule two courses
        tick("old", 2, true);
        tick("old", 3, true);
        schedule("old");
        assertInfo();
        assertEquals("scheduled", badge("old", 2));
        assertEquals("scheduled", badge("old", 3));
        assertEquals(2, queued());

        // Run the queue: both performed
        env.claimNow();
        awaitBadges("old", Map.of(2, "performed", 3, "performed"));
        List<MimeMessage> mails = env.awaitMails(TestJouvence.TEACHER_MAIL, 2, Duration.ofSeconds(30));
        Set<String> subjects = mails.stream().map(BrowserIT::subject).collect(Collectors.toSet());
        assertTrue(subjects.stream().anyMatch(s -> s.contains("Biology 101 (old platform)")), subjects.toString());
        assertTrue(subjects.stream().anyMatch(s -> s.contains("Chemistry 201 (old platform)")), subjects.toString());

        // Cancel one: scheduled, then un-ticked
        tick("old", 4, true);
        schedule("old");
        assertInfo();
        assertEquals("scheduled", badge("old", 4));
        tick("old", 4, false);
        schedule("old");
        assertInfo();
        assertEquals("cancelled", badge("old", 4));
        assertEquals(Status.CANCELLED, only("old", 4).status());
        assertEquals("performed", badge("old", 2), "performed courses stay performed");
        screenshot("teacher-page.png");

        // A request that fails: the old server makes no backup file once
        env.old.filerecordidOverride(0, 1);
        tick("old", 6, true);
        schedule("old");
        assertInfo();
        long failed = only("old", 6).id();
        env.claimNow();
        awaitBadges("old", Map.of(6, "error"));

        // The admin retries it from its detail page
        click(By.id("logout"));
        waitFor(By.id("login-form"));
        login("admin", "Admin1!");
        click(By.id("admin-link"));
        waitFor(By.id("requests"));
        WebElement row = waitFor(By.cssSelector("tr.request[data-request='" + failed + "']"));
        assertEquals("error", row.getAttribute("data-status"));
        assertFalse(driver.findElements(By.cssSelector("#health tr.site[data-site]")).isEmpty(), "server health");
        screenshot("admin-console.png");
        submit(row.findElement(By.cssSelector("a.detail")));
        waitFor(By.id("events"));
        assertEquals("/admin/requests/" + failed, path());
        assertFalse(driver.findElements(By.cssSelector("#events li")).isEmpty(), "the event trail");
        click(By.id("retry"));
        env.await(failed, r -> r.status() != Status.ERROR, Duration.ofSeconds(15));
        open("/admin");
        click(By.id("run-queue"));
        awaitUntil(() -> {
            open("/admin");
            return "performed".equals(driver.findElement(By.cssSelector("tr.request[data-request='" + failed + "']"))
                    .getAttribute("data-status"));
        }, RUN_WAIT, () -> "request " + failed + " performed after the retry: " + env.request(failed)
                + "\n" + env.requests.events(failed));
        assertEquals(Status.PERFORMED, env.request(failed).status());
    }

    /**
     * The participants' page (/folders) in the browser, against a second Jouvence with the collaborative folders on
     * (share-mode opt-in, the cloud's OAuth client set) and the simulated Nextcloud: a student reaches it from the
     * header, adds their group's folder to their cloud, names their copy through the cloud's authorisation page and
     * back, then meets a name already taken in their space (412) in words.
     */
    @Test
    void a_student_adds_their_groups_folder_to_their_cloud_and_names_their_copy() throws Exception {
        try (simulator.cloud.CloudSimulator cloud = simulator.cloud.CloudSimulator.nextcloud().start()) {
            cloud.addUser("jouvence", "Jouvence", "jouvence@univ.example").appPassword("jouvence", "sys-app-password");
            cloud.addUser("s1", "S1", "s1@univ.example");
            int port = TestJouvence.freePort();
            String folders = "http://127.0.0.1:" + port;
            cloud.addOAuthClient("jouvence-web", "web-client-secret", folders + "/folders/oauth");
            try (jouvence.folders.FoldersJouvence j = new jouvence.folders.FoldersJouvence(Map.of(
                    "jouvence.folders.cloud.url", cloud.url(), "jouvence.folders.cloud.user", "jouvence",
                    "jouvence.folders.cloud.app-password", "sys-app-password", "jouvence.folders.share-mode", "opt-in",
                    "camel.server.port", Integer.toString(port), "jouvence.folders.cloud.oauth.client-id",
                    "jouvence-web", "jouvence.folders.cloud.oauth.client-secret", "web-client-secret",
                    "jouvence.folders.cloud.oauth.redirect-uri", folders + "/folders/oauth"))) {
                j.reset();
                j.client.addCourse(10, "BIO", "Biology 101", 3, "teacher1");
                j.client.addUser("s1", "S1", "Student");
                j.client.password("s1", "Pass-s1");
                simulator.SimulatedGroups groups = j.client.groups();
                groups.enrol("s1", 10, "student");
                groups.addMember(groups.addGroup(10, "Team A"), "s1");
                jouvence.folders.FoldersJouvence.Response created = j.api("POST", "/api/v1/folder-sets",
                        "{\"courseId\": 10, \"name\": \"Lab reports\", \"groupMode\": \"groups\"}");
                assertEquals(201, created.status(), created.body());
                long set = created.json().get("id").asLong();
                awaitUntil(() -> {
                    try {
                        return "ready".equals(j.api("GET", "/api/v1/folder-sets/" + set, null).json().get("state")
                                .asText());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, RUN_WAIT, () -> "folder set " + set + " ready");
                By row = By.cssSelector("tr.folder[data-set='" + set + "']");

                // The student logs in and goes to their folders from the header.
                driver.get(folders + "/login");
                submitLogin("s1", "Pass-s1");
                click(By.id("folders-link"));
                waitFor(row);
                assertEquals("/folders", path());
                assertEquals("not-added", driver.findElement(row).getAttribute("data-state"));
                assertTrue(driver.findElement(row).getText().contains("Team A (id "), driver.findElement(row).getText());
                assertTrue(cloud.shares().isEmpty(), "opt-in: nobody is shared before asking");

                // "Add to my cloud": the share follows at once.
                submit(driver.findElement(row).findElement(By.cssSelector("button.add-to-cloud")));
                assertInfo();
                awaitUntil(() -> {
                    driver.get(folders + "/folders");
                    return "shared".equals(driver.findElement(row).getAttribute("data-state"));
                }, RUN_WAIT, () -> "shared: " + cloud.shares());
                assertTrue(driver.findElement(row).getText().contains("Shared with you as s1"),
                        driver.findElement(row).getText());
                assertEquals(List.of("s1"), cloud.shares().stream().map(simulator.cloud.CloudSimulator.ShareInfo::shareWith)
                        .toList());
                long fileId = cloud.shares().get(0).fileId();

                // Name the copy: through the cloud's authorisation page and back, renamed in the student's space.
                cloud.authorizeAs("s1");
                WebElement name = driver.findElement(row).findElement(By.cssSelector("input.copy-name-input"));
                name.clear();
                name.sendKeys("My lab");
                submit(driver.findElement(row).findElement(By.cssSelector("button.name-copy")));
                WebElement done;
                try {
                    done = waitFor(By.id("message"));
                } catch (AssertionError e) {
                    throw new AssertionError("at " + driver.getCurrentUrl() + "; the cloud's calls: " + cloud.calls(), e);
                }
                assertEquals("/folders", path());
                assertTrue(cloud.calls().stream().anyMatch(c -> c.path().startsWith("/index.php/apps/oauth2/authorize")),
                        "the browser went through the cloud's authorisation page");
                assertTrue(done.getAttribute("class").contains("alert-info"), done.getText());
                assertEquals("Your copy is now called \"My lab\" in your cloud.", done.getText());
                assertTrue(driver.findElement(row).findElement(By.cssSelector("span.copy-name")).getText()
                        .contains("My lab"));
                assertEquals(List.of("/My lab"), cloud.tree("s1").stream().filter(e -> e.fileId() == fileId)
                        .map(simulator.cloud.CloudSimulator.Entry::path).toList());
                screenshot("participants-page.png");

                // A second name already taken in their space: the 412 said in words, nothing moved.
                cloud.mkdirs("s1", "Taken");
                name = driver.findElement(row).findElement(By.cssSelector("input.copy-name-input"));
                name.clear();
                name.sendKeys("Taken");
                submit(driver.findElement(row).findElement(By.cssSelector("button.name-copy")));
                WebElement taken = waitFor(By.id("message"));
                assertTrue(taken.getAttribute("class").contains("alert-error"), taken.getText());
                assertEquals("You already have something called \"Taken\" in your cloud: choose another name.",
                        taken.getText());
                assertEquals(List.of("/My lab"), cloud.tree("s1").stream().filter(e -> e.fileId() == fileId)
                        .map(simulator.cloud.CloudSimulator.Entry::path).toList());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static void open(String pathAndQuery) {
        driver.get(base + pathAndQuery);
    }

    static String path() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    static WebElement waitFor(By by) {
        try {
            return new WebDriverWait(driver, PAGE_WAIT).ignoring(StaleElementReferenceException.class)
                    .until(ExpectedConditions.presenceOfElementLocated(by));
        } catch (org.openqa.selenium.TimeoutException e) {
            String text = driver.findElement(By.tagName("body")).getText();
            throw new AssertionError("no " + by + " on " + driver.getCurrentUrl() + " within " + PAGE_WAIT
                    + "; the page says:\n" + text.substring(0, Math.min(text.length(), 2000)), e);
        }
    }

    /** Clicks a button or link that loads a page; a confirm() it may raise is accepted. */
    static void click(By by) {
        submit(waitFor(by));
    }

    /**
     * Clicks what loads another page and waits until the current one is gone: a {@code waitFor} right after a bare
     * click could find the old page's element (its "#message", say), which then goes stale under the test.
     */
    static void submit(WebElement button) {
        WebElement page = driver.findElement(By.tagName("html"));
        button.click();
        try {
            driver.switchTo().alert().accept();
        } catch (org.openqa.selenium.NoAlertPresentException none) {
            // no confirmation asked
        }
        new WebDriverWait(driver, PAGE_WAIT).until(ExpectedConditions.stalenessOf(page));
    }

    static void submitLogin(String username, String password) {
        waitFor(By.id("login-form"));
        driver.findElement(By.id("username")).clear();
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        submit(driver.findElement(By.id("login-submit")));
    }

    static void login(String username, String password) {
        open("/login");
        submitLogin(username, password);
        new WebDriverWait(driver, PAGE_WAIT).until(d -> !path().equals("/login")
                || !d.findElements(By.id("message")).isEmpty());
        String landing = username.equals("admin") ? "/admin" : "/restore"; // an admin lands on the console
        assertEquals(landing, path(), "logged in as " + username + ": "
                + driver.findElements(By.id("message")).stream().map(WebElement::getText).toList());
        waitFor(By.id("whoami"));
    }

    static WebElement section(String server) {
        return waitFor(By.cssSelector("section.server[data-server='" + server + "']"));
    }

    static WebElement course(String server, int course) {
        return waitFor(By.cssSelector("section.server[data-server='" + server + "'] tr.course[data-course='" + course
                + "']"));
    }

    static Set<String> courseIds(String server) {
        return section(server).findElements(By.cssSelector("tr.course")).stream()
                .map(e -> e.getAttribute("data-course")).collect(Collectors.toSet());
    }

    static String badge(String server, int course) {
        return course(server, course).findElement(By.cssSelector("span.status")).getAttribute("data-status");
    }

    static void tick(String server, int course, boolean on) {
        WebElement box = course(server, course).findElement(By.cssSelector("input.select"));
        if (box.isSelected() != on) {
            box.click();
        }
        assertEquals(on, box.isSelected());
    }

    static void schedule(String server) {
        submit(section(server).findElement(By.cssSelector("button.schedule[data-server='" + server + "']")));
        waitFor(By.id("message"));
        assertEquals("/restore", path());
    }

    static void assertInfo() {
        WebElement message = waitFor(By.id("message"));
        assertTrue(message.getAttribute("class").contains("alert-info"),
                message.getAttribute("class") + ": " + message.getText());
    }

    /** Reloads the teacher page until every course shows its badge, looking at the queue meanwhile. */
    static void awaitBadges(String server, Map<Integer, String> wanted) {
        awaitUntil(() -> {
            env.claimNow();
            open("/restore");
            return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(badge(server, e.getKey())));
        }, RUN_WAIT, () -> "badges " + wanted + " on " + server + "; queue: " + env.requests.list(null, null, null,
                100, 0));
    }

    static void awaitUntil(BooleanSupplier done, Duration timeout, java.util.function.Supplier<String> why) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                if (done.getAsBoolean()) {
                    return;
                }
            } catch (NoSuchElementException | StaleElementReferenceException | org.openqa.selenium.TimeoutException e) {
                // page not there yet: look again
            }
            if (Instant.now().isAfter(deadline)) {
                fail("not within " + timeout + ": " + why.get());
            }
            try {
                Thread.sleep(250); // between two looks; the deadline above bounds the wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    static RestoreRequest only(String server, int course) {
        List<RestoreRequest> found = env.requests.list(null, null, server, 100, 0).stream()
                .filter(r -> r.remoteCourseId() == course).toList();
        assertEquals(1, found.size(), found.toString());
        return found.get(0);
    }

    static int queued() throws Exception {
        try (Connection c = env.postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM restore_request")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Saves the 1280x900 viewport under target/screenshots, or under docs/ (shown in the README) when run with
     * {@code -Djouvence.screenshots=docs}, so an ordinary build leaves the work tree alone.
     */
    static void screenshot(String name) throws Exception {
        Path docs = Path.of(System.getProperty("jouvence.screenshots", "target/screenshots"));
        Files.createDirectories(docs);
        Files.write(docs.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }
}
