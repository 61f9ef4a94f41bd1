package jouvence.privatefiles;

import java.util.Set;

/**
 * A free name for a file whose name is taken in its folder, as desktops name copies: {@code report.pdf} →
 * {@code report (2).pdf}, then {@code (3)}…; the extension is what follows the last dot (none for {@code .bashrc}).
 */
public final class ConflictNames {

    private ConflictNames() {
    }

    public static String free(String name, Set<String> taken) {
        if (!taken.contains(name)) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int n = 2; ; n++) {
            String candidate = base + " (" + n + ")" + ext;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }
}
