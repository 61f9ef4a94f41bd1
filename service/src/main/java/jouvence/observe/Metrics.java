package jouvence.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jouvence.Jouvence;
import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import jouvence.courses.queue.RequestRepository.QueueSnapshot;
import jouvence.courses.queue.RequestRepository;
import jouvence.mail.MailOutbox;
import jouvence.moodle.SiteHealth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Jouvence's own Prometheus metrics, next to Camel's and the JVM's on {@code /observe/metrics}.
 *
 * <p>Queue gauges ({@code jouvence_requests}, {@code jouvence_queue_depth}, {@code jouvence_queue_oldest_due_age_seconds})
 * describe the shared queue, so every replica reports the same values: aggregate them with {@code max}, not
 * {@code sum}. {@code jouvence_mails{state}} counts the mail outbox the same way. They are read from the database every {@code jouvence.metrics.queue-refresh-interval}, not at each
 * scrape. Step durations and downloaded bytes are this replica's own work: {@code sum} them.
 */
public final class Metrics implements RequestRepository.StepListener {

    /** Bucket bounds of the step histograms: a backup takes seconds to an hour, a restore up to {@code timeout}. */
    static final Duration[] STEP_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2)};

    private final MeterRegistry registry;
    private final RequestRepository requests;
    private final MultiGauge byStatus;
    private final MailOutbox outbox;
    private final MultiGauge mails;
    private final AtomicReference<QueueSnapshot> last = new AtomicReference<>(new QueueSnapshot(Map.of(), 0));
    private final Map<String, Counter> downloaded = new ConcurrentHashMap<>();
    private final Map<String, Counter> shared = new ConcurrentHashMap<>();

    public Metrics(MeterRegistry registry, RequestRepository requests, SiteHealth health, Collection<String> siteIds,
                   MailOutbox outbox) {
        this.registry = registry;
        this.requests = requests;
        this.outbox = outbox;
        this.mails = MultiGauge.builder("jouvence.mails")
                .description("Mails of the outbox by state: pending (to send or to try again), sent, failed (given up)"
                        + " (the whole outbox, same on every replica)")
                .register(registry);
        this.byStatus = MultiGauge.builder("jouvence.requests")
                .description("Requests in the queue by course server and status (the whole queue, same on every replica)")
                .register(registry);
        Gauge.builder("jouvence.queue.depth", last, s -> depth(s.get()))
                .description("Requests waiting to be claimed: scheduled or waiting for a retry (whole queue)")
                .register(registry);
        Gauge.builder("jouvence.queue.oldest.due.age", last, s -> s.get().oldestDueSeconds())
                .description("How long the oldest request that is due has been waiting for a replica (0 when none)")
                .baseUnit("seconds").register(registry);
        for (String site : siteIds) {
            Gauge.builder("jouvence.moodle.up", health, h -> up(h, site)).tag("site", site)
                    .description("1 when the Moodle's last probe passed (reachable, token valid, functions there), "
                            + "0 when it failed, NaN before the first probe")
                    .register(registry);
        }
        requests.stepListener(this);
    }

    /** Reads the queue's counts again; the gauges show them until the next refresh. */
    public void refreshQueue() {
        QueueSnapshot snapshot = requests.queueSnapshot();
        last.set(snapshot);
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        snapshot.counts().forEach((server, counts) -> {
            for (Status status : Status.values()) {
                rows.add(MultiGauge.Row.of(Tags.of("server", server, "status", status.label()),
                        counts.getOrDefault(status, 0L)));
            }
        });
        byStatus.register(rows, true);
    }

    /** Reads the outbox's counts by state again, for {@code jouvence_mails{state}}. */
    public void refreshMails() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        outbox.counts().forEach((state, count) -> rows.add(MultiGauge.Row.of(Tags.of("state", state), count)));
        mails.register(rows, true);
    }

    @Override
    public void stepEnded(String step, String outcome, Duration took) {
        Timer.builder("jouvence.step.duration").description("Duration of each step of a request on this replica")
                .tags("step", step, "outcome", outcome).serviceLevelObjectives(STEP_BUCKETS)
                .register(registry).record(took);
    }

    /** Counts the bytes of the archive just streamed from the request's course server to staging. */
    public void downloaded(RestoreRequest request) {
        downloaded.computeIfAbsent(request.serverId(), s -> Counter.builder("jouvence.downloaded").baseUnit("bytes")
                .description("Bytes of course archives downloaded from each course server by this replica")
                .tag("server", s).register(registry)).increment(request.archiveBytes());
    }

    /** Counts a request that took another's archive instead of a backup of its own. */
    public void shared(RestoreRequest request) {
        shared.computeIfAbsent(request.serverId(), s -> Counter.builder("jouvence.archives.shared")
                .description("Requests that took an archive downloaded for another request of the same course instead"
                        + " of a backup of their own, by course server, on this replica")
                .tag("server", s).register(registry)).increment();
    }

    static long depth(QueueSnapshot snapshot) {
        return snapshot.counts().values().stream()
                .mapToLong(c -> c.getOrDefault(Status.SCHEDULED, 0L) + c.getOrDefault(Status.WAITING_RETRY, 0L)).sum();
    }

    private static double up(SiteHealth health, String site) {
        SiteHealth.Probe probe = health.lastProbes().get(site);
        return probe == null ? Double.NaN : probe.ok() ? 1 : 0;
    }
}
