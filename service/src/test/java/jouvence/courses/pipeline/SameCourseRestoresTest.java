package jouvence.courses.pipeline;

import jouvence.courses.restore.RestoreDriver;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SameCourseRestoresTest {

    private final SameCourseRestores restores = new SameCourseRestores();

    @Test
    void two_restores_of_one_course_take_turns() throws Exception {
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicInteger inside = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<RestoreDriver.Result> first = pool.submit(() -> restores.oneAtATime("old", 2, () -> {
                inside.incrementAndGet();
                firstInside.countDown();
                await(releaseFirst);
                inside.decrementAndGet();
                return result(10);
            }));
            assertTrue(firstInside.await(5, TimeUnit.SECONDS));
            CountDownLatch secondInside = new CountDownLatch(1);
            Future<RestoreDriver.Result> second = pool.submit(() -> restores.oneAtATime("old", 2, () -> {
                assertEquals(0, inside.get(), "the first restore of the course is over");
                secondInside.countDown();
                return result(11);
            }));
            assertFalse(secondInside.await(300, TimeUnit.MILLISECONDS), "the second waits while the first runs");
            releaseFirst.countDown();
            assertEquals(10, first.get(5, TimeUnit.SECONDS).courseId());
            assertEquals(11, second.get(5, TimeUnit.SECONDS).courseId());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void restores_of_other_courses_do_not_wait_for_it() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<RestoreDriver.Result> held = pool.submit(() -> restores.oneAtATime("old", 2, () -> {
                await(release);
                return result(10);
            }));
            // a course on another stripe than course 2 of "old"
            long other = 3;
            while (Math.floorMod(("old:" + other).hashCode(), 64) == Math.floorMod("old:2".hashCode(), 64)) {
                other++;
            }
            assertEquals(12, restores.oneAtATime("old", other, () -> result(12)).courseId(), "not blocked");
            release.countDown();
            assertEquals(10, held.get(5, TimeUnit.SECONDS).courseId());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static RestoreDriver.Result result(long courseId) {
        return new RestoreDriver.Result(0, courseId, Duration.ZERO, List.of(), List.of(), null);
    }
}
