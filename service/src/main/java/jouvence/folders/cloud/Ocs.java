package jouvence.folders.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jouvence.folders.cloud.CloudFault.Reason;
import jouvence.folders.cloud.CloudTransport.Answer;
import jouvence.folders.cloud.CloudTransport.Request;

import java.io.IOException;

/**
 * The OCS API's envelope, doc §4.2, asked in JSON ({@code format=json}): {@code ocs.meta.statuscode} decides, whatever
 * the HTTP status, because v1 answers HTTP 200 for everything but 401 (success 100) and v2 mirrors its statuses
 * (success 200). Every call carries {@code OCS-APIRequest: true}, required with Basic auth.
 */
final class Ocs {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A parsed envelope: statuscode, message, data. */
    record Reply(int statusCode, String message, JsonNode data) {
        boolean ok() {
            return statusCode == 100 || statusCode == 200;
        }
    }

    private final CloudCalls calls;
    private final String prefix;

    /** @param version 1 or 2 (jouvence.folders.cloud.ocs-version) */
    Ocs(CloudCalls calls, int version) {
        this.calls = calls;
        this.prefix = "/ocs/v" + version + ".php/";
    }

    /** A request to an OCS route ("apps/files_sharing/api/v1/shares"), with {@code format=json} and the headers. */
    Request request(String method, String route, String query) {
        return Request.of(method, prefix + route + "?format=json" + (query == null || query.isEmpty() ? "" : "&" + query))
                .header("OCS-APIRequest", "true").header("Accept", "application/json");
    }

    /** Sends as the system account and parses the envelope (transient and credential faults thrown). */
    Reply asSystem(Request r, String what) throws CloudFault {
        return parse(calls.asSystem(r, what), what);
    }

    static Reply parse(Answer a, String what) throws CloudFault {
        if (a.status() == 412 && !a.text().contains("\"ocs\"")) {
            throw new CloudFault(Reason.MISCONFIGURED, 412, what + ": the cloud refused the OCS call (" + Messages.of(a)
                    + ")", Messages.of(a));
        }
        JsonNode root;
        try {
            root = JSON.readTree(a.body());
        } catch (IOException e) {
            root = null;
        }
        JsonNode meta = root == null ? null : root.at("/ocs/meta");
        if (meta == null || meta.isMissingNode() || !meta.path("statuscode").canConvertToInt()) {
            throw new CloudFault(Reason.BAD_ANSWER, a.status(), what + ": the cloud's answer (HTTP " + a.status()
                    + ", " + a.contentType() + ") is not an OCS answer: " + Messages.of(a), Messages.of(a));
        }
        JsonNode data = root.at("/ocs/data");
        return new Reply(meta.path("statuscode").asInt(), meta.path("message").asText(""), data);
    }

    /** The OCS statuscode of an answer, or null when it is not an OCS answer. */
    static Integer statusCode(Answer a) {
        if (!a.json()) {
            return null;
        }
        try {
            JsonNode code = JSON.readTree(a.body()).at("/ocs/meta/statuscode");
            return code.canConvertToInt() ? code.asInt() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
