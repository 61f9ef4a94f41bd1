package jouvence.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The pages' texts in English and French (jouvence/web/messages_en.properties, _fr), with {0}, {1}... replaced by
 * the arguments as given: no MessageFormat, so an apostrophe is just an apostrophe. Texts are escaped when written.
 */
public final class Messages {

    public static final List<String> LANGUAGES = List.of("en", "fr");
    private static final Map<String, Messages> ALL = Map.of("en", new Messages("en"), "fr", new Messages("fr"));

    private final String lang;
    private final Properties texts = new Properties();

    private Messages(String lang) {
        this.lang = lang;
        try (InputStream in = Messages.class.getResourceAsStream("/jouvence/web/messages_" + lang + ".properties")) {
            if (in == null) {
                throw new IllegalStateException("missing jouvence/web/messages_" + lang + ".properties");
            }
            texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The texts of {@code lang}; English for anything but a supported language. */
    public static Messages of(String lang) {
        return ALL.getOrDefault(lang == null ? "en" : lang, ALL.get("en"));
    }

    public static boolean supported(String lang) {
        return lang != null && LANGUAGES.contains(lang);
    }

    public String lang() {
        return lang;
    }

    public Locale locale() {
        return Locale.forLanguageTag(lang);
    }

    /** The text of {@code key} with its arguments; the key itself when the text is missing (visible, not fatal). */
    public String t(String key, Object... args) {
        String text = texts.getProperty(key);
        if (text == null) {
            text = ALL.get("en").texts.getProperty(key, key);
        }
        for (int i = 0; i < args.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return text;
    }

    /** The first supported language of an Accept-Language header, by preference (q); null when none is. */
    public static String fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        record Choice(String lang, double q, int order) {
        }
        List<Choice> choices = new ArrayList<>();
        String[] parts = header.split(",");
        for (int i = 0; i < parts.length; i++) {
            String[] bits = parts[i].strip().split(";");
            String tag = bits[0].strip().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int j = 1; j < bits.length; j++) {
                String b = bits[j].strip();
                if (b.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(b.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            String primary = tag.contains("-") ? tag.substring(0, tag.indexOf('-')) : tag;
            if (q > 0 && supported(primary)) {
                choices.add(new Choice(primary, q, i));
            }
        }
        return choices.stream().sorted((a, b) -> a.q != b.q ? Double.compare(b.q, a.q) : Integer.compare(a.order, b.order))
                .map(Choice::lang).findFirst().orElse(null);
    }
}
