package jouvence.privatefiles.work;

import java.util.ArrayList;
import java.util.List;

/**
 * A request's outcome in words, from its files' outcomes ({@code path, outcome, final path, size}) and the zip's
 * empty folders: what was copied, renamed, left as it was, and what did not fit in the person's quota.
 */
public final class Summary {

    private static final int MAX_LISTED = 20;

    private Summary() {
    }

    public static String of(List<String[]> items, List<String> emptyFolders) {
        List<String> copied = new ArrayList<>();
        List<String> renamed = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> notFitting = new ArrayList<>();
        for (String[] i : items) {
            switch (i[1]) {
                case "copied" -> copied.add(i[0]);
                case "renamed" -> renamed.add(i[0] + " → " + i[2]);
                case "skipped" -> skipped.add(i[0]);
                default -> notFitting.add(i[0] + " (" + i[3] + " bytes)");
            }
        }
        StringBuilder s = new StringBuilder();
        s.append(copied.size() + renamed.size()).append(" file(s) copied.");
        list(s, "Copied under another name, a file of that name being already there", renamed);
        list(s, "Not copied, a file of that name being already there (jouvence.private-files.on-conflict=skip)",
                skipped);
        list(s, "Did not fit in your private files' quota on the new platform (not copied)", notFitting);
        list(s, "Empty folders not created (Moodle's web services cannot make an empty folder)", emptyFolders);
        return s.toString();
    }

    private static void list(StringBuilder s, String title, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        s.append("\n").append(title).append(": ").append(lines.size());
        lines.stream().limit(MAX_LISTED).forEach(l -> s.append("\n - ").append(l));
        if (lines.size() > MAX_LISTED) {
            s.append("\n - … and ").append(lines.size() - MAX_LISTED).append(" more");
        }
    }

    /** True when some file did not fit. */
    public static boolean quotaHit(List<String[]> items) {
        return items.stream().anyMatch(i -> "not-fitting".equals(i[1]));
    }
}
