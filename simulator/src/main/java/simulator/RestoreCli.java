package simulator;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stand-in for Moodle 4.4's {@code admin/cli/restore_backup.php} on the simulated course client:
 * {@code java -cp <classpath> simulator.RestoreCli --client=URL --file=PATH --categoryid=N}.
 * It asks the client simulator ({@code POST /simulator/restore}) to restore the archive and prints what Moodle's CLI
 * prints; exit status 0 on success, 1 on failure. Unknown {@code --x=} options are ignored. Like the real script, a
 * missing {@code --file} or {@code --categoryid} prints the help text and exits 0. JDK only.
 */
public final class RestoreCli {

    private static final String HELP = """
            Restore backup into provided category.

            Options:
            -f, --file=STRING           Path to the backup file.
            -c, --categoryid=INT        ID of the category to restore too.
            -s, --showdebugging         Show developer level debugging information
            -h, --help                  Print out this help.

            Example:
            $sudo -u www-data /usr/bin/php admin/cli/restore_backup.php --file=/path/to/backup/file.mbz --categoryid=1
            """;

    private RestoreCli() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String client = null;
        String file = null;
        String categoryid = null;
        boolean help = false;
        for (String a : args) {
            String name = a;
            String value = "";
            int eq = a.indexOf('=');
            if (eq >= 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            switch (name) {
                case "--client" -> client = value;
                case "--file", "-f" -> file = value;
                case "--categoryid", "-c" -> categoryid = value;
                case "--help", "-h" -> help = true;
                default -> {
                    // ignored (sites pass extra placeholders such as --withuserdata=...)
                }
            }
        }
        if (help || file == null || file.isEmpty() || categoryid == null || categoryid.isEmpty()) {
            out.print(HELP);
            return 0;
        }
        if (client == null || client.isEmpty()) {
            return fatal(out, err, "Error: --client=URL of the simulated course client is required",
                    "generalexceptionmessage");
        }
        String body = "file=" + URLEncoder.encode(file, StandardCharsets.UTF_8)
                + "&categoryid=" + URLEncoder.encode(categoryid, StandardCharsets.UTF_8);
        String answer;
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpRequest req = HttpRequest.newBuilder(URI.create(stripSlash(client) + MoodleSimulator.RESTORE_PATH))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) {
                return fatal(out, err, "Error: Database connection failed (HTTP " + res.statusCode() + ")", "dbconnectionfailed");
            }
            answer = res.body();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return fatal(out, err, "Error: Database connection failed (" + e + ")", "dbconnectionfailed");
        }

        String tempDir = "/tmp/moodledata/temp/backup/" + sha1(file + ":" + System.nanoTime());
        Matcher id = Pattern.compile("\"courseid\":(\\d+)").matcher(answer);
        if (id.find()) {
            out.println("== Extracting backup file to: " + tempDir + " ==");
            out.println("== Preprocessing backup file ==");
            out.println("== Cleaning temp data ==");
            out.println("Restored course ID: " + id.group(1));
            return 0;
        }
        String stage = field(answer, "stage");
        String errorcode = field(answer, "errorcode");
        String message = field(answer, "message");
        if (message == null) {
            message = "Error: unexpected answer from the course client: " + answer;
        }
        if (!"precheck".equals(stage)) {
            out.println("== Extracting backup file to: " + tempDir + " ==");
            out.println("== Preprocessing backup file ==");
            out.println("== Cleaning temp data ==");
        }
        return fatal(out, err, message, errorcode == null ? "generalexceptionmessage" : errorcode);
    }

    /** What Moodle's CLI default exception handler prints; exit status 1. */
    private static int fatal(PrintStream out, PrintStream err, String message, String errorcode) {
        err.println("Default exception handler: " + message + " Debug: ");
        err.println("Error code: " + errorcode);
        err.println("* line 91 of /admin/cli/restore_backup.php: moodle_exception thrown");
        out.println("!!! " + message + " !!!");
        return 1;
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        if (!m.find()) {
            return null;
        }
        return unescape(m.group(1));
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                sb.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> sb.append(n);
            }
        }
        return sb.toString();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
