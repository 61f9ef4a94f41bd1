package jouvence.userdata;

import jouvence.Props;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Profile fields and preferences carried over (jouvence.user-data.*, issue 14 part 2), typed; documented in
 * application.properties ("Profile and preferences"). A refused field name stops the start-up (exit 2) with every
 * refused name and its reason on one line, even while the capability is off.
 *
 * @param enabled       the capability's API, console, queue and schedules
 * @param fields        profile fields to copy (core names, custom fields as {@code profile_field_<shortname>})
 * @param preferences   preference names to copy
 * @param overwrite     true: a value changed on the new platform is overwritten too (the plugin's behaviour)
 * @param auth          the plugin's {@code user_auth}: the only auth method imported (both sides); empty: any, but the
 *                      same on both sides
 * @param onFirstLogin  an import for each person at their first login on Jouvence's pages
 * @param watchNewUsers a schedule that imports users newly created on the new platform (bridge database)
 * @param serverTokens  server id → the token of its user-data service; servers without one are not offered
 */
public record UserDataConfig(boolean enabled, List<String> fields, List<String> preferences, boolean overwrite,
                             String auth, boolean onFirstLogin, boolean watchNewUsers, Map<String, String> serverTokens,
                             Duration lease, int batchSize, int maxAttempts, Duration retryBaseDelay,
                             Duration retryMaxDelay) {

    public UserDataConfig {
        fields = List.copyOf(new LinkedHashSet<>(fields));
        preferences = List.copyOf(new LinkedHashSet<>(preferences));
        serverTokens = Map.copyOf(serverTokens);
        List<String> refused = FieldRules.refusals(fields);
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("jouvence.user-data.fields: refused: " + String.join(", ", refused));
        }
        List<String> badPrefs = preferences.stream().filter(p -> !p.matches("[A-Za-z0-9_.\\-]{1,255}")).toList();
        if (!badPrefs.isEmpty()) {
            throw new IllegalArgumentException("jouvence.user-data.preferences: refused: " + String.join(", ", badPrefs)
                    + " (not a preference name)");
        }
        if (!auth.matches("[a-z0-9_]{0,20}")) {
            throw new IllegalArgumentException("jouvence.user-data.auth: '" + auth + "' is not an auth plugin name");
        }
        if (batchSize < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("jouvence.user-data.batch-size and .retry.max-attempts must be at least 1");
        }
        if (!enabled && (watchNewUsers || onFirstLogin)) {
            throw new IllegalArgumentException("jouvence.user-data.watch-new-users and .on-first-login need "
                    + "jouvence.user-data.enabled=true");
        }
        if (enabled && serverTokens.isEmpty()) {
            throw new IllegalArgumentException("jouvence.user-data.enabled: no course server has a "
                    + "jouvence.server.<id>.user-data-token: set one (the token of the user-data service there)");
        }
    }

    public static UserDataConfig from(Function<String, Optional<String>> lookup) {
        Props p = new Props(lookup);
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String id : p.list("jouvence.servers")) {
            lookup.apply("jouvence.server." + id + ".user-data-token").map(String::strip).filter(t -> !t.isEmpty())
                    .ifPresent(t -> tokens.put(id, t));
        }
        return new UserDataConfig(p.bool("jouvence.user-data.enabled"), p.list("jouvence.user-data.fields"),
                p.list("jouvence.user-data.preferences"), p.bool("jouvence.user-data.overwrite"),
                p.get("jouvence.user-data.auth"), p.bool("jouvence.user-data.on-first-login"),
                p.bool("jouvence.user-data.watch-new-users"), tokens, p.duration("jouvence.user-data.lease"),
                p.integer("jouvence.user-data.batch-size"), p.integer("jouvence.user-data.retry.max-attempts"),
                p.duration("jouvence.user-data.retry.base-delay"), p.duration("jouvence.user-data.retry.max-delay"));
    }

    /** What start-up says about the settings (one line each): the fields core cannot read on the old platform. */
    public List<String> notices() {
        List<String> notices = new ArrayList<>();
        List<String> unread = fields.stream().filter(FieldRules.NOT_READ_BY_CORE::contains).toList();
        List<String> leftOut = FieldRules.NOT_READ_BY_CORE.stream().filter(f -> !fields.contains(f)).sorted().toList();
        if (!unread.isEmpty()) {
            notices.add("jouvence.user-data.fields: " + String.join(", ", unread) + " are not returned by "
                    + "core_user_get_users_by_field: copied only from a server offering "
                    + "tool_import_user_datas_get_user_datas, reported as not read otherwise");
        }
        if (!leftOut.isEmpty() && enabled) {
            notices.add("jouvence.user-data.fields: " + String.join(", ", leftOut) + " (in the plugin's list) are left "
                    + "out: core_user_get_users_by_field does not return them on the old platform");
        }
        return notices;
    }

    /** The custom profile fields' short names among {@link #fields()}. */
    public List<String> customFields() {
        return fields.stream().filter(FieldRules::isCustom).map(f -> f.substring(FieldRules.CUSTOM_PREFIX.length()))
                .toList();
    }

    /** The core profile fields among {@link #fields()}. */
    public List<String> coreFields() {
        return fields.stream().filter(f -> !FieldRules.isCustom(f)).toList();
    }

    /** Back-off after {@code attempts} failed tries: base × 2^(attempts-1), at most the maximum. */
    public Duration delayAfter(int attempts) {
        Duration d = retryBaseDelay.multipliedBy(1L << Math.max(0, Math.min(attempts - 1, 30)));
        return d.compareTo(retryMaxDelay) > 0 ? retryMaxDelay : d;
    }

    @Override
    public String toString() { // never the tokens
        return "UserDataConfig[enabled=" + enabled + ", servers=" + serverTokens.keySet() + ", fields=" + fields + "]";
    }
}
