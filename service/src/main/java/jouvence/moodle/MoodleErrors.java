package jouvence.moodle;

import jouvence.moodle.MoodleException.Kind;

import java.util.Set;

/** Turns a Moodle error answer into a {@link MoodleException} with plain words and a kind, as the transcript shows them. */
public final class MoodleErrors {

    /** The site's token or service is wrong: nothing on that site can work until an admin fixes it. */
    private static final Set<String> SITE_FAULTS = Set.of(
            "invalidtoken", "accessexception", "invalidrecord", "nopermissions", "servicerequireslogin",
            "servicenotavailable", "enablewsdescription", "webservicesnotenabled", "wsusercannotassign",
            "usernotfullysetup", "sitemaintenance");

    private MoodleErrors() {
    }

    public static MoodleException toException(String siteId, String function, MoodleErrorAnswer reply) {
        String exception = reply.field("exception");
        String errorcode = reply.field("errorcode");
        String message = reply.field("message");
        if (message == null) {
            message = reply.field("error");
        }
        if (errorcode == null && message != null && message.contains("notcourseowner")) {
            errorcode = "notcourseowner";
        }
        if (errorcode == null) {
            errorcode = exception == null ? "unknown" : exception;
        }
        if ("invalidrecord".equals(errorcode) && message != null && !message.contains("external_functions")) {
            // A record the call named is missing (a group, a grouping): that call's fault, not the site's.
            return new MoodleException(siteId, errorcode, Kind.PERMANENT,
                    siteId + ": " + function + " found no such record (Moodle: " + message + ")");
        }
        return new MoodleException(siteId, errorcode, kindOf(errorcode),
                explain(siteId, function, errorcode, message));
    }

    static Kind kindOf(String errorcode) {
        if (SITE_FAULTS.contains(errorcode)) {
            return Kind.SITE_FAULT;
        }
        return Kind.PERMANENT;
    }

    /** Plain words an admin can act on, with Moodle's own message kept. */
    static String explain(String siteId, String function, String errorcode, String message) {
        String what = switch (errorcode) {
            case "invalidusername" -> "the requester has no account with this username on the course server";
            case "notcourseowner" -> "the requester does not teach this course on the course server";
            case "backup_check_course_not_exists" -> "the course does not exist (any more) on the course server";
            case "invalidtoken" -> "the web-service token is not valid on this site (expired, deleted, IP-restricted or "
                    + "from another site)";
            case "accessexception" -> "the web-service function " + function + " is not enabled in the token's service, "
                    + "or the token's user may not use it";
            case "invalidrecord" -> "the web-service function " + function + " does not exist on this site (plugin missing?)";
            case "nopermissions" -> "the web-service user lacks a capability";
            case "wsusercannotassign" -> "the web-service user may not assign this role";
            case "invalidparameter" -> "the site rejected a parameter of " + function;
            default -> "the site answered " + errorcode;
        };
        return siteId + ": " + what + (message == null ? "" : " (Moodle: " + message + ")");
    }
}
