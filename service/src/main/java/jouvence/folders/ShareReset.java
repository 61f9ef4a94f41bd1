package jouvence.folders;

import jouvence.courses.InvalidRequestException;
import jouvence.folders.store.FolderOptIns;
import jouvence.folders.store.FolderSetRepository;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * "Reset" on the participants' page (the plugin's resetshare.php): the participant's share made again when it is gone
 * from the cloud (they, or the cloud, deleted it), by the reconcile itself (asked now, and waited for a while: the
 * page says how it went), so that it is made exactly as the reconcile makes it. The copy's name they chose is then put
 * back by the page, as them (it needs their authorisation). Unlike the plugin, nothing is forgotten first (the plugin
 * blanks its link row and relies on the next "already shared" answer): the record stays until the cloud's listing says
 * the share is gone. With identity=oauth, a participant who connected another cloud account since the share was made
 * (the plugin's "lost/changed cloud account") gets it moved by that reconcile: the old account's share revoked, the
 * folder shared with the account now connected.
 */
public final class ShareReset {

    /**
     * How it went.
     *
     * @param outcome   {@code reshared} (made again, {@code shareId} the new share), {@code moved} (identity=oauth:
     *                  the share of the account in {@code detail} revoked, the folder shared with {@code cloudUser}),
     *                  {@code unchanged} (it was still there), {@code waiting} (the reconcile did not finish in time,
     *                  or the set waits for the cloud), {@code error} (the cloud refused it: {@code detail})
     * @param copyName  where the participant last named their copy (null: never named through Jouvence)
     * @param cloudUser who the folder is shared with now (null unless shared)
     */
    public record Result(String outcome, Long shareId, String copyName, String detail, String cloudUser) {

        Result(String outcome, Long shareId, String copyName, String detail) {
            this(outcome, shareId, copyName, detail, null);
        }
    }

    private static final Duration LOOK_EVERY = Duration.ofMillis(200);

    private final FolderSetService service;
    private final FolderSetRepository sets;
    private final Duration wait;
    private final boolean movesToConnected;

    /** @param movesToConnected identity=oauth: a share of another account than the one connected now is moved to it */
    ShareReset(FolderSetService service, FolderSetRepository sets, Duration wait, boolean movesToConnected) {
        this.service = service;
        this.sets = sets;
        this.wait = wait;
        this.movesToConnected = movesToConnected;
    }

    /** @throws InvalidRequestException the share is not this user's share of this set */
    Result reset(long setId, long shareId, String username) {
        ShareRecord mine = sets.shares(setId).stream().filter(s -> s.shareId() != null && s.shareId() == shareId
                && username.equals(s.moodleUsername())).findFirst().orElseThrow(() -> new InvalidRequestException(
                "share: it is not a share of yours in folder set " + setId));
        Instant deadline = Instant.now().plus(wait);
        String copy = sets.optIns().find(setId, mine.moodleUserId()).map(FolderOptIns.OptIn::mountName).orElse(null);
        Optional<String> connected = movesToConnected ? sets.accounts().of(username) : Optional.empty();
        String movedFrom = connected.filter(a -> mine.cloudUserId() != null && !a.equals(mine.cloudUserId()))
                .map(a -> mine.cloudUserId()).orElse(null);
        if (movedFrom != null) {
            sets.askShareMove(setId, mine, connected.get(), username);
        }
        // A reconcile under way may have read the cloud before the share went: its end does not count. A sync asked
        // while it runs makes the set due again right after it settles; wait for the reconcile that claims the set
        // after the asking (a claim moves the version on).
        FolderSet asked = service.sync(setId, username);
        Optional<FolderSet> now = sets.find(setId);
        while (now.isPresent() && !reconciledAfter(now.get(), asked) && Instant.now().isBefore(deadline)) {
            pause();
            now = sets.find(setId);
        }
        if (now.isEmpty() || !reconciledAfter(now.get(), asked) || Set.of("waiting", "failed")
                .contains(now.get().state())) {
            return new Result("waiting", null, copy, now.map(FolderSet::state).orElse("stopped"));
        }
        Optional<ShareRecord> after = sets.shares(setId).stream().filter(s -> s.folderId() == mine.folderId()
                && s.moodleUserId() == mine.moodleUserId()).findFirst();
        if (after.isPresent() && "shared".equals(after.get().state()) && after.get().shareId() != null) {
            String sharedWith = after.get().cloudUserId();
            String outcome = after.get().shareId() == shareId ? "unchanged"
                    : movedFrom != null && !movedFrom.equals(sharedWith) ? "moved" : "reshared";
            return new Result(outcome, after.get().shareId(), copy, "moved".equals(outcome) ? movedFrom : null,
                    sharedWith);
        }
        if (after.isPresent() && "error".equals(after.get().state())) {
            return new Result("error", null, copy, after.get().error());
        }
        return new Result("waiting", null, copy, after.map(ShareRecord::state).orElse("pending"));
    }

    /** A reconcile claimed the set after it was asked for, and let it go (settled, or waiting for a retry). */
    private static boolean reconciledAfter(FolderSet s, FolderSet asked) {
        return s.version() > asked.version() && s.claimedBy() == null && !"reconciling".equals(s.state());
    }

    private static void pause() {
        try {
            Thread.sleep(LOOK_EVERY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the reconcile", e);
        }
    }
}
