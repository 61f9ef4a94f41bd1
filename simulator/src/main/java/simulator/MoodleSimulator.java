package simulator;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One simulated Moodle 4.4.3+ site (with block_my_external_backup_restore_courses 3.1.3) on its own HTTP server bound
 * to 127.0.0.1. It answers like the real sites recorded in {@code protocol-transcript.md}: same field names, types,
 * error objects, HTTP 200 on errors, content types, empty-body download failures and download headers.
 *
 * <p>Two roles: {@link #courseServer(String)} (the old platform: backups and downloads) and
 * {@link #courseClient(String)} (the new platform: users, categories, courses, enrolments, course updates, and a
 * simulated {@code admin/cli/restore_backup.php} through {@link RestoreCli}).
 *
 * <p>Every public method is thread-safe. Test hooks (latency, failure injection, archive sizes, overrides) and
 * observations (recorded calls, courses, enrolments, backups) are plain Java methods; {@link #reset()} restores the
 * initial data and clears hooks and recordings. The test hooks are inherited from {@link SiteControls}; this class
 * composes the site's parts: {@link HttpFront} (the server) and one service per endpoint or role.
 */
public final class MoodleSimulator extends SiteControls implements AutoCloseable {

    /** Which platform this simulator plays. */
    public enum Role { COURSE_SERVER, COURSE_CLIENT }

    /** Broken answers the download endpoint can be told to give instead of the stored file. */
    public enum Kind {
        /** HTTP 200, zero bytes, {@code application/json; charset=utf-8} (what a deleted file record gives). */
        EMPTY_BODY,
        /** HTTP 200, a D3-like JSON error body. */
        JSON_ERROR,
        /** HTTP 200, {@code application/vnd.moodle.backup}, bytes that are neither gzip nor zip. */
        GARBAGE,
        /** HTTP 200, {@code application/vnd.moodle.backup}, a valid tar.gz without moodle_backup.xml. */
        NO_BACKUP_XML,
        /** Content-Length announces N bytes, the connection closes after N/2. */
        TRUNCATED,
        /**
         * Content-Length announces N bytes, the first {@value DownloadEndpoint#STALL_AFTER_BYTES} are sent, then nothing
         * more while the connection stays open (an old server gone silent mid-body), until reset, stop or 10 minutes.
         */
        STALLED
    }

    /** Pseudo function name under which downloads are recorded and can be failed ({@link #failNextCalls}). */
    public static final String DOWNLOAD = "download";
    /** Pseudo function name under which simulated restores are recorded and can be failed. */
    public static final String RESTORE = "restore";

    public static final String REST_PATH = "/webservice/rest/server.php";
    public static final String DOWNLOAD_PATH =
            "/blocks/my_external_backup_restore_courses/get_user_backup_course_webservice.php";
    /** Not a Moodle endpoint: used by {@link RestoreCli}, the stand-in for admin/cli/restore_backup.php. */
    public static final String RESTORE_PATH = "/simulator/restore";
    /** Moodle's login/token.php: username + password + service shortname give a per-user web-service token. */
    public static final String TOKEN_PATH = "/login/token.php";
    /** The Moodle app's built-in service, the only one token.php serves here (unless disabled). */
    public static final String MOBILE_SERVICE = "moodle_mobile_app";

    public static final String FN_SITE_INFO = "core_webservice_get_site_info";
    public static final String FN_GET_COURSES = "block_my_external_backup_restore_courses_get_courses";
    public static final String FN_GET_COURSES_ZIP = "block_my_external_backup_restore_courses_get_courses_zip";
    public static final String FN_COURSES_BY_FIELD = "core_course_get_courses_by_field";
    public static final String FN_USERS_BY_FIELD = "core_user_get_users_by_field";
    public static final String FN_GET_CATEGORIES = "core_course_get_categories";
    public static final String FN_ENROL = "enrol_manual_enrol_users";
    public static final String FN_UPDATE_COURSES = "core_course_update_courses";

    /** A course as the site stores it ({@code restoredFrom} is set on courses created by a simulated restore). */
    public record Course(int id, String shortname, String fullname, int categoryid, boolean visible,
                         RestoredFrom restoredFrom) {
    }

    /** Which archive a restored course came from (read from its moodle_backup.xml). */
    public record RestoredFrom(String file, int originalCourseId, String originalShortname, String originalFullname,
                               boolean withUserData) {
    }

    /** A role held by a user in a course (client: manual enrolment; server: role assignment). */
    public record Enrolment(int courseid, int userid, int roleid) {
    }

    /** A backup file record made by get_courses_zip; {@code available} is false once it was replaced. */
    public record Backup(int filerecordid, int courseid, boolean withUserData, long size, String sha1,
                         boolean available) {
    }

    /**
     * One call of login/token.php: the username as cleaned by Moodle (trimmed, lower case; null when missing), the
     * service asked for, and the outcome: {@code "token"} on success, else the errorcode answered
     * ({@code invalidlogin}, {@code servicenotavailable}, {@code missingparam}). The password is never recorded.
     */
    /** An account that logs in through login/token.php with this password; a site admin or not. */
    public record Account(String username, String password, boolean siteAdmin) {
        @Override
        public String toString() {
            return "Account[" + username + (siteAdmin ? ", site admin" : "") + "]"; // never the password
        }
    }

    public record Login(String username, String service, String outcome) {
        public boolean succeeded() {
            return "token".equals(outcome);
        }
    }

    private final WorkDir workDir;
    private final SiteAddress address = new SiteAddress();
    private final CallLog log;
    private final BackupService backups;
    private final HttpFront http;
    private final SimulatedGroups groups;
    private final UserDataControls userData;

    /** The collaborative folders' reads the course client answers; add them to its service with {@link #addFunction}. */
    public static final List<String> FOLDER_FUNCTIONS = WsFunctions.CLIENT_FOLDER_FUNCTIONS;

    private MoodleSimulator(Role role, String token, int port) {
        super(role, token);
        workDir = new WorkDir("moodle-sim-" + (role == Role.COURSE_SERVER ? "server-" : "client-"));
        log = new CallLog(site);
        CourseServerService server = new CourseServerService(site);
        backups = new BackupService(site, faults, server, workDir, address);
        CourseQueries courses = new CourseQueries(site, address);
        ClientLookups lookups = new ClientLookups(site, address);
        CourseClientService client = new CourseClientService(site);
        SiteInfo siteInfo = new SiteInfo(site, address, logins);
        Map<String, Function<Map<String, Object>, Object>> functions = new LinkedHashMap<>(Map.of(
                FN_SITE_INFO, siteInfo::siteInfo, FN_GET_COURSES, server::getCourses,
                FN_GET_COURSES_ZIP, backups::getCoursesZip, FN_COURSES_BY_FIELD, courses::coursesByField,
                FN_USERS_BY_FIELD, lookups::usersByField, FN_GET_CATEGORIES, lookups::getCategories,
                FN_ENROL, client::enrol, FN_UPDATE_COURSES, client::updateCourses));
        if (role == Role.COURSE_CLIENT) {
            GroupService groupService = new GroupService(site, address);
            functions.put(GroupService.FN_COURSE_GROUPS, groupService::courseGroups);
            functions.put(GroupService.FN_GROUPINGS, groupService::groupings);
            functions.put(GroupService.FN_GROUP_MEMBERS, groupService::groupMembers);
            functions.put(GroupService.FN_ENROLLED_USERS, groupService::enrolledUsers);
        }
        UserDataFunctions userDataFunctions = new UserDataFunctions(site); // issue 14: profiles and preferences
        functions.put(UserDataFunctions.FN_GET_PREFERENCES, userDataFunctions::getUserPreferences);
        functions.put(UserDataFunctions.FN_TOOL_GET, userDataFunctions::toolGetUserDatas);
        UserDataWrites userDataWrites = new UserDataWrites(site, userDataFunctions);
        functions.put(UserDataFunctions.FN_UPDATE_USERS, userDataWrites::updateUsers);
        functions.put(UserDataFunctions.FN_SET_PREFERENCES, userDataWrites::setUserPreferences);
        userData = new UserDataControls(site);
        // Private files (issue 14): the block's zip on the server, the user's own calls on the client.
        PrivateFilesServer privateServer = new PrivateFilesServer(site);
        functions.put(PrivateFilesServer.FN_ZIP, privateServer::zip);
        functions.put(PrivateFilesServer.FN_INFO, privateServer::info);
        Map<String, BiFunction<User, Map<String, Object>, Object>> userFunctions = new LinkedHashMap<>();
        if (role == Role.COURSE_CLIENT) {
            PrivateFilesClient privateClient = new PrivateFilesClient(site);
            userFunctions.put(PrivateFilesClient.FN_ADD, privateClient::add);
            userFunctions.put(PrivateFilesClient.FN_GET_FILES, privateClient::getFiles);
        }
        groups = new SimulatedGroups(site);
        CallGate gate = new CallGate(log, faults, address);
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        endpoints.put(REST_PATH, new RestEndpoint(site, gate, logins, siteInfo, functions, userFunctions));
        endpoints.put(DOWNLOAD_PATH, new DownloadEndpoint(site, faults, gate, address));
        endpoints.put(TOKEN_PATH, logins);
        endpoints.put(PrivateFilesDownload.PATH, new PrivateFilesDownload(site, gate));
        if (role == Role.COURSE_CLIENT) {
            endpoints.put(UploadEndpoint.PATH, new UploadEndpoint(site, gate, logins));
        }
        if (role == Role.COURSE_CLIENT) {
            endpoints.put(RESTORE_PATH, new RestoreService(site, faults, gate));
        }
        http = new HttpFront(role, port, address, log, endpoints);
    }

    /** The old platform, preloaded with the transcript's server data. Not started: call {@link #start()}. */
    public static MoodleSimulator courseServer(String token) {
        return new MoodleSimulator(Role.COURSE_SERVER, token, 0);
    }

    /** The old platform on a given port (0 = any free port). */
    public static MoodleSimulator courseServer(String token, int port) {
        return new MoodleSimulator(Role.COURSE_SERVER, token, port);
    }

    /** The new platform, preloaded with the transcript's client data. Not started: call {@link #start()}. */
    public static MoodleSimulator courseClient(String token) {
        return new MoodleSimulator(Role.COURSE_CLIENT, token, 0);
    }

    /** The new platform on a given port (0 = any free port). */
    public static MoodleSimulator courseClient(String token, int port) {
        return new MoodleSimulator(Role.COURSE_CLIENT, token, port);
    }

    public Role role() {
        return site.role;
    }

    /** Groups, groupings, members and enrolments with roles (the course client's; test hooks). */
    public SimulatedGroups groups() {
        return groups;
    }

    /** Profiles, preferences and the user-data token (issue 14; test hooks). */
    public UserDataControls userData() {
        return userData;
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Binds 127.0.0.1 (the given port, or a free one the first time; after that always the same port) and starts
     * answering. Idempotent.
     */
    public MoodleSimulator start() {
        http.start();
        return this;
    }

    /** Stops answering and frees the port: connections are refused afterwards. In-flight exchanges are cut. */
    public void stop() {
        http.stop();
    }

    /** {@link #stop()} then {@link #start()} on the same port; data and hooks are kept. */
    public MoodleSimulator restart() {
        http.restart();
        return this;
    }

    public boolean isRunning() {
        return http.isRunning();
    }

    /** Port bound by the first {@link #start()}. */
    public int port() {
        return address.port();
    }

    /** {@code http://127.0.0.1:PORT}, no trailing slash (known after the first {@link #start()}). */
    public String url() {
        return address.url();
    }

    /** Stops the server and deletes the simulator's temporary files. */
    @Override
    public void close() {
        stop();
        synchronized (site) {
            site.epoch++;
        }
        workDir.delete();
    }

    /** Restores the initial data, the configured token and service; clears all hooks and recordings. */
    public void reset() {
        List<Path> toDelete;
        synchronized (site) {
            toDelete = site.reset();
            faults.clear();
            log.clear();
            backups.clear();
            logins.reset();
        }
        toDelete.forEach(WorkDir::deleteQuietly);
    }

    // ------------------------------------------------------------------ observation

    /** Parameters (query string and body merged, flat names like {@code values[0]}) of every call of a function. */
    public List<Map<String, String>> calls(String wsfunction) {
        return log.calls(wsfunction);
    }

    /** Raw request lines ({@code METHOD URI PROTOCOL}) of every request received, in order. */
    public List<String> requestLines() {
        return log.requestLines();
    }

    public List<Course> courses() {
        return data.courses();
    }

    public Course course(int id) {
        return data.course(id);
    }

    public List<Enrolment> enrolments() {
        return data.enrolments();
    }

    /** Every backup made by get_courses_zip, in order. */
    public List<Backup> backups() {
        return data.backups();
    }

    /** Highest number of no-user-data backups (which share one slot) that ran at the same time. */
    public int maxConcurrentSharedSlotBackups() {
        return backups.maxConcurrentSharedSlotBackups();
    }

    /** Highest number of backups of any kind that ran at the same time. */
    public int maxConcurrentBackups() {
        return backups.maxConcurrentBackups();
    }

    /**
     * Command template Jouvence runs to restore on this client:
     * {@code <java> -cp <classpath> simulator.RestoreCli --client=<url> --file={file} --categoryid={categoryid}}.
     * Fails if the java path or the classpath contains whitespace (the template is split on spaces).
     */
    public String restoreCommandTemplate() {
        if (site.role != Role.COURSE_CLIENT) {
            throw new IllegalStateException("restore runs on the course client only");
        }
        return RestoreService.commandTemplate(url());
    }

    // ------------------------------------------------------------------ private files (issue 14)

    public static final String FN_PRIVATE_FILES_ZIP = PrivateFilesServer.FN_ZIP;
    public static final String FN_PRIVATE_FILES_INFO = PrivateFilesServer.FN_INFO;
    public static final String FN_ADD_USER_PRIVATE_FILES = PrivateFilesClient.FN_ADD;
    public static final String FN_FILES_GET_FILES = PrivateFilesClient.FN_GET_FILES;
    public static final String PRIVATE_FILES_DOWNLOAD_PATH = PrivateFilesDownload.PATH;
    /** Pseudo function names under which the zip's downloads and the uploads are recorded and can be failed. */
    public static final String PRIVATE_FILES_DOWNLOAD = PrivateFilesDownload.CALL;
    public static final String UPLOAD = UploadEndpoint.CALL;
    public static final String UPLOAD_PATH = UploadEndpoint.PATH;
    /** The block's service on the old platform, as its db/services.php declares it. */
    public static final String PRIVATE_FILES_SERVICE = "wsblockmyexternalprivatefiles";

    /**
     * A token of another service than the integration one (e.g. the block's {@value #PRIVATE_FILES_SERVICE}, with
     * "can download files"), offering {@code functions}.
     */
    public void addServiceToken(String token, String shortname, boolean downloadFiles, String... functions) {
        synchronized (site) {
            site.privateFiles.extraServices.put(token, new PrivateFileStore.ExtraService(shortname,
                    List.of(functions), downloadFiles));
        }
    }

    /** That token no longer exists (deleted by an admin): calls with it answer invalidtoken. */
    public void removeServiceToken(String token) {
        synchronized (site) {
            site.privateFiles.extraServices.remove(token);
        }
    }

    /** The block's service token: its zip function and site info, downloads allowed. */
    public void privateFilesToken(String token) {
        addServiceToken(token, PRIVATE_FILES_SERVICE, true, FN_PRIVATE_FILES_ZIP, FN_SITE_INFO);
    }

    /** The web-service user loses a capability (e.g. the block's {@code can_create_draftuserfiles_for_other_users}). */
    public void denyCapability(String capability) {
        synchronized (site) {
            site.deniedCapabilities.add(capability);
        }
    }

    /** A user's private files: path ({@code /a/b.txt}, folders {@code /a/}) to content, sorted. */
    public java.util.SortedMap<String, byte[]> privateFiles(String username) {
        synchronized (site) {
            User u = site.findUser(username);
            if (u == null) {
                throw new IllegalArgumentException("no such user: " + username);
            }
            return new java.util.TreeMap<>(site.privateFiles.filesOf(u.id));
        }
    }

    /** Puts a file (or, with a path ending in {@code /}, a folder) into a user's private files. */
    public void putPrivateFile(String username, String path, byte[] content) {
        synchronized (site) {
            User u = site.findUser(username);
            if (u == null) {
                throw new IllegalArgumentException("no such user: " + username);
            }
            site.privateFiles.filesOf(u.id).put(path, content);
        }
    }

    /** Removes every private file of a user (the zip then answers "No file found in your private file area"). */
    public void clearPrivateFiles(String username) {
        synchronized (site) {
            User u = site.findUser(username);
            if (u != null) {
                site.privateFiles.privateFiles.remove(u.id);
            }
        }
    }

    /** The zip function hands out these bytes for a user instead of a real zip of their files (hostile archives). */
    public void privateFilesZipOverride(String username, byte[] zipBytes) {
        synchronized (site) {
            site.privateFiles.zipOverrides.put(username, zipBytes.clone());
        }
    }

    /** {@code $CFG->userquota} in bytes (Moodle's default 100 MiB; 0 here = no quota). */
    public void userQuota(long bytes) {
        synchronized (site) {
            site.privateFiles.userQuota = bytes;
        }
    }

    /** Draft items still held (zips not yet cleaned up on the server, uploads not yet merged on the client). */
    public int draftCount() {
        synchronized (site) {
            return site.privateFiles.drafts.size();
        }
    }
}
