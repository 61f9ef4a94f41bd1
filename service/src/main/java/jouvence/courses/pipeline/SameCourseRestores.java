package jouvence.courses.pipeline;

import jouvence.courses.restore.RestoreDriver;
import jouvence.courses.restore.RestoreFailedException;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Restores of one remote course run one after the other on this replica: a request and the twins that took its archive
 * ({@link ArchiveSharing}), or two requesters' copies of one course. Moodle's restores of the same course side by side
 * race: on the users a restore with user data creates (mdl_user's unique index: "Error writing to database", seen on
 * the lab with two copies of a course with its users) and on the short name's "_N" (a check, then a write). Striped
 * locks: a bounded set, where two unrelated courses meet now and then and simply take turns.
 */
final class SameCourseRestores {

    interface Restore {
        RestoreDriver.Result run() throws RestoreFailedException;
    }

    private final ReentrantLock[] stripes = new ReentrantLock[64];

    SameCourseRestores() {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    RestoreDriver.Result oneAtATime(String serverId, long remoteCourseId, Restore restore) throws RestoreFailedException {
        ReentrantLock lock = stripes[Math.floorMod((serverId + ':' + remoteCourseId).hashCode(), stripes.length)];
        lock.lock();
        try {
            return restore.run();
        } finally {
            lock.unlock();
        }
    }
}
