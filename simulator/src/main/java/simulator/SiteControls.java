package simulator;

import java.time.Duration;
import java.util.List;

import simulator.MoodleSimulator.Account;
import simulator.MoodleSimulator.Kind;
import simulator.MoodleSimulator.Login;
import simulator.MoodleSimulator.Role;

/**
 * A simulated site's data and the test controls on it: latencies, sizes, injected failures, token and service,
 * accounts of login/token.php, users, courses and categories. {@link MoodleSimulator} extends it and adds the HTTP
 * server and the endpoints; these public methods are part of its API.
 */
abstract class SiteControls {

    final SiteState site;
    final Faults faults;
    final LoginService logins;
    final SiteData data;
    private final SiteConfig config;

    SiteControls(Role role, String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("token is required");
        }
        site = new SiteState(role, token);
        faults = new Faults(site);
        logins = new LoginService(site);
        data = new SiteData(site);
        config = new SiteConfig(site);
    }

    // ------------------------------------------------------------------ test hooks: latency, sizes, failures

    /** Time every get_courses_zip call spends "backing up" before answering. */
    public void backupLatency(Duration latency) {
        faults.backupLatency(latency);
    }

    /** Time every simulated restore spends before answering. */
    public void restoreLatency(Duration latency) {
        faults.restoreLatency(latency);
    }

    /**
     * Size of {@code files/padding.bin} in synthetic archives (incompressible bytes, written to disk). By default
     * course 6 (OLD-BIG401) has 8 MiB and the others none.
     */
    public void paddingBytes(long bytes) {
        faults.paddingBytes(bytes);
    }

    /** Forces synthetic archives even for course 2 without / course 3 with user data (the real archives). */
    public void useSyntheticArchives(boolean synthetic) {
        faults.useSyntheticArchives(synthetic);
    }

    /**
     * The next {@code n} calls of {@code wsfunction} (or {@link MoodleSimulator#DOWNLOAD},
     * {@link MoodleSimulator#RESTORE}) get HTTP {@code httpStatus} with an Apache-like HTML error page; the call is
     * recorded but not processed.
     */
    public void failNextCalls(String wsfunction, int n, int httpStatus) {
        faults.failNextCalls(wsfunction, n, httpStatus);
    }

    /**
     * Every following download's body is sent {@code bytes} at a time, each followed by a pause of {@code pause}, as a
     * slow or congested server would (null pause: at full speed again).
     */
    public void dripDownloads(int bytes, Duration pause) {
        faults.drip(bytes, pause);
    }

    /** Pauses the dripping downloads have made since the last reset. */
    public long dripPauses() {
        return faults.dripPauses();
    }

    /** Every following download (valid token and parameters) answers {@code kind} until cleared with null. */
    public void archiveOverride(Kind kind) {
        archiveOverride(kind, Integer.MAX_VALUE);
    }

    /** The next {@code times} downloads (valid token and parameters) answer {@code kind}. */
    public void archiveOverride(Kind kind, int times) {
        faults.archiveOverride(kind, times);
    }

    /** Every following get_courses_zip answers this filerecordid without backing up (null clears). */
    public void filerecordidOverride(Integer filerecordid) {
        filerecordidOverride(filerecordid, Integer.MAX_VALUE);
    }

    /** The next {@code times} get_courses_zip calls answer this filerecordid without backing up. */
    public void filerecordidOverride(Integer filerecordid, int times) {
        faults.filerecordidOverride(filerecordid, times);
    }

    /** Makes the configured token unknown (invalidtoken) until {@link #token(String)} is called. */
    public void revokeToken() {
        config.revokeToken();
    }

    /** Sets the valid token (and un-revokes). */
    public void token(String newToken) {
        config.token(newToken);
    }

    public String token() {
        return config.token();
    }

    /** Removes a function from this site's service: calls get accessexception and site_info no longer lists it. */
    public void removeFunction(String wsfunction) {
        config.removeFunction(wsfunction);
    }

    /** Puts back a function of this site's original service (appended at the end of site_info's list). */
    public void addFunction(String wsfunction) {
        config.addFunction(wsfunction);
    }

    /** Renames the site (site_info's sitename; null: the transcript's name back). */
    public void siteName(String name) {
        config.siteName(name);
    }

    // ------------------------------------------------------------------ test hooks: login/token.php

    /**
     * Sets a user's password for login/token.php (null: the user can no longer log in). Defaults: admin/Admin1!,
     * teacher1/Teacher1!, teacher2/Teacher2!, student1/Student1!. Changing a password keeps issued tokens valid, as
     * Moodle does for web-service tokens.
     */
    public void password(String username, String password) {
        logins.password(username, password);
    }

    /** Makes a user a site admin (userissiteadmin true in site_info called with that user's token) or not. */
    public void siteAdmin(String username, boolean admin) {
        logins.siteAdmin(username, admin);
    }

    /** Enables or disables the moodle_mobile_app service (disabled: token.php answers servicenotavailable). */
    public void mobileService(boolean enabled) {
        logins.mobileService(enabled);
    }

    /** Deletes every token issued by token.php (calls with them then answer invalidtoken). */
    public void revokeUserTokens() {
        logins.revokeUserTokens();
    }

    /**
     * Time every login/token.php call spends checking the password before it answers (a real Moodle hashes it: tens
     * to hundreds of milliseconds), outside the site's lock so that parallel logins overlap. Reset to none.
     */
    public void loginLatency(Duration latency) {
        logins.latency(latency);
    }

    /** The accounts that can log in through login/token.php now, by username (the demo prints them). */
    public List<Account> accounts() {
        return logins.accounts();
    }

    /** The token login/token.php issued to {@code username} (null when none): tests look for it where it must not be. */
    public String issuedToken(String username) {
        return logins.issuedTo(username);
    }

    /** Every call of login/token.php, in order. */
    public List<Login> logins() {
        return logins.logins();
    }

    // ------------------------------------------------------------------ test hooks: data

    /** Adds a user (email {@code username@example.invalid}); returns its id. */
    public int addUser(String username, String firstname, String lastname) {
        return data.addUser(username, firstname, lastname);
    }

    public Integer userId(String username) {
        return data.userId(username);
    }

    /**
     * Adds (or replaces) a course; the teachers get the editingteacher role in it (server: role assignment, the
     * owner check of get_courses/get_courses_zip; client: manual enrolment, shown as contacts).
     */
    public void addCourse(int id, String shortname, String fullname, int categoryid, String... teacherUsernames) {
        data.addCourse(id, shortname, fullname, categoryid, teacherUsernames);
    }

    /** Deletes a course (and its role assignments/enrolments). */
    public void deleteCourse(int id) {
        data.deleteCourse(id);
    }

    /** Gives a user the editingteacher role in a course. */
    public void addTeacher(int courseId, String username) {
        data.addTeacher(courseId, username);
    }

    /** Takes the editingteacher role in a course away from a user (e.g. "no longer teaches it"). */
    public void removeTeacher(int courseId, String username) {
        data.removeTeacher(courseId, username);
    }

    public void addCategory(int id, String name, String idnumber) {
        data.addCategory(id, name, idnumber);
    }

    public void deleteCategory(int id) {
        data.deleteCategory(id);
    }

    /** Server setting restorecourseinoriginalcategory (categoryidentifier = category idnumber when on). */
    public void setRestoreCourseInOriginalCategory(boolean on) {
        data.restoreCourseInOriginalCategory(on);
    }
}
