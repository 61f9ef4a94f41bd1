package simulator;

import static simulator.PhpJson.obj;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The course server's block_my_external_backup_restore_courses_get_courses_zip (S6-S12): backs a course up to disk
 * (the real archives for course 2 without and course 3 with user data, synthetic ones otherwise) and files it where
 * the plugin does. Backups without user data share one slot, so each replaces the previous one; a backup with user
 * data replaces that course's previous one. Counts the backups running at once.
 */
final class BackupService {

    private final SiteState site;
    private final Faults faults;
    private final CourseServerService courses;
    private final WorkDir workDir;
    private final SiteAddress address;
    private int sharedSlotInFlight;
    private int maxSharedSlotInFlight;
    private int backupsInFlight;
    private int maxBackupsInFlight;

    BackupService(SiteState site, Faults faults, CourseServerService courses, WorkDir workDir, SiteAddress address) {
        this.site = site;
        this.faults = faults;
        this.courses = courses;
        this.workDir = workDir;
        this.address = address;
    }

    /** Forgets the counts (caller holds the site's monitor). */
    void clear() {
        sharedSlotInFlight = 0;
        maxSharedSlotInFlight = 0;
        backupsInFlight = 0;
        maxBackupsInFlight = 0;
    }

    int maxConcurrentSharedSlotBackups() {
        synchronized (site) {
            return maxSharedSlotInFlight;
        }
    }

    int maxConcurrentBackups() {
        synchronized (site) {
            return maxBackupsInFlight;
        }
    }

    Object getCoursesZip(Map<String, Object> p) {
        Params.allowOnly(p, "username", "courseid", "withuserdatas");
        String username = Params.reqText(p, "username");
        int courseid = Params.toId(Params.reqInt(p, "courseid"));
        boolean userdata = Params.optBool(p, "withuserdatas", false);
        CourseRec course;
        long myEpoch;
        Duration latency;
        long padding;
        boolean synthetic;
        Integer overriddenId;
        synchronized (site) {
            if (!username.isEmpty() && !username.equals("0")) { // PHP empty()
                User u = site.findUser(username);
                if (u == null) {
                    throw CourseServerService.invalidUsername();
                }
                if (courses.ownedCourses(u).stream().noneMatch(c -> c.id == courseid)) {
                    throw new WsError("Exception", null, "[[notcourseowner]]");
                }
            }
            course = site.courses.get(courseid);
            if (course == null) {
                throw courseNotExists();
            }
            overriddenId = faults.takeFilerecordidOverride();
            myEpoch = site.epoch;
            latency = faults.backupLatency();
            padding = faults.padding(course);
            synthetic = faults.syntheticAlways();
            backupsInFlight++;
            maxBackupsInFlight = Math.max(maxBackupsInFlight, backupsInFlight);
            if (!userdata) {
                sharedSlotInFlight++;
                maxSharedSlotInFlight = Math.max(maxSharedSlotInFlight, sharedSlotInFlight);
            }
        }
        try {
            Times.sleep(latency);
            if (overriddenId != null) {
                return obj("filename", "", "filerecordid", overriddenId);
            }
            return obj("filename", "", "filerecordid", backup(course, userdata, synthetic, padding, myEpoch));
        } finally {
            synchronized (site) {
                if (site.epoch == myEpoch) {
                    backupsInFlight--;
                    if (!userdata) {
                        sharedSlotInFlight--;
                    }
                }
            }
        }
    }

    private static WsError courseNotExists() {
        return new WsError("backup_controller_exception", "backup_check_course_not_exists",
                "error/backup_check_course_not_exists");
    }

    /** Writes the archive, files it and returns its filerecordid. */
    private int backup(CourseRec course, boolean userdata, boolean synthetic, long padding, long myEpoch) {
        int courseid = course.id;
        Path target = workDir.resolve("backup-" + courseid + (userdata ? "-users-" : "-nu-") + UUID.randomUUID()
                + ".mbz");
        try {
            byte[] real = null;
            if (!synthetic && courseid == 2 && !userdata) {
                real = SimulatedArchive.realArchive(SimulatedArchive.COURSE2_NO_USERDATA);
            } else if (!synthetic && courseid == 3 && userdata) {
                real = SimulatedArchive.realArchive(SimulatedArchive.COURSE3_WITH_USERDATA);
            }
            SimulatedArchive.Written w;
            try {
                w = real != null ? SimulatedArchive.writeBytes(real, target) : SyntheticArchive.write(
                        target, site.facts(course, address.url()), userdata, padding, true);
            } catch (IOException e) {
                throw new WsError("moodle_exception", "backupfailed", "Backup failed: " + e.getMessage());
            }
            List<Path> obsolete = new ArrayList<>();
            int id;
            synchronized (site) {
                if (site.epoch != myEpoch) {
                    throw courseNotExists();
                }
                id = file(courseid, userdata, obsolete);
                StoredFile f = new StoredFile();
                f.id = id;
                f.path = target;
                f.size = w.size();
                f.sha1 = w.sha1();
                f.contentType = "application/vnd.moodle.backup";
                f.filename = "backup.mbz";
                f.acceptRanges = true;
                f.lastModified = Times.nowSeconds();
                f.courseid = courseid;
                f.withUserData = userdata;
                f.backup = true;
                site.files.put(id, f);
                site.backupHistory.add(f);
                target = null; // kept
            }
            obsolete.forEach(WorkDir::deleteQuietly);
            return id;
        } finally {
            if (target != null) {
                WorkDir.deleteQuietly(target);
            }
        }
    }

    /** A new file id in the right slot; the file it replaces is retired (caller holds the site's monitor). */
    private int file(int courseid, boolean userdata, List<Path> obsolete) {
        int id;
        if (userdata) {
            if (site.courseBackupAreas.add(courseid)) {
                site.nextFileId++; // the area's "." directory record
            }
            id = site.nextFileId++;
            Integer previous = site.courseSlots.put(courseid, id);
            if (previous != null) {
                retire(previous, obsolete);
            }
        } else {
            id = site.nextFileId++;
            if (site.sharedSlot != null) {
                retire(site.sharedSlot, obsolete);
            }
            site.sharedSlot = id;
        }
        return id;
    }

    private void retire(int fileId, List<Path> obsolete) {
        StoredFile old = site.files.remove(fileId);
        if (old != null) {
            old.available = false;
            if (old.path != null) {
                obsolete.add(old.path);
            }
        }
    }
}
