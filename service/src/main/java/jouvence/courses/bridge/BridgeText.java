package jouvence.courses.bridge;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/** The bridge's words (reasons of a refusal, the admins' mail), from the mail bundle in the configured language. */
final class BridgeText {

    private final ResourceBundle text;

    BridgeText(Locale language) {
        this.text = ResourceBundle.getBundle("jouvence.mail.messages", language,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    String t(String key) {
        return text.getString(key);
    }

    /** The message of {@code key} with its arguments; numbers without grouping, null as "-". */
    String f(String key, Object... args) {
        Object[] safe = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            safe[i] = args[i] instanceof Number n ? n.toString() : args[i] == null ? "-" : args[i];
        }
        return new MessageFormat(text.getString(key), Locale.ROOT).format(safe);
    }
}
