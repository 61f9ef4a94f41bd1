package simulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import simulator.MoodleSimulator.Enrolment;
import simulator.MoodleSimulator.Role;

/**
 * The data of one simulated site: token and service, users, categories, courses, role assignments, file records and
 * backup slots. Its monitor guards it, and every other piece of simulator state: hold it for any access.
 * {@code epoch} grows on reset and close, so that work started before them does not store its result.
 */
final class SiteState {

    static final int ROLE_MANAGER = 1;
    static final int ROLE_EDITINGTEACHER = 3;
    static final int ROLE_TEACHER = 4;
    static final int ROLE_STUDENT = 5;

    final Role role;
    private final String initialToken;

    long epoch;
    String token;
    boolean tokenRevoked;
    String siteName; // null: the transcript's
    final List<String> service = new ArrayList<>();
    final Map<Integer, User> users = new LinkedHashMap<>();
    final Map<Integer, Category> categories = new LinkedHashMap<>();
    final Map<Integer, CourseRec> courses = new LinkedHashMap<>();
    final LinkedHashSet<Enrolment> enrolments = new LinkedHashSet<>();
    final Map<Integer, GroupRec> groups = new LinkedHashMap<>(); // course client: groups (members by user id)
    final Map<Integer, GroupRec> groupings = new LinkedHashMap<>(); // course client: groupings (their group ids)
    int nextGroupId;
    int nextGroupingId;
    final Set<String> deniedCapabilities = new HashSet<>(); // capabilities the integration user lacks (groups' checks)
    final Map<Integer, StoredFile> files = new LinkedHashMap<>();
    final PrivateFileStore privateFiles = new PrivateFileStore(); // private files, drafts, extra services
    final List<StoredFile> backupHistory = new ArrayList<>();
    final Map<Integer, Integer> courseSlots = new HashMap<>();
    final Set<Integer> courseBackupAreas = new HashSet<>();
    Integer sharedSlot;
    int nextFileId;
    int nextUserId;
    int nextCourseId;
    int nextContextId;
    boolean restoreInOriginalCategory;
    final UserProfiles profiles = new UserProfiles(); // user data (issue 14): profiles, preferences, its token

    SiteState(Role role, String token) {
        this.role = role;
        this.initialToken = token;
        synchronized (this) {
            load();
        }
    }

    /** Back to the initial data (work in flight is dropped); returns the files on disk to delete. */
    List<Path> reset() {
        epoch++;
        List<Path> toDelete = new ArrayList<>();
        for (StoredFile f : files.values()) {
            if (f.path != null) {
                toDelete.add(f.path);
            }
        }
        load();
        return toDelete;
    }

    private void load() {
        token = initialToken;
        tokenRevoked = false;
        siteName = null;
        service.clear();
        users.clear();
        categories.clear();
        courses.clear();
        enrolments.clear();
        groups.clear();
        groupings.clear();
        deniedCapabilities.clear();
        nextGroupId = 1;
        nextGroupingId = 1;
        files.clear();
        backupHistory.clear();
        courseSlots.clear();
        courseBackupAreas.clear();
        sharedSlot = null;
        restoreInOriginalCategory = false;
        service.addAll(WsFunctions.service(role));
        if (role == Role.COURSE_SERVER) {
            InitialData.loadServer(this);
            profiles.load(role);
            profiles.loadTeacher1(findUser("teacher1"));
        } else {
            profiles.load(role);
            InitialData.loadClient(this);
        }
        privateFiles.load(role, this);
    }

    User findUser(String username) {
        for (User u : users.values()) {
            if (u.username.equals(username)) {
                return u;
            }
        }
        return null;
    }

    void putUser(int id, String username, String first, String last) {
        users.put(id, new User(id, username, first, last, username + "@example.invalid"));
    }

    void putCategory(int id, String name, String idnumber, int descriptionformat, int sortorder, long time) {
        categories.put(id, new Category(id, name, idnumber, descriptionformat, sortorder, time));
    }

    /** What a synthetic archive of this course says about it. */
    synchronized SimulatedArchive.CourseFacts facts(CourseRec c, String wwwroot) {
        Category cat = categories.get(c.categoryid);
        return new SimulatedArchive.CourseFacts(c.id, c.shortname, c.fullname, c.idnumber, c.summary, c.startdate,
                c.categoryid, cat == null ? "" : cat.name, c.contextid, wwwroot);
    }

    /** A new course's context id (Moodle makes six contexts per course here). */
    int newContextId() {
        int id = nextContextId;
        nextContextId += 6;
        return id;
    }
}
