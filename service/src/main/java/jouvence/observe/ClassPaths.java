package jouvence.observe;

import java.io.File;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java class path given to a command ({@code java -cp a.jar:b.jar:… Main}) is summarised in logs as
 * {@code -cp <N entries>}: a restore command that starts a JVM (the demo's, a site's own wrapper) would otherwise write
 * a line of several kilobytes at start-up (the configuration summary) and at every restore, and the jars say nothing
 * the operator needs about the request.
 */
public final class ClassPaths {

    private static final String SEPARATOR = Pattern.quote(File.pathSeparator);
    /** The option, then the class path, unquoted or in the single quotes of a displayed command. */
    private static final Pattern OPTION = Pattern.compile(
            "(?<=^|[\\s'\"])(-cp|-classpath|--class-path)([ =])('?)([^\\s'\"]*" + SEPARATOR + "[^\\s'\"]*)\\3");

    private ClassPaths() {
    }

    /** {@code <N entries>} for a class path of several entries, else the value as it is. */
    public static String summary(String classPath) {
        if (!classPath.contains(File.pathSeparator)) {
            return classPath;
        }
        long entries = Pattern.compile(SEPARATOR).splitAsStream(classPath).filter(e -> !e.isEmpty()).count();
        return "<" + entries + " entries>";
    }

    /** Whether {@code arg} is the option whose next argument is a class path. */
    public static boolean isOption(String arg) {
        return arg.equals("-cp") || arg.equals("-classpath") || arg.equals("--class-path");
    }

    /** The class paths of the command lines in {@code text} summarised; the rest left as it is. */
    public static String shorten(String text) {
        if (!text.contains("-cp") && !text.contains("-classpath") && !text.contains("--class-path")) {
            return text;
        }
        Matcher m = OPTION.matcher(text);
        if (!m.find()) {
            return text;
        }
        return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + r.group(2) + summary(r.group(4))));
    }
}
