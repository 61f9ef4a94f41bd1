package simulator;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

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
 * initial data and clears hooks and recordings.
 */
public final class MoodleSimulator implements AutoCloseable {

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
        TRUNCATED
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

    // ------------------------------------------------------------------ constants

    private static final String RELEASE = SimulatedArchive.MOODLE_RELEASE;
    private static final String CORE_VERSION = SimulatedArchive.MOODLE_VERSION;
    private static final long DEFAULT_STARTDATE = 1795219200L;
    private static final int ROLE_MANAGER = 1;
    private static final int ROLE_EDITINGTEACHER = 3;
    private static final int ROLE_TEACHER = 4;
    private static final int ROLE_STUDENT = 5;
    /** Roles a manager may assign in a course context (Moodle defaults). */
    private static final Set<Integer> ASSIGNABLE_ROLES = Set.of(ROLE_MANAGER, ROLE_EDITINGTEACHER, ROLE_TEACHER,
            ROLE_STUDENT);
    private static final String SERVER_WS_USERNAME = "block_my_external_backup_restore_courses_user";
    private static final String CLIENT_WS_USERNAME = "ws_integration";

    private static final Map<String, String> VERSIONS = Map.of(
            FN_SITE_INFO, CORE_VERSION,
            FN_GET_COURSES, "2024021600",
            FN_GET_COURSES_ZIP, "2024021600",
            FN_COURSES_BY_FIELD, CORE_VERSION,
            FN_USERS_BY_FIELD, CORE_VERSION,
            FN_GET_CATEGORIES, CORE_VERSION,
            FN_ENROL, "2024042200",
            FN_UPDATE_COURSES, CORE_VERSION);

    /** Service function lists, in the order Moodle lists them in get_site_info. */
    private static final List<String> SERVER_SERVICE = List.of(FN_COURSES_BY_FIELD, FN_SITE_INFO, FN_GET_COURSES_ZIP,
            FN_GET_COURSES);
    private static final List<String> CLIENT_SERVICE = List.of(FN_ENROL, FN_USERS_BY_FIELD, FN_COURSES_BY_FIELD,
            FN_GET_CATEGORIES, FN_SITE_INFO, FN_UPDATE_COURSES);

    /** Functions that exist on both sites (core Moodle 4.4 + the plugin): not in the service → accessexception. */
    private static final Set<String> KNOWN_FUNCTIONS = Set.of(
            FN_SITE_INFO, FN_GET_COURSES, FN_GET_COURSES_ZIP, FN_COURSES_BY_FIELD, FN_USERS_BY_FIELD,
            FN_GET_CATEGORIES, FN_ENROL, FN_UPDATE_COURSES,
            "core_course_create_courses", "core_course_delete_courses", "core_course_get_courses",
            "core_course_search_courses", "core_course_duplicate_course", "core_course_import_course",
            "core_course_create_categories", "core_course_update_categories", "core_course_delete_categories",
            "core_course_get_contents", "core_user_create_users", "core_user_update_users", "core_user_delete_users",
            "core_user_get_users", "core_enrol_get_enrolled_users", "core_enrol_get_users_courses",
            "core_role_assign_roles", "core_role_unassign_roles", "enrol_manual_unenrol_users", "core_files_upload",
            "core_files_get_files", "core_backup_get_async_backup_progress", "core_backup_get_copy_progress",
            "core_backup_submit_copy_form");

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    private static final int BUFFER = 64 * 1024;

    static {
        // Apache and nginx in front of a real Moodle answer with TCP_NODELAY. The JDK's HttpServer does not by default:
        // it writes the headers and the body separately, so every small answer waited ~40 ms for the client's delayed
        // ACK (Nagle), a delay no real Moodle adds. Read when the JVM's first HttpServer is made.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final Pattern PHP_INT = Pattern.compile("0|-?[1-9][0-9]{0,18}");

    // ------------------------------------------------------------------ internal model

    private static final class User {
        final int id;
        final String username;
        final String firstname;
        final String lastname;
        final String email;

        User(int id, String username, String firstname, String lastname, String email) {
            this.id = id;
            this.username = username;
            this.firstname = firstname;
            this.lastname = lastname;
            this.email = email;
        }

        String fullname() {
            return firstname + " " + lastname;
        }
    }

    private static final class Category {
        int id;
        String name;
        String idnumber;
        int descriptionformat;
        int sortorder;
        long timemodified;
    }

    private static final class CourseRec {
        int id;
        String shortname;
        String fullname;
        String idnumber;
        String summary;
        int categoryid;
        int sortorder;
        int visible = 1;
        int contextid;
        long startdate = DEFAULT_STARTDATE;
        long timecreated;
        long timemodified;
        long cacherev;
        long defaultPadding;
        RestoredFrom restoredFrom;

        Course view() {
            return new Course(id, shortname, fullname, categoryid, visible == 1, restoredFrom);
        }
    }

    private static final class StoredFile {
        int id;
        Path path;
        byte[] inline;
        long size;
        String sha1;
        String contentType;
        String filename;
        boolean acceptRanges;
        long lastModified;
        int courseid;
        boolean withUserData;
        boolean backup;
        boolean available = true;
    }

    private record RecordedCall(String function, Map<String, String> params) {
    }

    /**
     * One call of login/token.php: the username as cleaned by Moodle (trimmed, lower case; null when missing), the
     * service asked for, and the outcome: {@code "token"} on success, else the errorcode answered
     * ({@code invalidlogin}, {@code servicenotavailable}, {@code missingparam}). The password is never recorded.
     */
    public record Login(String username, String service, String outcome) {
        public boolean succeeded() {
            return "token".equals(outcome);
        }
    }

    private static final class Failure {
        int remaining;
        int status;
    }

    /** An error answered as Moodle's {exception, errorcode, message} object. */
    private static final class WsError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String exception;
        final String errorcode;

        WsError(String exception, String errorcode, String message) {
            super(message, null, false, false);
            this.exception = exception;
            this.errorcode = errorcode;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("exception", exception);
            if (errorcode != null) {
                m.put("errorcode", errorcode);
            }
            m.put("message", getMessage());
            return m;
        }
    }

    private static WsError invalidParameter() {
        return new WsError("invalid_parameter_exception", "invalidparameter", "Invalid parameter value detected");
    }

    // ------------------------------------------------------------------ state

    private final Role role;
    private final String initialToken;
    private final int requestedPort;
    private final Path workDir;
    private final Object lock = new Object();
    private final Thread cleanupHook;

    private volatile int port = -1;
    private volatile boolean running;
    private HttpServer http;
    private ExecutorService executor;

    // all below guarded by lock
    private long epoch;
    private String token;
    private boolean tokenRevoked;
    private final List<String> service = new ArrayList<>();
    private final Map<Integer, User> users = new LinkedHashMap<>();
    private final Map<Integer, Category> categories = new LinkedHashMap<>();
    private final Map<Integer, CourseRec> courses = new LinkedHashMap<>();
    private final LinkedHashSet<Enrolment> enrolments = new LinkedHashSet<>();
    private final Map<Integer, StoredFile> files = new LinkedHashMap<>();
    private final List<StoredFile> backupHistory = new ArrayList<>();
    private final Map<Integer, Integer> courseSlots = new HashMap<>();
    private final Set<Integer> courseBackupAreas = new HashSet<>();
    private Integer sharedSlot;
    private int nextFileId;
    private int nextUserId;
    private int nextCourseId;
    private int nextContextId;
    private boolean restoreInOriginalCategory;

    private Duration backupLatency = Duration.ZERO;
    private Duration restoreLatency = Duration.ZERO;
    private Long paddingBytes;
    private boolean syntheticAlways;
    private final Map<String, Failure> failures = new HashMap<>();
    private Kind overrideKind;
    private int overrideRemaining;
    private Integer fileIdOverride;
    private int fileIdOverrideRemaining;

    private final List<RecordedCall> recorded = new ArrayList<>();
    private final List<String> requestLines = new ArrayList<>();
    private int sharedSlotInFlight;
    private int maxSharedSlotInFlight;
    private int backupsInFlight;
    private int maxBackupsInFlight;
    // login/token.php: passwords by username, site admins, per-user tokens of the mobile service
    private final Map<String, String> passwords = new HashMap<>();
    private final Set<String> siteAdmins = new HashSet<>();
    private final Map<String, String> userTokens = new LinkedHashMap<>(); // token -> username
    private final List<Login> logins = new ArrayList<>();
    private boolean mobileServiceEnabled;
    private String siteName; // null: the transcript's
    private static final java.security.SecureRandom TOKEN_RANDOM = new java.security.SecureRandom();

    // ------------------------------------------------------------------ factories and lifecycle

