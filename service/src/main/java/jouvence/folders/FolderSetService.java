package jouvence.folders;

import jouvence.courses.ConflictException;
import jouvence.courses.InvalidRequestException;
import jouvence.courses.NotFoundException;
import jouvence.courses.UnavailableException;
import jouvence.courses.RefusedException;
import jouvence.folders.moodle.CourseGroups;
import jouvence.folders.moodle.CourseGroupsReader;
import jouvence.folders.reconcile.ShareMode;
import jouvence.folders.store.FolderOptIns;
import jouvence.folders.store.FolderSetRepository;
import jouvence.moodle.MoodleException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Folder sets, for every way in (REST API, teachers' page, the plugin's activities): create, read, list, reconcile
 * now, stop managing. The only way in: what it refuses, nothing is recorded; each refusal is a
 * {@link jouvence.courses.RefusedException} whose message starts with the field at fault.
 */
public class FolderSetService {

    /** The longest name asked for (its folder name, with its {@code (id N)}, is then cut to 250 bytes at most). */
    public static final int MAX_NAME_LENGTH = FolderSetRules.MAX_NAME_LENGTH;

    private final FolderSetRepository sets;
    private final CourseGroupsReader moodle;
    private final ShareMode shareMode;
    private final String cloudUrl;
    private final FolderSetPages pages;
    private final ShareReset reset;
    private final boolean resetMoves;
    private volatile Runnable queued = () -> { };

    public FolderSetService(FolderSetRepository sets, CourseGroupsReader moodle) {
        this(sets, moodle, ShareMode.AUTOMATIC, "");
    }

    /**
     * @param shareMode jouvence.folders.share-mode (what the participants' page offers)
     * @param cloudUrl  the cloud's base URL (the participants' "open" links)
     */
    public FolderSetService(FolderSetRepository sets, CourseGroupsReader moodle, ShareMode shareMode, String cloudUrl) {
        this(sets, moodle, shareMode, cloudUrl, java.time.Duration.ofSeconds(20));
    }

    /** @param resetWait jouvence.folders.reset-wait: how long "Reset" waits for the reconcile it asks for */
    public FolderSetService(FolderSetRepository sets, CourseGroupsReader moodle, ShareMode shareMode, String cloudUrl,
                            java.time.Duration resetWait) {
        this(sets, moodle, shareMode, cloudUrl, resetWait, jouvence.folders.reconcile.Identity.USERNAME);
    }

    /** @param identity jouvence.folders.identity: with oauth, Reset moves a share to the cloud account connected since */
    public FolderSetService(FolderSetRepository sets, CourseGroupsReader moodle, ShareMode shareMode, String cloudUrl,
                            java.time.Duration resetWait, jouvence.folders.reconcile.Identity identity) {
        this.sets = sets;
        this.moodle = moodle;
        this.shareMode = shareMode;
        this.cloudUrl = cloudUrl;
        this.pages = new FolderSetPages(this, sets, moodle, shareMode, cloudUrl);
        this.resetMoves = identity == jouvence.folders.reconcile.Identity.OAUTH;
        this.reset = new ShareReset(this, sets, resetWait, resetMoves);
    }

    /** Whether Reset moves a share to the cloud account the participant connected since (identity=oauth). */
    public boolean resetMovesShares() {
        return resetMoves;
    }

    /** Told whenever a set became due (new, or "sync"): the claim looks now instead of at its next run. Must not block. */
    public void onQueued(Runnable listener) {
        this.queued = listener;
    }

    /**
     * Checks a new set against its rules and against the new platform (the course exists there, the grouping is one
     * of its), then records it, due now.
     *
     * @throws InvalidRequestException     a field is wrong (its name first in the message)
     * @throws DuplicateFolderSetException the course already has a managed set of that name (409, with its id)
     * @throws UnavailableException        the new platform cannot be asked (503): nothing recorded
     */
    public FolderSet create(NewFolderSet n) {
        NewFolderSet checked = FolderSetRules.check(n);
        try {
            moodle.read(checked.courseId(), checked.groupingId());
        } catch (MoodleException e) {
            throw new UnavailableException("courseId: the new platform could not be asked whether course "
                    + checked.courseId() + " exists (" + e.getMessage() + "); nothing was recorded, try again later");
        }
        FolderSet created = sets.insert(checked);
        queued.run();
        return created;
    }

    /**
     * Records the set of an existing activity of the plugin (the bridge), due now. Its name is the activity's as Moodle
     * stores it: the plugin's names ({@link jouvence.folders.naming.PluginNames}) clean it themselves, so the folder-name
     * rules of {@link #create} do not apply, and the course is known to exist (its row is in Moodle's database).
     *
     * @throws DuplicateFolderSetException the activity already has a set
     */
    public FolderSet createFromActivity(NewFolderSet n) {
        FolderSet created = sets.insert(FolderSetRules.checkActivity(n));
        queued.run();
        return created;
    }

