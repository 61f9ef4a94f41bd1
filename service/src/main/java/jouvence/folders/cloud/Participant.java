package jouvence.folders.cloud;

/**
 * A participant acting in their own cloud space (the rename of their share's mount, doc §2.5): their cloud user id and
 * the access token of their OAuth authorisation, kept only in their server-side session. {@link #toString()} shows
 * no token.
 */
public record Participant(String userId, String accessToken) {

    public Participant {
        if (userId == null || userId.isBlank() || accessToken == null || accessToken.isBlank()) {
            throw new IllegalArgumentException("a participant needs a cloud user id and an access token");
        }
    }

    @Override
    public String toString() {
        return "Participant[" + userId + "]";
    }
}
