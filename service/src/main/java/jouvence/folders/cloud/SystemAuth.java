package jouvence.folders.cloud;

/**
 * How the system account (the owner of every folder and share) proves who it is: an app password over HTTP Basic
 * ({@link #appPassword}) or an OAuth 2 access token kept fresh from a refresh token ({@link RefreshTokenAuth}).
 */
public interface SystemAuth {

    /** The system account's user id (its files are at {@code /remote.php/dav/files/{id}/}). */
    String userId();

    /** The {@code Authorization} header's value for the next call. */
    String authorization() throws CloudFault;

    /**
     * The cloud answered 401 to a call made with {@code used}: true when another authorization may work (an access
     * token that expired early, now refreshed), false when the credentials are refused.
     */
    boolean refused(String used) throws CloudFault;

    static SystemAuth appPassword(String user, String appPassword) {
        String header = "Basic " + jouvence.folders.FoldersConfig.basic(user, appPassword);
        return new SystemAuth() {
            @Override
            public String userId() {
                return user;
            }

            @Override
            public String authorization() {
                return header;
            }

            @Override
            public boolean refused(String used) {
                return false;
            }

            @Override
            public String toString() {
                return "app password of " + user;
            }
        };
    }
}
