package jouvence.pipeline;

import jouvence.JouvenceConfig;
import jouvence.JouvenceConfig.MoodleSite;
import jouvence.pipeline.ServerGates.Gate;
import jouvence.queue.RequestRepository;
import jouvence.queue.RequestRepository.Swept;
import jouvence.queue.RestoreRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Takes due requests from the queue. A request of a course server is claimed only while this instance holds one of
 * that server's gates, so backups never overlap on a server, across replicas too; requests of servers marked down wait.
 * Keeps the leases of what this instance holds alive, and sweeps the leases of dead instances.
 */
public class Claimer {

    private static final Logger LOG = LoggerFactory.getLogger(Claimer.class);

    private final JouvenceConfig config;
    private final RequestRepository requests;
    private final ServerGates gates;
    private final SiteHealth health;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<Long> waitingForRestore = ConcurrentHashMap.newKeySet();
    private volatile boolean claiming = true;

    public Claimer(JouvenceConfig config, RequestRepository requests, ServerGates gates, SiteHealth health) {
        this.config = config;
        this.requests = requests;
        this.gates = gates;
        this.health = health;
    }

    /** Claims what this instance can start now; each claimed request holds its server's gate until downloaded. */
    public synchronized List<Work> claimDue() {
        List<Work> claimed = new ArrayList<>();
        if (!claiming || health.isDown(JouvenceConfig.CLIENT_ID)) {
            return claimed;
        }
        for (MoodleSite server : config.servers().values()) {
            if (health.isDown(server.id())) {
                continue;
            }
            while (waitingForRestore.size() < 2 * config.restoreParallelism()) {
                Optional<Gate> gate = gates.tryAcquire(server.id(), server.concurrency());
                if (gate.isEmpty()) {
                    break;
                }
                Optional<RestoreRequest> request;
                try {
                    request = requests.claimOne(gate.get().connection(), server.id(), config.lease());
                } catch (SQLException e) {
                    gate.get().close();
                    throw new IllegalStateException("claim failed on server " + server.id(), e);
                }
                if (request.isEmpty()) {
                    gate.get().close();
                    break;
                }
                Work work = new Work(request.get(), gate.get());
                if (work.resumesAfterRestore()) {
                    work.releaseGate(); // nothing left to fetch from the course server
                }
                inFlight.add(work.id());
                claimed.add(work);
                LOG.info("claimed request {} (server {}, course {})", work.id(), server.id(),
                        request.get().remoteCourseId());
            }
        }
        return claimed;
    }

    /** The archive is staged: the request now waits for a restore slot. */
    public void staged(Work work) {
        waitingForRestore.add(work.id());
    }

    /** The request left this instance's hands (performed, failed or queued again). */
    public void finished(Work work) {
        work.releaseGate();
        inFlight.remove(work.id());
        waitingForRestore.remove(work.id());
    }

    public void restoreStarted(Work work) {
        waitingForRestore.remove(work.id());
    }

    public void heartbeat() {
        List<Long> held = List.copyOf(inFlight);
        int kept = requests.heartbeat(held, config.lease());
        if (kept < held.size()) {
            LOG.warn("{} of the {} requests held by {} were taken back by a sweep", held.size() - kept, held.size(),
                    requests.instance());
        }
    }

    public Swept sweep() {
        Swept swept = requests.sweepExpiredLeases();
        swept.requeued().forEach(r -> LOG.warn("request {}: {}", r.id(), r.lastErrorMessage()));
        swept.interrupted().forEach(r -> LOG.error("request {}: {}", r.id(), RequestRepository.INTERRUPTED_MESSAGE));
        return swept;
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
    }

    public Set<Long> inFlight() {
        return Set.copyOf(inFlight);
    }
}
