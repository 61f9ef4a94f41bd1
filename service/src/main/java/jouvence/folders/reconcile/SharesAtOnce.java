package jouvence.folders.reconcile;

import jouvence.folders.cloud.CloudFault;
import jouvence.folders.reconcile.ReconcilePlan.Op;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a reconcile's shares a few at once (jouvence.folders.parallelism): a set's first reconcile makes one call per
 * participant, thousands for a big course, and most of each call is waiting for the cloud. The threads live as long
 * as one reconcile's execution. Each share is independent (its own record, its own trail line); a transient fault or
 * the cloud down in one of them is thrown once the others of the batch are done (they are recorded: the next
 * reconcile plans only what is left), as the sequential execution throws at the first.
 */
final class SharesAtOnce implements AutoCloseable {

    interface Task {
        void on(Op op) throws CloudFault;
    }

    private static final AtomicInteger POOLS = new AtomicInteger();
    private final int parallelism;
    private ExecutorService pool;

    SharesAtOnce(int parallelism) {
        this.parallelism = parallelism;
    }

    void run(List<Op> ops, Task task) throws CloudFault {
        if (parallelism <= 1 || ops.size() == 1) {
            for (Op op : ops) {
                task.on(op);
            }
            return;
        }
        if (pool == null) {
            int n = POOLS.incrementAndGet();
            AtomicInteger thread = new AtomicInteger();
            pool = Executors.newFixedThreadPool(parallelism, r -> {
                Thread t = new Thread(r, "folders-shares-" + n + "-" + thread.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        List<Future<?>> running = new ArrayList<>();
        for (Op op : ops) {
            running.add(pool.submit(() -> {
                task.on(op);
                return null;
            }));
        }
        Throwable first = null;
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                first = first == null ? e.getCause() : first;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pool.shutdownNow();
                throw new IllegalStateException("interrupted while creating shares", e);
            }
        }
        if (first instanceof CloudFault f) {
            throw f;
        } else if (first instanceof RuntimeException r) {
            throw r; // e.g. the claim lost meanwhile
        } else if (first instanceof Error e) {
            throw e;
        } else if (first != null) {
            throw new IllegalStateException(first);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
