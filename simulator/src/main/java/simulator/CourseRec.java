package simulator;

import simulator.MoodleSimulator.Course;
import simulator.MoodleSimulator.RestoredFrom;

/** A course as a simulated site stores it (mutable, guarded by the {@link SiteState} monitor). */
final class CourseRec {
    static final long DEFAULT_STARTDATE = 1795219200L;

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
