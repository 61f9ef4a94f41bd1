package jouvence;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Reads typed properties with messages naming the key; shared by every settings record of Jouvence. */
public record Props(Function<String, Optional<String>> lookup) {
    public String get(String key) {
        return lookup.apply(key).map(String::strip)
                .orElseThrow(() -> new IllegalArgumentException("missing property " + key));
    }

    /** The server's own key when set, else the key holding the default for every server. */
    public String either(String own, String fallback) {
        return lookup.apply(own).isPresent() ? own : fallback;
    }

    public List<String> list(String key) {
        return Arrays.stream(get(key).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** "OLDCAT-2024:3, SCI:7": the old platform's category identifier → a category id of the new platform. */
    public Map<String, Long> categoryMap(String key) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (String pair : list(key)) {
            int colon = pair.lastIndexOf(':');
            if (colon <= 0 || !pair.substring(colon + 1).strip().matches("\\d+")) {
                throw new IllegalArgumentException(key + ": '" + pair + "' is not identifier:categoryid");
            }
            map.put(pair.substring(0, colon).strip(), Long.parseLong(pair.substring(colon + 1).strip()));
        }
        return Map.copyOf(map);
    }

    public int integer(String key) {
        try {
            return Integer.parseInt(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, not '" + get(key) + "'");
        }
    }

    public long longValue(String key) {
        try {
            return Long.parseLong(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, not '" + get(key) + "'");
        }
    }

    public boolean bool(String key) {
        String v = get(key).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, not '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    /** "90s", "5m", "2h", "1d", "250ms" or ISO-8601 ("PT5M"). */
    public Duration duration(String key) {
        String v = get(key).toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt") || v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(v);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
        } catch (RuntimeException ignored) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(key + " must be a duration like 90s, 5m, 2h or PT5M, not '" + v + "'");
    }
}
