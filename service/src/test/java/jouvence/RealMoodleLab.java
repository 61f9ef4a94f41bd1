package jouvence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two real Moodle sites of {@code ../shared/moodle-lab} as a test sees them: its {@code lab.env} (URLs, tokens, ids;
 * never printed), its reset, the new platform's web services with the integration token, and SQL on both sites'
 * databases (to look at what web services do not show, and to set a course up before its backup).
 */
final class RealMoodleLab {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Map<String, String> env;

    private RealMoodleLab(Map<String, String> env) {
        this.env = env;
    }

    /** The kit's lab.env: KEY=value lines, values optionally in single quotes. */
    static RealMoodleLab load(Path file) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (line.isBlank() || line.startsWith("#") || eq < 0) {
                continue;
            }
            String value = line.substring(eq + 1);
            if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
                value = value.substring(1, value.length() - 1);
            }
            env.put(line.substring(0, eq), value);
        }
        return new RealMoodleLab(env);
    }

    String get(String key) {
        String value = env.get(key);
        if (value == null) {
            throw new IllegalStateException("lab.env has no " + key);
        }
        return value;
    }

    /** Both sites back to the kit's snapshot (about 2 s). */
    void reset() throws Exception {
        Process reset = new ProcessBuilder(get("RESET_CMD")).redirectErrorStream(true).start();
        String output = new String(reset.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, reset.waitFor(), () -> "the lab is reset to its snapshot; it said:\n" + output);
    }

    /** A web-service call to the new platform with the lab's integration token. */
    JsonNode client(String function, Map<String, String> params) throws Exception {
        StringBuilder form = new StringBuilder("wstoken=" + get("CLIENT_TOKEN") + "&moodlewsrestformat=json&wsfunction="
                + function);
        params.forEach((k, v) -> form.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(get("CLIENT_URL") + "/webservice/rest/server.php"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
        return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    JsonNode clientCourse(long id) throws Exception {
        JsonNode courses = client("core_course_get_courses_by_field", Map.of("field", "id", "value", Long.toString(id)))
                .path("courses");
        assertEquals(1, courses.size(), "course " + id + " exists on the new platform: " + courses);
        return courses.get(0);
    }

    /** The new platform's courses with this short name (Moodle keeps short names unique). */
    int clientCoursesNamed(String shortname) throws Exception {
        return client("core_course_get_courses_by_field", Map.of("field", "shortname", "value", shortname))
                .path("courses").size();
    }

    /** Username → role short names, of everybody enrolled in a course of the new platform. */
    Map<String, List<String>> enrolled(long courseId) throws Exception {
        JsonNode users = client("core_enrol_get_enrolled_users", Map.of("courseid", Long.toString(courseId)));
        assertTrue(users.isArray(), users.toString());
        Map<String, List<String>> roles = new LinkedHashMap<>();
        for (JsonNode u : users) {
            roles.put(u.path("username").asText(), StreamSupport.stream(u.path("roles").spliterator(), false)
                    .map(r -> r.path("shortname").asText()).toList());
        }
        return roles;
    }

    boolean clientUserExists(String username) throws Exception {
        return client("core_user_get_users_by_field", Map.of("field", "username", "values[0]", username)).size() == 1;
    }

    /** A JDBC connection to one of the lab's Moodle databases ({@code SERVER_DB} or {@code CLIENT_DB}). */
    Connection db(String which) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + get("PGHOST") + ":" + get("PGPORT") + "/"
                + get(which), get("PGUSER"), get("PGPASSWORD"));
    }

    String dbUrl(String which) {
        return "jdbc:postgresql://" + get("PGHOST") + ":" + get("PGPORT") + "/" + get(which);
    }

    /** Rows of a query, each as column → text. */
    List<Map<String, String>> rows(String which, String sql, Object... args) throws SQLException {
        try (Connection c = db(which); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<Map<String, String>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    int update(String which, String sql, Object... args) throws SQLException {
        try (Connection c = db(which); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }
}
