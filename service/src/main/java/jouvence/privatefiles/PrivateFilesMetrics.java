package jouvence.privatefiles;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import jouvence.privatefiles.store.PrivateFilesRepository;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code jouvence_private_files{state}}: the private-files requests by state word (the whole database, the same on every
 * replica: aggregate with {@code max}), read every {@code jouvence.metrics.queue-refresh-interval}, not at each scrape
 * (as FolderMetrics).
 */
public final class PrivateFilesMetrics {

    private final PrivateFilesRepository repository;
    private final MultiGauge requests;

    public PrivateFilesMetrics(MeterRegistry registry, PrivateFilesRepository repository) {
        this.repository = repository;
        this.requests = MultiGauge.builder("jouvence.private.files")
                .description("Private-files requests by state: scheduled, in-progress, performed, error, waiting-login "
                        + "(same on every replica)")
                .register(registry);
    }

    public void refresh() {
        java.util.Map<Integer, Long> counts = repository.countsByState();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (int state : new int[] {PrivateFilesRequest.SCHEDULED, PrivateFilesRequest.IN_PROGRESS,
            PrivateFilesRequest.PERFORMED, PrivateFilesRequest.ERROR, PrivateFilesRequest.WAITING_LOGIN}) {
            rows.add(MultiGauge.Row.of(Tags.of("state", PrivateFilesRequest.word(state)),
                    counts.getOrDefault(state, 0L)));
        }
        requests.register(rows, true);
    }
}
