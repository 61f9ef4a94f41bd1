package jouvence.userdata.moodle;

/** An import that can never succeed as it is: a user missing on either side, an auth mismatch. Said in words. */
public class UserDataException extends Exception {
    private final String code;

    public UserDataException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
