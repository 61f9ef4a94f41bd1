package jouvence;

import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.CookieManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web pages over HTTP, against the real Jouvence of {@link TestJouvence}: login through the simulated new
 * platform's login/token.php, the teachers' page, the admins' console. Every forged or stale form is refused and
 * changes nothing.
 */
class WebTest {

    private final TestJouvence env = TestJouvence.get();

    @BeforeEach
    void reset() throws Exception {
        env.reset();
    }

    /** A browser: its own cookies, redirects not followed (tests look at them). */
    final class Browser {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String acceptLanguage = "en";

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(uri(path)).header("Accept-Language", acceptLanguage).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** Form fields as name, value, name, value... */
        HttpResponse<String> post(String path, String... fields) throws Exception {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < fields.length; i += 2) {
                if (fields[i + 1] == null) {
                    continue;
                }
                body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8))
                        .append('=').append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
            }
            return http.send(HttpRequest.newBuilder(uri(path)).header("Accept-Language", acceptLanguage)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Follows a 303 as a browser does (GET the Location). */
        HttpResponse<String> follow(HttpResponse<String> r) throws Exception {
            assertEquals(303, r.statusCode(), r.body());
            return get(r.headers().firstValue("Location").orElseThrow());
        }

        HttpResponse<String> login(String username, String password) throws Exception {
            String csrf = csrf(get("/login").body());
            return post("/login", "username", username, "password", password, "csrf", csrf);
        }

        /** Logs in and returns the page the login lands on: the console for an admin, else the teachers' page. */
        String loggedIn(String username, String password) throws Exception {
            HttpResponse<String> r = login(username, password);
            assertEquals(303, r.statusCode(), r.body());
            assertEquals(username.equals("admin") ? "/admin" : "/restore",
                    r.headers().firstValue("Location").orElseThrow());
            return follow(r).body();
        }

        String csrfOfPage(String path) throws Exception {
            return csrf(get(path).body());
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + env.apiPort + path);
    }

    static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
        assertTrue(m.find(), "no csrf field in " + html);
        return m.group(1);
    }

    static String message(String html) {
        Matcher m = Pattern.compile("<div id=\"message\" class=\"alert (alert-\\w+)\"[^>]*>([^<]*)</div>").matcher(html);
        return m.find() ? m.group(1) + ": " + m.group(2) : null;
    }

    /** The status badge of a course in a server's section of the teachers' page. */
    static String badge(String html, String server, long course) {
        int s = html.indexOf("data-server=\"" + server + "\"");
        assertTrue(s >= 0, "no section " + server);
        int row = html.indexOf("<tr class=\"course\" data-course=\"" + course + "\"", s);
        assertTrue(row >= 0, "no course " + course + " in " + server);
        Matcher m = Pattern.compile("<span class=\"status[^\"]*\" data-status=\"([^\"]+)\"").matcher(html);
        assertTrue(m.find(row));
        return m.group(1);
    }

    static String row(String html, String server, long course) {
        int s = html.indexOf("data-server=\"" + server + "\"");
        int row = html.indexOf("<tr class=\"course\" data-course=\"" + course + "\"", s);
        return html.substring(row, html.indexOf("</tr>", row));
    }

    private int count(String table) throws Exception {
        try (Connection c = env.postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void sql(String statement) throws Exception {
        try (Connection c = env.postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private List<RestoreRequest> all() {
        return env.requests.list(null, null, null, 100, 0);
    }

    // --- login ------------------------------------------------------------------------------------------------------

    @Test
    void home_sends_to_login_then_login_opens_the_teachers_page_with_a_safe_cookie() throws Exception {
        Browser b = new Browser();
        HttpResponse<String> home = b.get("/");
        assertEquals(303, home.statusCode());
        assertEquals("/login", home.headers().firstValue("Location").orElseThrow());
        String form = b.get("/login").body();
        assertTrue(form.contains("id=\"login-form\"") && form.contains("id=\"username\"") && form.contains("id=\"password\"")
                && form.contains("id=\"login-submit\"") && form.contains("data-lang=\"fr\""), form);

        HttpResponse<String> r = b.login("teacher1", "Teacher1!");
        assertEquals(303, r.statusCode(), r.body());
        String cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("jouvence_session="))
                .findFirst().orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), cookie);
        assertFalse(cookie.contains("Secure"), "plain HTTP here: " + cookie);
        assertEquals(43, cookie.substring("jouvence_session=".length(), cookie.indexOf(';')).length(), "256 bits");
        String page = b.follow(r).body();
        assertTrue(page.contains("<span id=\"whoami\">teacher1</span>"), page);
        assertTrue(page.contains("id=\"logout\""));
        assertFalse(page.contains("id=\"admin-link\""), "teachers get no console link");
        assertFalse(page.contains("id=\"folders-link\"") || page.contains("href=\"/folders\""),
                "the collaborative folders are off here: no link to /folders in the header");
        assertEquals(303, b.get("/").statusCode());
        assertEquals("/restore", b.get("/").headers().firstValue("Location").orElseThrow());

        // over HTTPS (behind a proxy) the cookie is Secure
        Browser proxied = new Browser();
        String csrf = csrf(proxied.get("/login").body());
        HttpResponse<String> secure = proxied.http.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Forwarded-Proto", "https")
                .POST(HttpRequest.BodyPublishers.ofString("username=teacher2&password=Teacher2%21&csrf=" + csrf)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(secure.headers().allValues("Set-Cookie").stream()
                .anyMatch(c -> c.startsWith("jouvence_session=") && c.contains("; Secure")), secure.headers().toString());

        // logout ends the session
        HttpResponse<String> out = b.post("/logout", "csrf", csrf(page));
        assertEquals("/login?bye=1", out.headers().firstValue("Location").orElseThrow());
        assertEquals("/login", b.get("/restore").headers().firstValue("Location").orElseThrow());
        assertEquals(1, count("web_session"), "only teacher2's session is left");
    }

    @Test
    void wrong_password_is_refused_with_a_message_and_no_session() throws Exception {
        Browser b = new Browser();
        HttpResponse<String> r = b.login("teacher1", "nope");
        assertEquals(401, r.statusCode());
        assertEquals("alert-error: Wrong username or password.", message(r.body()));
        assertTrue(r.body().contains("id=\"login-form\""), "the form again");
        assertTrue(r.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("jouvence_session=")));
        assertEquals(0, count("web_session"));
        assertEquals("/login", b.get("/restore").headers().firstValue("Location").orElseThrow());
    }

    @Test
    void login_is_rate_limited_after_five_failures_and_moodle_is_no_longer_asked() throws Exception {
        Browser b = new Browser();
        for (int i = 0; i < 5; i++) {
            assertEquals(401, b.login("teacher1", "guess" + i).statusCode());
        }
        int asked = env.client.logins().size();
        HttpResponse<String> r = b.login("teacher1", "Teacher1!");
        assertEquals(429, r.statusCode());
        assertEquals("alert-error: Too many attempts, wait 10 minutes before trying again.", message(r.body()));
        assertEquals(asked, env.client.logins().size(), "a locked login never reaches Moodle");
        assertEquals(0, count("web_session"));
        // another user from the same address is not locked by teacher1's failures
        assertEquals(303, new Browser().login("teacher2", "Teacher2!").statusCode());
    }

    /**
     * One login POST over a socket bound to {@code from} (a loopback address: 127.0.0.2 is the trusted proxy of
     * {@link TestJouvence}), with an optional X-Forwarded-For; the login form's CSRF pair is made up (cookie = field).
     * Returns the status code.
     */
    private int loginFrom(String from, String forwardedFor, String username, String password) throws Exception {
        String csrf = "c".repeat(43);
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&csrf=" + csrf;
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", env.apiPort), 10_000);
            socket.setSoTimeout(30_000);
            String request = "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nCookie: jouvence_login=" + csrf + "\r\n"
                    + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n")
                    + "Content-Length: " + form.length() + "\r\n\r\n" + form;
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("^HTTP/1\\.1 (\\d{3})").matcher(answer);
            assertTrue(m.find(), answer);
            return Integer.parseInt(m.group(1));
        }
    }

    @Test
    void rotating_x_forwarded_for_from_a_client_that_is_not_a_trusted_proxy_does_not_reset_the_address_limit()
            throws Exception {
        // 127.0.0.1 is on this machine but not in jouvence.web.trusted-proxies: its X-Forwarded-For is its own word
        for (int i = 0; i < 20; i++) { // 4 x 5: the address's limit, each username below its own
            assertEquals(401, loginFrom("127.0.0.1", "198.51.100." + i, "user" + (i % 5), "guess" + i));
        }
        int asked = env.client.logins().size();
        assertEquals(429, loginFrom("127.0.0.1", "198.51.100.99", "teacher2", "Teacher2!"),
                "the address is locked whatever it claims to forward for");
        assertEquals(asked, env.client.logins().size(), "a locked login never reaches Moodle");
    }

    @Test
    void behind_a_trusted_proxy_the_forwarded_address_counts() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertEquals(401, loginFrom("127.0.0.2", "203.0.113.7", "user" + (i % 5), "guess" + i));
        }
        assertEquals(429, loginFrom("127.0.0.2", "203.0.113.7", "teacher2", "Teacher2!"),
                "the client the proxy saw is locked");
        // what the client itself wrote before the proxy's hop does not count: the proxy appended 203.0.113.7
        assertEquals(429, loginFrom("127.0.0.2", "192.0.2.55, 203.0.113.7", "teacher2", "Teacher2!"));
        assertEquals(303, loginFrom("127.0.0.2", "203.0.113.8", "teacher2", "Teacher2!"),
                "another client behind the same proxy is not locked");
    }

    @Test
    void forty_parallel_wrong_logins_for_one_user_let_at_most_the_limit_reach_moodle() throws Exception {
        env.client.loginLatency(Duration.ofMillis(300)); // a real Moodle hashes the password: the guesses overlap
        int before = env.client.logins().size();
        ExecutorService pool = Executors.newFixedThreadPool(40);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String password = "guess" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return loginFrom("127.0.0.1", null, "teacher1", password);
                }));
            }
            start.countDown();
            int refused = 0;
            int locked = 0;
            for (Future<Integer> a : answers) {
                int status = a.get(120, TimeUnit.SECONDS);
                refused += status == 401 ? 1 : 0;
                locked += status == 429 ? 1 : 0;
            }
            int asked = env.client.logins().size() - before;
            assertTrue(asked <= 5, asked + " guesses reached Moodle, the limit is 5");
            assertEquals(asked, refused, "each guess Moodle saw is a 401");
            assertEquals(40, refused + locked, "the others are 429");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pages_are_sent_with_no_store_and_the_stylesheet_may_be_cached() throws Exception {
        Browser b = new Browser();
        HttpResponse<String> login = b.get("/login");
        assertEquals(200, login.statusCode());
        assertEquals("no-store", login.headers().firstValue("Cache-Control").orElse("(none)"));
        String page = b.loggedIn("teacher1", "Teacher1!");
        assertTrue(page.contains("csrf"), page);
        assertEquals("no-store", b.get("/restore").headers().firstValue("Cache-Control").orElse("(none)"));
        assertEquals("public, max-age=3600", b.get("/static/jouvence.css").headers().firstValue("Cache-Control")
                .orElse("(none)"));
    }

    @Test
    void neither_the_password_nor_the_moodle_token_reaches_the_logs() throws Exception {
        Browser b = new Browser();
        b.login("teacher1", "wrong-Secret-42");
        b.loggedIn("teacher1", "Teacher1!");
        String token = env.client.issuedToken("teacher1");
        assertTrue(token != null && token.length() >= 32, "token.php issued teacher1 a token");
        try (Connection c = env.postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM web_session t WHERE row_to_json(t)::text LIKE '%"
                     + token + "%'")) {
            assertTrue(rs.next());
            assertEquals(0, rs.getInt(1), "the person's token is not stored with the session (issue 14)");
        }
        assertEquals(List.of(), env.logs.linesContaining("Teacher1!"));
        assertEquals(List.of(), env.logs.linesContaining("wrong-Secret-42"));
        assertEquals(List.of(), env.logs.linesContaining(token));
        assertFalse(env.logs.linesContaining("teacher1 logged in").isEmpty(), "the login itself is logged");
    }

    @Test
    void an_idle_session_expires_and_the_login_page_says_so() throws Exception {
        Browser b = new Browser();
        b.loggedIn("teacher1", "Teacher1!");
        sql("UPDATE web_session SET last_seen = now() - interval '31 minutes'");
        HttpResponse<String> r = b.get("/restore");
        assertEquals(303, r.statusCode());
        assertEquals("/login?expired=1", r.headers().firstValue("Location").orElseThrow());
        assertEquals("alert-error: Your session expired after 30 minutes without activity. Please log in again.",
                message(b.follow(r).body()));
        assertEquals(0, count("web_session"), "the expired session is deleted");
        // a form posted with the dead session changes nothing
        HttpResponse<String> post = b.post("/restore", "server", "old", "listed", "2", "selected", "2", "csrf", "x");
        assertEquals("/login", post.headers().firstValue("Location").orElseThrow());
        assertEquals(List.of(), all());
    }

    @Test
    void french_from_the_browser_and_a_switch_that_sticks() throws Exception {
        Browser b = new Browser();
        b.acceptLanguage = "fr-FR,fr;q=0.9,en;q=0.5";
        assertTrue(b.get("/login").body().contains("<h1>Connexion</h1>"));
        HttpResponse<String> en = b.get("/login?lang=en");
        assertTrue(en.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("jouvence_lang=en;")),
                en.headers().map().toString());
        assertTrue(en.body().contains("<h1>Log in</h1>"));
        assertTrue(b.get("/login").body().contains("<h1>Log in</h1>"), "the choice is kept in a cookie");
        String page = b.loggedIn("teacher1", "Teacher1!");
        assertTrue(page.contains("Restore your courses"));
        assertTrue(b.get("/restore?lang=fr").body().contains("<h1>Restaurer vos cours</h1>"));
    }

    // --- the teachers' page -----------------------------------------------------------------------------------------

    @Test
    void the_teachers_page_lists_each_servers_courses_and_survives_a_server_down() throws Exception {
        env.other.failNextCalls("core_webservice_get_site_info", 1, 503);
        Browser b = new Browser();
        String page = b.loggedIn("teacher1", "Teacher1!");
        assertTrue(page.contains("<section class=\"server\" data-server=\"old\">\n<h2>Course Server (old platform)</h2>"),
                page);
        for (long course : new long[] {2, 3, 4, 6}) {
            assertEquals("none", badge(page, "old", course));
        }
        assertFalse(page.contains("data-course=\"5\""), "course 5 is teacher2's");
        int other = page.indexOf("data-server=\"other\"");
        assertTrue(page.indexOf("class=\"server-message", other) > 0, "the other server's section says it is unreachable");
        assertTrue(page.contains("The platform &quot;other&quot; cannot be reached right now."), page);
        assertTrue(page.contains("The queue is"), "the next run is told");

        env.old.addUser("nocourse", "No", "Courses");
        env.client.addUser("nocourse", "No", "Courses");
        env.client.password("nocourse", "Nocourse1!");
        env.client.addUser("newcomer", "New", "Comer");
        env.client.password("newcomer", "Newcomer1!");
        String none = new Browser().loggedIn("nocourse", "Nocourse1!");
        assertTrue(none.contains("No courses."), none);
        String stranger = new Browser().loggedIn("newcomer", "Newcomer1!");
        assertTrue(stranger.contains("You have no account on this platform."), stranger);
    }

    @Test
    void original_category_box_only_when_the_new_platform_has_a_match() throws Exception {
        Browser b = new Browser();
        String page = b.loggedIn("teacher1", "Teacher1!");
        assertFalse(row(page, "old", 2).contains("class=\"original\""), "no identifier sent by the server");
        env.old.setRestoreCourseInOriginalCategory(true); // OLDCAT-2024, which the new platform has (category 3)
        page = b.get("/restore").body();
        assertTrue(row(page, "old", 2).contains("class=\"original\" name=\"original-2\" value=\"1\" checked"),
                row(page, "old", 2));
        b.post("/restore", "server", "old", "csrf", csrf(page), "listed", "2", "selected", "2", "original-2", "1");
        RestoreRequest r = all().get(0);
        assertEquals("original", r.category());
        assertEquals("web", r.source());
        assertEquals("teacher1", r.requester());
        assertEquals("teacher1", r.scheduledBy());
        assertEquals("Biology 101 (old platform)", r.remoteCourseName());
    }

    @Test
    void scheduling_two_courses_then_a_queue_run_shows_them_performed() throws Exception {
        Browser b = new Browser();
        String page = b.loggedIn("teacher1", "Teacher1!");
        HttpResponse<String> r = b.post("/restore", "server", "old", "csrf", csrf(page), "listed", "2", "listed", "3",
                "listed", "4", "listed", "6", "selected", "2", "selected", "3");
        String after = b.follow(r).body();
        assertEquals("alert-info: Scheduled: Biology 101 (old platform), Chemistry 201 (old platform).", message(after));
        assertEquals("scheduled", badge(after, "old", 2));
        assertEquals("scheduled", badge(after, "old", 3));
        assertEquals("none", badge(after, "old", 4));
        assertTrue(row(after, "old", 2).contains("class=\"select\" name=\"selected\" value=\"2\" id=\"sel-old-2\" checked"));
        assertTrue(row(after, "old", 2).contains("class=\"eta\""), "an expected time");
        assertEquals(null, message(b.get("/restore").body()), "a flash message shows once");
        List<RestoreRequest> queued = all();
        assertEquals(2, queued.size());

        env.claimNow();
        for (RestoreRequest q : queued) {
            env.await(q.id(), x -> x.status() == Status.PERFORMED, Duration.ofSeconds(60));
            env.claimNow();
        }
        String done = b.get("/restore").body();
        assertEquals("performed", badge(done, "old", 2));
        assertEquals("performed", badge(done, "old", 3));
        assertTrue(row(done, "old", 2).contains("class=\"course-link\" href=\"" + env.client.url() + "/course/view.php?id="),
                row(done, "old", 2));
        assertTrue(row(done, "old", 2).contains(" disabled"), "a performed course cannot be ticked again");
    }

    @Test
    void un_ticking_a_scheduled_course_cancels_it() throws Exception {
        Browser b = new Browser();
        String csrf = csrf(b.loggedIn("teacher1", "Teacher1!"));
        b.post("/restore", "server", "old", "csrf", csrf, "listed", "2", "listed", "3", "selected", "2", "selected", "3");
        HttpResponse<String> r = b.post("/restore", "server", "old", "csrf", csrf, "listed", "2", "listed", "3",
                "selected", "3");
        String page = b.follow(r).body();
        assertEquals("alert-info: Cancelled: Biology 101 (old platform).", message(page));
        assertEquals("cancelled", badge(page, "old", 2));
        assertEquals("scheduled", badge(page, "old", 3));
        assertEquals(List.of(Status.SCHEDULED, Status.CANCELLED), all().stream().map(RestoreRequest::status).toList());
        // ticking it again asks again
        b.post("/restore", "server", "old", "csrf", csrf, "listed", "2", "listed", "3", "selected", "2", "selected", "3");
        assertEquals("scheduled", badge(b.get("/restore").body(), "old", 2));
    }

    @Test
    void a_form_without_or_with_a_wrong_csrf_token_is_refused_and_changes_nothing() throws Exception {
        Browser b = new Browser();
        String csrf = csrf(b.loggedIn("teacher1", "Teacher1!"));
        HttpResponse<String> missing = b.post("/restore", "server", "old", "listed", "2", "selected", "2");
        assertEquals(403, missing.statusCode());
        assertTrue(message(missing.body()).contains("security token is missing or out of date"), missing.body());
        assertTrue(message(missing.body()).contains("Nothing was changed."));
        HttpResponse<String> wrong = b.post("/restore", "server", "old", "listed", "2", "selected", "2", "csrf",
                csrf.substring(1) + "A");
        assertEquals(403, wrong.statusCode());
        // another session's token is no good either
        String theirs = csrf(new Browser().loggedIn("teacher2", "Teacher2!"));
        assertEquals(403, b.post("/restore", "server", "old", "listed", "2", "selected", "2", "csrf", theirs).statusCode());
        assertEquals(403, b.post("/logout").statusCode(), "logout needs it too");
        assertEquals(List.of(), all());
        // the login form too
        HttpResponse<String> login = new Browser().post("/login", "username", "teacher1", "password", "Teacher1!");
        assertEquals(403, login.statusCode());
        assertEquals(2, count("web_session"), "no session from a login without token");
    }

    @Test
    void a_forged_course_the_teacher_does_not_teach_is_refused_and_nothing_is_queued() throws Exception {
        Browser b = new Browser();
        String csrf = csrf(b.loggedIn("teacher1", "Teacher1!"));
        HttpResponse<String> r = b.post("/restore", "server", "old", "csrf", csrf, "listed", "2", "listed", "5",
                "selected", "2", "selected", "5");
        assertEquals("alert-error: Course 5 is not one of the courses you teach on \"old\". Nothing was changed.",
                message(b.follow(r).body()).replace("&quot;", "\""));
        assertEquals(List.of(), all(), "not even course 2, which was genuine");
        b.post("/restore", "server", "nowhere", "csrf", csrf, "listed", "2", "selected", "2");
        b.post("/restore", "server", "old", "csrf", csrf, "listed", "2", "selected", "2; DROP TABLE x");
        assertEquals(List.of(), all());
        assertFalse(env.logs.linesContaining("posted course 5 of old").isEmpty(), "the forgery is logged");
    }

    @Test
    void user_data_is_refused_when_the_policy_does_not_let_the_teacher_choose() throws Exception {
        Browser b = new Browser();
        String page = b.loggedIn("teacher1", "Teacher1!");
        assertTrue(row(page, "old", 2).contains("class=\"userdata\""), "policy choice, no choosers list: offered");
        assertTrue(row(page, "old", 2).contains("<select class=\"mode\" name=\"mode-2\""));
        b.post("/restore", "server", "old", "csrf", csrf(page), "listed", "2", "selected", "2", "userdata-2", "1",
                "mode-2", "never");
        RestoreRequest r = all().get(0);
        assertTrue(r.withUserData());
        assertEquals(0, r.enrolmentMode());
        b.post("/restore", "server", "old", "csrf", csrf(page), "listed", "3", "selected", "3", "mode-3", "sometimes");
        assertEquals(1, all().size(), "an enrolment mode not offered is refused");
    }

    @Test
    void another_teachers_request_cannot_be_cancelled_through_the_form() throws Exception {
        long theirs = env.schedule("old", 5, "teacher2", false);
        long shared = env.schedule("old", 2, "teacher2", false); // teacher2 asked for a course teacher1 teaches
        Browser b = new Browser();
        String page = b.loggedIn("teacher1", "Teacher1!");
        assertEquals("requested-by-other", badge(page, "old", 2));
        assertTrue(row(page, "old", 2).contains(" disabled"));
        // un-ticked course 2 (listed, not selected): teacher2's request stays
        b.post("/restore", "server", "old", "csrf", csrf(page), "listed", "2");
        assertEquals(Status.SCHEDULED, env.request(shared).status());
        // course 5 is not teacher1's: refused whole
        HttpResponse<String> r = b.post("/restore", "server", "old", "csrf", csrf(page), "listed", "5");
        assertTrue(message(b.follow(r).body()).startsWith("alert-error: Course 5 is not one of the courses"));
        assertEquals(Status.SCHEDULED, env.request(theirs).status());
        // ticking it anyway: the duplicate is refused with its reason
        HttpResponse<String> dup = b.post("/restore", "server", "old", "csrf", csrf(page), "listed", "2", "selected", "2");
        String msg = message(b.follow(dup).body());
        assertTrue(msg.startsWith("alert-error: Biology 101 (old platform): course 2 of server &#39;old&#39; is already scheduled"),
                msg);
        assertEquals(2, all().size());
    }

    @Test
    void a_colleague_enrols_into_a_course_performed_by_someone_else() throws Exception {
        env.old.addTeacher(4, "teacher2");
        long id = env.schedule("old", 4, "teacher1", false);
        env.claimNow();
        RestoreRequest done = env.awaitStatus(id, Status.PERFORMED);
        Browser b = new Browser();
        String page = b.loggedIn("teacher2", "Teacher2!");
        assertEquals("performed-by-other", badge(page, "old", 4));
        String row = row(page, "old", 4);
        assertTrue(row.contains("class=\"enrol-me\" form=\"enrol-" + id + "\""), row);
        assertTrue(page.contains("<form id=\"enrol-" + id + "\" class=\"enrol-form\" method=\"post\" action=\"/restore/enrol\">"
                + "<input type=\"hidden\" name=\"request\" value=\"" + id + "\">"), page);
        HttpResponse<String> r = b.post("/restore/enrol", "request", Long.toString(id), "csrf", csrf(page));
        assertEquals("alert-info: You are now enrolled in &quot;Physics 301 (old platform)&quot;.",
                message(b.follow(r).body()));
        int teacher2 = env.client.userId("teacher2");
        assertTrue(env.client.enrolments().stream().anyMatch(e -> e.userid() == teacher2
                && e.courseid() == done.restoredCourseId()), env.client.enrolments().toString());
        // someone who does not teach it cannot
        env.client.addUser("teacher3", "T", "Three");
        env.client.password("teacher3", "Teacher3!");
        env.old.addUser("teacher3", "T", "Three");
        Browser c = new Browser();
        String other = c.loggedIn("teacher3", "Teacher3!");
        HttpResponse<String> refused = c.post("/restore/enrol", "request", Long.toString(id), "csrf", csrf(other));
        assertTrue(message(c.follow(refused).body()).startsWith("alert-error: You could not be enrolled: teacher3 does not"
                + " teach course 4"));
    }

    // --- the admins' console ----------------------------------------------------------------------------------------

    @Test
    void admin_pages_refuse_a_teacher() throws Exception {
        long id = env.schedule("old", 2, "teacher1", false);
        Browser b = new Browser();
        String csrf = csrf(b.loggedIn("teacher1", "Teacher1!"));
        HttpResponse<String> list = b.get("/admin");
        assertEquals(403, list.statusCode());
        assertEquals("alert-error: This page is for the platform&#39;s administrators only.", message(list.body()));
        assertEquals(403, b.get("/admin/requests/" + id).statusCode());
        assertEquals(403, b.post("/admin/requests/" + id + "/cancel", "csrf", csrf).statusCode());
        assertEquals(403, b.post("/admin/queue/run", "csrf", csrf).statusCode());
        assertEquals(403, b.post("/admin/restore-for-user", "csrf", csrf, "server", "old", "remoteCourseId", "3",
                "username", "teacher1").statusCode());
        assertEquals(Status.SCHEDULED, env.request(id).status());
        assertEquals(1, all().size());
    }

    @Test
    void an_admin_sees_the_list_and_retries_a_failed_request() throws Exception {
        long failed = env.schedule("old", 5, "teacher1", false); // teacher1 does not teach 5 on old
        env.claimNow();
        env.awaitStatus(failed, Status.ERROR);
        env.quiesce(); // the look at the queue that follows every request is over: the next one stays scheduled
        long waiting = env.schedule("other", 3, "teacher2", false);

        Browser b = new Browser();
        String list = b.loggedIn("admin", "Admin1!");
        assertTrue(list.contains("id=\"admin-link\""), "a site admin gets the console");
        assertTrue(list.contains("<tr class=\"request\" data-request=\"" + failed + "\" data-status=\"error\">"), list);
        assertTrue(list.contains("<tr class=\"request\" data-request=\"" + waiting + "\" data-status=\"scheduled\">"));
        assertTrue(list.contains("<a class=\"detail\" href=\"/admin/requests/" + failed + "\">"));
        assertTrue(list.contains("id=\"run-queue\"") && list.contains("id=\"restore-for-user\"")
                && list.contains("id=\"filters\""));
        for (String site : List.of("old", "other", "client")) {
            assertTrue(Pattern.compile("<tr class=\"site\" data-site=\"" + site + "\" data-ok=\"(true|false)\">")
                    .matcher(list).find(), list);
        }
        // filters, sorting
        String errors = b.get("/admin?status=error").body();
        assertTrue(errors.contains("data-request=\"" + failed + "\"") && !errors.contains("data-request=\"" + waiting + "\""));
        String byServer = b.get("/admin?server=other&sort=created&dir=asc").body();
        assertTrue(byServer.contains("data-request=\"" + waiting + "\"") && !byServer.contains("data-request=\"" + failed + "\""));
        String sorted = b.get("/admin?sort=id&dir=asc").body();
        assertTrue(sorted.indexOf("data-request=\"" + failed + "\"") < sorted.indexOf("data-request=\"" + waiting + "\""));
        String desc = b.get("/admin?sort=id;DROP&dir=desc").body();
        assertTrue(desc.indexOf("data-request=\"" + failed + "\"") > desc.indexOf("data-request=\"" + waiting + "\""),
                "an unknown sort column falls back to id");
        assertTrue(b.get("/admin?requester=teacher2&from=2000-01-01&to=2999-01-01").body()
                .contains("data-request=\"" + waiting + "\""));
        assertTrue(message(b.get("/admin?from=yesterday").body()).contains("is not a date"));

        String detail = b.get("/admin/requests/" + failed).body();
        assertTrue(detail.contains("<ul id=\"events\">") && detail.contains("id=\"retry\"")
                && detail.contains("id=\"category-form\"") && detail.contains("id=\"category-submit\""), detail);
        assertFalse(detail.contains("id=\"cancel\""), "a request in error cannot be cancelled: no button");
        assertTrue(Pattern.compile("<ul id=\"events\">\\n(<li .*\\n){2,}").matcher(detail).find(), "the trail");

        env.old.addTeacher(5, "teacher1"); // fixed on the server; the admin retries
        HttpResponse<String> r = b.post("/admin/requests/" + failed + "/retry", "csrf", csrf(detail));
        assertEquals("/admin/requests/" + failed, r.headers().firstValue("Location").orElseThrow());
        assertEquals("alert-info: Request #" + failed + " is back in the queue.", message(b.follow(r).body()));
        env.awaitStatus(failed, Status.PERFORMED); // the retry looked at the queue itself
        assertTrue(env.requests.events(failed).stream().anyMatch(e -> e.message() != null
                && e.message().contains("retried by admin (web)")));

        // retry of a performed request: refused with AdminApi's reason
        HttpResponse<String> again = b.post("/admin/requests/" + failed + "/retry", "csrf", csrf(detail));
        assertTrue(message(b.follow(again).body()).startsWith("alert-error: only a request in error or cancelled"));
        // category and cancel of a request still waiting (nothing looks at the queue meanwhile)
        env.quiesce();
        waiting = env.schedule("other", 4, "teacher1", false);
        String d2 = b.get("/admin/requests/" + waiting).body();
        b.post("/admin/requests/" + waiting + "/category", "csrf", csrf(d2), "category", "3");
        assertEquals("3", env.request(waiting).category());
        HttpResponse<String> bad = b.post("/admin/requests/" + waiting + "/category", "csrf", csrf(d2), "category", "99");
        assertTrue(message(b.follow(bad).body()).contains("category 99 does not exist"));
        b.post("/admin/requests/" + waiting + "/cancel", "csrf", csrf(d2));
        assertEquals(Status.CANCELLED, env.request(waiting).status());
        // wrong csrf on an admin form
        assertEquals(403, b.post("/admin/requests/" + waiting + "/retry", "csrf", "nope").statusCode());
        assertEquals(Status.CANCELLED, env.request(waiting).status());
    }

    @Test
    void the_console_offers_per_state_only_the_actions_the_service_allows() throws Exception {
        long performed = env.schedule("old", 2, "teacher1", false);
        env.claimNow();
        env.awaitStatus(performed, Status.PERFORMED);
        env.quiesce(); // the look at the queue that follows every request is over: the next ones stay scheduled
        long scheduled = env.schedule("old", 3, "teacher1", false);
        long cancelled = env.schedule("old", 4, "teacher2", false);
        Browser b = new Browser();
        assertEquals(303, b.login("admin", "Admin1!").statusCode());
        String csrf = b.csrfOfPage("/admin");
        b.post("/admin/requests/" + cancelled + "/cancel", "csrf", csrf);
        // (error: retry and category, no cancel — an_admin_sees_the_list_and_retries_a_failed_request)
        Map<Long, List<String>> offered = Map.of(performed, List.of(), scheduled, List.of("cancel", "category"),
                cancelled, List.of("retry"));
        Map<String, String> buttons = Map.of("retry", "id=\"retry\"", "cancel", "id=\"cancel\"",
                "category", "id=\"category-form\"");
        String done = b.get("/admin/requests/" + performed).body();
        assertTrue(done.contains("<dt>Attempts</dt><dd>1</dd>"), "one attempt made, as the trail's 'attempt 1': "
                + done);
        assertTrue(done.contains("<dd>always (Keep them)</dd>"), "the request's word for its enrolment mode: " + done);
        offered.forEach((id, actions) -> buttons.forEach((action, button) -> {
            try {
                Status status = env.request(id).status();
                String detail = b.get("/admin/requests/" + id).body();
                assertEquals(actions.contains(action), detail.contains(button), status + ": " + action);
                if (!actions.contains(action)) { // what is not offered is what the service refuses
                    HttpResponse<String> tried = b.post("/admin/requests/" + id + "/" + action, "csrf", csrf,
                            "category", "default");
                    assertTrue(message(b.follow(tried).body()).startsWith("alert-error"), status + ": " + action);
                    assertEquals(status, env.request(id).status());
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }));
    }

    @Test
    void the_keep_its_category_column_says_once_why_no_course_offers_it() throws Exception {
        Browser b = new Browser();
        String old = section(b.loggedIn("teacher1", "Teacher1!"), "old");
        String why = "<p class=\"no-original\">This server does not say which category its courses are in, so "
                + "&quot;Keep its category&quot; cannot be offered";
        assertEquals(1, old.split(Pattern.quote(why), -1).length - 1, "said once for the server's courses: " + old);
        env.client.deleteCategory(3); // OLDCAT-2024 is gone from the new platform
        env.old.setRestoreCourseInOriginalCategory(true);
        old = section(b.get("/restore").body(), "old");
        assertTrue(old.contains("<p class=\"no-original\">None of these courses&#39; categories exists on the new "
                + "platform"), old);
        env.client.reset(); // OLDCAT-2024 is back: course 2 offers it
        assertFalse(section(b.get("/restore").body(), "old").contains("no-original"), "nothing to explain");
    }

    /** A server's section of the teachers' page. */
    static String section(String html, String server) {
        int s = html.indexOf("<section class=\"server\" data-server=\"" + server + "\"");
        assertTrue(s >= 0, "no section " + server);
        return html.substring(s, html.indexOf("</section>", s));
    }

    @Test
    void an_admin_lands_on_the_console_and_a_teacher_on_the_teachers_page() throws Exception {
        Browser admin = new Browser();
        HttpResponse<String> a = admin.login("admin", "Admin1!");
        assertEquals("/admin", a.headers().firstValue("Location").orElseThrow());
        assertTrue(admin.follow(a).body().contains("id=\"requests\""), "the console");
        assertEquals("/admin", admin.get("/").headers().firstValue("Location").orElseThrow(), "home, too");
        Browser teacher = new Browser();
        HttpResponse<String> t = teacher.login("teacher1", "Teacher1!");
        assertEquals("/restore", t.headers().firstValue("Location").orElseThrow());
        assertEquals("/restore", teacher.get("/").headers().firstValue("Location").orElseThrow());
    }

    @Test
    void an_admin_restores_a_course_for_a_user_or_for_nobody_with_its_name_shown() throws Exception {
        Browser b = new Browser();
        String csrf = csrf(b.loggedIn("admin", "Admin1!"));
        HttpResponse<String> r = b.post("/admin/restore-for-user", "csrf", csrf, "server", "old", "remoteCourseId", "3",
                "username", "teacher1", "enrolmentMode", "always", "category", "default");
        String msg = message(b.follow(r).body());
        assertTrue(msg.matches("alert-info: Request #\\d+ queued: &quot;Chemistry 201 \\(old platform\\)&quot; from old,"
                + " for teacher1\\."), msg);
        RestoreRequest forUser = all().get(0);
        assertEquals("teacher1", forUser.requester());
        assertEquals("admin", forUser.scheduledBy());
        assertEquals("Chemistry 201 (old platform)", forUser.remoteCourseName());

        HttpResponse<String> nobody = b.post("/admin/restore-for-user", "csrf", csrf, "server", "old", "remoteCourseId",
                "6", "forNobody", "1", "withUserData", "1", "category", "3");
        assertTrue(message(b.follow(nobody).body()).contains("for nobody"));
        RestoreRequest n = all().get(0);
        assertEquals(null, n.requester());
        assertEquals("admin", n.scheduledBy());
        assertEquals("3", n.category());
        assertTrue(n.withUserData());

        HttpResponse<String> missing = b.post("/admin/restore-for-user", "csrf", csrf, "server", "old", "remoteCourseId",
                "77", "username", "teacher1");
        assertEquals("alert-error: Course 77 does not exist on old.", message(b.follow(missing).body()));
        HttpResponse<String> both = b.post("/admin/restore-for-user", "csrf", csrf, "server", "old", "remoteCourseId",
                "4", "username", "teacher1", "forNobody", "1");
        assertTrue(message(b.follow(both).body()).startsWith("alert-error: Give a username, or tick"));
        assertEquals(2, all().size());

        HttpResponse<String> run = b.post("/admin/queue/run", "csrf", csrf);
        assertEquals("alert-info: The queue is being looked at now.", message(b.follow(run).body()));
        env.awaitStatus(forUser.id(), Status.PERFORMED);
    }

    @Test
    void values_from_moodle_and_requests_are_escaped() throws Exception {
        long id = env.schedule("old", 5, "teacher2", false);
        env.requests.saveRemoteCourseName(id, "<script>alert(1)</script>");
        Browser b = new Browser();
        b.loggedIn("admin", "Admin1!");
        String list = b.get("/admin").body();
        assertFalse(list.contains("<script>alert(1)"), "escaped");
        assertTrue(list.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        String detail = b.get("/admin/requests/" + id).body();
        assertTrue(detail.contains("&lt;script&gt;") && !detail.contains("<script>"));
        assertEquals(404, b.get("/admin/requests/999999").statusCode());
    }
}
