package jouvence;

import jakarta.mail.internet.MimeMessage;
import jouvence.courses.Status;
import jouvence.mail.MailOutbox;
import jouvence.observe.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.CookieManager;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mails go through a durable outbox: SMTP down loses nothing, back up delivers each mail once; after the last try a mail
 * is failed and shown; replicas sharing the database never send one mail twice.
 */
class MailOutboxTest {

    private final TestJouvence env = TestJouvence.get();

    @BeforeEach
    void reset() throws Exception {
        env.reset();
    }

    @AfterEach
    void smtpBack() {
        if (!env.mail.isRunning()) {
            env.mail.start();
        }
    }

    @Test
    void a_mail_refused_while_smtp_is_down_is_kept_and_delivered_once_when_it_is_back() throws Exception {
        env.mail.stop(); // connections to the SMTP port are refused from now on
        long id = env.schedule("old", 2, "teacher1", false);
        env.claimNow();
        env.awaitStatus(id, Status.PERFORMED);
        List<String> refused = TestJouvence.poll(Duration.ofSeconds(20),
                () -> env.logs.linesContaining("could not mail"), l -> !l.isEmpty());
        assertFalse(refused.isEmpty(), "SMTP refused the mail");
        // an SMTP server down is an expected event: one line that says why, no stack trace
        assertTrue(refused.stream().allMatch(l -> l.contains("Couldn't connect to host")
                && l.contains("(ConnectException: Connection refused)") && !l.contains("\n")), refused.toString());
        Thread.sleep(4000); // longer than the old in-memory retries lasted (5 tries from 100 ms)
        List<String> outbox = rows("SELECT state || ' ' || attempts || ' ' || last_error FROM mail_outbox ORDER BY id");
        assertEquals(2, outbox.size(), "the requester's and the admins' mails are kept: " + outbox);
        outbox.forEach(row -> assertTrue(row.startsWith("pending ") && !row.startsWith("pending 0 ")
                && row.contains("Couldn't connect"), row));

        env.mail.start();
        List<MimeMessage> teacher = env.awaitMails(TestJouvence.TEACHER_MAIL, 1, Duration.ofSeconds(20));
        assertEquals(1, teacher.size(), "the requester is told, once SMTP is back");
        assertTrue(teacher.get(0).getSubject().contains("is ready"), teacher.get(0).getSubject());
        env.awaitMails(TestJouvence.ADMIN_MAIL, 1, Duration.ofSeconds(20));
        Thread.sleep(1000); // a second sending would have come by now (the sender polls every 200 ms)
        assertEquals(1, env.mailsTo(TestJouvence.TEACHER_MAIL).size(), "sent once");
        assertEquals(1, env.mailsTo(TestJouvence.ADMIN_MAIL).size(), "sent once");
        assertEquals(List.of("sent", "sent"), rows("SELECT state FROM mail_outbox ORDER BY id"));
    }

    @Test
    void after_the_last_try_a_mail_is_failed_logged_counted_and_listed_in_the_console() throws Exception {
        env.mail.stop();
        int logged = env.logs.size();
        sql("INSERT INTO mail_outbox (recipient, subject, body, attempts) VALUES ('someone@example.invalid', "
                + "'Last chance', 'body', 7)"); // the tests' jouvence.mail.retry.max-attempts is 8
        List<String> state = TestJouvence.poll(Duration.ofSeconds(20), () -> rows("SELECT state FROM mail_outbox"),
                s -> s.equals(List.of("failed")));
        assertEquals(List.of("failed"), state);
        // the row says failed a moment before the sender logs it
        assertEquals(1, TestJouvence.poll(Duration.ofSeconds(10), () -> env.logs.linesSince(logged, "gave up mailing "
                + "\"Last chance\" to someone@example.invalid after 8 tries").size(), n -> n > 0), "logged (at ERROR)");
        env.mail.start();
        Thread.sleep(1000);
        assertTrue(env.mailsTo("someone@example.invalid").isEmpty(), "given up for good");

        Metrics metrics = env.camel.getRegistry().lookupByNameAndType("metrics", Metrics.class);
        metrics.refreshMails();
        String exposition = management("/observe/metrics");
        assertTrue(exposition.lines().anyMatch(l -> l.startsWith("jouvence_mails{state=\"failed\"} 1.0")), exposition);
        assertTrue(exposition.lines().anyMatch(l -> l.startsWith("jouvence_mails{state=\"pending\"} 0.0")), exposition);

        String console = adminConsole();
        Matcher row = Pattern.compile("<tr class=\"mail\" data-mail=\"\\d+\" data-state=\"failed\">(.*?)</tr>")
                .matcher(console);
        assertTrue(row.find(), console);
        assertTrue(row.group(1).contains("someone@example.invalid") && row.group(1).contains("Last chance")
                && row.group(1).contains("given up") && row.group(1).contains("connect to host"), row.group(1));
    }

