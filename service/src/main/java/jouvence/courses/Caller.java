package jouvence.courses;

/**
 * Who asks the restore service, and through which way in.
 *
 * @param name   written as the request's scheduled_by, and in the trail of the actions
 * @param source the way in, stored with a new request: api, admin, web, csv, block
 */
public record Caller(String name, String source) {

    /** The REST API, with the admin token. */
    public static Caller api() {
        return new Caller("api", "api");
    }

    /** A user of the web pages. */
    public static Caller web(String username) {
        return new Caller(username, "web");
    }

    /** How the trail names the caller of an action: "api", or "teacher1 (web)". */
    public String trail() {
        return source.equals("web") ? name + " (web)" : name;
    }
}
