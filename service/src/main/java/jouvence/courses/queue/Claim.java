package jouvence.courses.queue;

import jouvence.courses.RestoreRequest;

/**
 * A worker's hold on a request: its id and the {@code version} the claim gave it, the fencing token every later write
 * of that worker carries. A sweep, a shutdown release or an admin change moves the version on, so the writes of a
 * worker that lost its claim change nothing, even when the same instance claimed the request again since.
 */
public record Claim(long id, long version) {

    public static Claim of(RestoreRequest claimed) {
        return new Claim(claimed.id(), claimed.version());
    }
}
