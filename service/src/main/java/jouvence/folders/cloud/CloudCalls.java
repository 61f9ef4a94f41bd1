package jouvence.folders.cloud;

import jouvence.folders.cloud.CloudFault.Reason;
import jouvence.folders.cloud.CloudTransport.Answer;
import jouvence.folders.cloud.CloudTransport.Request;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;

/**
 * Every call to the cloud goes through here: the credentials added, the answers every operation reads alike
 * classified (no answer, a time-out, 5xx but 507, 408 and 429 → transient; the system account's 401 → the cloud down for us, after
 * one retry when an OAuth access token could be refreshed; a redirect → a wrong jouvence.folders.cloud.url). What
 * is left (2xx, 4xx) is the operation's to read.
 */
final class CloudCalls {

    private final CloudTransport http;
    private final SystemAuth auth;

    CloudCalls(CloudTransport http, SystemAuth auth) {
        this.http = http;
        this.auth = auth;
    }

    String systemUser() {
        return auth.userId();
    }

    String baseUrl() {
        return http.baseUrl();
    }

    /** As the system account; {@code what} names the call in messages ("MKCOL Moodle/Course (id 3)"). */
    Answer asSystem(Request r, String what) throws CloudFault {
        String used = auth.authorization();
        Answer a = send(r.auth(used), what);
        if (a.status() == 401 && auth.refused(used)) {
            a = send(r.auth(auth.authorization()), what);
        }
        if (a.status() == 401) {
            throw new CloudFault(Reason.CREDENTIALS, 401, what + ": the cloud refused the system account's "
                    + "credentials (HTTP 401" + ocsSuffix(a) + ") — " + auth + ": check it in jouvence.folders.cloud.*",
                    Messages.of(a));
        }
        return a;
    }

    /**
     * As a participant, with their bearer token: a 401 is theirs (authorisation expired or revoked) and is left to the
     * caller, never read as the cloud being down.
     */
    Answer asParticipant(Request r, String accessToken, String what) throws CloudFault {
        return send(r.auth("Bearer " + accessToken), what);
    }

    /** Without credentials of a user (the OAuth token endpoint authenticates the client itself). */
    Answer send(Request r, String what) throws CloudFault {
        Answer a;
        try {
            a = http.send(r);
        } catch (IOException e) {
            throw io(e, what);
        }
        // 507 is WebDAV's quota (an item's error, read by the operation), not a server failure
        if (a.status() >= 500 && a.status() != 507 || a.status() == 429 || a.status() == 408) {
            throw new CloudFault(Reason.SERVER_ERROR, a.status(), what + ": the cloud answered HTTP " + a.status()
                    + " (" + Messages.of(a) + "); will try again later", Messages.of(a));
        }
        if (a.status() >= 300 && a.status() < 400) {
            throw new CloudFault(Reason.MISCONFIGURED, a.status(), what + ": the cloud redirected the call (HTTP "
                    + a.status() + "): jouvence.folders.cloud.url must be the cloud's own address (https, host, "
                    + "sub-folder)", "");
        }
        return a;
    }

    static CloudFault io(IOException e, String what) {
        if (e instanceof CloudTransport.AnswerTooLarge) {
            return new CloudFault(Reason.BAD_ANSWER, 0, what + ": " + e.getMessage(), "", e);
        }
        if (e instanceof InterruptedIOException) {
            return new CloudFault(Reason.TIMEOUT, 0, what + ": the cloud did not answer in time ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", "", e);
        }
        String why = e instanceof ConnectException || e instanceof UnknownHostException ? "the cloud is unreachable"
                : "the call failed";
        return new CloudFault(Reason.UNREACHABLE, 0, what + ": " + why + " (" + e.getClass().getSimpleName() + ": "
                + e.getMessage() + ")", "", e);
    }

    private static String ocsSuffix(Answer a) {
        Integer code = Ocs.statusCode(a);
        return code == null ? "" : ", OCS " + code;
    }
}
