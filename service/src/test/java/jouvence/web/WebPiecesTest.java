package jouvence.web;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plain-Java pieces of the web pages: rate limit, CSRF check, escaping, next run, languages, form parsing. */
class WebPiecesTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(10);

    @Test
    void four_failures_in_the_window_still_allow_a_fifth_attempt() {
        List<Instant> f = List.of(NOW.minusSeconds(60), NOW.minusSeconds(50), NOW.minusSeconds(40), NOW.minusSeconds(30));
        assertEquals(Optional.empty(), LoginLimiter.waitFor(f, 5, WINDOW, NOW));
    }

    @Test
    void five_failures_lock_until_the_oldest_leaves_the_window() {
        List<Instant> f = List.of(NOW.minusSeconds(30), NOW.minusSeconds(240), NOW.minusSeconds(120),
                NOW.minusSeconds(60), NOW.minusSeconds(90)); // any order
        Duration wait = LoginLimiter.waitFor(f, 5, WINDOW, NOW).orElseThrow();
        assertEquals(Duration.ofMinutes(6), wait, "oldest 4 min ago + 10 min window");
        assertEquals(6, LoginLimiter.minutes(wait));
        assertEquals(1, LoginLimiter.minutes(Duration.ofSeconds(5)), "never 'wait 0 minutes'");
        assertEquals(2, LoginLimiter.minutes(Duration.ofSeconds(61)), "rounded up");
    }

    @Test
    void failures_older_than_the_window_do_not_count() {
        List<Instant> f = List.of(NOW.minus(Duration.ofMinutes(11)), NOW.minus(Duration.ofMinutes(12)),
                NOW.minus(Duration.ofMinutes(30)), NOW.minusSeconds(10), NOW.minusSeconds(20));
        assertEquals(Optional.empty(), LoginLimiter.waitFor(f, 5, WINDOW, NOW));
    }

    @Test
    void more_failures_than_the_limit_lock_until_enough_of_them_expire() {
        List<Instant> f = List.of(NOW.minusSeconds(500), NOW.minusSeconds(400), NOW.minusSeconds(300),
                NOW.minusSeconds(200), NOW.minusSeconds(100), NOW.minusSeconds(10));
        // six failures, limit five: free again when only four remain, i.e. when the second oldest (400 s) expires
        assertEquals(Duration.ofSeconds(200), LoginLimiter.waitFor(f, 5, WINDOW, NOW).orElseThrow());
    }

    @Test
    void csrf_check_needs_both_tokens_and_equality() {
        String t = Tokens.random();
        assertTrue(Tokens.same(t, t));
        assertTrue(Tokens.same(t, new String(t.toCharArray())));
        assertFalse(Tokens.same(t, null), "missing");
        assertFalse(Tokens.same(t, ""), "empty");
        assertFalse(Tokens.same(t, t + "x"), "longer");
        assertFalse(Tokens.same(t, t.substring(1)), "shorter");
        assertFalse(Tokens.same(null, null), "no expected token never matches");
        assertFalse(Tokens.same("", ""), "empty never matches");
    }

    @Test
    void random_ids_are_256_bits_and_differ() {
        String a = Tokens.random();
        String b = Tokens.random();
        assertEquals(43, a.length(), "32 bytes in unpadded base64url");
        assertTrue(a.matches("[A-Za-z0-9_-]+"));
        assertFalse(a.equals(b));
        assertEquals(64, Tokens.sha256(a).length());
    }

    @Test
    void pages_escape_values_in_elements_and_attributes() {
        String html = Page.message(new Page.Ctx(null, null, Messages.of("fr")), "Cours d'été",
                Page.Notice.error("<script>alert('x')</script> & \"q\""), new Page.Link("/x?a=1&b=\"2\"", "<b>retour</b>"));
        assertTrue(html.contains(">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</div>"), html);
        assertTrue(html.contains("<title>Cours d&#39;été · Jouvence</title>"), html);
        assertTrue(html.contains("<h1>Cours d&#39;été</h1>"), html);
        assertTrue(html.contains("<a href=\"/x?a=1&amp;b=&quot;2&quot;\">&lt;b&gt;retour&lt;/b&gt;</a>"), html);
        assertFalse(html.contains("<script>") || html.contains("<b>"), html);
        assertTrue(html.contains("<html lang=\"fr\">") && html.contains("<a class=\"lang current\" data-lang=\"fr\""),
                "the page language");
        String redirect = WebResponse.redirect("/a?b=\"<c>\"").bodyText();
        assertTrue(redirect.contains("<a href=\"/a?b=&quot;&lt;c&gt;&quot;\">"), redirect);
    }

    @Test
    void next_run_is_the_next_fire_time_of_the_claim_cron() {
        ZoneId utc = ZoneOffset.UTC;
        assertEquals(Instant.parse("2026-11-21T10:01:00Z"),
                NextRun.after("0+*+*+*+*+?", Instant.parse("2026-11-21T10:00:30Z"), utc).orElseThrow(), "every minute");
        assertEquals(Instant.parse("2026-11-21T18:00:00Z"),
                NextRun.after("0 0 18 * * ?", NOW, utc).orElseThrow(), "the plugin's default hour 18, spaces work too");
        assertEquals(Instant.parse("2026-11-22T18:00:00Z"),
                NextRun.after("0 0 18 * * ?", Instant.parse("2026-11-21T18:00:00Z"), utc).orElseThrow(), "strictly after");
        assertEquals(Instant.parse("2026-11-21T17:00:00Z"),
                NextRun.after("0 0 18 * * ?", NOW, ZoneId.of("Europe/Paris")).orElseThrow(), "in the service's zone");
    }

    @Test
    void next_run_text_is_written_in_the_page_language() {
        Instant at = Instant.parse("2026-11-21T18:05:00Z");
        String en = NextRun.text(at, Locale.ENGLISH, ZoneOffset.UTC);
        String fr = NextRun.text(at, Locale.FRENCH, ZoneOffset.UTC);
        assertTrue(en.contains("Nov") && en.contains("2026") && en.contains("6:05"), en);
        assertTrue(fr.contains("nov.") && fr.contains("2026") && fr.contains("18:05"), fr);
    }

    @Test
    void bad_cron_is_a_clear_configuration_error() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> NextRun.after("every minute", NOW, ZoneOffset.UTC));
        assertTrue(e.getMessage().contains("jouvence.claim.cron"), e.getMessage());
    }

    @Test
    void languages_from_accept_language_by_preference() {
        assertEquals("fr", Messages.fromAcceptLanguage("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7"));
        assertEquals("en", Messages.fromAcceptLanguage("de-DE, en;q=0.5, fr;q=0.4"));
        assertEquals("fr", Messages.fromAcceptLanguage("en;q=0.2, fr"));
        assertNull(Messages.fromAcceptLanguage("de, es"));
        assertNull(Messages.fromAcceptLanguage(null));
        assertEquals("en", Messages.fromAcceptLanguage("fr;q=0, en"), "q=0 means not wanted");
    }

    @Test
    void every_text_exists_in_both_languages() throws Exception {
        java.util.Properties en = new java.util.Properties();
        java.util.Properties fr = new java.util.Properties();
        try (var a = getClass().getResourceAsStream("/jouvence/web/messages_en.properties");
             var b = getClass().getResourceAsStream("/jouvence/web/messages_fr.properties")) {
            en.load(new java.io.InputStreamReader(a, java.nio.charset.StandardCharsets.UTF_8));
            fr.load(new java.io.InputStreamReader(b, java.nio.charset.StandardCharsets.UTF_8));
        }
        assertEquals(en.keySet(), fr.keySet());
        assertEquals("Trop de tentatives, attendez 3 minutes avant de réessayer.",
                Messages.of("fr").t("login.toomany", 3));
        assertEquals("Too many attempts, wait 3 minutes before trying again.", Messages.of("de").t("login.toomany", 3));
    }

    @Test
    void query_and_cookie_parsing() {
        Map<String, List<String>> q = WebRequest.decodeQuery("listed=2&listed=3&selected=3&name=a%20b+c&bad=%zz&empty");
        assertEquals(List.of("2", "3"), q.get("listed"));
        assertEquals(List.of("a b c"), q.get("name"));
        assertFalse(q.containsKey("bad"), "malformed escapes are dropped");
        assertEquals(List.of(""), q.get("empty"));
        Map<String, String> c = WebRequest.decodeCookies(List.of("jouvence_session=abc; jouvence_lang=fr", "x=1"));
        assertEquals("abc", c.get("jouvence_session"));
        assertEquals("fr", c.get("jouvence_lang"));
        assertEquals("1", c.get("x"));
        Map<String, String> rfc2965 = WebRequest.decodeCookies(List.of("$Version=\"1\"; jouvence_lang=\"en\";$Path=\"/\""));
        assertEquals(Map.of("jouvence_lang", "en"), rfc2965);
    }
}
