package jouvence;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a newcomer reads first stays true: the README's links lead somewhere in this repository, what it says the
 * defaults point at is what {@code application.properties} says, and what a standalone clone lacks is explained.
 */
class ReadmeTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
    private static final Pattern SHARED = Pattern.compile("`\\.\\./shared/([A-Za-z][^`/]*)");

    @Test
    void relativeLinksLeadToFilesOfThisRepository() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : List.of(ROOT.resolve("README.md"), ROOT.resolve("bench/README.md"))) {
            Matcher link = LINK.matcher(Files.readString(doc));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue; // http(s), mailto
                }
                Path file = doc.getParent().resolve(target).normalize();
                if (!file.startsWith(ROOT) || !Files.exists(file)) {
                    broken.add(ROOT.relativize(doc) + " -> " + target);
                }
            }
        }
        assertEquals(List.of(), broken, "links that a clone of this repository cannot follow");
    }

    @Test
    void theDefaultsItDescribesAreTheEmbeddedDefaults() throws IOException {
        Properties defaults = new Properties();
        try (Reader in = Files.newBufferedReader(ROOT.resolve("service/src/main/resources/application.properties"))) {
            defaults.load(in);
        }
        String paragraph = section("**What the defaults point at.**");
        for (String key : List.of("jouvence.server.old.url", "jouvence.client.url", "camel.server.port",
                "camel.management.port")) {
            String value = defaults.getProperty(key).strip();
            assertTrue(paragraph.contains(value), "the README's defaults paragraph should name " + key + " = " + value);
        }
        String smtp = defaults.getProperty("jouvence.mail.smtp.host").strip() + ":"
                + defaults.getProperty("jouvence.mail.smtp.port").strip();
        assertTrue(paragraph.contains(smtp), "the README's defaults paragraph should name the SMTP server " + smtp);
    }

    @Test
    void theTwoCommandsSayWhatElseTheyNeedAndTheJarIsSaidToBeThin() throws IOException {
        String commands = section("## The two commands");
        assertTrue(commands.contains("apt-get install -y chromium chromium-driver") || commands.contains(
                "apt-get\ninstall -y chromium chromium-driver"), "the browser tests' needs, with the install command");
        assertTrue(commands.contains("skipped"), "what happens to the browser tests without Chromium");
        assertTrue(commands.contains("service/target/lib/"), "the thin jar's class path");
    }

    @Test
    void everyCitedSharedFolderIsExplainedForAStandaloneClone() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String facts = section("**Facts outside this repository.**");
        Matcher cited = SHARED.matcher(readme);
        while (cited.find()) {
            String first = cited.group(1);
            assertTrue(facts.contains("`" + first), "../shared/" + first + " is cited but not explained in the "
                    + "'Facts outside this repository' paragraph");
        }
    }

    @Test
    void theUsageItShowsIsTheCommandsOwn() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String lead = "`java -jar service/target/jouvence.jar --help`:\n\n```text\n";
        int from = readme.indexOf(lead);
        assertTrue(from >= 0, "the README shows jouvence --help");
        String shown = readme.substring(from + lead.length(), readme.indexOf("```\n", from + lead.length()));
        assertEquals(jouvence.cli.Usage.TEXT, shown);
    }

    /** The README's section (a heading: up to the next heading of its level) or paragraph (a bold lead) {@code start}. */
    private static String section(String start) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int from = readme.indexOf(start);
        assertTrue(from >= 0, "the README should have '" + start + "'");
        String end = start.startsWith("#") ? "\n" + start.substring(0, start.indexOf(' ') + 1) : "\n\n";
        int to = readme.indexOf(end, from + start.length());
        return readme.substring(from, to < 0 ? readme.length() : to);
    }
}
