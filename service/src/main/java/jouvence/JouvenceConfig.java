package jouvence;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every setting of Jouvence, typed, in one place. Values come from application.properties (documented there with
 * the plugin setting each one replaces); there are no defaults in Java, so a missing key fails at start-up.
 */
public record JouvenceConfig(
        String instanceId,
        Database db,
        String apiToken,
        int apiMaxBodyBytes,
        Map<String, MoodleSite> servers,
        MoodleSite client,
        long defaultCategoryId,
        long enrolRoleId,
        Duration callTimeout,
        Duration backupTimeout,
        Duration connectTimeout,
        long maxAnswerBytes,
        Duration readIdleTimeout,
        Duration lease,
        boolean claimEnabled,
        Duration clusterCheckin,
        boolean moodlesInReadiness,
        int maxAttempts,
        Duration retryBaseDelay,
        Duration retryMaxDelay,
        int restoreParallelism,
        int restorePrefetch,
        int restorePrefetchAlone,
        boolean shareArchives,
        String restoreCommand,
        String restoreWorkerCommand,
        Map<String, String> restorePlaceholders,
        Duration restoreTimeout,
        Pattern restoreCourseIdPattern,
        int restoreOutputTailLines,
        RestoreDriverKind restoreDriver,
        KubernetesJob restoreJob,
        Path stagingDir,
        String stagingFilePermissions,
        String stagingDirPermissions,
        int keepFailedDays,
        boolean onlyOnePerRemoteCourse,
        Parity parity,
        Mail mail,
        Bridge bridge,
        Import imports,
        jouvence.folders.FoldersConfig folders,
        jouvence.userdata.UserDataConfig userData,
        jouvence.privatefiles.PrivateFilesConfig privateFiles) {

    /** Where restores run (jouvence.restore.driver): a local process, or a Kubernetes Job per restore. */
    public enum RestoreDriverKind {
        PROCESS, KUBERNETES;

        static RestoreDriverKind parse(String key, String value) {
            for (RestoreDriverKind kind : values()) {
                if (kind.name().equalsIgnoreCase(value)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException(key + " must be process or kubernetes, not '" + value + "'");
        }
    }

    /**
     * The Kubernetes driver's settings (jouvence.restore.kubernetes.*), read whatever the driver so that a typo fails
     * at start-up; used only with {@link RestoreDriverKind#KUBERNETES}.
     *
     * @param template  the Job template file
     * @param namespace where the Jobs are created; empty = the namespace of Jouvence's own pod
     * @param container the template's container that runs the restore; empty = its first container
     */
    public record KubernetesJob(Path template, String namespace, String container) {
        public KubernetesJob {
            if (!namespace.isEmpty() && !namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
                throw new IllegalArgumentException("jouvence.restore.kubernetes.namespace: '" + namespace
                        + "' is not a Kubernetes namespace name (lower-case letters, digits and '-', at most 63)");
            }
            if (!container.isEmpty() && !container.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
                throw new IllegalArgumentException("jouvence.restore.kubernetes.container: '" + container
                        + "' is not a container name (lower-case letters, digits and '-', at most 63)");
            }
        }
    }

    /** One configured Moodle: a course server (old platform) or the course client (new platform). */
    public record MoodleSite(String id, String url, String token, int concurrency, boolean tlsVerify) {
        public MoodleSite {
            url = normaliseUrl(url);
        }

        @Override
        public String toString() { // never print the token
            return "MoodleSite[" + id + " " + url + "]";
        }
    }

    /**
     * The queue's database (jouvence.db.*).
     *
     * @param checkInterval how often readiness's database check runs
     * @param checkTimeout  the longest the check waits for a connection that answers (its own tiny pool)
     */
    public record Database(String url, String username, String password, int poolSize, Duration checkInterval,
                           Duration checkTimeout) {
        /** The message of a configuration without a database: what to set, and how to try Jouvence out without one. */
        public static final String NO_URL = "jouvence.db.url is empty: set it to the JDBC URL of the queue's PostgreSQL "
                + "(e.g. jdbc:postgresql://db:5432/jouvence) in your --config file or as JOUVENCE_DB_URL, with "
                + "jouvence.db.username and jouvence.db.password. To try Jouvence out without a database, run "
                + "`java -jar demo/target/jouvence-demo.jar try` (an embedded PostgreSQL, not for production).";

        @Override
        public String toString() { // never print the password
            return "Database[" + url + "]";
        }
    }

    /** The plugin's rules for teachers: categories, colleagues, user data. */
    public record Parity(Map<String, Long> categoryMap, boolean enrolRequester, boolean colleaguesMayEnrol,
                         long colleagueRoleId, String userDataPolicy, List<String> userDataChoosers) {
        public Parity {
            if (!List.of("never", "always", "choice").contains(userDataPolicy)) {
                throw new IllegalArgumentException("jouvence.user-data.policy must be never, always or choice, not '"
                        + userDataPolicy + "'");
            }
        }
    }

    public record Mail(boolean enabled, String from, List<String> admins, Locale language, boolean successToAdmins,
                       boolean warningsToRequester, boolean includeServerUrl, Outbox outbox) {
    }

    /**
     * The mail outbox (jouvence.mail.retry.*, .claim-lease, .batch-size, .keep-sent-days): a mail SMTP refuses is tried
     * again after {@code firstDelay}, then twice as long each time up to {@code maxDelay}, and given up (state failed)
     * after {@code maxAttempts} tries.
     */
    public record Outbox(Duration firstDelay, Duration maxDelay, int maxAttempts, Duration claimLease, int batchSize,
                         int keepSentDays) {
        public Outbox {
            if (maxAttempts < 1 || batchSize < 1 || keepSentDays < 1) {
                throw new IllegalArgumentException("jouvence.mail.retry.max-attempts, jouvence.mail.batch-size and "
                        + "jouvence.mail.keep-sent-days must be at least 1");
            }
            if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0) {
                throw new IllegalArgumentException("jouvence.mail.retry.first-delay must be positive and at most "
                        + "jouvence.mail.retry.max-delay");
            }
        }

        /** The delay before the next try after {@code attempts} failed tries; empty when that was the last one. */
        public Optional<Duration> delayAfter(int attempts) {
            if (attempts >= maxAttempts) {
                return Optional.empty();
            }
            Duration d = firstDelay.multipliedBy(1L << Math.max(0, Math.min(attempts - 1, 30)));
            return Optional.of(d.compareTo(maxDelay) > 0 ? maxDelay : d);
        }
    }

    /** The bridge to the Moodle block's own queue table ({prefix}block_external_backuprestore), off by default. */
    public record Bridge(boolean enabled, String dbUrl, String dbUsername, String dbPassword, String tablePrefix,
                         long pollIntervalMs) {
        public Bridge {
            if (tablePrefix == null || !tablePrefix.matches("[a-z0-9_]{0,20}")) {
                throw new IllegalArgumentException("jouvence.bridge.table-prefix: '" + tablePrefix
                        + "' must be at most 20 lower-case letters, digits or underscores (Moodle's $CFG->prefix)");
            }
            if (pollIntervalMs <= 0) {
                throw new IllegalArgumentException("jouvence.bridge.poll-interval must be a positive number of ms");
            }
            if (enabled && (dbUrl == null || dbUrl.isBlank())) {
                throw new IllegalArgumentException("jouvence.bridge.db.url: the bridge is enabled but no JDBC URL of "
                        + "the Moodle database is configured");
            }
        }

        @Override
        public String toString() { // never print the password
            return "Bridge[" + (enabled ? dbUrl.replaceAll("\\?.*", "") + " " + tablePrefix + "block_external_backuprestore"
                    : "off") + "]";
        }
    }

    /** Bulk import from CSV: the watched folder (done/ and failed/ inside it) and the limits of a file. */
    public record Import(boolean enabled, Path dir, int maxLines, long maxBytes, long pollDelayMs) {
        public Import {
            if (maxLines <= 0 || maxBytes <= 0 || pollDelayMs <= 0) {
                throw new IllegalArgumentException("jouvence.import.max-lines, .max-bytes and .poll-delay must be positive");
            }
        }
    }

    public static final String CLIENT_ID = "client";

    /** Builds the configuration from a property lookup (Camel's properties component in production, a map in tests). */
    public static JouvenceConfig from(Function<String, Optional<String>> lookup) {
        Props p = new Props(lookup);
        Map<String, MoodleSite> servers = new LinkedHashMap<>();
        for (String id : p.list("jouvence.servers")) {
            if (!id.matches("[a-z0-9][a-z0-9-]{0,39}")) {
                throw new IllegalArgumentException("jouvence.servers: server id '" + id
                        + "' must be lower-case letters, digits and dashes (it is stored in every request)");
            }
            if (id.equals(CLIENT_ID)) {
                throw new IllegalArgumentException("jouvence.servers: '" + CLIENT_ID + "' is reserved for the new platform");
            }
            String k = "jouvence.server." + id + ".";
            servers.put(id, new MoodleSite(id, p.get(k + "url"), p.get(k + "token"),
                    p.integer(p.either(k + "concurrency", "jouvence.server-defaults.concurrency")),
                    p.bool(p.either(k + "tls-verify", "jouvence.server-defaults.tls-verify"))));
        }
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("jouvence.servers: configure at least one course server");
        }
        MoodleSite client = new MoodleSite(CLIENT_ID, p.get("jouvence.client.url"), p.get("jouvence.client.token"), 1,
                p.bool("jouvence.client.tls-verify"));
        String instance = p.get("jouvence.instance-id");
        if (instance.isBlank()) {
            instance = hostName() + "-" + ProcessHandle.current().pid();
        }
        Map<String, String> placeholders = Map.of("moodle", p.get("jouvence.restore.moodle-dir"),
                "runner", p.get("jouvence.restore.runner"), "roleid", p.get("jouvence.client.enrol-role-id"));
        return new JouvenceConfig(
                instance,
                new Database(p.get("jouvence.db.url"), p.get("jouvence.db.username"), p.get("jouvence.db.password"),
                        p.integer("jouvence.db.pool-size"), p.duration("jouvence.db.check-interval"),
                        p.duration("jouvence.db.check-timeout")),
                p.get("jouvence.api.token"),
                p.integer("jouvence.api.max-body-bytes"),
                java.util.Collections.unmodifiableMap(servers), // in the order of jouvence.servers
                client,
                p.longValue("jouvence.client.default-category-id"),
                p.longValue("jouvence.client.enrol-role-id"),
                p.duration("jouvence.http.call-timeout"),
                p.duration("jouvence.http.backup-timeout"),
                p.duration("jouvence.http.connect-timeout"),
                p.longValue("jouvence.http.max-answer-bytes"),
                p.duration("jouvence.http.read-idle-timeout"),
                p.duration("jouvence.claim.lease"),
                p.bool("jouvence.claim.enabled"),
                p.duration("jouvence.cluster.checkin-interval"),
                p.bool("jouvence.health.moodles-in-readiness"),
                p.integer("jouvence.retry.max-attempts"),
                p.duration("jouvence.retry.base-delay"),
                p.duration("jouvence.retry.max-delay"),
                p.integer("jouvence.restore.parallelism"),
                p.integer("jouvence.restore.prefetch"),
                p.integer("jouvence.restore.prefetch-alone"),
                p.bool("jouvence.backup.share-archives"),
                p.get("jouvence.restore.command"),
                p.get("jouvence.restore.worker-command").strip(),
                placeholders,
                p.duration("jouvence.restore.timeout"),
                Pattern.compile(p.get("jouvence.restore.course-id-pattern"), Pattern.CASE_INSENSITIVE),
                p.integer("jouvence.restore.output-tail-lines"),
                RestoreDriverKind.parse("jouvence.restore.driver", p.get("jouvence.restore.driver")),
                new KubernetesJob(Path.of(p.get("jouvence.restore.kubernetes.job-template")),
                        p.get("jouvence.restore.kubernetes.namespace"), p.get("jouvence.restore.kubernetes.container")),
                Path.of(p.get("jouvence.staging.dir")),
                p.get("jouvence.staging.file-permissions"),
                p.get("jouvence.staging.dir-permissions"),
                p.integer("jouvence.staging.keep-failed-days"),
                p.bool("jouvence.restore.only-one-per-remote-course"),
                new Parity(p.categoryMap("jouvence.client.category-map"), p.bool("jouvence.client.enrol-requester"),
                        p.bool("jouvence.colleagues.enrol-enabled"), p.longValue("jouvence.colleagues.role-id"),
                        p.get("jouvence.user-data.policy"), p.list("jouvence.user-data.choosers")),
                new Mail(p.bool("jouvence.mail.enabled"), p.get("jouvence.mail.from"), p.list("jouvence.mail.admins"),
                        Locale.forLanguageTag(p.get("jouvence.mail.language")), p.bool("jouvence.mail.success-to-admins"),
                        p.bool("jouvence.mail.warnings-to-requester"), p.bool("jouvence.mail.include-server-url"),
                        new Outbox(p.duration("jouvence.mail.retry.first-delay"), p.duration("jouvence.mail.retry.max-delay"),
                                p.integer("jouvence.mail.retry.max-attempts"), p.duration("jouvence.mail.claim-lease"),
                                p.integer("jouvence.mail.batch-size"), p.integer("jouvence.mail.keep-sent-days"))),
                new Bridge(p.bool("jouvence.bridge.enabled"), p.get("jouvence.bridge.db.url"),
                        p.get("jouvence.bridge.db.username"), p.get("jouvence.bridge.db.password"),
                        p.get("jouvence.bridge.table-prefix"), p.longValue("jouvence.bridge.poll-interval")),
                new Import(p.bool("jouvence.import.enabled"), Path.of(p.get("jouvence.import.dir")),
                        p.integer("jouvence.import.max-lines"), p.longValue("jouvence.import.max-bytes"),
                        p.longValue("jouvence.import.poll-delay")),
                jouvence.folders.FoldersConfig.from(lookup),
                jouvence.userdata.UserDataConfig.from(lookup), // issue 14: profile and preferences
                jouvence.privatefiles.PrivateFilesConfig.from(lookup));
    }

    @Override
    public String toString() { // never print the API token
        return "JouvenceConfig[instance=" + instanceId + ", db=" + db + ", servers=" + servers.values() + ", client="
                + client + ", staging=" + stagingDir + "]";
    }

    /** The server with this id, or the client for {@link #CLIENT_ID}. */
    public MoodleSite site(String id) {
        if (CLIENT_ID.equals(id)) {
            return client;
        }
        MoodleSite site = servers.get(id);
        if (site == null) {
            throw new IllegalArgumentException("no course server configured with id '" + id + "'");
        }
        return site;
    }

    /** Every secret of the configuration (tokens, passwords), for the logs to mask. */
    public List<String> secrets() {
        List<String> secrets = new java.util.ArrayList<>(List.of(apiToken, db.password(), bridge.dbPassword()));
        allSites().forEach(site -> secrets.add(site.token()));
        secrets.addAll(userData.serverTokens().values()); // jouvence.server.<id>.user-data-token
        secrets.addAll(privateFiles.secrets()); // jouvence.server.<id>.private-files-token (issue 14)
        return secrets.stream().filter(java.util.Objects::nonNull).toList();
    }

    public List<MoodleSite> allSites() {
        List<MoodleSite> all = new java.util.ArrayList<>(servers.values());
        all.add(client);
        return all;
    }

    /** "https://moodle.example.org/" and " https://moodle.example.org " name the same site. */
    public static String normaliseUrl(String url) {
        String u = url == null ? "" : url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if (!u.matches("(?i)https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
            throw new IllegalArgumentException("'" + url + "' is not an http(s) URL of a Moodle site");
        }
        return u;
    }

    private static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) {
            return h;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "jouvence";
        }
    }
}
