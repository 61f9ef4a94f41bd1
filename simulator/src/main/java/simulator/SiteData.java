package simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import simulator.MoodleSimulator.Backup;
import simulator.MoodleSimulator.Course;
import simulator.MoodleSimulator.Enrolment;
import simulator.MoodleSimulator.Role;

/** Test hooks that change a site's users, courses and categories, and the views tests read its data through. */
final class SiteData {

    private final SiteState site;

    SiteData(SiteState site) {
        this.site = site;
    }

    int addUser(String username, String firstname, String lastname) {
        synchronized (site) {
            if (site.findUser(username) != null) {
                throw new IllegalArgumentException("user exists: " + username);
            }
            int id = site.nextUserId++;
            site.putUser(id, username, firstname, lastname);
            return id;
        }
    }

    Integer userId(String username) {
        synchronized (site) {
            User u = site.findUser(username);
            return u == null ? null : u.id;
        }
    }

    void addCourse(int id, String shortname, String fullname, int categoryid, String... teacherUsernames) {
        synchronized (site) {
            List<Integer> teacherIds = new ArrayList<>();
            for (String t : teacherUsernames) {
                User u = site.findUser(t);
                if (u == null) {
                    throw new IllegalArgumentException("no such user: " + t);
                }
                teacherIds.add(u.id);
            }
            boolean server = site.role == Role.COURSE_SERVER;
            CourseRec c = new CourseRec();
            c.id = id;
            c.shortname = shortname;
            c.fullname = fullname;
            c.idnumber = server ? shortname : "";
            c.summary = "Summary of " + fullname;
            c.categoryid = categoryid;
            c.sortorder = server
                    ? site.courses.values().stream().mapToInt(x -> x.sortorder).max().orElse(20000) + 1 : 0;
            c.contextid = site.newContextId();
            long now = Times.nowSeconds();
            c.timecreated = now;
            c.timemodified = now;
            c.cacherev = now;
            site.courses.put(id, c);
            site.nextCourseId = Math.max(site.nextCourseId, id + 1);
            for (int uid : teacherIds) {
                site.enrolments.add(new Enrolment(id, uid, SiteState.ROLE_EDITINGTEACHER));
            }
        }
    }

    void deleteCourse(int id) {
        synchronized (site) {
            site.courses.remove(id);
            site.enrolments.removeIf(e -> e.courseid() == id);
        }
    }

    void addTeacher(int courseId, String username) {
        synchronized (site) {
            User u = site.findUser(username);
            if (u == null || !site.courses.containsKey(courseId)) {
                throw new IllegalArgumentException("no such user or course");
            }
            site.enrolments.add(new Enrolment(courseId, u.id, SiteState.ROLE_EDITINGTEACHER));
        }
    }

    void removeTeacher(int courseId, String username) {
        synchronized (site) {
            User u = site.findUser(username);
            if (u != null) {
                site.enrolments.remove(new Enrolment(courseId, u.id, SiteState.ROLE_EDITINGTEACHER));
            }
        }
    }

    void addCategory(int id, String name, String idnumber) {
        synchronized (site) {
            int sortorder = site.categories.values().stream().mapToInt(c -> c.sortorder).max().orElse(0) + 10000;
            site.putCategory(id, name, idnumber, 0, sortorder, Times.nowSeconds());
        }
    }

    void deleteCategory(int id) {
        synchronized (site) {
            site.categories.remove(id);
        }
    }

    void restoreCourseInOriginalCategory(boolean on) {
        synchronized (site) {
            site.restoreInOriginalCategory = on;
        }
    }

    List<Course> courses() {
        synchronized (site) {
            return site.courses.values().stream().sorted(Comparator.comparingInt(c -> c.id))
                    .map(CourseRec::view).toList();
        }
    }

    Course course(int id) {
        synchronized (site) {
            CourseRec c = site.courses.get(id);
            return c == null ? null : c.view();
        }
    }

    List<Enrolment> enrolments() {
        synchronized (site) {
            return List.copyOf(site.enrolments);
        }
    }

    List<Backup> backups() {
        synchronized (site) {
            return site.backupHistory.stream()
                    .map(f -> new Backup(f.id, f.courseid, f.withUserData, f.size, f.sha1, f.available)).toList();
        }
    }
}
