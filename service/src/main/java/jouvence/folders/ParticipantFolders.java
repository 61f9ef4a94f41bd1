package jouvence.folders;

import jouvence.folders.moodle.CourseGroups;
import jouvence.folders.moodle.CourseGroups.Participant;
import jouvence.folders.reconcile.ShareMode;
import jouvence.folders.store.FolderOptIns.OptIn;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a folder set gives one participant, from what Moodle says (their groups, their role) and what was recorded
 * (folders, shares, their "Add to my cloud"): a pure function, so the page never asks the cloud to render.
 */
public final class ParticipantFolders {

    private ParticipantFolders() {
    }

    /** The participant in the course, if they are one (teachers first: a teacher in a group is still a teacher). */
    public static Optional<Participant> find(CourseGroups moodle, String username) {
        return moodle.teachers().stream().filter(p -> p.username().equals(username)).findFirst()
                .or(() -> moodle.students().stream().filter(p -> p.username().equals(username)).findFirst());
    }

    /**
     * @param cloudUrl the cloud's base URL (for the "open" links)
     * @return the lines of this set for this participant: none when they are not in the course
     */
    public static List<ParticipantFolder> of(FolderSet set, CourseGroups moodle, String username,
                                             List<FolderRecord> folders, List<ShareRecord> shares, OptIn optIn,
                                             ShareMode mode, String cloudUrl) {
        return of(set, moodle, username, folders, shares, optIn, mode, cloudUrl, null);
    }

    /**
     * @param connectedAs the cloud account the user last authorised on the page (cloud_account), null: none; a folder
     *                    shared with another account is warned about
     */
    public static List<ParticipantFolder> of(FolderSet set, CourseGroups moodle, String username,
                                             List<FolderRecord> folders, List<ShareRecord> shares, OptIn optIn,
                                             ShareMode mode, String cloudUrl, String connectedAs) {
        Optional<Participant> who = find(moodle, username);
        if (who.isEmpty()) {
            return List.of();
        }
        Participant p = who.get();
        boolean optedIn = optIn != null;
        String course = moodle.course().displayName();
        List<ParticipantFolder> out = new ArrayList<>();
        if (p.teacher()) {
            if (!set.teacherAccess()) {
                out.add(line(set, course, ParticipantFolder.TEACHERS_NOT_ALLOWED));
            } else {
                out.add(folder(set, course, null, parent(folders), p, shares, optIn, mode, cloudUrl, connectedAs));
            }
            return out;
        }
        if (set.groupMode() == GroupMode.NONE) {
            out.add(folder(set, course, null, parent(folders), p, shares, optIn, mode, cloudUrl, connectedAs));
            return out;
        }
        for (CourseGroups.Group g : moodle.groups()) {
            if (g.students().stream().anyMatch(m -> m.id() == p.id())) {
                Optional<FolderRecord> f = folders.stream().filter(r -> !r.parent() && r.groupId() != null
                        && r.groupId() == g.id()).findFirst();
                out.add(folder(set, course, g.name(), f, p, shares, optIn, mode, cloudUrl, connectedAs));
            }
        }
        if (out.isEmpty()) {
            out.add(line(set, course, ParticipantFolder.NO_GROUP));
        }
        return out;
    }

    private static Optional<FolderRecord> parent(List<FolderRecord> folders) {
        return folders.stream().filter(FolderRecord::parent).findFirst();
    }

    private static ParticipantFolder line(FolderSet set, String course, String situation) {
        return new ParticipantFolder(set.id(), set.name(), set.courseId(), course, situation, null, null, null, null,
                null, null, false, null, null, null);
    }

    private static ParticipantFolder folder(FolderSet set, String course, String group, Optional<FolderRecord> f,
                                            Participant p, List<ShareRecord> shares, OptIn optIn, ShareMode mode,
                                            String cloudUrl, String connectedAs) {
        boolean optedIn = optIn != null;
        String name = f.map(r -> r.path().substring(r.path().lastIndexOf('/') + 1)).orElse(null);
        Optional<ShareRecord> s = f.flatMap(r -> shares.stream().filter(x -> x.folderId() == r.id()
                && x.moodleUserId() == p.id()).findFirst());
        boolean mayAdd = mode == ShareMode.OPT_IN && !optedIn;
        String state;
        String error = null;
        String cloudUser = s.map(ShareRecord::cloudUserId).orElse(null);
        if (f.isEmpty() || !"ready".equals(f.get().state())) {
            state = f.isPresent() && "error".equals(f.get().state()) ? "error" : "creating";
            error = f.map(FolderRecord::error).orElse(null);
        } else if (s.isPresent() && "shared".equals(s.get().state())) {
            state = "shared";
            mayAdd = false;
        } else if (s.isPresent() && "error".equals(s.get().state())) {
            state = "error";
            error = s.get().error();
        } else if (s.isPresent() && "awaiting-connect".equals(s.get().state())) {
            state = "connect"; // identity=oauth: shared once they connect their cloud
            mayAdd = false;
        } else if (s.isPresent() && Set.of("kept", "revoked").contains(s.get().state())) {
            state = "left";
        } else {
            state = mayAdd ? "not-added" : "sharing";
        }
        String copy = optIn == null ? null : optIn.mountName();
        String link = "shared".equals(state) && name != null ? link(cloudUrl, copy != null ? copy : name) : null;
        String lastAuthorised = connectedAs != null ? connectedAs : optIn == null ? null : optIn.authorisedCloudUser();
        String authorisedAs = lastAuthorised == null || cloudUser == null || lastAuthorised.equals(cloudUser) ? null
                : lastAuthorised;
        return new ParticipantFolder(set.id(), set.name(), set.courseId(), course, ParticipantFolder.FOLDER, group,
                name, state, cloudUser, error, link, mayAdd && !"left".equals(state),
                "shared".equals(state) ? s.get().shareId() : null, copy, authorisedAs);
    }

    /** The cloud's files app opened on a folder of the participant's own space: {@code <cloud>/index.php/apps/files/?dir=/<name>}. */
    public static String link(String cloudUrl, String name) {
        StringBuilder dir = new StringBuilder();
        for (String segment : name.split("/")) {
            if (!segment.isEmpty()) {
                dir.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        return cloudUrl + "/index.php/apps/files/?dir=" + (dir.length() == 0 ? "/" : dir);
    }
}