    private MoodleSimulator(Role role, String token, int port) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("token is required");
        }
        this.role = role;
        this.initialToken = token;
        this.requestedPort = port;
        try {
            this.workDir = Files.createTempDirectory("moodle-sim-" + (role == Role.COURSE_SERVER ? "server-" : "client-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.cleanupHook = new Thread(() -> deleteTree(workDir), "moodle-sim-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupHook);
        synchronized (lock) {
            loadInitialState();
        }
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
        return role;
    }

    /**
     * Binds 127.0.0.1 (the given port, or a free one the first time; after that always the same port) and starts
     * answering. Idempotent.
     */
    public synchronized MoodleSimulator start() {
        if (http != null) {
            return this;
        }
        int wanted = port > 0 ? port : requestedPort;
        HttpServer server = bind(wanted);
        port = server.getAddress().getPort();
        AtomicInteger n = new AtomicInteger();
        String prefix = "moodle-sim-" + (role == Role.COURSE_SERVER ? "server" : "client") + "-" + port + "-";
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        executor = Executors.newCachedThreadPool(tf);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        http = server;
        running = true;
        return this;
    }

    private static HttpServer bind(int wanted) {
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                return HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), wanted), 128);
            } catch (BindException e) {
                last = e;
                if (wanted == 0) {
                    break;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new UncheckedIOException("cannot bind 127.0.0.1:" + wanted, last);
    }

    /** Stops answering and frees the port: connections are refused afterwards. In-flight exchanges are cut. */
    public synchronized void stop() {
        if (http == null) {
            return;
        }
        running = false;
        http.stop(0);
        executor.shutdownNow();
        http = null;
        executor = null;
    }

    /** {@link #stop()} then {@link #start()} on the same port; data and hooks are kept. */
    public synchronized MoodleSimulator restart() {
        stop();
        return start();
    }

    public synchronized boolean isRunning() {
        return http != null;
    }

    /** Port bound by the first {@link #start()}. */
    public int port() {
        if (port < 0) {
            throw new IllegalStateException("simulator not started yet");
        }
        return port;
    }

    /** {@code http://127.0.0.1:PORT}, no trailing slash (known after the first {@link #start()}). */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Stops the server and deletes the simulator's temporary files. */
    @Override
    public void close() {
        stop();
        synchronized (lock) {
            epoch++;
        }
        deleteTree(workDir);
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupHook);
        } catch (IllegalStateException ignored) {
            // JVM shutting down
        }
    }

    /** Restores the initial data, the configured token and service; clears all hooks and recordings. */
    public void reset() {
        List<Path> toDelete = new ArrayList<>();
        synchronized (lock) {
            epoch++;
            for (StoredFile f : files.values()) {
                if (f.path != null) {
                    toDelete.add(f.path);
                }
            }
            loadInitialState();
        }
        toDelete.forEach(MoodleSimulator::deleteQuietly);
    }

    // ------------------------------------------------------------------ initial data

    private void loadInitialState() {
        token = initialToken;
        tokenRevoked = false;
        service.clear();
        users.clear();
        categories.clear();
        courses.clear();
        enrolments.clear();
        files.clear();
        backupHistory.clear();
        courseSlots.clear();
        courseBackupAreas.clear();
        sharedSlot = null;
        restoreInOriginalCategory = false;
        backupLatency = Duration.ZERO;
        restoreLatency = Duration.ZERO;
        paddingBytes = null;
        syntheticAlways = false;
        failures.clear();
        overrideKind = null;
        overrideRemaining = 0;
        fileIdOverride = null;
        fileIdOverrideRemaining = 0;
        recorded.clear();
        requestLines.clear();
        sharedSlotInFlight = 0;
        maxSharedSlotInFlight = 0;
        backupsInFlight = 0;
        maxBackupsInFlight = 0;
        passwords.clear();
        siteAdmins.clear();
        userTokens.clear();
        logins.clear();
        mobileServiceEnabled = true;
        siteName = null;
        passwords.put("admin", "Admin1!");
        passwords.put("teacher1", "Teacher1!");
        passwords.put("teacher2", "Teacher2!");
        passwords.put("student1", "Student1!");
        siteAdmins.add("admin");
        if (role == Role.COURSE_SERVER) {
            loadServerData();
        } else {
            loadClientData();
        }
    }

    private void loadServerData() {
        service.addAll(SERVER_SERVICE);
        putUser(1, "guest", "Guest user", " ");
        putUser(2, "admin", "Admin", "User");
        putUser(3, SERVER_WS_USERNAME, "wsuser", SERVER_WS_USERNAME);
        putUser(4, "teacher1", "Tina", "Teacher");
        putUser(5, "teacher2", "Theo", "Teacher");
        putUser(6, "student1", "Sam", "Student");
        nextUserId = 7;
        putCategory(1, "Category 1", null, 1, 10000, 1795296961L);
        putCategory(2, "Old platform - Sciences 2024", "OLDCAT-2024", 0, 20000, 1795296999L);
        putServerCourse(2, "OLD-BIO101", "Biology 101 (old platform)", 20004, 16, 0);
        putServerCourse(3, "OLD-CHEM201", "Chemistry 201 (old platform)", 20003, 22, 0);
        putServerCourse(4, "OLD-PHYS301", "Physics 301 (old platform)", 20002, 28, 0);
        putServerCourse(5, "OLD-MATH999", "Maths 999 - owned by teacher2 only", 20001, 34, 0);
        // Created after the transcript's S2 was recorded: sorts after the others; ~8 MiB of files.
        putServerCourse(6, "OLD-BIG401", "Big 401 (old platform)", 20005, 40, 8L * 1024 * 1024);
        nextCourseId = 7;
        nextContextId = 46;
        for (int c : new int[] {2, 3, 4, 6}) {
            enrolments.add(new Enrolment(c, 4, ROLE_EDITINGTEACHER));
        }
        enrolments.add(new Enrolment(5, 5, ROLE_EDITINGTEACHER));
        enrolments.add(new Enrolment(2, 6, ROLE_STUDENT));
        enrolments.add(new Enrolment(3, 6, ROLE_STUDENT));
        StoredFile resource = new StoredFile();
        resource.id = 8;
        resource.inline = "Test resource resource1.txt file".getBytes(StandardCharsets.UTF_8);
        resource.size = resource.inline.length;
        resource.sha1 = SimulatedArchive.sha1Hex(resource.inline);
        resource.contentType = "text/plain; charset=utf-8";
        resource.filename = "resource1.txt";
        resource.acceptRanges = false;
        resource.lastModified = 1795297150L;
        files.put(8, resource);
        nextFileId = 22;
    }

    private void loadClientData() {
        service.addAll(CLIENT_SERVICE);
        putUser(1, "guest", "Guest user", " ");
        putUser(2, "admin", "Admin", "User");
        putUser(3, "teacher1", "Tina", "Teacher");
        putUser(4, CLIENT_WS_USERNAME, "Integration", "Service");
        putUser(5, "student1", "Sam", "Student");
        putUser(6, "teacher2", "Theo", "Teacher");
        nextUserId = 7;
        putCategory(1, "Category 1", null, 1, 10000, 1795296999L);
        putCategory(2, "Restored from old platform", "RESTORED", 0, 20000, 1795297153L);
        putCategory(3, "Sciences 2024 (new)", "OLDCAT-2024", 0, 30000, 1795297153L);
        nextCourseId = 2;
        nextContextId = 15;
        nextFileId = 22;
    }

    private void putUser(int id, String username, String first, String last) {
        users.put(id, new User(id, username, first, last, username + "@example.invalid"));
    }

    private void putCategory(int id, String name, String idnumber, int descriptionformat, int sortorder, long time) {
        Category c = new Category();
        c.id = id;
        c.name = name;
        c.idnumber = idnumber;
        c.descriptionformat = descriptionformat;
        c.sortorder = sortorder;
        c.timemodified = time;
        categories.put(id, c);
    }

    private void putServerCourse(int id, String shortname, String fullname, int sortorder, int contextid, long padding) {
        CourseRec c = new CourseRec();
        c.id = id;
        c.shortname = shortname;
        c.fullname = fullname;
        c.idnumber = shortname;
        c.summary = "Summary of " + fullname;
        c.categoryid = 2;
        c.sortorder = sortorder;
        c.contextid = contextid;
        c.timecreated = 1795297149L;
        c.timemodified = 1795297149L;
        c.cacherev = 1795297149L;
        c.defaultPadding = padding;
        courses.put(id, c);
    }

    // ------------------------------------------------------------------ test hooks: latency, sizes, failures

    /** Time every get_courses_zip call spends "backing up" before answering. */
    public void backupLatency(Duration latency) {
        synchronized (lock) {
            backupLatency = latency == null ? Duration.ZERO : latency;
        }
    }

    /** Time every simulated restore spends before answering. */
    public void restoreLatency(Duration latency) {
        synchronized (lock) {
            restoreLatency = latency == null ? Duration.ZERO : latency;
        }
    }

    /**
     * Size of {@code files/padding.bin} in synthetic archives (incompressible bytes, written to disk). By default
     * course 6 (OLD-BIG401) has 8 MiB and the others none.
     */
    public void paddingBytes(long bytes) {
        synchronized (lock) {
            paddingBytes = Math.max(0, bytes);
        }
    }

    /** Forces synthetic archives even for course 2 without / course 3 with user data (the real archives). */
    public void useSyntheticArchives(boolean synthetic) {
        synchronized (lock) {
            syntheticAlways = synthetic;
        }
    }

    /**
     * The next {@code n} calls of {@code wsfunction} (or {@link #DOWNLOAD}, {@link #RESTORE}) get HTTP
     * {@code httpStatus} with an Apache-like HTML error page; the call is recorded but not processed.
     */
    public void failNextCalls(String wsfunction, int n, int httpStatus) {
        synchronized (lock) {
            if (n <= 0) {
                failures.remove(wsfunction);
                return;
            }
            Failure f = new Failure();
            f.remaining = n;
            f.status = httpStatus;
            failures.put(wsfunction, f);
        }
    }

    /** Every following download (valid token and parameters) answers {@code kind} until cleared with null. */
    public void archiveOverride(Kind kind) {
        archiveOverride(kind, Integer.MAX_VALUE);
    }

    /** The next {@code times} downloads (valid token and parameters) answer {@code kind}. */
    public void archiveOverride(Kind kind, int times) {
        synchronized (lock) {
            overrideKind = times > 0 ? kind : null;
            overrideRemaining = kind == null ? 0 : times;
        }
    }

    /** Makes the configured token unknown (invalidtoken) until {@link #token(String)} is called. */
    public void revokeToken() {
        synchronized (lock) {
            tokenRevoked = true;
        }
    }

    /** Sets the valid token (and un-revokes). */
    public void token(String newToken) {
        synchronized (lock) {
            token = newToken;
            tokenRevoked = false;
        }
    }

    public String token() {
        synchronized (lock) {
            return token;
        }
    }

    /** Removes a function from this site's service: calls get accessexception and site_info no longer lists it. */
    public void removeFunction(String wsfunction) {
        synchronized (lock) {
            service.remove(wsfunction);
        }
    }

    /** Puts back a function of this site's original service (appended at the end of site_info's list). */
    public void addFunction(String wsfunction) {
        List<String> allowed = role == Role.COURSE_SERVER ? SERVER_SERVICE : CLIENT_SERVICE;
        if (!allowed.contains(wsfunction)) {
            throw new IllegalArgumentException(wsfunction + " is not implemented by this simulator role");
        }
        synchronized (lock) {
            if (!service.contains(wsfunction)) {
                service.add(wsfunction);
            }
        }
    }

    /** Every following get_courses_zip answers this filerecordid without backing up (null clears). */
    public void filerecordidOverride(Integer filerecordid) {
        filerecordidOverride(filerecordid, Integer.MAX_VALUE);
    }

    /** The next {@code times} get_courses_zip calls answer this filerecordid without backing up. */
    public void filerecordidOverride(Integer filerecordid, int times) {
        synchronized (lock) {
            fileIdOverride = times > 0 ? filerecordid : null;
            fileIdOverrideRemaining = filerecordid == null ? 0 : times;
        }
    }

    // ------------------------------------------------------------------ test hooks: login/token.php

    /**
     * Sets a user's password for login/token.php (null: the user can no longer log in). Defaults: admin/Admin1!,
     * teacher1/Teacher1!, teacher2/Teacher2!, student1/Student1!. Changing a password keeps issued tokens valid, as
     * Moodle does for web-service tokens.
     */
    public void password(String username, String password) {
        synchronized (lock) {
            if (findUser(username) == null) {
                throw new IllegalArgumentException("no such user: " + username);
            }
            if (password == null) {
                passwords.remove(username);
            } else {
                passwords.put(username, password);
            }
        }
    }

    /** Makes a user a site admin (userissiteadmin true in site_info called with that user's token) or not. */
    public void siteAdmin(String username, boolean admin) {
        synchronized (lock) {
            if (findUser(username) == null) {
                throw new IllegalArgumentException("no such user: " + username);
            }
            if (admin) {
                siteAdmins.add(username);
            } else {
                siteAdmins.remove(username);
            }
        }
    }

    /** Enables or disables the moodle_mobile_app service (disabled: token.php answers servicenotavailable). */
    public void mobileService(boolean enabled) {
        synchronized (lock) {
            mobileServiceEnabled = enabled;
        }
    }

    /** Deletes every token issued by token.php (calls with them then answer invalidtoken). */
    public void revokeUserTokens() {
        synchronized (lock) {
            userTokens.clear();
        }
    }

    /** Renames the site (site_info's sitename; null: the transcript's name back). */
    public void siteName(String name) {
        synchronized (lock) {
            siteName = name;
        }
    }

    /** Every call of login/token.php, in order. */
    public List<Login> logins() {
        synchronized (lock) {
            return List.copyOf(logins);
        }
    }

    // ------------------------------------------------------------------ test hooks: data

    /** Adds a user (email {@code username@example.invalid}); returns its id. */
    public int addUser(String username, String firstname, String lastname) {
        synchronized (lock) {
            if (findUser(username) != null) {
                throw new IllegalArgumentException("user exists: " + username);
            }
            int id = nextUserId++;
            putUser(id, username, firstname, lastname);
            return id;
        }
    }

    public Integer userId(String username) {
        synchronized (lock) {
            User u = findUser(username);
            return u == null ? null : u.id;
        }
    }

    /**
     * Adds (or replaces) a course; the teachers get the editingteacher role in it (server: role assignment, the
     * owner check of get_courses/get_courses_zip; client: manual enrolment, shown as contacts).
     */
    public void addCourse(int id, String shortname, String fullname, int categoryid, String... teacherUsernames) {
        synchronized (lock) {
            List<Integer> teacherIds = new ArrayList<>();
            for (String t : teacherUsernames) {
                User u = findUser(t);
                if (u == null) {
                    throw new IllegalArgumentException("no such user: " + t);
                }
                teacherIds.add(u.id);
            }
            CourseRec c = new CourseRec();
            c.id = id;
            c.shortname = shortname;
            c.fullname = fullname;
            c.idnumber = role == Role.COURSE_SERVER ? shortname : "";
            c.summary = "Summary of " + fullname;
            c.categoryid = categoryid;
            c.sortorder = role == Role.COURSE_SERVER
                    ? courses.values().stream().mapToInt(x -> x.sortorder).max().orElse(20000) + 1 : 0;
            c.contextid = nextContextId;
            nextContextId += 6;
            long now = nowSeconds();
            c.timecreated = now;
            c.timemodified = now;
            c.cacherev = now;
            courses.put(id, c);
            nextCourseId = Math.max(nextCourseId, id + 1);
            for (int uid : teacherIds) {
                enrolments.add(new Enrolment(id, uid, ROLE_EDITINGTEACHER));
            }
        }
    }

    /** Deletes a course (and its role assignments/enrolments). */
    public void deleteCourse(int id) {
        synchronized (lock) {
            courses.remove(id);
            enrolments.removeIf(e -> e.courseid() == id);
        }
    }

    /** Gives a user the editingteacher role in a course. */
    public void addTeacher(int courseId, String username) {
        synchronized (lock) {
            User u = findUser(username);
            if (u == null || !courses.containsKey(courseId)) {
                throw new IllegalArgumentException("no such user or course");
            }
            enrolments.add(new Enrolment(courseId, u.id, ROLE_EDITINGTEACHER));
        }
    }

    /** Takes the editingteacher role in a course away from a user (e.g. "no longer teaches it"). */
    public void removeTeacher(int courseId, String username) {
        synchronized (lock) {
            User u = findUser(username);
            if (u != null) {
                enrolments.remove(new Enrolment(courseId, u.id, ROLE_EDITINGTEACHER));
            }
        }
    }

    public void addCategory(int id, String name, String idnumber) {
        synchronized (lock) {
            int sortorder = categories.values().stream().mapToInt(c -> c.sortorder).max().orElse(0) + 10000;
            putCategory(id, name, idnumber, 0, sortorder, nowSeconds());
        }
    }

    public void deleteCategory(int id) {
        synchronized (lock) {
            categories.remove(id);
        }
    }

    /** Server setting restorecourseinoriginalcategory (categoryidentifier = category idnumber when on). */
    public void setRestoreCourseInOriginalCategory(boolean on) {
        synchronized (lock) {
            restoreInOriginalCategory = on;
        }
    }

    // ------------------------------------------------------------------ observation

    /** Parameters (query string and body merged, flat names like {@code values[0]}) of every call of a function. */
    public List<Map<String, String>> calls(String wsfunction) {
        synchronized (lock) {
            List<Map<String, String>> out = new ArrayList<>();
            for (RecordedCall c : recorded) {
                if (c.function().equals(wsfunction)) {
                    out.add(c.params());
                }
            }
            return out;
        }
    }

    /** Raw request lines ({@code METHOD URI PROTOCOL}) of every request received, in order. */
    public List<String> requestLines() {
        synchronized (lock) {
            return List.copyOf(requestLines);
        }
    }

    public List<Course> courses() {
        synchronized (lock) {
            return courses.values().stream().sorted(Comparator.comparingInt(c -> c.id)).map(CourseRec::view).toList();
        }
    }

    public Course course(int id) {
        synchronized (lock) {
            CourseRec c = courses.get(id);
            return c == null ? null : c.view();
        }
    }

    public List<Enrolment> enrolments() {
        synchronized (lock) {
            return List.copyOf(enrolments);
        }
    }

    /** Every backup made by get_courses_zip, in order. */
    public List<Backup> backups() {
        synchronized (lock) {
            return backupHistory.stream()
                    .map(f -> new Backup(f.id, f.courseid, f.withUserData, f.size, f.sha1, f.available)).toList();
        }
    }

    /** Highest number of no-user-data backups (which share one slot) that ran at the same time. */
    public int maxConcurrentSharedSlotBackups() {
        synchronized (lock) {
            return maxSharedSlotInFlight;
        }
    }

    /** Highest number of backups of any kind that ran at the same time. */
    public int maxConcurrentBackups() {
        synchronized (lock) {
            return maxBackupsInFlight;
        }
    }

    /**
     * Command template Jouvence runs to restore on this client:
     * {@code <java> -cp <classpath> simulator.RestoreCli --client=<url> --file={file} --categoryid={categoryid}}.
     * Fails if the java path or the classpath contains whitespace (the template is split on spaces).
     */
    public String restoreCommandTemplate() {
        if (role != Role.COURSE_CLIENT) {
            throw new IllegalStateException("restore runs on the course client only");
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toAbsolutePath().toString();
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        String cp = String.join(File.pathSeparator, entries);
        if (javaBin.chars().anyMatch(Character::isWhitespace) || cp.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalStateException("java binary or classpath contains whitespace; the restore command "
                    + "template cannot be split on spaces: " + javaBin + " -cp " + cp);
        }
        if (cp.isEmpty()) {
            throw new IllegalStateException("empty java.class.path");
        }
        return javaBin + " -cp " + cp + " simulator.RestoreCli --client=" + url()
                + " --file={file} --categoryid={categoryid}";
    }

    // ------------------------------------------------------------------ HTTP dispatch

    private void handle(HttpExchange ex) {
        try {
            String path = ex.getRequestURI().getPath();
            String line = ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getProtocol();
            Map<String, String> flat = new LinkedHashMap<>();
            WsProtocol.parseUrlEncoded(ex.getRequestURI().getRawQuery(), flat);
            if ("POST".equalsIgnoreCase(ex.getRequestMethod()) || "PUT".equalsIgnoreCase(ex.getRequestMethod())) {
                byte[] body = ex.getRequestBody().readNBytes(16 * 1024 * 1024);
                String ct = ex.getRequestHeaders().getFirst("Content-Type");
                if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
                    WsProtocol.parseUrlEncoded(new String(body, StandardCharsets.UTF_8), flat);
                }
            }
            synchronized (lock) {
                requestLines.add(line);
            }
            if (REST_PATH.equals(path)) {
                handleRest(ex, flat);
            } else if (DOWNLOAD_PATH.equals(path)) {
                handleDownload(ex, flat);
            } else if (TOKEN_PATH.equals(path)) {
                handleTokenLogin(ex, flat);
            } else if (RESTORE_PATH.equals(path) && role == Role.COURSE_CLIENT) {
                handleRestore(ex, flat);
            } else if (path.startsWith("/webservice/pluginfile.php/")) {
                if (path.matches("/webservice/pluginfile.php/\\d+/backup/course/.*")) {
                    sendDownloadError(ex, 200, "Course or activity not accessible.", "requireloginerror");
                } else {
                    sendDownloadError(ex, 404, "Sorry, the requested file could not be found", "filenotfound");
                }
            } else if (path.startsWith("/pluginfile.php/")) {
                ex.getResponseHeaders().set("Location", url() + "/login/index.php");
                sendBytes(ex, 303, "text/html; charset=utf-8",
                        ("<!DOCTYPE html>\n<html><head><title>Redirect</title></head><body><a href=\"" + url()
                                + "/login/index.php\">Continue</a></body></html>\n").getBytes(StandardCharsets.UTF_8));
            } else {
                sendHtmlError(ex, 404);
            }
        } catch (IOException e) {
            // client went away, simulator stopped, or a TRUNCATED answer: nothing more to send
        } catch (RuntimeException | Error e) {
            if (running) {
                System.err.println("[moodle-sim " + role + " " + port + "] unexpected failure answering "
                        + ex.getRequestMethod() + " " + ex.getRequestURI() + ": " + e);
                e.printStackTrace();
            }
        } finally {
            try {
                ex.close();
            } catch (RuntimeException ignored) {
                // "insufficient bytes written" after a truncated answer closes the connection, as intended
            }
        }
    }

    private void record(String function, Map<String, String> flat) {
        synchronized (lock) {
            recorded.add(new RecordedCall(function, Collections.unmodifiableMap(new LinkedHashMap<>(flat))));
        }
    }

    private boolean failed(HttpExchange ex, String function) throws IOException {
        int status;
        synchronized (lock) {
            Failure f = failures.get(function);
            if (f == null) {
                return false;
            }
            status = f.status;
            if (--f.remaining <= 0) {
                failures.remove(function);
            }
        }
        sendHtmlError(ex, status);
        return true;
    }

    // ------------------------------------------------------------------ REST

    private void handleRest(HttpExchange ex, Map<String, String> flat) throws IOException {
        String fn = flat.get("wsfunction");
        record(fn == null ? "" : fn, flat);
        if (failed(ex, fn == null ? "" : fn)) {
            return;
        }
        boolean json = "json".equals(flat.get("moodlewsrestformat"));
        String body;
        try {
            Object result = invoke(fn, flat);
            body = json ? WsProtocol.json(result) : WsProtocol.xml(result);
        } catch (WsError e) {
            body = json ? WsProtocol.json(e.toMap()) : WsProtocol.xmlError(e.exception, e.errorcode, e.getMessage());
        }
        Headers h = ex.getResponseHeaders();
        if (json) {
            h.set("Content-Type", "application/json");
        } else {
            h.set("Content-Type", "application/xml; charset=utf-8");
            h.set("Content-Disposition", "inline; filename=\"response.xml\"");
        }
        h.set("Cache-Control", "private, must-revalidate, pre-check=0, post-check=0, max-age=0");
        h.set("Expires", "Thu, 01 Jan 1970 00:00:00 GMT");
        h.set("Pragma", "no-cache");
        h.set("Accept-Ranges", "none");
        h.set("Access-Control-Allow-Origin", "*");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    private Object invoke(String fn, Map<String, String> flat) {
        User caller = null; // null: the integration (web-service) user of the configured token
        synchronized (lock) {
            String given = flat.get("wstoken");
            String tokenUser = given == null ? null : userTokens.get(given);
            if (tokenUser != null) {
                caller = findUser(tokenUser);
            }
            if (caller == null && (given == null || tokenRevoked || !given.equals(token))) {
                throw new WsError("moodle_exception", "invalidtoken", "Invalid token - token not found");
            }
            if (fn == null || !KNOWN_FUNCTIONS.contains(fn)) {
                throw new WsError("dml_missing_record_exception", "invalidrecord",
                        "Can't find data record in database table external_functions.");
            }
            // A user's mobile-app token is not the integration token: only site_info is served with it here.
            if (caller != null ? !FN_SITE_INFO.equals(fn) : !service.contains(fn)) {
                throw new WsError("webservice_access_exception", "accessexception", "Access control exception");
            }
        }
        if (caller != null) {
            Map<String, String> fnParams = new LinkedHashMap<>(flat);
            fnParams.remove("wstoken");
            fnParams.remove("wsfunction");
            fnParams.remove("moodlewsrestformat");
            fnParams.keySet().removeIf(k -> k.startsWith("moodlewssetting"));
            return userSiteInfo(WsProtocol.nest(fnParams), caller);
        }
        Map<String, String> fnParams = new LinkedHashMap<>(flat);
        fnParams.remove("wstoken");
        fnParams.remove("wsfunction");
        fnParams.remove("moodlewsrestformat");
        fnParams.keySet().removeIf(k -> k.startsWith("moodlewssetting"));
        Map<String, Object> p = WsProtocol.nest(fnParams);
        return switch (fn) {
            case FN_SITE_INFO -> siteInfo(p);
            case FN_GET_COURSES -> getCourses(p);
            case FN_GET_COURSES_ZIP -> getCoursesZip(p);
            case FN_COURSES_BY_FIELD -> coursesByField(p);
            case FN_USERS_BY_FIELD -> usersByField(p);
            case FN_GET_CATEGORIES -> getCategories(p);
            case FN_ENROL -> enrol(p);
            case FN_UPDATE_COURSES -> updateCourses(p);
            default -> throw new WsError("webservice_access_exception", "accessexception", "Access control exception");
        };
    }

    // ---- parameter validation (Moodle external_api::validate_parameters)

    private static void allowOnly(Map<String, Object> p, String... keys) {
        Set<String> allowed = Set.of(keys);
        for (String k : p.keySet()) {
            if (!allowed.contains(k)) {
                throw invalidParameter(); // "Unexpected keys (...) detected in parameter array."
            }
        }
    }

    private static String reqText(Map<String, Object> p, String key) {
        Object v = p.get(key);
        if (!(v instanceof String s)) {
            throw invalidParameter();
        }
        return s;
    }

    private static String optText(Map<String, Object> p, String key, String def) {
        if (!p.containsKey(key)) {
            return def;
        }
        return reqText(p, key);
    }

    private static long reqInt(Map<String, Object> p, String key) {
        Object v = p.get(key);
        if (!(v instanceof String s) || !PHP_INT.matcher(s).matches()) {
            throw invalidParameter();
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw invalidParameter();
        }
    }

    private static Long optInt(Map<String, Object> p, String key) {
        return p.containsKey(key) ? reqInt(p, key) : null;
    }

    private static boolean optBool(Map<String, Object> p, String key, boolean def) {
        if (!p.containsKey(key)) {
            return def;
        }
        Object v = p.get(key);
        if ("1".equals(v)) {
            return true;
        }
        if ("0".equals(v)) {
            return false;
        }
        throw invalidParameter();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> reqList(Map<String, Object> p, String key) {
        Object v = p.get(key);
        if (!(v instanceof Map)) {
            throw invalidParameter();
        }
        return new ArrayList<>(((Map<String, Object>) v).values());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asStruct(Object o) {
        if (!(o instanceof Map)) {
            throw invalidParameter();
        }
        return (Map<String, Object>) o;
    }

    /** PHP's (int) cast of a string: leading integer, else 0. */
    private static long phpIntCast(String s) {
        Matcher m = Pattern.compile("^\\s*([+-]?\\d{1,18})").matcher(s == null ? "" : s);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static int toId(long v) {
        return v > Integer.MAX_VALUE || v < Integer.MIN_VALUE ? Integer.MIN_VALUE : (int) v;
    }

    // ---- functions

    private Object siteInfo(Map<String, Object> p) {
        allowOnly(p, "serviceshortnames");
        if (p.containsKey("serviceshortnames")) {
            reqList(p, "serviceshortnames");
        }
        boolean server = role == Role.COURSE_SERVER;
        String base = url();
        String rev = server ? "1795296961" : "1795297071";
        Map<String, Object> m = new LinkedHashMap<>();
        String renamed;
        synchronized (lock) {
            renamed = siteName;
        }
        m.put("sitename", renamed != null ? renamed
                : server ? "Course Server (old platform)" : "Course Client (new platform)");
        if (server) {
            m.put("username", SERVER_WS_USERNAME);
            m.put("firstname", "wsuser");
            m.put("lastname", SERVER_WS_USERNAME);
            m.put("fullname", "wsuser " + SERVER_WS_USERNAME);
        } else {
            m.put("username", CLIENT_WS_USERNAME);
            m.put("firstname", "Integration");
            m.put("lastname", "Service");
            m.put("fullname", "Integration Service");
        }
        m.put("lang", "en");
        m.put("userid", server ? 3 : 4);
        m.put("siteurl", base);
        m.put("userpictureurl", base + "/theme/image.php/boost/core/" + rev + "/u/f1");
        List<Object> fns = new ArrayList<>();
        synchronized (lock) {
            for (String f : service) {
                fns.add(obj("name", f, "version", VERSIONS.get(f)));
            }
        }
        m.put("functions", fns);
        m.put("downloadfiles", 1);
        m.put("uploadfiles", 0);
        m.put("release", RELEASE);
        m.put("version", CORE_VERSION);
        m.put("mobilecssurl", "");
        List<Object> adv = new ArrayList<>();
        String[][] features = {{"usecomments", "1"}, {"usetags", "1"}, {"enablenotes", "1"}, {"messaging", "1"},
            {"enableblogs", "1"}, {"enablecompletion", "1"}, {"enablebadges", "1"}, {"messagingallusers", "0"},
            {"enablecustomreports", "1"}, {"enableglobalsearch", "0"}, {"mnet_dispatcher_mode", "0"},
            {"enablecompetencies", "1"}};
        for (String[] f : features) {
            adv.add(obj("name", f[0], "value", Integer.parseInt(f[1])));
        }
        m.put("advancedfeatures", adv);
        m.put("usercanmanageownfiles", true);
        m.put("userquota", 104857600);
        m.put("usermaxuploadfilesize", 104857600);
        m.put("userhomepage", 1);
        m.put("userprivateaccesskey", server ? "cafaed2a8e388a2a04249f5a7d1e4c0c" : "19e73807708caad419271dac83346f63");
        m.put("siteid", 1);
        m.put("sitecalendartype", "gregorian");
        m.put("usercalendartype", "gregorian");
        m.put("userissiteadmin", false);
        m.put("theme", "boost");
        m.put("limitconcurrentlogins", 0);
        m.put("policyagreed", 0);
        return m;
    }

    /** site_info called with a token from login/token.php: the same shape, about that user and the mobile service. */
    private Object userSiteInfo(Map<String, Object> p, User u) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) siteInfo(p));
        boolean admin;
        synchronized (lock) {
            admin = siteAdmins.contains(u.username);
        }
        m.put("username", u.username);
        m.put("firstname", u.firstname);
        m.put("lastname", u.lastname);
        m.put("fullname", u.fullname());
        m.put("userid", u.id);
        m.put("functions", List.of(obj("name", FN_SITE_INFO, "version", VERSIONS.get(FN_SITE_INFO))));
        m.put("userprivateaccesskey", SimulatedArchive.sha1Hex(
                (role + ":" + u.username).getBytes(StandardCharsets.UTF_8)).substring(0, 32));
        m.put("userissiteadmin", admin);
        return m;
    }

    // ------------------------------------------------------------------ login/token.php

    /**
     * Moodle 4.4's login/token.php (an AJAX_SCRIPT): required params username, password, service (POST or GET);
     * errors are {error, errorcode, stacktrace, debuginfo, reproductionlink} with HTTP 200. The credentials are
     * checked before the service, so a wrong password on an unknown service is still invalidlogin. The same user
     * gets the same token again while it is valid (external_generate_token_for_current_user).
     */
    private void handleTokenLogin(HttpExchange ex, Map<String, String> flat) throws IOException {
        Map<String, Object> answer;
        String rawUser = flat.get("username");
        String username = rawUser == null ? null : rawUser.trim().toLowerCase(Locale.ROOT);
        String serviceName = flat.get("service");
        String outcome;
        synchronized (lock) {
            String missing = rawUser == null ? "username" : !flat.containsKey("password") ? "password"
                    : serviceName == null ? "service" : null;
            if (missing != null) {
                answer = tokenError("A required parameter (" + missing + ") was missing", "missingparam");
            } else {
                String expected = passwords.get(username);
                User u = findUser(username);
                if (u == null || expected == null || !expected.equals(flat.get("password"))) {
                    answer = tokenError("Invalid login, please try again", "invalidlogin");
                } else if (!MOBILE_SERVICE.equals(serviceName) || !mobileServiceEnabled) {
                    answer = tokenError("Web service is not available (it doesn't exist or might be disabled)",
                            "servicenotavailable");
                } else {
                    String issued = null;
                    for (Map.Entry<String, String> e : userTokens.entrySet()) {
                        if (e.getValue().equals(username)) {
                            issued = e.getKey();
                        }
                    }
                    if (issued == null) {
                        byte[] b = new byte[16];
                        TOKEN_RANDOM.nextBytes(b);
                        StringBuilder hex = new StringBuilder();
                        for (byte x : b) {
                            hex.append(String.format("%02x", x));
                        }
                        issued = hex.toString();
                        userTokens.put(issued, username);
                    }
                    answer = new LinkedHashMap<>();
                    answer.put("token", issued);
                    answer.put("privatetoken", null); // only sent over HTTPS to non-admins
                }
            }
            outcome = answer.containsKey("token") ? "token" : (String) answer.get("errorcode");
            logins.add(new Login(username, serviceName, outcome));
        }
        Headers h = ex.getResponseHeaders();
        h.set("Cache-Control", "no-store, no-cache, must-revalidate");
        h.set("Expires", "Mon, 20 Aug 1969 09:23:00 GMT");
        h.set("Pragma", "no-cache");
        h.set("Accept-Ranges", "none");
        sendBytes(ex, 200, "application/json; charset=utf-8",
                WsProtocol.json(answer).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> tokenError(String error, String errorcode) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error);
        m.put("errorcode", errorcode);
        m.put("stacktrace", null);
        m.put("debuginfo", null);
        m.put("reproductionlink", null);
        return m;
    }

    private static WsError invalidUsername() {
        return new WsError("block_my_external_backup_restore_courses_invalid_username_exception", "invalidusername",
                "debug/invalidusername");
    }

    private Object getCourses(Map<String, Object> p) {
        allowOnly(p, "username", "concernedroles");
        String username = reqText(p, "username");
        reqText(p, "concernedroles"); // required, but the server's own search_roles setting drives the search
        synchronized (lock) {
            User u = findUser(username);
            if (u == null) {
                throw invalidUsername();
            }
            List<Object> out = new ArrayList<>();
            if (u.id == 1) {
                return out;
            }
            for (CourseRec c : ownedCourses(u)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", c.id);
                m.put("shortname", c.shortname);
                m.put("category", c.categoryid);
                m.put("sortorder", c.sortorder);
                m.put("fullname", c.fullname);
                m.put("idnumber", c.idnumber);
                m.put("startdate", c.startdate);
                m.put("visible", c.visible);
                m.put("groupmode", 0);
                m.put("groupmodeforce", 0);
                Category cat = categories.get(c.categoryid);
                m.put("categoryidentifier", restoreInOriginalCategory && cat != null ? cat.idnumber : null);
                m.put("concernedusers", "");
                out.add(m);
            }
            return out;
        }
    }

    /** Courses where the user holds the search role (editingteacher), visible DESC, sortorder ASC. */
    private List<CourseRec> ownedCourses(User u) {
        Set<Integer> ids = new HashSet<>();
        for (Enrolment e : enrolments) {
            if (e.userid() == u.id && e.roleid() == ROLE_EDITINGTEACHER) {
                ids.add(e.courseid());
            }
        }
        return courses.values().stream().filter(c -> ids.contains(c.id))
                .sorted(Comparator.comparingInt((CourseRec c) -> -c.visible).thenComparingInt(c -> c.sortorder))
                .toList();
    }

    private Object getCoursesZip(Map<String, Object> p) {
        allowOnly(p, "username", "courseid", "withuserdatas");
        String username = reqText(p, "username");
        int courseid = toId(reqInt(p, "courseid"));
        boolean userdata = optBool(p, "withuserdatas", false);
        CourseRec course;
        long myEpoch;
        Duration latency;
        long padding;
        boolean synthetic;
        Integer overriddenId = null;
        synchronized (lock) {
            if (!username.isEmpty() && !username.equals("0")) { // PHP empty()
                User u = findUser(username);
                if (u == null) {
                    throw invalidUsername();
                }
                if (ownedCourses(u).stream().noneMatch(c -> c.id == courseid)) {
                    throw new WsError("Exception", null, "[[notcourseowner]]");
                }
            }
            course = courses.get(courseid);
            if (course == null) {
                throw new WsError("backup_controller_exception", "backup_check_course_not_exists",
                        "error/backup_check_course_not_exists");
            }
            if (fileIdOverride != null) {
                overriddenId = fileIdOverride;
                if (--fileIdOverrideRemaining <= 0) {
                    fileIdOverride = null;
                }
            }
            myEpoch = epoch;
            latency = backupLatency;
            padding = paddingBytes != null ? paddingBytes : course.defaultPadding;
            synthetic = syntheticAlways;
            backupsInFlight++;
            maxBackupsInFlight = Math.max(maxBackupsInFlight, backupsInFlight);
            if (!userdata) {
                sharedSlotInFlight++;
                maxSharedSlotInFlight = Math.max(maxSharedSlotInFlight, sharedSlotInFlight);
            }
        }
        Path target = null;
        try {
            sleep(latency);
            if (overriddenId != null) {
                return obj("filename", "", "filerecordid", overriddenId);
            }
            target = workDir.resolve("backup-" + courseid + (userdata ? "-users-" : "-nu-") + UUID.randomUUID() + ".mbz");
            byte[] real = null;
            if (!synthetic && courseid == 2 && !userdata) {
                real = SimulatedArchive.realArchive(SimulatedArchive.COURSE2_NO_USERDATA);
            } else if (!synthetic && courseid == 3 && userdata) {
                real = SimulatedArchive.realArchive(SimulatedArchive.COURSE3_WITH_USERDATA);
            }
            SimulatedArchive.Written w;
            try {
                w = real != null ? SimulatedArchive.writeBytes(real, target)
                        : SimulatedArchive.writeSynthetic(target, facts(course), userdata, padding, true);
            } catch (IOException e) {
                throw new WsError("moodle_exception", "backupfailed", "Backup failed: " + e.getMessage());
            }
            List<Path> obsolete = new ArrayList<>();
            int id;
            synchronized (lock) {
                if (epoch != myEpoch) {
                    throw new WsError("backup_controller_exception", "backup_check_course_not_exists",
                            "error/backup_check_course_not_exists");
                }
                StoredFile f = new StoredFile();
                if (userdata) {
                    if (courseBackupAreas.add(courseid)) {
                        nextFileId++; // the area's "." directory record
                    }
                    id = nextFileId++;
                    Integer previous = courseSlots.put(courseid, id);
                    if (previous != null) {
                        retire(previous, obsolete);
                    }
                } else {
                    id = nextFileId++;
                    if (sharedSlot != null) {
                        retire(sharedSlot, obsolete);
                    }
                    sharedSlot = id;
                }
                f.id = id;
                f.path = target;
                f.size = w.size();
                f.sha1 = w.sha1();
                f.contentType = "application/vnd.moodle.backup";
                f.filename = "backup.mbz";
                f.acceptRanges = true;
                f.lastModified = nowSeconds();
                f.courseid = courseid;
                f.withUserData = userdata;
                f.backup = true;
                files.put(id, f);
                backupHistory.add(f);
                target = null; // kept
            }
            obsolete.forEach(MoodleSimulator::deleteQuietly);
            return obj("filename", "", "filerecordid", id);
        } finally {
            if (target != null) {
                deleteQuietly(target);
            }
            synchronized (lock) {
                if (epoch == myEpoch) {
                    backupsInFlight--;
                    if (!userdata) {
                        sharedSlotInFlight--;
                    }
                }
            }
        }
    }

    private void retire(int fileId, List<Path> obsolete) {
        StoredFile old = files.remove(fileId);
        if (old != null) {
            old.available = false;
            if (old.path != null) {
                obsolete.add(old.path);
            }
        }
    }

    private SimulatedArchive.CourseFacts facts(CourseRec c) {
        synchronized (lock) {
            Category cat = categories.get(c.categoryid);
            return new SimulatedArchive.CourseFacts(c.id, c.shortname, c.fullname, c.idnumber, c.summary, c.startdate,
                    c.categoryid, cat == null ? "" : cat.name, c.contextid, url());
        }
    }

    private Object coursesByField(Map<String, Object> p) {
        allowOnly(p, "field", "value");
        String field = optText(p, "field", "");
        String value = optText(p, "value", "");
        synchronized (lock) {
            List<CourseRec> found = new ArrayList<>();
            List<CourseRec> all = courses.values().stream().sorted(Comparator.comparingInt(c -> c.id)).toList();
            switch (field) {
                case "" -> found.addAll(all);
                case "id" -> {
                    long id = phpIntCast(value);
                    all.stream().filter(c -> c.id == id).forEach(found::add);
                }
                case "ids" -> {
                    Set<Long> ids = new HashSet<>();
                    for (String s : value.split(",")) {
                        if (!s.isBlank()) {
                            ids.add(phpIntCast(s.trim()));
                        }
                    }
                    all.stream().filter(c -> ids.contains((long) c.id)).forEach(found::add);
                }
                case "shortname" -> all.stream().filter(c -> c.shortname.equals(value)).forEach(found::add);
                case "idnumber" -> all.stream().filter(c -> !value.isEmpty() && value.equals(c.idnumber))
                        .forEach(found::add);
                case "category" -> {
                    long cat = phpIntCast(value);
                    all.stream().filter(c -> c.categoryid == cat).forEach(found::add);
                }
                default -> throw invalidParameter();
            }
            List<Object> out = new ArrayList<>();
            for (CourseRec c : found) {
                out.add(courseDetails(c));
            }
            return obj("courses", out, "warnings", new ArrayList<>());
        }
    }

    private Map<String, Object> courseDetails(CourseRec c) {
        Category cat = categories.get(c.categoryid);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id);
        m.put("fullname", c.fullname);
        m.put("displayname", c.fullname);
        m.put("shortname", c.shortname);
        m.put("courseimage", url() + "/pluginfile.php/" + c.contextid + "/course/generated/course.svg");
        m.put("categoryid", c.categoryid);
        m.put("categoryname", cat == null ? "" : cat.name);
        m.put("sortorder", c.sortorder);
        m.put("summary", c.summary);
        m.put("summaryformat", 1);
        m.put("summaryfiles", new ArrayList<>());
        m.put("overviewfiles", new ArrayList<>());
        m.put("showactivitydates", false);
        m.put("showcompletionconditions", true);
        List<Object> contacts = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (Enrolment e : enrolments) {
            if (e.courseid() == c.id && e.roleid() == ROLE_EDITINGTEACHER && seen.add(e.userid())) {
                User u = users.get(e.userid());
                if (u != null) {
                    contacts.add(obj("id", u.id, "fullname", u.fullname()));
                }
            }
        }
        m.put("contacts", contacts);
        m.put("enrollmentmethods", new ArrayList<>(List.of("manual")));
        if (role == Role.COURSE_SERVER) {
            return m; // the server's ws user lacks moodle/course:update: short form (S17)
        }
        m.put("idnumber", c.idnumber);
        m.put("format", "topics");
        m.put("showgrades", 1);
        m.put("newsitems", 0);
        m.put("startdate", c.startdate);
        m.put("enddate", 0);
        m.put("maxbytes", 0);
        m.put("showreports", 0);
        m.put("visible", c.visible);
        m.put("groupmode", 0);
        m.put("groupmodeforce", 0);
        m.put("defaultgroupingid", 0);
        m.put("enablecompletion", 0);
        m.put("completionnotify", 0);
        m.put("lang", "");
        m.put("theme", "");
        m.put("marker", 0);
        m.put("legacyfiles", 0);
        m.put("calendartype", "");
        m.put("timecreated", c.timecreated);
        m.put("timemodified", c.timemodified);
        m.put("requested", 0);
        m.put("cacherev", c.cacherev);
        List<Object> filters = new ArrayList<>();
        for (String f : new String[] {"displayh5p", "activitynames", "mathjaxloader", "emoticon", "urltolink",
            "mediaplugin"}) {
            filters.add(obj("filter", f, "localstate", 0, "inheritedstate", 1));
        }
        m.put("filters", filters);
        m.put("courseformatoptions", new ArrayList<>(List.of(
                obj("name", "hiddensections", "value", 1),
                obj("name", "coursedisplay", "value", 0),
                obj("name", "indentation", "value", "1"))));
        return m;
    }

    private Object usersByField(Map<String, Object> p) {
        allowOnly(p, "field", "values");
        String field = reqText(p, "field");
        List<Object> values = reqList(p, "values");
        Set<String> wanted = new HashSet<>();
        for (Object v : values) {
            if (!(v instanceof String s)) {
                throw invalidParameter();
            }
            wanted.add(s);
        }
        if (!Set.of("id", "idnumber", "username", "email").contains(field)) {
            throw invalidParameter();
        }
        String rev = role == Role.COURSE_SERVER ? "1795296961" : "1795297071";
        synchronized (lock) {
            List<Object> out = new ArrayList<>();
            for (User u : users.values()) {
                boolean match = switch (field) {
                    case "id" -> wanted.stream().anyMatch(s -> phpIntCast(s) == u.id);
                    case "username" -> wanted.contains(u.username);
                    case "email" -> wanted.contains(u.email);
                    default -> false; // no user has an idnumber
                };
                if (!match || u.id == 1) {
                    continue;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", u.id);
                m.put("username", u.username);
                m.put("firstname", u.firstname);
                m.put("lastname", u.lastname);
                m.put("fullname", u.fullname());
                m.put("email", u.email);
                m.put("department", "");
                m.put("firstaccess", 0);
                m.put("lastaccess", 0);
                m.put("auth", "manual");
                m.put("suspended", false);
                m.put("confirmed", true);
                m.put("lang", "en");
                m.put("theme", "");
                m.put("timezone", "99");
                m.put("mailformat", 1);
                m.put("trackforums", 0);
                m.put("profileimageurlsmall", url() + "/theme/image.php/boost/core/" + rev + "/u/f2");
                m.put("profileimageurl", url() + "/theme/image.php/boost/core/" + rev + "/u/f1");
                out.add(m);
            }
            return out;
        }
    }

    private Object getCategories(Map<String, Object> p) {
        allowOnly(p, "criteria", "addsubcategories");
        List<String[]> criteria = new ArrayList<>();
        if (p.containsKey("criteria")) {
            for (Object o : reqList(p, "criteria")) {
                Map<String, Object> c = asStruct(o);
                allowOnly(c, "key", "value");
                String key = reqText(c, "key");
                String value = reqText(c, "value");
                if (!Set.of("id", "ids", "name", "parent", "idnumber", "visible", "theme").contains(key)) {
                    throw invalidParameter();
                }
                criteria.add(new String[] {key, value});
            }
        }
        optBool(p, "addsubcategories", true);
        synchronized (lock) {
            List<Object> out = new ArrayList<>();
            List<Category> sorted = categories.values().stream()
                    .sorted(Comparator.comparingInt(c -> c.sortorder)).toList();
            for (Category cat : sorted) {
                boolean ok = true;
                for (String[] cr : criteria) {
                    String v = cr[1];
                    ok &= switch (cr[0]) {
                        case "id" -> phpIntCast(v) == cat.id;
                        case "ids" -> Stream.of(v.split(",")).anyMatch(s -> phpIntCast(s.trim()) == cat.id);
                        case "name" -> cat.name.equals(v);
                        case "parent" -> phpIntCast(v) == 0;
                        case "idnumber" -> v.equals(cat.idnumber);
                        case "visible" -> phpIntCast(v) == 1;
                        case "theme" -> v.isEmpty();
                        default -> false;
                    };
                }
                if (!ok) {
                    continue;
                }
                long count = courses.values().stream().filter(c -> c.categoryid == cat.id).count();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", cat.id);
                m.put("name", cat.name);
                m.put("idnumber", cat.idnumber);
                m.put("description", "");
                m.put("descriptionformat", cat.descriptionformat);
                m.put("parent", 0);
                m.put("sortorder", cat.sortorder);
                m.put("coursecount", count);
                m.put("visible", 1);
                m.put("visibleold", 1);
                m.put("timemodified", cat.timemodified);
                m.put("depth", 1);
                m.put("path", "/" + cat.id);
                m.put("theme", "");
                out.add(m);
            }
            return out;
        }
    }

    private Object enrol(Map<String, Object> p) {
        allowOnly(p, "enrolments");
        List<long[]> requested = new ArrayList<>();
        for (Object o : reqList(p, "enrolments")) {
            Map<String, Object> e = asStruct(o);
            allowOnly(e, "roleid", "userid", "courseid", "timestart", "timeend", "suspend");
            long roleid = reqInt(e, "roleid");
            long userid = reqInt(e, "userid");
            long courseid = reqInt(e, "courseid");
            optInt(e, "timestart");
            optInt(e, "timeend");
            optInt(e, "suspend");
            requested.add(new long[] {roleid, userid, courseid});
        }
        synchronized (lock) {
            List<Enrolment> pending = new ArrayList<>();
            for (long[] r : requested) {
                int roleid = toId(r[0]);
                int userid = toId(r[1]);
                int courseid = toId(r[2]);
                if (!courses.containsKey(courseid)) {
                    throw invalidParameter(); // validate_context(null): "Context does not exist"
                }
                if (!ASSIGNABLE_ROLES.contains(roleid)) {
                    throw new WsError("moodle_exception", "wsusercannotassign",
                            "You don't have the permission to assign this role (" + r[0] + ") to this user ("
                                    + r[1] + ") in this course (" + r[2] + ").");
                }
                if (!users.containsKey(userid) || userid == 1) {
                    throw new WsError("coding_exception", "codingerror",
                            "Coding error detected, it must be fixed by a programmer: "
                                    + "User ID does not exist or is deleted!");
                }
                pending.add(new Enrolment(courseid, userid, roleid));
            }
            enrolments.addAll(pending); // one transaction: all or nothing
            return null;
        }
    }

    private Object updateCourses(Map<String, Object> p) {
        allowOnly(p, "courses");
        List<Map<String, Object>> requested = new ArrayList<>();
        for (Object o : reqList(p, "courses")) {
            Map<String, Object> c = asStruct(o);
            allowOnly(c, "id", "fullname", "shortname", "categoryid", "idnumber", "summary", "summaryformat",
                    "format", "showgrades", "newsitems", "startdate", "enddate", "numsections", "maxbytes",
                    "showreports", "visible", "hiddensections", "groupmode", "groupmodeforce", "defaultgroupingid",
                    "enablecompletion", "completionnotify", "lang", "forcetheme", "courseformatoptions",
                    "customfields", "showactivitydates", "showcompletionconditions", "pdfexportfont");
            reqInt(c, "id");
            optText(c, "fullname", null);
            optText(c, "shortname", null);
            optInt(c, "categoryid");
            optText(c, "idnumber", null);
            optText(c, "summary", null);
            optInt(c, "visible");
            optInt(c, "startdate");
            requested.add(c);
        }
        List<Object> warnings = new ArrayList<>();
        synchronized (lock) {
            for (Map<String, Object> c : requested) {
                long rawId = reqInt(c, "id");
                try {
                    updateCourse(c, toId(rawId));
                } catch (WsError e) {
                    warnings.add(obj("item", "course", "itemid", rawId, "warningcode",
                            e.errorcode == null ? "0" : e.errorcode, "message", e.getMessage()));
                }
            }
        }
        return obj("warnings", warnings);
    }

    private void updateCourse(Map<String, Object> req, int id) {
        CourseRec c = courses.get(id);
        if (c == null) {
            throw new WsError("dml_missing_record_exception", "invalidrecord",
                    "Can't find data record in database table course.");
        }
        String fullname = optText(req, "fullname", null);
        String shortname = optText(req, "shortname", null);
        String idnumber = optText(req, "idnumber", null);
        Long categoryid = optInt(req, "categoryid");
        if (fullname != null && !fullname.equals(c.fullname) && fullname.trim().isEmpty()) {
            throw new WsError("moodle_exception", "errorinvalidparam", "The param \"fullname\" is invalid.");
        }
        if (shortname != null && !shortname.equals(c.shortname) && shortname.trim().isEmpty()) {
            throw new WsError("moodle_exception", "errorinvalidparam", "The param \"shortname\" is invalid.");
        }
        if (shortname != null && !shortname.isEmpty() && !shortname.equals(c.shortname)
                && courses.values().stream().anyMatch(o -> o.id != id && o.shortname.equals(shortname))) {
            throw new WsError("moodle_exception", "shortnametaken",
                    "Short name is already used for another course (" + shortname + ")");
        }
        if (idnumber != null && !idnumber.isEmpty() && !idnumber.equals(c.idnumber)
                && courses.values().stream().anyMatch(o -> o.id != id && idnumber.equals(o.idnumber))) {
            throw new WsError("moodle_exception", "courseidnumbertaken",
                    "ID number is already used for another course (" + idnumber + ")");
        }
        boolean move = categoryid != null && categoryid != 0 && categoryid != c.categoryid;
        if (move && !categories.containsKey(toId(categoryid))) {
            throw new WsError("dml_missing_record_exception", "invalidrecord",
                    "Can't find data record in database table course_categories.");
        }
        if (fullname != null) {
            c.fullname = fullname;
        }
        if (shortname != null && !shortname.isEmpty()) {
            c.shortname = shortname;
        }
        if (idnumber != null) {
            c.idnumber = idnumber;
        }
        if (move) {
            c.categoryid = toId(categoryid);
        }
        String summary = optText(req, "summary", null);
        if (summary != null) {
            c.summary = summary;
        }
        Long visible = optInt(req, "visible");
        if (visible != null) {
            c.visible = visible != 0 ? 1 : 0;
        }
        Long startdate = optInt(req, "startdate");
        if (startdate != null) {
            c.startdate = startdate;
        }
        c.timemodified = nowSeconds();
    }

    // ------------------------------------------------------------------ download endpoint

    private void handleDownload(HttpExchange ex, Map<String, String> flat) throws IOException {
        record(DOWNLOAD, flat);
        if (failed(ex, DOWNLOAD)) {
            return;
        }
        String tok = flat.get("token");
        String fid = flat.get("filerecordid");
        if (tok == null) {
            sendDownloadError(ex, 200, "A required parameter (token) was missing", "missingparam");
            return;
        }
        if (fid == null) {
            sendDownloadError(ex, 200, "A required parameter (filerecordid) was missing", "missingparam");
            return;
        }
        String cleanToken = tok.replaceAll("[^A-Za-z0-9]", ""); // PARAM_ALPHANUM
        boolean validToken;
        Kind kind = null;
        StoredFile file = null;
        InputStream content = null;
        synchronized (lock) {
            validToken = !tokenRevoked && cleanToken.equals(token);
            if (validToken) {
                kind = overrideKind;
                if (kind != null && --overrideRemaining <= 0) {
                    overrideKind = null;
                }
                file = files.get(toId(phpIntCast(fid)));
                if (file != null && file.path != null) {
                    // Opened now: a later overwrite of the slot can't break a download already answered.
                    content = Files.newInputStream(file.path);
                }
            }
        }
        if (!validToken) {
            sendDownloadError(ex, 200, "Invalid token - token not found", "invalidtoken");
            return;
        }
        try {
            if (kind != null) {
                sendOverride(ex, kind, file, content);
            } else if (file == null) {
                sendEmpty(ex);
            } else {
                sendStoredFile(ex, file, content);
            }
        } finally {
            if (content != null) {
                content.close();
            }
        }
    }

    private void sendOverride(HttpExchange ex, Kind kind, StoredFile file, InputStream content) throws IOException {
        switch (kind) {
            case EMPTY_BODY -> sendEmpty(ex);
            case JSON_ERROR -> sendDownloadError(ex, 200, "Invalid token - token not found", "invalidtoken");
            case GARBAGE -> sendArchiveBytes(ex, SimulatedArchive.garbage());
            case NO_BACKUP_XML -> {
                CourseRec c;
                synchronized (lock) {
                    c = courses.get(file != null ? file.courseid : 2);
                    if (c == null) {
                        c = courses.values().stream().findFirst().orElse(null);
                    }
                }
                SimulatedArchive.CourseFacts facts = c != null ? facts(c)
                        : new SimulatedArchive.CourseFacts(0, "X", "X", "", "", 0, 0, "", 0, url());
                sendArchiveBytes(ex, SimulatedArchive.noBackupXmlArchive(facts));
            }
            case TRUNCATED -> {
                InputStream in = content;
                long size;
                if (in == null) {
                    byte[] b = SimulatedArchive.realArchive(SimulatedArchive.COURSE2_NO_USERDATA);
                    if (b == null) {
                        b = SimulatedArchive.garbage();
                    }
                    in = new java.io.ByteArrayInputStream(b);
                    size = b.length;
                } else {
                    size = file.size;
                }
                backupHeaders(ex, file != null ? file : pseudoBackup(size));
                ex.sendResponseHeaders(200, size);
                OutputStream os = ex.getResponseBody();
                copy(in, os, size / 2);
                os.flush();
                // Closing now (in handle()) with bytes missing makes the server drop the connection.
            }
            default -> sendEmpty(ex);
        }
    }

    private StoredFile pseudoBackup(long size) {
        StoredFile f = new StoredFile();
        f.size = size;
        f.sha1 = "0000000000000000000000000000000000000000";
        f.contentType = "application/vnd.moodle.backup";
        f.filename = "backup.mbz";
        f.acceptRanges = true;
        f.lastModified = nowSeconds();
        return f;
    }

    private void sendArchiveBytes(HttpExchange ex, byte[] bytes) throws IOException {
        StoredFile f = pseudoBackup(bytes.length);
        f.sha1 = SimulatedArchive.sha1Hex(bytes);
        backupHeaders(ex, f);
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    private void backupHeaders(HttpExchange ex, StoredFile f) {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Disposition", "inline; filename=\"" + f.filename + "\"");
        h.set("Cache-Control", "private, max-age=21600, no-transform");
        h.set("Expires", httpDate(nowSeconds() + 21600));
        h.set("Pragma", "");
        h.set("Last-Modified", httpDate(f.lastModified));
        h.set("Etag", "\"" + f.sha1 + "\"");
        h.set("Accept-Ranges", f.acceptRanges ? "bytes" : "none");
        h.set("Content-Type", f.contentType);
    }

    private void sendStoredFile(HttpExchange ex, StoredFile f, InputStream content) throws IOException {
        backupHeaders(ex, f);
        InputStream in = content != null ? content : new java.io.ByteArrayInputStream(f.inline);
        long start = 0;
        long end = f.size - 1;
        int status = 200;
        String range = ex.getRequestHeaders().getFirst("Range");
        if (f.acceptRanges && range != null && f.size > 0) {
            Matcher m = Pattern.compile("^bytes=(\\d*)-(\\d*)$").matcher(range.trim());
            if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                if (m.group(1).isEmpty()) {
                    start = Math.max(0, f.size - Long.parseLong(m.group(2)));
                } else {
                    start = Long.parseLong(m.group(1));
                    if (!m.group(2).isEmpty()) {
                        end = Math.min(end, Long.parseLong(m.group(2)));
                    }
                }
                if (start > end || start >= f.size) {
                    ex.getResponseHeaders().set("Content-Range", "bytes */" + f.size);
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                status = 206;
                ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + end + "/" + f.size);
            }
        }
        long length = end - start + 1;
        ex.sendResponseHeaders(status, length == 0 ? -1 : length);
        if (length == 0) {
            return;
        }
        in.skipNBytes(start);
        try (OutputStream os = ex.getResponseBody()) {
            copy(in, os, length);
        }
    }

    private static void copy(InputStream in, OutputStream os, long length) throws IOException {
        byte[] buf = new byte[BUFFER];
        long remaining = length;
        while (remaining > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
            if (n < 0) {
                throw new IOException("file shorter than announced");
            }
            os.write(buf, 0, n);
            remaining -= n;
        }
    }

    /** D1/D5: HTTP 200, Content-Length 0, application/json; charset=utf-8, no body. */
    private static void sendEmpty(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(200, -1);
    }

    /** D3/D6/D7-like JSON error of the download endpoint. */
    private static void sendDownloadError(HttpExchange ex, int status, String error, String errorcode)
            throws IOException {
        Headers h = ex.getResponseHeaders();
        h.add("Cache-Control", "no-store, no-cache, must-revalidate");
        h.add("Cache-Control", "post-check=0, pre-check=0");
        h.set("Pragma", "no-cache");
        h.set("Expires", "Mon, 20 Aug 1969 09:23:00 GMT");
        h.set("Last-Modified", httpDate(nowSeconds()));
        h.set("Accept-Ranges", "none");
        if (status == 404) {
            h.set("Access-Control-Allow-Origin", "*");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error);
        m.put("errorcode", errorcode);
        m.put("stacktrace", null);
        m.put("debuginfo", null);
        m.put("reproductionlink", null);
        sendBytes(ex, status, "application/json; charset=utf-8", WsProtocol.json(m).getBytes(StandardCharsets.UTF_8));
    }

    private static void sendBytes(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }

    private void sendHtmlError(HttpExchange ex, int status) throws IOException {
        String reason = switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
        String text = switch (status) {
            case 404 -> "<p>The requested URL was not found on this server.</p>\n";
            case 500 -> "<p>The server encountered an internal error or\nmisconfiguration and was unable to complete\n"
                    + "your request.</p>\n<p>Please contact the server administrator at \n webmaster@localhost to "
                    + "inform them of the time this error occurred,\n and the actions you performed just before "
                    + "this error.</p>\n<p>More information about this error may be available\nin the server error "
                    + "log.</p>\n";
            case 502 -> "<p>The proxy server received an invalid\nresponse from an upstream server.<br />\n</p>\n";
            case 503 -> "<p>The server is temporarily unable to service your\nrequest due to maintenance downtime "
                    + "or capacity\nproblems. Please try again later.</p>\n";
            case 504 -> "<p>The gateway did not receive a timely response\nfrom the upstream server or "
                    + "application.</p>\n";
            default -> "<p>" + reason + "</p>\n";
        };
        String html = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>" + status + " "
                + reason + "</title>\n</head><body>\n<h1>" + reason + "</h1>\n" + text
                + "<hr>\n<address>Apache/2.4.62 (Debian) Server at 127.0.0.1 Port " + port + "</address>\n"
                + "</body></html>\n";
        sendBytes(ex, status, "text/html; charset=iso-8859-1", html.getBytes(StandardCharsets.ISO_8859_1));
    }

    // ------------------------------------------------------------------ simulated restore (client)

    private void handleRestore(HttpExchange ex, Map<String, String> flat) throws IOException {
        record(RESTORE, flat);
        if (failed(ex, RESTORE)) {
            return;
        }
        Map<String, Object> answer;
        try {
            answer = restore(flat.get("file"), flat.get("categoryid"));
        } catch (WsError e) {
            answer = new LinkedHashMap<>();
            answer.put("stage", e.exception);
            answer.put("errorcode", e.errorcode);
            answer.put("message", e.getMessage());
        }
        sendBytes(ex, 200, "application/json", WsProtocol.json(answer).getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, Object> restore(String file, String categoryid) {
        Duration latency;
        long myEpoch;
        synchronized (lock) {
            latency = restoreLatency;
            myEpoch = epoch;
        }
        sleep(latency);
        if (file == null || file.isEmpty() || categoryid == null || categoryid.isEmpty()) {
            throw new WsError("precheck", "missingparam", "A required parameter (file, categoryid) was missing");
        }
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new WsError("precheck", "filenotfound", "Sorry, the requested file could not be found");
        }
        int cat = toId(phpIntCast(categoryid));
        synchronized (lock) {
            if (!categories.containsKey(cat)) {
                throw new WsError("precheck", "invalidcategoryid", "Category ID was incorrect");
            }
        }
        SimulatedArchive.Inspection info;
        try {
            info = SimulatedArchive.inspect(path);
        } catch (IOException e) {
            throw new WsError("restore", "generalexceptionmessage", "Error: " + e.getMessage());
        }
        synchronized (lock) {
            if (epoch != myEpoch) {
                throw new WsError("restore", "generalexceptionmessage", "Error: site was reset during the restore");
            }
            if (!categories.containsKey(cat)) {
                throw new WsError("restore", "generalexceptionmessage",
                        "Error: Can't find data record in database table course_categories.");
            }
            String[] names = newCourseNames("Restore as a new course", "New course");
            CourseRec c = new CourseRec();
            c.id = nextCourseId++;
            c.fullname = names[0];
            c.shortname = names[1];
            c.idnumber = "";
            c.summary = info.summary().isEmpty() ? "Summary of " + info.fullname() : info.summary();
            c.categoryid = cat;
            c.sortorder = 0;
            c.contextid = nextContextId;
            nextContextId += 6;
            c.startdate = info.startdate();
            long now = nowSeconds();
            c.timecreated = now;
            c.timemodified = now;
            c.cacherev = now;
            c.restoredFrom = new RestoredFrom(path.toAbsolutePath().toString(), info.originalCourseId(),
                    info.shortname(), info.fullname(), info.withUserData());
            courses.put(c.id, c);
            return obj("courseid", c.id);
        }
    }

    /** restore_dbops::calculate_course_names: " copy N" on the fullname and "_N" on the shortname. */
    private String[] newCourseNames(String fullname, String shortname) {
        for (int counter = 0; ; counter++) {
            String full = counter == 0 ? fullname : fullname + " copy " + counter;
            String suffix = counter == 0 ? "" : "_" + counter;
            String shortn = shortname.substring(0, Math.min(shortname.length(), 100 - suffix.length())) + suffix;
            boolean taken = courses.values().stream()
                    .anyMatch(c -> c.fullname.equals(full) || c.shortname.equals(shortn));
            if (!taken) {
                return new String[] {full, shortn};
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private User findUser(String username) {
        for (User u : users.values()) {
            if (u.username.equals(username)) {
                return u;
            }
        }
        return null;
    }

    private static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    private static String httpDate(long epochSeconds) {
        return HTTP_DATE.format(ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC));
    }

    private static void sleep(Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WsError("moodle_exception", "generalexceptionmessage", "Error: interrupted");
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(MoodleSimulator::deleteQuietly);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
