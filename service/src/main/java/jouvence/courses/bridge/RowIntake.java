package jouvence.courses.bridge;

import jouvence.JouvenceConfig;
import jouvence.courses.Caller;
import jouvence.courses.DuplicateRequestException;
import jouvence.courses.InvalidRequestException;
import jouvence.courses.RestoreRequest;
import jouvence.courses.RestoreService;
import jouvence.courses.queue.RequestRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;

/**
 * The bridge's side of taking the block's rows (the routes read and write the rows): a row the route has taken
 * becomes a request through {@link RestoreService#create}, or a refusal; the run's tally and its admins' mail.
 */
public class RowIntake {

    private static final Logger LOG = LoggerFactory.getLogger(RowIntake.class);

    /** The source of the requests made from the block's rows. */
    public static final String SOURCE = "block";

    private final BridgeText text;
    private final RowRules rules;
    private final RefusalMails mails;
    private final RequestRepository requests;
    private final RestoreService service;
    private final Clock clock;
    private final String table;

    public RowIntake(JouvenceConfig config, RequestRepository requests, RestoreService service, Clock clock) {
        this.text = new BridgeText(config.mail().language());
        this.table = tableOf(config);
        this.rules = new RowRules(config, text);
        this.mails = new RefusalMails(config.mail().admins(), text, table);
        this.requests = requests;
        this.service = service;
        this.clock = clock;
    }

    /** The block's queue table under the (validated) Moodle table prefix. */
    static String tableOf(JouvenceConfig config) {
        return config.bridge().tablePrefix() + "block_external_backuprestore";
    }

    public TakeRun start() {
        return new TakeRun();
    }

    /** Now, in unix seconds, as the plugin writes {@code timemodified} and {@code timescheduleprocessed}. */
    public long now() {
        return clock.instant().getEpochSecond();
    }

    /** This run took a row (status 0 → 1): it must end queued, refused or given back. */
    public void taken(TakeRun run) {
        run.taken();
    }

    /**
     * Queues a request for a row this run has just taken (status 1), or says why it cannot.
     *
     * @param columns the row as read
     * @param user    its user as read from {@code {prefix}user}, null when none was found or the row names none
     */
    public RowOutcome queue(Map<String, ?> columns, Map<String, ?> user, TakeRun run) {
        BlockRow row = BlockRow.of(columns);
        RowRules.Decision decision = rules.decide(row, user);
        if (decision.refusal() != null) {
            return RowOutcome.refuse(new Refusal(row, decision.username(), decision.refusal()));
        }
        String username = decision.username();
        try {
            RestoreRequest r = service.create(decision.restore(), new Caller(username, SOURCE));
            requests.event(r.id(), "bridge", "ok", null, "taken from row " + row.id() + " of " + table);
            run.queued();
            return RowOutcome.QUEUED;
        } catch (InvalidRequestException e) {
            return RowOutcome.refuse(new Refusal(row, username, e.getMessage()));
        } catch (DuplicateRequestException e) {
            return RowOutcome.refuse(new Refusal(row, username, text.f("bridge.reason.duplicate", e.getMessage())));
        } catch (RuntimeException e) {
            // Jouvence's own database failed: the row goes back to the block's queue for the next run.
            LOG.warn("bridge: cannot queue row {} of {}: {}; the row is scheduled again", row.id(), table,
                    String.valueOf(e.getMessage()));
            return RowOutcome.QUEUE_DOWN;
        }
    }

    /** The refused row is at -1 now: counted, and in the admins' mail. */
    public void refused(TakeRun run, RowOutcome outcome) {
        Refusal r = outcome.refusal();
        LOG.warn("bridge: row {} of {} set to error (-1): {}", r.row().id(), table, r.reason());
        run.refused(r);
    }

    /** The run stopped early: Jouvence's queue failed (already said), or the Moodle database did. */
    public void stopped(TakeRun run, Throwable failure) {
        if (!Failures.isA(failure, QueueDownException.class)) {
            LOG.warn("bridge: the Moodle database failed at {} after {} row(s) taken: {}; the rest waits for the next "
                    + "run", table, run.takenCount(), Failures.said(failure));
        }
    }

    public BridgeRun finish(TakeRun run) {
        var refused = run.refusals();
        if (run.takenCount() > 0) {
            LOG.info("bridge: took {} row(s) of {}: {} queued, {} refused", run.takenCount(), table, run.queuedCount(),
                    refused.size());
        }
        return new BridgeRun(run.takenCount(), run.queuedCount(), refused.size(), mails.about(refused));
    }
}
