package jouvence.web;

import jouvence.Props;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The web pages' settings (jouvence.web.*, documented in application.properties under "Web pages"). */
public record WebSettings(boolean enabled, String loginService, Set<String> admins, Duration sessionIdle,
                          boolean originalCategoryChecked, int loginAttempts, Duration loginWindow, String claimCron,
                          boolean claimEnabled, TrustedProxies trustedProxies) {

    public WebSettings {
        if (loginAttempts <= 0) {
            throw new IllegalArgumentException("jouvence.web.login-attempts must be a positive integer");
        }
        if (sessionIdle.isZero() || sessionIdle.isNegative() || loginWindow.isZero() || loginWindow.isNegative()) {
            throw new IllegalArgumentException("jouvence.web.session-idle and .login-window must be positive durations");
        }
    }

    public static WebSettings from(Function<String, Optional<String>> lookup) {
        Props p = new Props(lookup);
        return new WebSettings(
                p.bool("jouvence.web.enabled"),
                p.get("jouvence.web.login-service"),
                Set.copyOf(p.list("jouvence.web.admins")),
                p.duration("jouvence.web.session-idle"),
                p.bool("jouvence.web.original-category-checked"),
                p.integer("jouvence.web.login-attempts"),
                p.duration("jouvence.web.login-window"),
                p.get("jouvence.claim.cron"),
                p.bool("jouvence.claim.enabled"),
                TrustedProxies.of(p.list("jouvence.web.trusted-proxies")));
    }
}
