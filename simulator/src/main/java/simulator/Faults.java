package simulator;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import simulator.MoodleSimulator.Kind;

/**
 * What tests inject into a simulated site: latencies, archive sizes, HTTP failures of named calls, broken download
 * answers and forced filerecordids. Guarded by the {@link SiteState} monitor.
 */
final class Faults {

    private static final class Failure {
        int remaining;
        int status;
    }

    private final SiteState site;
    private Duration backupLatency = Duration.ZERO;
    private Duration restoreLatency = Duration.ZERO;
    private Long paddingBytes;
    private boolean syntheticAlways;
    private final Map<String, Failure> failures = new HashMap<>();
    private Kind overrideKind;
    private int overrideRemaining;
    private Integer fileIdOverride;
    private int fileIdOverrideRemaining;
    private int dripBytes;
    private Duration dripPause = Duration.ZERO;
    private final AtomicLong dripPauses = new AtomicLong();
    private long stallEpoch;

    Faults(SiteState site) {
        this.site = site;
    }

    /** Clears every fault (caller holds the site's monitor). */
    void clear() {
        backupLatency = Duration.ZERO;
        restoreLatency = Duration.ZERO;
        paddingBytes = null;
        syntheticAlways = false;
        failures.clear();
        overrideKind = null;
        overrideRemaining = 0;
        fileIdOverride = null;
        fileIdOverrideRemaining = 0;
        dripBytes = 0;
        dripPause = Duration.ZERO;
        dripPauses.set(0);
        stallEpoch++; // stalled answers stop waiting
    }

    void drip(int bytes, Duration pause) {
        synchronized (site) {
            dripBytes = pause == null ? 0 : Math.max(0, bytes);
            dripPause = pause == null ? Duration.ZERO : pause;
        }
    }

    /**
     * The download's body stream, dripping when {@link #drip} is on: {@code dripBytes} at a time, flushed, then a
     * pause of {@code dripPause} (caller holds the site's monitor).
     */
    OutputStream dripping(OutputStream body) {
        int bytes = dripBytes;
        long pauseMs = dripPause.toMillis();
        if (bytes <= 0) {
            return body;
        }
        return new FilterOutputStream(body) {
            private int sinceFlush;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    int n = Math.min(len, bytes - sinceFlush);
                    out.write(b, off, n);
                    off += n;
                    len -= n;
                    sinceFlush += n;
                    if (sinceFlush == bytes) {
                        out.flush();
                        sinceFlush = 0;
                        dripPauses.incrementAndGet();
                        try {
                            Thread.sleep(pauseMs);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new InterruptedIOException("drip interrupted");
                        }
                    }
                }
            }
        };
    }

    long dripPauses() {
        return dripPauses.get();
    }

    void backupLatency(Duration latency) {
        synchronized (site) {
            backupLatency = latency == null ? Duration.ZERO : latency;
        }
    }

    void restoreLatency(Duration latency) {
        synchronized (site) {
            restoreLatency = latency == null ? Duration.ZERO : latency;
        }
    }

    void paddingBytes(long bytes) {
        synchronized (site) {
            paddingBytes = Math.max(0, bytes);
        }
    }

    void useSyntheticArchives(boolean synthetic) {
        synchronized (site) {
            syntheticAlways = synthetic;
        }
    }

    void failNextCalls(String function, int n, int httpStatus) {
        synchronized (site) {
            if (n <= 0) {
                failures.remove(function);
                return;
            }
            Failure f = new Failure();
            f.remaining = n;
            f.status = httpStatus;
            failures.put(function, f);
        }
    }

    void archiveOverride(Kind kind, int times) {
        synchronized (site) {
            overrideKind = times > 0 ? kind : null;
            overrideRemaining = kind == null ? 0 : times;
        }
    }

    void filerecordidOverride(Integer filerecordid, int times) {
        synchronized (site) {
            fileIdOverride = times > 0 ? filerecordid : null;
            fileIdOverrideRemaining = filerecordid == null ? 0 : times;
        }
    }

    /** The HTTP status this call of {@code function} must fail with, or null; counts the failure down. */
    Integer takeFailure(String function) {
        synchronized (site) {
            Failure f = failures.get(function);
            if (f == null) {
                return null;
            }
            if (--f.remaining <= 0) {
                failures.remove(function);
            }
            return f.status;
        }
    }

    /** The broken answer this download must give, or null; counts it down (caller holds the site's monitor). */
    Kind takeArchiveOverride() {
        Kind kind = overrideKind;
        if (kind != null && --overrideRemaining <= 0) {
            overrideKind = null;
        }
        return kind;
    }

    /** Changes when the faults are cleared: a stalled answer holds its connection until then. */
    long stallEpoch() {
        synchronized (site) {
            return stallEpoch;
        }
    }

    /** The filerecordid this backup must answer, or null; counts it down (caller holds the site's monitor). */
    Integer takeFilerecordidOverride() {
        Integer id = fileIdOverride;
        if (id != null && --fileIdOverrideRemaining <= 0) {
            fileIdOverride = null;
        }
        return id;
    }

    Duration backupLatency() {
        return backupLatency;
    }

    Duration restoreLatency() {
        return restoreLatency;
    }

    /** Padding of a synthetic archive of this course (caller holds the site's monitor). */
    long padding(CourseRec course) {
        return paddingBytes != null ? paddingBytes : course.defaultPadding;
    }

    boolean syntheticAlways() {
        return syntheticAlways;
    }
}
