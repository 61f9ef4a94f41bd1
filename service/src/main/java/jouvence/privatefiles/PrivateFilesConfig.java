package jouvence.privatefiles;

import jouvence.Props;
import jouvence.courses.pipeline.RetryPolicy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The private files' settings (jouvence.private-files.* and each course server's
 * {@code jouvence.server.<id>.private-files-token}), typed, documented in application.properties ("Private files").
 * A server without a private-files token is not offered (a person's file count and size are asked with the user-data
 * capability's token, jouvence.userdata.UserDataConfig#serverTokens).
 *
 * @param maxBytes   the most a person's zip may hold, packed and unpacked (the zip-bomb limit too)
 * @param onConflict what to do with a file whose path the person's private files already have
 * @param lease      how long a claimed request is held before another replica may take it
 * @param retry      back-off of transient faults (the old server or the new platform unreachable, 5xx, time-outs)
 * @param claimCron  when the queue is looked at (Quartz cron); a new request is also worked at once
 */
public record PrivateFilesConfig(boolean enabled, long maxBytes, OnConflict onConflict,
                                 Map<String, String> serverTokens,
                                 Duration lease, int batch, RetryPolicy retry, String claimCron) {

    /** {@code rename}: {@code report (2).pdf}; {@code skip}: the file there is kept, the old one not copied. */
    public enum OnConflict {
        RENAME, SKIP;

        static OnConflict of(String value) {
            for (OnConflict c : values()) {
                if (c.name().equalsIgnoreCase(value)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("jouvence.private-files.on-conflict must be rename or skip, not '"
                    + value + "'");
        }
    }

    public PrivateFilesConfig {
        serverTokens = Map.copyOf(serverTokens);
        if (maxBytes < 1) {
            throw new IllegalArgumentException("jouvence.private-files.max-bytes must be positive, not " + maxBytes);
        }
        if (lease.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException("jouvence.private-files.claim.lease must be at least 10s, not " + lease);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("jouvence.private-files.claim.batch must be at least 1, not " + batch);
        }
    }

    /** The servers offered to people: those with a private-files token, in the order of jouvence.servers. */
    public List<String> servers(List<String> allServers) {
        List<String> offered = new ArrayList<>();
        allServers.stream().filter(serverTokens::containsKey).forEach(offered::add);
        return offered;
    }

    /** Every token here, for the log masking. */
    public List<String> secrets() {
        return List.copyOf(serverTokens.values());
    }

    @Override
    public String toString() { // never the tokens
        return "PrivateFilesConfig[enabled=" + enabled + ", servers=" + serverTokens.keySet() + ", maxBytes=" + maxBytes
                + ", onConflict=" + onConflict + "]";
    }

    public static PrivateFilesConfig from(Function<String, Optional<String>> lookup) {
        Props p = new Props(lookup);
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String id : p.list("jouvence.servers")) {
            lookup.apply("jouvence.server." + id + ".private-files-token").map(String::strip)
                    .filter(t -> !t.isEmpty()).ifPresent(t -> tokens.put(id, t));
        }
        int attempts = p.integer("jouvence.private-files.retry.max-attempts");
        if (attempts < 1) {
            throw new IllegalArgumentException("jouvence.private-files.retry.max-attempts must be at least 1");
        }
        return new PrivateFilesConfig(p.bool("jouvence.private-files.enabled"),
                p.longValue("jouvence.private-files.max-bytes"), OnConflict.of(p.get("jouvence.private-files.on-conflict")),
                tokens, p.duration("jouvence.private-files.claim.lease"),
                p.integer("jouvence.private-files.claim.batch"), new RetryPolicy(attempts,
                p.duration("jouvence.private-files.retry.base-delay"), p.duration("jouvence.private-files.retry.max-delay")),
                p.get("jouvence.private-files.claim.cron"));
    }
}
