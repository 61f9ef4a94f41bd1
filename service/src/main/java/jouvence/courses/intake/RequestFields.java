package jouvence.courses.intake;

import com.fasterxml.jackson.databind.JsonNode;
import jouvence.JouvenceConfig;
import jouvence.courses.Caller;
import jouvence.courses.EnrolmentMode;
import jouvence.courses.InvalidRequestException;
import jouvence.courses.NewRestore;
import jouvence.courses.queue.RequestRepository.NewRequest;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fields of a restore request and their rules, in one place for every way a request comes in: the JSON API
 * ({@link #fromJson}) and the CSV import ({@link #fromText}) turn what they were given into plain values, then
 * {@link #check} applies the same rules with the same messages.
 */
public final class RequestFields {

    /** The fields, in the order a CSV header lists them. */
    public static final List<String> NAMES =
            List.of("server", "remoteCourseId", "requester", "withUserData", "enrolmentMode", "category");
    /** The fields a request cannot do without; the others have defaults. */
    public static final List<String> REQUIRED = List.of("server", "remoteCourseId", "requester");
    /**
     * The largest course id a Moodle can have: its install.xml declares course.id as int(10), ten digits (BIGINT
     * columns on every database, so ids beyond 2^31 are real and accepted).
     */
    public static final long MAX_COURSE_ID = 9_999_999_999L;

    /** A given value that is neither text, a whole number nor a boolean (a JSON null, decimal, array, object...). */
    private static final Object OTHER = new Object() {
        @Override
        public String toString() {
            return "(not text, a whole number or a boolean)";
        }
    };

    private RequestFields() {
    }

    /** A request whose fields passed every rule; {@code enrolmentMode} is the plugin's code. */
    public record Fields(String server, long remoteCourseId, String requester, boolean withUserData, int enrolmentMode,
                         String category) {

        public NewRequest toNewRequest(String scheduledBy, String source, String externalRef) {
            return toNewRestore(externalRef).toNewRequest(new Caller(scheduledBy, source));
        }

        public NewRestore toNewRestore(String externalRef) {
            return new NewRestore(server, remoteCourseId, null, requester, withUserData, EnrolmentMode.of(enrolmentMode),
                    category, externalRef);
        }
    }

    /** A field broke a rule; the message names the field. */
    public static final class InvalidField extends InvalidRequestException {
        public InvalidField(String message) {
            super(message);
        }
    }

    /**
     * The values of a JSON object: text stays text, a whole number that fits a long becomes a Long, a boolean a
     * Boolean, anything else a marker that no rule accepts; an absent field is absent.
     */
    public static Map<String, Object> fromJson(JsonNode object) {
        Map<String, Object> given = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            JsonNode v = e.getValue();
            Object value;
            if (v.isTextual()) {
                value = v.asText();
            } else if (v.isBoolean()) {
                value = v.asBoolean();
            } else if (v.isIntegralNumber() && v.canConvertToLong()) {
                value = v.asLong();
            } else {
                value = OTHER;
            }
            given.put(e.getKey(), value);
        }
        return given;
    }

    /**
     * The values of a text line (CSV cells by field name): cells are stripped and a blank cell is absent;
     * {@code remoteCourseId} is a Long when it is written as a whole number, {@code withUserData} a Boolean for
     * true/false, 1/0, yes/no (any case); everything else stays text, for {@link #check} to judge.
     */
    public static Map<String, Object> fromText(Map<String, String> cells) {
        Map<String, Object> given = new HashMap<>();
        cells.forEach((name, cell) -> {
            if (cell == null || cell.isBlank()) {
                return;
            }
            String text = cell.strip();
            Object value = text;
            if (name.equals("remoteCourseId") && text.matches("[+-]?\\d{1,18}")) {
                value = Long.parseLong(text);
            } else if (name.equals("withUserData")) {
                value = switch (text.toLowerCase(Locale.ROOT)) {
                    case "true", "1", "yes" -> Boolean.TRUE;
                    case "false", "0", "no" -> Boolean.FALSE;
                    default -> text;
                };
            }
            given.put(name, value);
        });
        return given;
    }

    /**
     * Applies the rules, field by field in a fixed order, and stops at the first broken one.
     *
     * @param given   values by field name, as {@link #fromJson} or {@link #fromText} made them (unknown names ignored)
     * @param servers ids of the configured course servers
     */
    public static Fields check(Map<String, ?> given, Collection<String> servers) {
        return check(given, servers, true);
    }

    /** @param requesterRequired false only for an admin's restore for nobody: then a requester must NOT be given */
    public static Fields check(Map<String, ?> given, Collection<String> servers, boolean requesterRequired) {
        Object server = given.get("server");
        if (!(server instanceof String s) || s.isBlank()) {
            throw new InvalidField("field 'server' is required: the id of a configured course server ("
                    + String.join(", ", servers) + ")");
        }
        if (!servers.contains(s)) {
            throw new InvalidField("field 'server': unknown course server " + Echo.quoted(s) + " (configured: "
                    + String.join(", ", servers) + ")");
        }
        if (!(given.get("remoteCourseId") instanceof Long course) || course <= 0) {
            throw new InvalidField("field 'remoteCourseId' must be a positive integer (the course id on the old platform)");
        }
        if (course > MAX_COURSE_ID) {
            throw new InvalidField("field 'remoteCourseId': " + course + " is beyond the largest Moodle course id ("
                    + MAX_COURSE_ID + ", ten digits)");
        }
        String username = null;
        if (!requesterRequired) {
            if (given.get("requester") != null) {
                throw new InvalidField("field 'requester' must be absent in a restore for nobody (forNobody)");
            }
        } else if (!(given.get("requester") instanceof String requester) || requester.isBlank()) {
            throw new InvalidField("field 'requester' is required: the teacher's username");
        } else {
            username = requester.strip();
            if (username.length() > 100 || !username.matches("[\\p{L}\\p{N}_.@+-]+")) {
                throw new InvalidField(
                        "field 'requester' is not a Moodle username (letters, digits, _ . @ + - ; at most 100)");
            }
        }
        Object withUserData = given.get("withUserData");
        if (withUserData != null && !(withUserData instanceof Boolean)) {
            throw new InvalidField("field 'withUserData' must be true or false");
        }
        Object mode = given.get("enrolmentMode");
        if (mode != null && !(mode instanceof String m && EnrolmentMode.parse(m).isPresent())) {
            throw new InvalidField("field 'enrolmentMode' must be one of always, with-users, never");
        }
        Object category = given.get("category");
        String cat = "default";
        if (category != null) {
            if (category instanceof Long id && id > 0) {
                cat = Long.toString(id);
            } else if (category instanceof String c && c.matches("default|original|[1-9]\\d{0,17}")) {
                cat = c;
            } else {
                throw new InvalidField(
                        "field 'category' must be \"default\", \"original\" or a category id of the new platform");
            }
        }
        return new Fields(s, course, username, Boolean.TRUE.equals(withUserData),
                (mode == null ? EnrolmentMode.ALWAYS : EnrolmentMode.parse((String) mode).orElseThrow()).code, cat);
    }

    /**
     * The user-data policy (the plugin's can_restore_user_datas, which it never re-checked on POST): "never" refuses
     * user data, "always" restores it whatever the request says, "choice" lets the request say — only the listed
     * choosers may ask for it when the list is not empty. A restore for nobody is an admin's and may choose.
     */
    public static NewRequest applyUserDataPolicy(NewRequest n, JouvenceConfig.Parity parity) {
        return switch (parity.userDataPolicy()) {
            case "never" -> {
                if (n.withUserData()) {
                    throw new InvalidField("field 'withUserData': user data is never restored on this platform "
                            + "(jouvence.user-data.policy = never)");
                }
                yield n;
            }
            case "always" -> n.withUserData() ? n : new NewRequest(n.serverId(), n.remoteCourseId(), n.remoteCourseName(),
                    n.requester(), n.scheduledBy(), n.category(), true, n.enrolmentMode(), n.source(), n.externalRef());
            default -> {
                if (n.withUserData() && n.requester() != null && !parity.userDataChoosers().isEmpty()
                        && !parity.userDataChoosers().contains(n.requester())) {
                    throw new InvalidField("field 'withUserData': " + n.requester() + " may not ask for user data "
                            + "(jouvence.user-data.choosers)");
                }
                yield n;
            }
        };
    }

    /** The field called {@code name} ignoring case and surrounding blanks, or null when there is none. */
    public static String canonicalName(String name) {
        String n = name == null ? "" : name.strip();
        for (String known : NAMES) {
            if (known.equalsIgnoreCase(n)) {
                return known;
            }
        }
        return null;
    }
}
