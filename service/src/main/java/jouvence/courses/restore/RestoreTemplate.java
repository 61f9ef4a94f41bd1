package jouvence.courses.restore;

import jouvence.observe.ClassPaths;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The restore command template ({@code jouvence.restore.command}) and how it becomes the arguments of one restore; the
 * same for every {@link RestoreDriver}, whether the arguments start a local process or become a Kubernetes container's
 * {@code command}.
 *
 * <p>The template is split on whitespace into arguments <em>first</em>; placeholders {@code {name}} are then replaced
 * inside each argument, in a single pass (a value that itself contains {@code {file}} is not expanded again). No shell
 * is involved, so a value with spaces, quotes or {@code ;} always stays inside its one argument. Known placeholders:
 * the fixed ones given to the constructor (e.g. {@code moodle} → {@code /var/www/moodle}) and the per-request ones in
 * {@link #REQUEST_PLACEHOLDERS}: {@code file}, {@code categoryid}, {@code withuserdata} (0/1), {@code enrolmentmode}
 * (0/1/2), {@code requester} (username or empty), {@code enrolrequester} (the requester when Jouvence is to enrol
 * them — {@code jouvence.client.enrol-requester} — else empty), {@code requestid}. Any other {@code {name}} makes the constructor
 * fail; text in braces that is not a {@code {name}} (e.g. {@code {}} or {@code {a b}}) is left as it is.
 *
 * <p>The default template runs Jouvence's restore runner, which takes them all. Moodle's
 * {@code admin/cli/restore_backup.php} ({@link #MOODLE_CLI_TEMPLATE}) accepts only {@code --file} and
 * {@code --categoryid} (and {@code --showdebugging}): it always restores as the main administrator with the site's
 * restore defaults, so {@code withuserdata}, {@code enrolmentmode} and {@code requester} are then there for custom
 * drivers (a wrapper script, moosh…).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class RestoreTemplate {

    /**
     * Jouvence's restore runner ({@code jouvence-restore.php}, with Moodle's PHP): restores like the plugin, in one PHP
     * process, with the request's settings, the backup's names and the requester enrolled.
     */
    public static final String DEFAULT_TEMPLATE = "php {runner} --moodle={moodle} --file={file} --categoryid={categoryid} "
            + "--users={withuserdata} --enrolments={enrolmentmode} --requester={enrolrequester} --roleid={roleid}";

    /**
     * Moodle's CLI restore into a new course of the given category (Moodle ≥ 3.10, MDL-69307): the site's restore
     * defaults, the course named "Restore as a new course" (Jouvence renames it and enrols the requester afterwards).
     */
    public static final String MOODLE_CLI_TEMPLATE =
            "php {moodle}/admin/cli/restore_backup.php --file={file} --categoryid={categoryid}";

    /** Placeholders whose values are given to each restore. */
    public static final Set<String> REQUEST_PLACEHOLDERS = Collections.unmodifiableSet(new LinkedHashSet<>(
            List.of("file", "categoryid", "withuserdata", "enrolmentmode", "requester", "enrolrequester", "requestid")));

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");

    private final List<String> argTemplates;
    private final Map<String, String> fixedPlaceholders;
    private final Set<String> usedRequestPlaceholders;


    /**
     * @param template          the command; {@code null} or blank is refused (use {@link #DEFAULT_TEMPLATE})
     * @param fixedPlaceholders values known from the configuration, e.g. {@code moodle} → {@code /var/www/moodle};
     *                          may be null; may not redefine a per-request placeholder
     * @throws IllegalArgumentException on any configuration error, naming it (e.g. an unknown placeholder)
     */
    public RestoreTemplate(String template, Map<String, String> fixedPlaceholders) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("the restore command template is empty");
        }
        Map<String, String> fixed = new HashMap<>();
        if (fixedPlaceholders != null) {
            for (Map.Entry<String, String> e : fixedPlaceholders.entrySet()) {
                String name = e.getKey();
                if (name == null || !PLACEHOLDER.matcher("{" + name + "}").matches()) {
                    throw new IllegalArgumentException("invalid placeholder name \"" + name
                            + "\" (letters, digits, '_', '.', '-')");
                }
                if (REQUEST_PLACEHOLDERS.contains(name)) {
                    throw new IllegalArgumentException("placeholder {" + name
                            + "} is given per request and cannot be fixed in the configuration");
                }
                if (e.getValue() == null) {
                    throw new IllegalArgumentException("placeholder {" + name + "} has no value");
                }
                checkValue(name, e.getValue());
                fixed.put(name, e.getValue());
            }
        }
        List<String> args = List.of(template.trim().split("\\s+"));
        Set<String> usedRequest = new LinkedHashSet<>();
        for (String arg : args) {
            Matcher m = PLACEHOLDER.matcher(arg);
            while (m.find()) {
                String name = m.group(1);
                if (REQUEST_PLACEHOLDERS.contains(name)) {
                    usedRequest.add(name);
                } else if (!fixed.containsKey(name)) {
                    Set<String> known = new TreeSet<>(REQUEST_PLACEHOLDERS);
                    known.addAll(fixed.keySet());
                    throw new IllegalArgumentException("unknown placeholder {" + name
                            + "} in the restore command template; known placeholders: {"
                            + String.join("}, {", known) + "}");
                }
            }
        }
        this.argTemplates = args;
        this.fixedPlaceholders = Map.copyOf(fixed);
        this.usedRequestPlaceholders = Collections.unmodifiableSet(usedRequest);
    }

    /** The per-request placeholders the template uses. */
    public Set<String> usedRequestPlaceholders() {
        return usedRequestPlaceholders;
    }

    /** The template, as configured (runs of whitespace as one space). */
    public String template() {
        return String.join(" ", argTemplates);
    }

    /**
     * The arguments for these per-request values.
     *
     * @param placeholders per-request values ({@link #REQUEST_PLACEHOLDERS}); those the template uses are required
     *                     (an empty string is a value); other keys are ignored
     * @throws IllegalArgumentException a placeholder the template uses has no value, or a value contains NUL
     */
    public List<String> argv(Map<String, String> placeholders) {
        Map<String, String> values = new HashMap<>(fixedPlaceholders);
        for (String name : usedRequestPlaceholders) {
            String value = placeholders == null ? null : placeholders.get(name);
            if (value == null) {
                throw new IllegalArgumentException("the restore command template uses {" + name
                        + "} but no value was given for it");
            }
            checkValue(name, value);
            values.put(name, value);
        }
        List<String> argv = new ArrayList<>(argTemplates.size());
        for (String arg : argTemplates) {
            Matcher m = PLACEHOLDER.matcher(arg);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
            }
            m.appendTail(out);
            argv.add(out.toString());
        }
        return List.copyOf(argv);
    }

    /**
     * The argv as one line a person could paste into a shell; shows arguments only, never the environment. A class path
     * ({@code -cp a.jar:b.jar…}) is shown as {@code <N entries>}: its jars would make a line of kilobytes.
     */
    public static String display(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        boolean classPathNext = false;
        for (String arg : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            if (classPathNext && !ClassPaths.summary(arg).equals(arg)) {
                sb.append(ClassPaths.summary(arg));
                classPathNext = false;
                continue;
            }
            classPathNext = ClassPaths.isOption(arg);
            String a = arg;
            if (a.length() > 300) { // keep log lines readable
                a = a.substring(0, 140) + "…" + a.substring(a.length() - 140);
            }
            if (!a.isEmpty() && a.matches("[A-Za-z0-9_./=:,+@%-]+")) {
                sb.append(a);
            } else {
                sb.append('\'').append(a.replace("'", "'\\''")).append('\'');
            }
        }
        return sb.toString();
    }

    private static void checkValue(String name, String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the value of placeholder {" + name + "} contains a NUL character");
        }
    }
}
