package jouvence.web;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The web pages' settings (jouvence.web.*, documented in application.properties under "Web pages"). */
public record WebSettings(boolean enabled, String loginService, Set<String> admins, Duration sessionIdle,
                          boolean originalCategoryChecked, int loginAttempts, Duration loginWindow, String claimCron,
                          boolean claimEnabled) {

    public WebSettings {
        if (loginAttempts <= 0) {
            throw new IllegalArgumentException("jouvence.web.login-attempts must be a positive integer");
        }
        if (sessionIdle.isZero() || sessionIdle.isNegative() || loginWindow.isZero() || loginWindow.isNegative()) {
            throw new IllegalArgumentException("jouvence.web.session-idle and .login-window must be positive durations");
        }
    }

    public static WebSettings from(Function<String, Optional<String>> lookup) {
        Function<String, String> get = key -> lookup.apply(key).map(String::strip)
                .orElseThrow(() -> new IllegalArgumentException("missing property " + key));
        return new WebSettings(
                bool(get, "jouvence.web.enabled"),
                get.apply("jouvence.web.login-service"),
                Arrays.stream(get.apply("jouvence.web.admins").split(",")).map(String::strip).filter(s -> !s.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()),
                duration(get, "jouvence.web.session-idle"),
                bool(get, "jouvence.web.original-category-checked"),
                Integer.parseInt(get.apply("jouvence.web.login-attempts")),
                duration(get, "jouvence.web.login-window"),
                get.apply("jouvence.claim.cron"),
                bool(get, "jouvence.claim.enabled"));
    }

    private static boolean bool(Function<String, String> get, String key) {
        String v = get.apply(key).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, not '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    /** "90s", "30m", "2h", "1d", "250ms" or ISO-8601 ("PT30M"), as everywhere in Jouvence's properties. */
    static Duration duration(Function<String, String> get, String key) {
        String v = get.apply(key).toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
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
            // the message below
        }
        throw new IllegalArgumentException(key + " must be a duration like 90s, 30m, 2h or PT30M, not '" + v + "'");
    }
}
