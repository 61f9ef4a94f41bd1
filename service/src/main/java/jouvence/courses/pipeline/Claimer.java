package jouvence.courses.pipeline;

import jouvence.JouvenceConfig.MoodleSite;
import jouvence.JouvenceConfig;
import jouvence.courses.RestoreRequest;
import jouvence.courses.pipeline.ServerGates.Gate;
import jouvence.courses.queue.Claim;
import jouvence.courses.queue.RequestClaims.Swept;
import jouvence.courses.queue.RequestClaims;
import jouvence.courses.queue.RequestRepository;
import jouvence.moodle.SiteHealth;
import jouvence.observe.RequestMdc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Takes due requests from the queue. A request of a course server is claimed only while this instance holds one of
 * that server's gates, so backups never overlap on a server, across replicas too; requests of servers marked down wait.
 * The gate covers the backup call, not the download: a request's archive downloads while the server backs up the next
 * one (the claim leaves for later a request whose backup would replace the file being downloaded, see
 * {@link RequestClaims#claimOne}).
 * Keeps the leases of what this instance holds alive, and sweeps the leases of dead instances.
 */
public class Claimer {

    private static final Logger LOG = LoggerFactory.getLogger(Claimer.class);

    private final JouvenceConfig config;
    private final RequestClaims requests;
    private final ServerGates gates;
    private final SiteHealth health;
    private final RestoreRecovery recovery;
    private final Replicas replicas;
    /** Claims, not ids: a request swept and claimed again here is held twice, by a stale worker and by the new one. */
    private final Set<Claim> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<Claim> waitingForRestore = ConcurrentHashMap.newKeySet();
    private final Set<Claim> restoring = ConcurrentHashMap.newKeySet();
    private volatile boolean claiming = true;

    public Claimer(JouvenceConfig config, RequestClaims requests, ServerGates gates, SiteHealth health,
                   RestoreRecovery recovery, Replicas replicas) {
        this.config = config;
        this.replicas = replicas;
        this.recovery = recovery;
        this.requests = requests;
        this.gates = gates;
        this.health = health;
    }

    /** Claims what this instance can start now; a claimed request holds its server's gate till its backup is stored. */
    public synchronized List<Work> claimDue() {
        List<Work> claimed = new ArrayList<>();
        for (MoodleSite server : config.servers().values()) {
            while (mayClaim(server.id())) {
                Optional<Gate> gate = gates.tryAcquire(server.id(), server.concurrency());
                if (gate.isEmpty()) {
                    break;
                }
                Optional<Work> work = claimWith(gate.get());
                if (work.isEmpty()) {
                    break;
                }
                claimed.add(work.get());
            }
        }
        return claimed;
    }

    /**
     * The backup is stored on the course server: the request now goes on to its download, then waits for a restore
     * slot, and its server's gate goes straight to the server's next due request, claimed on the gate's own connection:
     * the server's next backup starts while this archive downloads, without the gate being unlocked, locked again and
     * looked for by a claim run. When there is no such request, or this instance should not take more now, the gate is
     * released; in the second case the other replicas are told.
     *
     * @return the next request, holding the gate, or null (the gate is free: look at the queue again)
     */
    public Work backedUp(Work work) {
        waitingForRestore.add(work.claim());
        Gate gate = work.takeGate();
        if (gate == null) {
            return null;
        }
        if (!mayClaim(gate.serverId())) {
            gate.closeAndTellOthers(); // another replica may have restore slots free for the server's next request
            return null;
        }
        try {
            return claimWith(gate).orElse(null);
        } catch (RuntimeException e) {
            gate.close();
            LOG.warn("the next request of server {} could not be claimed at once: {}", gate.serverId(), e.toString());
            return null;
        }
    }

    /**
     * The due twins of a request whose archive just arrived (same course, server and user data, asked before its
     * backup was), claimed to take that archive: as many as this instance would claim now (see {@link #mayClaim}).
     */
    public List<Work> claimTwins(Work work) {
        if (!claiming || health.isDown(JouvenceConfig.CLIENT_ID) || room() <= 0) {
            return List.of();
        }
        List<Work> twins = new ArrayList<>();
        for (RestoreRequest twin : requests.claimTwins(work.request(), room(), config.lease())) {
            Work w = new Work(twin, null);
            inFlight.add(w.claim());
            waitingForRestore.add(w.claim());
            twins.add(w);
        }
        return twins;
    }

    /**
     * This instance takes a server's next request only while its archives (downloading or downloaded) would not wait
     * behind busy restore slots:
     * at most {@link #prefetch} beyond its free slots. Past that the work is left to replicas with free
     * slots (or to this one, when a slot frees).
     */
    private boolean mayClaim(String serverId) {
        return claiming && !health.isDown(JouvenceConfig.CLIENT_ID) && !health.isDown(serverId) && room() > 0;
    }

    /** How many more archives this instance would let wait: its free restore slots and the prefetch, less those waiting. */
    private int room() {
        return Math.max(0, config.restoreParallelism() - restoring.size()) + prefetch() - waitingForRestore.size();
    }

    /**
     * Archives this replica lets wait beyond its free slots: {@code jouvence.restore.prefetch} while other replicas are
     * alive (they take the work its busy slots cannot), {@code jouvence.restore.prefetch-alone} when it is the only one
     * (nobody else would: the server's gate keeps going while the restores catch up).
     */
    private int prefetch() {
        return replicas.othersAlive() ? config.restorePrefetch() : config.restorePrefetchAlone();
    }

    /** The oldest due request of the gate's server, claimed with that gate; when there is none, the gate is closed. */
    private Optional<Work> claimWith(Gate gate) {
        Optional<RestoreRequest> request;
        try {
            request = requests.claimOne(gate.connection(), gate.serverId(), config.lease());
        } catch (SQLException e) {
            gate.close();
            throw new IllegalStateException("claim failed on server " + gate.serverId(), e);
        }
        if (request.isEmpty()) {
            gate.close();
            return Optional.empty();
        }
        Work work = new Work(request.get(), gate);
        if (work.resumesAfterRestore()) {
            work.releaseGate(); // nothing left to fetch from the course server
        }
        inFlight.add(work.claim());
        // named in the MDC: this may run in the exchange of the server's previous request (see backedUp)
        try (RequestMdc.Scope ignored = RequestMdc.about(work.id())) {
            LOG.info("claimed request {} (server {}, course {})", work.id(), gate.serverId(),
                    request.get().remoteCourseId());
        }
        return Optional.of(work);
    }

    /** The request left this instance's hands (performed, failed or queued again). */
    public void finished(Work work) {
        work.releaseGate();
        inFlight.remove(work.claim());
        waitingForRestore.remove(work.claim());
        restoring.remove(work.claim());
    }

    public void restoreStarted(Work work) {
        waitingForRestore.remove(work.claim());
        restoring.add(work.claim());
    }

    public void heartbeat() {
        List<Claim> held = List.copyOf(inFlight);
        int kept = requests.heartbeat(held, config.lease());
        if (kept < held.size()) {
            LOG.warn("{} of the {} requests held by {} were taken back by a sweep", held.size() - kept, held.size(),
                    requests.instance());
        }
    }

    /**
     * Leases of dead workers: requests before their restore go back to the queue; those during it are looked at by the
     * recovery (resumed at the finish, waited for, or errors).
     */
    public Swept sweep() {
        List<RestoreRequest> requeued = requests.requeueExpiredLeases();
        requeued.forEach(r -> LOG.warn("request {}: {}", r.id(), r.lastErrorMessage()));
        return new Swept(requeued, recovery.recover());
    }

    public List<RestoreRequest> interruptedBySweep() {
        return sweep().interrupted();
    }

    /** Stops taking new work (shutdown); what is in flight goes on. */
    public void stopClaiming() {
        claiming = false;
    }

    /** After the routes stopped: gives back what this instance still holds, for another replica to take now. */
    public void releaseAll() {
        requests.releaseClaims().forEach(r -> LOG.info("request {} given back to the queue on shutdown", r.id()));
        inFlight.clear();
        waitingForRestore.clear();
        restoring.clear();
    }

    /** The ids of the requests this instance's workers hold. */
    public Set<Long> inFlight() {
        return inFlight.stream().map(Claim::id).collect(Collectors.toUnmodifiableSet());
    }
}