    @Test
    void two_senders_on_one_database_never_send_a_mail_twice() throws Exception {
        int count = 120;
        sql("INSERT INTO mail_outbox (recipient, subject, body) SELECT 'many@example.invalid', 'mail ' || n, 'body' "
                + "FROM generate_series(1, " + count + ") AS n");
        // another replica on the same database: it claims and "sends" (marks sent) as fast as it can, in two threads
        JouvenceConfig config = env.camel.getRegistry().lookupByNameAndType("jouvenceConfig", JouvenceConfig.class);
        MailOutbox replica = new MailOutbox(env.requests.dataSource(), "replica-b", true, config.mail().outbox());
        Set<Long> byReplica = ConcurrentHashMap.newKeySet();
        AtomicInteger twice = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        for (int t = 0; t < 2; t++) {
            threads.submit(() -> {
                List<MailOutbox.OutboxMail> claimed;
                while (!(claimed = replica.claimDue()).isEmpty()) {
                    for (MailOutbox.OutboxMail m : claimed) {
                        if (!byReplica.add(m.id())) {
                            twice.incrementAndGet();
                        }
                        replica.sent(m);
                    }
                }
                return null;
            });
        }
        threads.shutdown();
        assertTrue(threads.awaitTermination(60, TimeUnit.SECONDS));
        List<String> left = TestJouvence.poll(Duration.ofSeconds(30),
                () -> rows("SELECT id FROM mail_outbox WHERE state <> 'sent'"), List::isEmpty);
        assertEquals(List.of(), left, "every mail sent");
        Thread.sleep(500);
        List<MimeMessage> received = env.mailsTo("many@example.invalid");
        Set<String> subjects = new HashSet<>();
        for (MimeMessage m : received) {
            assertTrue(subjects.add(m.getSubject()), "sent twice by the service: " + m.getSubject());
            long id = Long.parseLong(m.getSubject().substring("mail ".length()));
            assertFalse(byReplica.contains(id), "mail " + id + " sent by both replicas");
        }
        assertEquals(0, twice.get(), "one replica claimed a mail twice");
        assertEquals(count, received.size() + byReplica.size(), "each mail sent by exactly one replica");
    }

    private List<String> rows(String query) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = env.requests.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private void sql(String statement) throws Exception {
        try (Connection c = env.requests.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private String management(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + env.managementPort + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The console's first page, as a site admin logged in through the new platform sees it. */
    private String adminConsole() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String login = browser.send(HttpRequest.newBuilder(web("/login")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        HttpResponse<String> r = browser.send(HttpRequest.newBuilder(web("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=Admin1%21&csrf="
                        + URLEncoder.encode(WebTest.csrf(login), StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, r.statusCode(), r.body());
        return browser.send(HttpRequest.newBuilder(web("/admin")).header("Accept-Language", "en").build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private URI web(String path) {
        return URI.create("http://127.0.0.1:" + env.apiPort + path);
    }
}