    /** An edited activity: its set takes the change and is due now; empty when no longer managed. */
    public Optional<FolderSet> updateFromActivity(long id, NewFolderSet n, String change) {
        Optional<FolderSet> s = sets.updateFromActivity(id, FolderSetRules.checkActivity(n), change);
        s.ifPresent(x -> queued.run());
        return s;
    }

    /** The set of the plugin's activity {@code cmid}, managed or not. */
    public Optional<FolderSet> findByCmid(long cmid) {
        return sets.findByCmid(cmid);
    }

    /** The sets made from the plugin's activities and still managed. */
    public List<FolderSet> managedFromBridge() {
        return sets.managedFromBridge();
    }

    /** @throws NotFoundException no such set */
    public FolderSetDetail get(long id) {
        FolderSet s = sets.find(id).orElseThrow(() -> notFound(id));
        return new FolderSetDetail(s, sets.folders(id), sets.shares(id), sets.events(id));
    }

    public Optional<FolderSet> find(long id) {
        return sets.find(id);
    }

    /** Sets newest first; a null filter matches everything ({@code state} one of {@link FolderSet#STATES}). */
    public List<FolderSet> list(Long courseId, String state, int limit, int offset) {
        if (state != null && !FolderSet.STATES.contains(state)) {
            throw new InvalidRequestException("state: one of " + String.join(", ", FolderSet.STATES) + ", not '" + state
                    + "'");
        }
        return sets.list(courseId, state, limit, offset);
    }

    /** How many of their folders and shares are in error, per set (the admins' console's list; none left out). */
    public java.util.Map<Long, Long> itemErrorCounts(List<Long> setIds) {
        return sets.itemErrorCounts(setIds);
    }

    /**
     * Reconcile now: the set is due at once and the claim is woken.
     *
     * @throws NotFoundException no such set
     * @throws ConflictException the set is no longer managed
     */
    public FolderSet sync(long id, String by) {
        Optional<FolderSet> s = sets.requestSync(id, by);
        if (s.isEmpty()) {
            FolderSet existing = sets.find(id).orElseThrow(() -> notFound(id));
            throw new ConflictException("folder set " + existing.id() + " is no longer managed (DELETEd): it is not "
                    + "reconciled any more");
        }
        queued.run();
        return s.get();
    }

    /**
     * Stops managing the set: no more reconciles. Its folders are never deleted and its shares stay as they are.
     * Asked twice, the second answer is the same set.
     *
     * @throws NotFoundException no such set
     */
    public FolderSet stopManaging(long id, String by) {
        return sets.stopManaging(id, by).or(() -> sets.find(id)).orElseThrow(() -> notFound(id));
    }

    // --- the participants' page and the teachers' section (foldersweb): see FolderSetPages --------------------------

    public ShareMode shareMode() {
        return shareMode;
    }

    /** The folders a user may have, set by set, from the new platform's word and the records (never the cloud). */
    public List<ParticipantFolder> forParticipant(String username) {
        return pages.forParticipant(username);
    }

    /** "Add to my cloud": the wish recorded (checked live) and the set reconciled now. */
    public void optIn(long setId, String username) {
        pages.optIn(setId, username);
    }

    /** A set asked for on the teachers' page, by a user who must teach the course on the new platform now. */
    public FolderSet createAsTeacher(NewFolderSet n, String username) {
        return pages.createAsTeacher(n, username);
    }

    /** The managed sets of the courses the user teaches now. */
    public List<FolderSet> taughtBy(String username) {
        return pages.taughtBy(username);
    }

    /** Records who authorised the naming of a copy and where the copy now is. */
    public void namedCopy(long setId, long moodleUserId, String username, String cloudUser, String mountPath) {
        sets.optIns().named(setId, moodleUserId, username, cloudUser, mountPath);
    }

    /**
     * "Reset": the participant's share made again by a reconcile now when the cloud no longer has it, waited for.
     *
     * @return outcome (reshared, unchanged, waiting, error), the share now, where their copy was named
     * @throws jouvence.courses.InvalidRequestException not a share of theirs
     * @throws ConflictException the set is no longer managed
     */
    public ShareReset.Result resetShare(long setId, long shareId, String username) {
        return reset.reset(setId, shareId, username);
    }

    /**
     * What connecting a cloud account on the participants' page did.
     *
     * @param previous the account recorded before, when it was another one (null: none, or the same)
     * @param synced   the sets where a share waited for this account, reconciled now
     */
    public record Connected(String previous, List<Long> synced) {
    }

    /**
     * The participant authorised Jouvence in the cloud as {@code cloudUser} (any authorisation on /folders): recorded
     * per Moodle user, never the token; with identity=oauth their shares go to that account, and the sets where one
     * waited for it are reconciled now.
     */
    public Connected connected(String username, String cloudUser) {
        return pages.connected(username, cloudUser);
    }

    /** The participant's Moodle id in the set's course (live). */
    public Optional<Long> participantId(long setId, String username) throws MoodleException {
        return pages.participantId(setId, username);
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("there is no folder set " + id);
    }
}
