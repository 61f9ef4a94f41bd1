package jouvence.userdata;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import jouvence.userdata.store.UserDataRepository;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code jouvence_user_data_imports{state}}: the imports by state (the whole database, the same on every replica:
 * aggregate with {@code max}), read every {@code jouvence.metrics.queue-refresh-interval}, not at each scrape.
 */
public final class UserDataMetrics {

    private final UserDataRepository repository;
    private final MultiGauge imports;

    public UserDataMetrics(MeterRegistry registry, UserDataRepository repository) {
        this.repository = repository;
        this.imports = MultiGauge.builder("jouvence.user.data.imports")
                .description("Imports of profile fields and preferences by state: scheduled, in-progress, performed, "
                        + "error, waiting-retry (same on every replica)")
                .register(registry);
    }

    public void refresh() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        repository.countByStatus().forEach((s, n) -> rows.add(MultiGauge.Row.of(Tags.of("state", s.label()), n)));
        imports.register(rows, true);
    }
}
