package jouvence.folders.cloud;

/**
 * A share made or found: {@code adopted} when the cloud said it already existed and it was looked up (doc §6.11);
 * {@link #clamped()} when the cloud granted other permissions than those asked (doc §6.13).
 */
public record ShareResult(Share share, boolean adopted, int askedPermissions) {

    public boolean clamped() {
        return share.permissions() != askedPermissions;
    }
}
