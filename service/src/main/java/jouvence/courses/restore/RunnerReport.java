package jouvence.courses.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What Jouvence's restore runner ({@code jouvence-restore.php}) says it did, from its one JSON line: the course, the
 * names it kept (Moodle's " copy N" / "_N" when taken), whether it enrolled the requester, and Moodle's warnings. With it
 * the finish step needs no renaming and no enrolment call.
 *
 * @param userId the requester's id on the new platform when {@code enrolled}, else null
 * @param email  the requester's address on the new platform when the runner found them, else null
 */
public record RunnerReport(long courseId, String fullname, String shortname, boolean enrolled, Long userId,
                           String email, List<String> warnings) {

    /** How the runner's line starts; nothing else Moodle prints does. */
    static final String PREFIX = "{\"jouvence\":\"restore\"";
    private static final ObjectMapper JSON = new ObjectMapper();

    public RunnerReport {
        warnings = List.copyOf(warnings);
    }

    /** How the runner's first line starts, once the new (still empty) course exists. */
    static final String STARTED_PREFIX = "{\"jouvence\":\"started\"";

    /** The course id of the runner's "started" line: the course it restores into, partial until the report. */
    static Optional<Long> started(String line) {
        if (!line.startsWith(STARTED_PREFIX)) {
            return Optional.empty();
        }
        try {
            JsonNode id = JSON.readTree(line).path("courseid");
            return id.canConvertToLong() && id.asLong() > 0 ? Optional.of(id.asLong()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The report of an output line, when it is the runner's (a malformed one is none: the course id line decides). */
    static Optional<RunnerReport> parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            JsonNode j = JSON.readTree(line);
            if (!j.path("courseid").canConvertToLong() || j.path("courseid").asLong() <= 0) {
                return Optional.empty();
            }
            List<String> warnings = new ArrayList<>();
            j.path("warnings").forEach(w -> warnings.add(w.asText()));
            boolean enrolled = j.path("enrolled").asBoolean(false) && j.path("userid").canConvertToLong();
            return Optional.of(new RunnerReport(j.get("courseid").asLong(), j.path("fullname").asText(null),
                    j.path("shortname").asText(null), enrolled, enrolled ? j.get("userid").asLong() : null,
                    j.path("email").asText("").contains("@") ? j.get("email").asText() : null, warnings));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
