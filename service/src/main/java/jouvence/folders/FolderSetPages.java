package jouvence.folders;

import jouvence.courses.InvalidRequestException;
import jouvence.courses.NotFoundException;
import jouvence.courses.RefusedException;
import jouvence.courses.UnavailableException;
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
 * The web pages' side of {@link FolderSetService} (which is the only way in and delegates here): what a participant
 * may have, "Add to my cloud", the teachers' sets and the naming of a copy, each checked live against the new platform.
 */
final class FolderSetPages {

    private final FolderSetService service;
    private final FolderSetRepository sets;
    private final CourseGroupsReader moodle;
    private final ShareMode shareMode;
    private final String cloudUrl;

    FolderSetPages(FolderSetService service, FolderSetRepository sets, CourseGroupsReader moodle, ShareMode shareMode,
                   String cloudUrl) {
        this.service = service;
        this.sets = sets;
        this.moodle = moodle;
        this.shareMode = shareMode;
        this.cloudUrl = cloudUrl;
    }

    /** The most managed sets the participants' page looks at (each is one read of its course on the new platform). */
    static final int PAGE_SETS = 200;

    /**
     * The folders a user may have, set by set, from what the new platform says now (their groups, their role) and
     * what was recorded; the cloud is never asked. A course that cannot be read gives an "unavailable" line per set.
     */
    List<ParticipantFolder> forParticipant(String username) {
        Map<String, Optional<CourseGroups>> read = new HashMap<>();
        List<ParticipantFolder> out = new ArrayList<>();
        String connectedAs = sets.accounts().of(username).orElse(null);
        for (FolderSet s : sets.list(null, null, PAGE_SETS, 0)) {
            if (!s.managed()) {
                continue;
            }
            Optional<CourseGroups> moodleSays = read.computeIfAbsent(s.courseId() + "/" + s.groupingId(), k -> {
                try {
                    return Optional.of(moodle.read(s.courseId(), s.groupingId()));
                } catch (MoodleException | RuntimeException e) {
                    return Optional.empty();
                }
            });
            if (moodleSays.isEmpty()) {
                out.add(new ParticipantFolder(s.id(), s.name(), s.courseId(), null, ParticipantFolder.UNAVAILABLE,
                        null, null, null, null, null, null, false, null, null, null));
                continue;
            }
            FolderOptIns.OptIn optIn = ParticipantFolders.find(moodleSays.get(), username)
                    .flatMap(p -> sets.optIns().find(s.id(), p.id())).orElse(null);
            out.addAll(ParticipantFolders.of(s, moodleSays.get(), username, sets.folders(s.id()), sets.shares(s.id()),
                    optIn, shareMode, cloudUrl, connectedAs));
        }
        return out;
    }

    /**
     * "Add to my cloud": records the wish (checked live against the new platform: the user must be one the set gives
     * a folder to) and makes the set due now, so the share follows at once.
     *
     * @throws NotFoundException    no such managed set
     * @throws RefusedException     the user gets no folder of this set (not in the course, in no group, a teacher
     *                              the set gives nothing)
     * @throws UnavailableException the new platform cannot be asked
     */
    void optIn(long setId, String username) {
        FolderSet s = sets.find(setId).filter(FolderSet::managed).orElseThrow(() -> new NotFoundException("there is no folder set " + setId));
        CourseGroups moodleSays;
        try {
            moodleSays = moodle.read(s.courseId(), s.groupingId());
        } catch (MoodleException e) {
            throw new UnavailableException("the new platform could not be asked who has the folders of set " + setId
                    + " (" + e.getMessage() + "); try again later");
        }
        CourseGroups.Participant p = ParticipantFolders.find(moodleSays, username)
                .orElseThrow(() -> new InvalidRequestException("set: you are not a participant of its course"));
        boolean gets = ParticipantFolders.of(s, moodleSays, username, List.of(), List.of(), null, shareMode, cloudUrl)
                .stream().anyMatch(l -> l.situation().equals(ParticipantFolder.FOLDER));
        if (!gets) {
            throw new InvalidRequestException("set: it gives you no folder (in none of its groups, or a teacher it "
                    + "gives nothing)");
        }
        if (sets.optIns().add(setId, p.id(), username)) {
            service.sync(setId, username);
        }
    }

    /**
     * A set asked for on the teachers' page: the user must teach the course on the new platform now (read with the
     * integration token, never taken from the form), then it is checked and recorded as any other.
     *
     * @throws InvalidRequestException the user does not teach the course (field courseId), or a field is wrong
     */
    FolderSet createAsTeacher(NewFolderSet n, String username) {
        if (n.courseId() > 1) {
            CourseGroups course;
            try {
                course = moodle.read(n.courseId(), null);
            } catch (MoodleException e) {
                throw new UnavailableException("courseId: the new platform could not be asked whether you teach course "
                        + n.courseId() + " (" + e.getMessage() + "); nothing was recorded, try again later");
            }
            if (course.teachers().stream().noneMatch(t -> t.username().equals(username))) {
                throw new InvalidRequestException("courseId: you do not teach course " + n.courseId()
                        + " on the new platform");
            }
        }
        return service.create(new NewFolderSet(n.courseId(), null, n.name(), n.groupMode(), n.groupingId(), n.teacherAccess(),
                "page", username));
    }

    /** The managed sets of the courses the user teaches now (the teachers' section lists them with their state). */
    List<FolderSet> taughtBy(String username) {
        Map<Long, Boolean> teaches = new HashMap<>();
        List<FolderSet> out = new ArrayList<>();
        for (FolderSet s : sets.list(null, null, PAGE_SETS, 0)) {
            if (s.managed() && teaches.computeIfAbsent(s.courseId(), c -> {
                try {
                    return moodle.read(c, null).teachers().stream().anyMatch(t -> t.username().equals(username));
                } catch (MoodleException | RuntimeException e) {
                    return false;
                }
            })) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The participant authorised Jouvence in the cloud as {@code cloudUser}: recorded (identity=oauth shares with that
     * account), and each set where a share of theirs waited for it reconciled now.
     *
     * @return the account recorded before when it was another one (the page warns), and the sets reconciled
     */
    FolderSetService.Connected connected(String username, String cloudUser) {
        Optional<String> before = sets.accounts().authorised(username, cloudUser).filter(b -> !b.equals(cloudUser));
        List<Long> waiting = sets.accounts().awaitingSets(username);
        for (long id : waiting) {
            try {
                service.sync(id, username);
            } catch (RefusedException e) {
                // stopped meanwhile: no longer reconciled, nothing to share
            }
        }
        return new FolderSetService.Connected(before.orElse(null), waiting);
    }

    /** The participant's Moodle id in the set's course (live), for FolderSetService#namedCopy. */
    Optional<Long> participantId(long setId, String username) throws MoodleException {
        FolderSet s = sets.find(setId).orElseThrow(() -> new NotFoundException("there is no folder set " + setId));
        return ParticipantFolders.find(moodle.read(s.courseId(), s.groupingId()), username)
                .map(CourseGroups.Participant::id);
    }
}
