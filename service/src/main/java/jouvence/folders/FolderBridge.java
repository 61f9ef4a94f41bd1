package jouvence.folders;

import jouvence.folders.moodle.CollaborativeFolderActivities;
import jouvence.folders.moodle.CollaborativeFolderActivities.Activity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The plugin's existing activities as folder sets ({@code jouvence.folders.bridge.enabled}): each live
 * {@code mod_collaborativefolders} instance of the new Moodle gets one set, keyed by its cmid and named as the plugin
 * names its folders, so the plugin's page and Jouvence share one tree. An activity edited in Moodle updates its set; a
 * deleted one (or one being deleted) stops being managed, its folders and shares left as they are. A set an admin
 * stopped is never taken back. Moodle's tables are only read; a read that fails changes nothing.
 */
public final class FolderBridge {

    private static final Logger LOG = LoggerFactory.getLogger(FolderBridge.class);
    static final String BY = "bridge";

    /** What one run did, by cmid. */
    public record Run(List<Long> created, List<Long> updated, List<Long> stopped, List<String> refused) {
        @Override
        public String toString() {
            return "created " + created + ", updated " + updated + ", stopped " + stopped + ", refused " + refused;
        }
    }

    private final CollaborativeFolderActivities activities;
    private final FolderSetService service;

    public FolderBridge(CollaborativeFolderActivities activities, FolderSetService service) {
        this.activities = activities;
        this.service = service;
    }

    /** Reads every activity and brings the bridge's sets to them. */
    public Run run() throws SQLException {
        Run run = apply(activities.all());
        if (!run.created().isEmpty() || !run.updated().isEmpty() || !run.stopped().isEmpty() || !run.refused().isEmpty()) {
            LOG.info("collaborative folders' activities: {}", run);
        }
        return run;
    }

    /** Brings the bridge's sets to these activities (every live one of the site). */
    public Run apply(List<Activity> live) {
        List<Long> created = new ArrayList<>();
        List<Long> updated = new ArrayList<>();
        List<Long> stopped = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        Set<Long> cmids = new HashSet<>();
        for (Activity a : live) {
            cmids.add(a.cmid());
            NewFolderSet wanted = wanted(a);
            try {
                Optional<FolderSet> existing = service.findByCmid(a.cmid());
                if (existing.isEmpty()) {
                    service.createFromActivity(wanted);
                    created.add(a.cmid());
                } else if (existing.get().managed()) {
                    String change = change(existing.get(), wanted);
                    if (change != null && service.updateFromActivity(existing.get().id(), wanted, change).isPresent()) {
                        updated.add(a.cmid());
                    }
                }
            } catch (DuplicateFolderSetException e) {
                continue; // another replica made it first
            } catch (RuntimeException e) {
                refused.add(a.cmid() + ": " + e.getMessage());
            }
        }
        for (FolderSet s : service.managedFromBridge()) {
            if (!cmids.contains(s.cmid())) {
                service.stopManaging(s.id(), BY + " (activity " + s.cmid() + " was deleted in Moodle)");
                stopped.add(s.cmid());
            }
        }
        return new Run(created, updated, stopped, refused);
    }

    /** The set an activity stands for, as the plugin sees it. */
    static NewFolderSet wanted(Activity a) {
        return new NewFolderSet(a.courseId(), a.cmid(), a.name(), a.grouped() ? GroupMode.GROUPS : GroupMode.NONE,
                a.grouped() && a.groupingId() > 0 ? a.groupingId() : null, a.teacher(), "bridge", BY);
    }

    /** What differs between a set and its activity, in words; null when nothing does. */
    static String change(FolderSet s, NewFolderSet w) {
        List<String> changes = new ArrayList<>();
        if (s.courseId() != w.courseId()) {
            changes.add("course " + s.courseId() + " → " + w.courseId());
        }
        if (!s.name().equals(w.name())) {
            changes.add("name '" + s.name() + "' → '" + w.name() + "'");
        }
        if (s.groupMode() != w.groupMode()) {
            changes.add("group mode " + s.groupMode().word() + " → " + w.groupMode().word());
        }
        if (!Objects.equals(s.groupingId(), w.groupingId())) {
            changes.add("grouping " + s.groupingId() + " → " + w.groupingId());
        }
        if (s.teacherAccess() != w.teacherAccess()) {
            changes.add("teachers' access " + s.teacherAccess() + " → " + w.teacherAccess());
        }
        return changes.isEmpty() ? null : String.join(", ", changes);
    }
}
