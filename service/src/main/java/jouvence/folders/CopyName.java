package jouvence.folders;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The name a participant gives their copy of a folder, checked as the plugin checks it (its view page refuses
 * {@code ..} and {@code & < > " ' \ | :}) and, since the name is one path segment of their files, {@code /} too.
 */
public final class CopyName {

    /** The most bytes of a name (the clouds' own limit on a file name). */
    public static final int MAX_BYTES = 250;
    private static final String FORBIDDEN = "&<>\"'\\|:/";

    private CopyName() {
    }

    /** What is wrong with the name, in words; empty when it can be used. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of("the name is empty");
        }
        if (!name.equals(name.strip())) {
            return Optional.of("the name starts or ends with a space");
        }
        if (name.contains("..")) {
            return Optional.of("the name contains \"..\"");
        }
        for (char c : name.toCharArray()) {
            if (FORBIDDEN.indexOf(c) >= 0) {
                return Optional.of("the name contains " + c + " (none of & < > \" ' \\ | : / may be used)");
            }
            if (Character.isISOControl(c)) {
                return Optional.of("the name contains a control character");
            }
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("the name is longer than " + MAX_BYTES + " bytes");
        }
        return Optional.empty();
    }
}
