package jouvence.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskingEncoderTest {

    @Test
    void configured_secrets_are_masked_wherever_they_appear() {
        MaskingEncoder.addSecret("S3cretServerToken-0001");
        String line = MaskingEncoder.mask("calling https://old.example/x?a=1 with S3cretServerToken-0001 inside");
        assertEquals("calling https://old.example/x?a=1 with *** inside", line);
    }

    @Test
    void short_values_are_not_taken_for_secrets() {
        MaskingEncoder.addSecret("abc");
        MaskingEncoder.addSecret(null);
        assertEquals("abc and 1 and abcdef", MaskingEncoder.mask("abc and 1 and abcdef"));
    }

    @Test
    void anything_shaped_like_a_token_or_password_is_masked() {
        assertEquals("GET /webservice/rest/server.php?wstoken=***&wsfunction=core_webservice_get_site_info",
                MaskingEncoder.mask("GET /webservice/rest/server.php?wstoken=0123456789abcdef&wsfunction=core_webservice_get_site_info"));
        assertEquals("POST token=*** username=teacher1", MaskingEncoder.mask("POST token=abcdef0123 username=teacher1"));
        assertEquals("{\"token\":\"***\",\"privatetoken\":null}",
                MaskingEncoder.mask("{\"token\":\"abcdef0123\",\"privatetoken\":null}"));
        assertEquals("body {\\\"token\\\":\\\"***\\\"} in a JSON line",
                MaskingEncoder.mask("body {\\\"token\\\":\\\"abcdef0123\\\"} in a JSON line"));
        assertEquals("Authorization: Bearer ***", MaskingEncoder.mask("Authorization: Bearer test-admin-token-0123456789"));
        // the cloud's credentials (collaborative folders): Basic app passwords, OAuth forms and token answers
        assertEquals("http-outgoing-0 >> Authorization: Basic ***",
                MaskingEncoder.mask("http-outgoing-0 >> Authorization: Basic am91dmVuY2U6U3lzQXBwUGFzc3dvcmQ="));
        assertEquals("grant_type=refresh_token&refresh_token=***&x=1",
                MaskingEncoder.mask("grant_type=refresh_token&refresh_token=a1b2c3d4e5f6&x=1"));
        assertEquals("client_secret=*** and {\"access_token\":\"***\",\"refresh_token\":\"***\"}",
                MaskingEncoder.mask("client_secret=s3cr3t-v4lue and {\"access_token\":\"abcdef0123\","
                        + "\"refresh_token\":\"0123abcdef\"}"));
        assertEquals("grant_type=authorization_code&code=***&redirect_uri=x",
                MaskingEncoder.mask("grant_type=authorization_code&code=9f8e7d6c5b4a&redirect_uri=x"));
        assertEquals("Basic settings are fine", MaskingEncoder.mask("Basic settings are fine"));
        assertEquals("jdbc:postgresql://db/jouvence?user=j&password=***",
                MaskingEncoder.mask("jdbc:postgresql://db/jouvence?user=j&password=hunter2hunter2"));
        String ordinary = "restore command pid 4242 ended with exit code 0 after PT1S; course id 17";
        assertEquals(ordinary, MaskingEncoder.mask(ordinary));
    }

    @Test
    void json_format_writes_one_object_per_line_with_the_request_id_and_masks_it() throws Exception {
        MaskingEncoder encoder = new MaskingEncoder();
        LoggerContext context = new LoggerContext();
        encoder.setContext(context);
        encoder.setFormat("json");
        encoder.start();
        LoggingEvent event = new LoggingEvent("x", context.getLogger("jouvence.courses.pipeline.Outcomes"), Level.WARN,
                "request {} will be retried: wstoken={} refused", null, new Object[]{42, "0123456789abcdef"});
        event.setMDCPropertyMap(Map.of(RequestMdc.KEY, "42"));
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, "one line: " + line);
        JsonNode json = new ObjectMapper().readTree(line);
        assertEquals("WARN", json.get("level").asText(), line);
        assertEquals("jouvence.courses.pipeline.Outcomes", json.get("loggerName").asText(), line);
        assertEquals("42", json.get("mdc").get("requestId").asText(), line);
        assertEquals("request 42 will be retried: wstoken=*** refused", json.get("formattedMessage").asText(), line);
        assertFalse(line.contains("0123456789abcdef"), "the token's arguments are not written either: " + line);
    }

    @Test
    void text_format_shows_the_request_id_only_when_there_is_one() {
        MaskingEncoder encoder = new MaskingEncoder();
        LoggerContext context = new LoggerContext();
        encoder.setContext(context);
        encoder.setPattern("%-5level -%replace( [request %X{requestId}]){' \\[request \\]', ''} %msg%n");
        encoder.start();
        LoggingEvent with = new LoggingEvent("x", context.getLogger("a"), Level.INFO, "mailed", null, null);
        with.setMDCPropertyMap(Map.of(RequestMdc.KEY, "7"));
        LoggingEvent without = new LoggingEvent("x", context.getLogger("a"), Level.INFO, "probed", null, null);
        without.setMDCPropertyMap(Map.of());
        assertEquals("INFO  - [request 7] mailed\n", new String(encoder.encode(with), StandardCharsets.UTF_8));
        assertEquals("INFO  - probed\n", new String(encoder.encode(without), StandardCharsets.UTF_8));
    }

    @Test
    void a_class_path_in_a_logged_command_is_written_as_its_number_of_entries() {
        MaskingEncoder encoder = new MaskingEncoder();
        LoggerContext context = new LoggerContext();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        String jars = String.join(java.io.File.pathSeparator, java.util.Collections.nCopies(300,
                "/root/.m2/repository/org/apache/camel/camel-main/4.18.0/camel-main-4.18.0.jar"));
        // Camel's start-up summary of the configuration, as camel-main writes it (not through RestoreTemplate)
        LoggingEvent summary = new LoggingEvent("x", context.getLogger("o.a.c.m.BaseMainSupport"), Level.INFO,
                "    [OverrideProperties]  jouvence.restore.command = /usr/bin/java -cp " + jars
                        + " simulator.RestoreCli --file={file}", null, null);
        String line = new String(encoder.encode(summary), StandardCharsets.UTF_8);
        assertEquals("    [OverrideProperties]  jouvence.restore.command = /usr/bin/java -cp <300 entries> "
                + "simulator.RestoreCli --file={file}\n", line);
        String json = "{\"formattedMessage\":\"restore command started, pid 7: java -classpath '" + jars + "' Main\"}";
        assertEquals("{\"formattedMessage\":\"restore command started, pid 7: java -classpath <300 entries> Main\"}",
                ClassPaths.shorten(json));
        String ordinary = "restore command started, pid 7: php /app/run.php --file=/srv/a:b.mbz -cpu=2";
        assertEquals(ordinary, ClassPaths.shorten(ordinary), "only a class path option's value");
        assertEquals("java -cp classes Main", ClassPaths.shorten("java -cp classes Main"), "a single entry stays");
    }
}
