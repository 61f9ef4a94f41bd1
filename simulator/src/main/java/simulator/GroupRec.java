package simulator;

import java.util.TreeSet;

/** A group or a grouping of a course, as a simulated site stores it (guarded by the {@link SiteState} monitor). */
final class GroupRec {
    final int id;
    final int courseid;
    String name;
    final String idnumber;
    /** Group: member user ids. Grouping: group ids. Both sorted by id. */
    final TreeSet<Integer> ids = new TreeSet<>();

    GroupRec(int id, int courseid, String name, String idnumber) {
        this.id = id;
        this.courseid = courseid;
        this.name = name;
        this.idnumber = idnumber;
    }
}
