package jouvence.folders.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import jouvence.folders.store.FolderSetRepository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The collaborative folders' metrics beside {@link jouvence.observe.Metrics}: {@code jouvence_cloud_up} (this
 * replica's last probe) and {@code jouvence_folders{state}}, {@code jouvence_shares{state}} (the whole database, the
 * same on every replica: aggregate with {@code max}), read every {@code jouvence.metrics.queue-refresh-interval}, not at
 * each scrape.
 */
public final class FolderMetrics {

    private final FolderSetRepository sets;
    private final MultiGauge folders;
    private final MultiGauge shares;

    public FolderMetrics(MeterRegistry registry, FolderSetRepository sets, CloudProbe probe) {
        this.sets = sets;
        Gauge.builder("jouvence.cloud.up", probe, FolderMetrics::up)
                .description("1 when the cloud's last probe passed (the system account answered) and no reconcile "
                        + "holds it down, 0 otherwise, NaN before the first probe")
                .register(registry);
        this.folders = MultiGauge.builder("jouvence.folders")
                .description("Folders of the folder sets by state: pending, ready, error (same on every replica)")
                .register(registry);
        this.shares = MultiGauge.builder("jouvence.shares")
                .description("Shares of those folders by state: pending, shared, revoked, kept, error, "
                        + "awaiting-connect (same on every replica)")
                .register(registry);
    }

    /** Reads the folders' and shares' counts again. */
    public void refresh() {
        folders.register(rows(sets.folderCounts()), true);
        shares.register(rows(sets.shareCounts()), true);
    }

    private static List<MultiGauge.Row<?>> rows(Map<String, Long> counts) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        counts.forEach((state, count) -> rows.add(MultiGauge.Row.of(Tags.of("state", state), count)));
        return rows;
    }

    static double up(CloudProbe probe) {
        return probe.last().map(r -> r.up() ? 1.0 : 0.0).orElse(Double.NaN);
    }
}
