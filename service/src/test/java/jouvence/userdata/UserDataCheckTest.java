package jouvence.userdata;

import jouvence.TestJouvence;
import jouvence.check.CheckCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import simulator.UserDataControls;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jouvence check} with profile and preferences on: the servers' user-data tokens and the client's functions. */
class UserDataCheckTest {

    private static final String TOKEN = "CHECKUSERDATATOKEN000000000000004";
    private final TestJouvence env = TestJouvence.get();

    @AfterEach
    void tearDown() {
        env.old.reset();
        env.client.reset();
    }

    private String check(Map<String, String> changes) {
        Map<String, String> p = new HashMap<>(env.properties());
        p.put("jouvence.bridge.enabled", "false");
        p.putAll(changes);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CheckCommand.run(null, p, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains(TOKEN), out);
        return out;
    }

    private static String line(String out, String subject) {
        return out.lines().filter(l -> l.length() > 8 && l.substring(8).startsWith(subject)).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + subject + " in\n" + out));
    }

    @Test
    void the_user_data_tokens_and_functions_are_checked_when_on() {
        assertTrue(check(Map.of()).contains("user data: jouvence.user-data.enabled is false"));
        env.old.userData().token(TOKEN);
        UserDataControls.CLIENT_FUNCTIONS.forEach(env.client::addFunction);
        Map<String, String> on = Map.of("jouvence.user-data.enabled", "true", "jouvence.server.old.user-data-token",
                TOKEN);
        String out = check(on);
        assertTrue(line(out, "server old: user-data token").startsWith("ok      server old: user-data token: accepted by "), out);
        assertTrue(line(out, "client: user-data functions").startsWith("ok      "), out);
        env.client.removeFunction(UserDataControls.SET_PREFERENCES);
        env.old.userData().token("SOMETHINGELSE");
        out = check(on);
        assertTrue(line(out, "server old: user-data token").startsWith("FAILED") && line(out,
                "server old: user-data token").contains("jouvence.server.old.user-data-token"), out);
        assertTrue(line(out, "client: user-data functions").contains("lacks core_user_set_user_preferences"), out);
    }
}
