package simulator.cloud;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The OCS API under {@code /ocs/v1.php/} and {@code /ocs/v2.php/}: the share API ({@link ShareApi}), the sharees search
 * and {@code cloud/user}. Calls with Basic auth must carry {@code OCS-APIRequest: true} (doc §4.2; bearer calls are
 * exempt, which is why Moodle's client works without it): Nextcloud's security middleware answers 412
 * {@code {"message":"CSRF check failed"}}; ownCloud 10 answers 401 with statuscode 997 (owncloud/cdperf#28).
 */
final class OcsEndpoint implements CloudHttp.Endpoint {

    private static final String SHARES = "apps/files_sharing/api/v1/shares";
    private static final String SHAREES = "apps/files_sharing/api/v1/sharees";

    private final CloudState state;
    private final ShareApi shares;

    OcsEndpoint(CloudState state, CloudFaults faults) {
        this.state = state;
        this.shares = new ShareApi(state, faults);
    }

    @Override
    public void handle(Req r) throws IOException {
        if (r.user == null) {
            OcsReply.fail(r, OcsReply.NOT_LOGGED_IN, state.flavour.ocsUnauthorised);
            return;
        }
        if (Auth.basic(r) && !"true".equalsIgnoreCase(r.header("OCS-APIRequest"))) {
            if (state.flavour.nextcloud()) {
                r.send(412, "application/json; charset=utf-8", "{\"message\":\"CSRF check failed\"}");
            } else {
                OcsReply.fail(r, OcsReply.NOT_LOGGED_IN, state.flavour.ocsUnauthorised);
            }
            return;
        }
        String route = r.path.substring("/ocs/v1.php/".length());
        synchronized (state) {
            if (route.equals(SHARES) && r.method.equals("GET")) {
                shares.list(r);
            } else if (route.equals(SHARES) && r.method.equals("POST")) {
                shares.create(r);
            } else if (route.equals(SHARES + "/pending") && r.method.equals("GET")) {
                shares.pending(r);
            } else if (route.startsWith(SHARES + "/pending/") && r.method.equals("POST")
                    && route.substring(SHARES.length() + 9).matches("\\d{1,18}")) {
                shares.accept(r, Long.parseLong(route.substring(SHARES.length() + 9)));
            } else if (route.startsWith(SHARES + "/") && route.substring(SHARES.length() + 1).matches("\\d{1,18}")) {
                long id = Long.parseLong(route.substring(SHARES.length() + 1));
                if (r.method.equals("GET")) {
                    shares.get(r, id);
                } else if (r.method.equals("DELETE")) {
                    shares.delete(r, id);
                } else {
                    invalidQuery(r);
                }
            } else if (route.equals(SHAREES) && r.method.equals("GET")) {
                sharees(r);
            } else if (route.equals("cloud/user") && r.method.equals("GET")) {
                whoAmI(r);
            } else {
                invalidQuery(r);
            }
        }
    }

    /** The OCS router's answer to an unknown route or method (statuscode 998; HTTP 404 on v2, 200 on v1). */
    private static void invalidQuery(Req r) throws IOException {
        if (OcsReply.v2(r)) {
            OcsReply.fail(r, 404, "Invalid query, please check the syntax. API specifications are here: "
                    + "http://www.freedesktop.org/wiki/Specifications/open-collaboration-services.");
        } else {
            OcsReply.fail(r, 998, "Invalid query, please check the syntax. API specifications are here: "
                    + "http://www.freedesktop.org/wiki/Specifications/open-collaboration-services.");
        }
    }

    /**
     * Users whose id, display name or e-mail equals the search (case-insensitive) are {@code exact}; those that
     * contain it are in {@code users}. An empty search finds nobody; {@code itemType} is required (400). A search
     * with an {@code @} also gets an exact federated guess ({@code shareType} 6, the search itself) in
     * {@code exact.remotes}, as ownCloud's {@code ShareesController::getRemote} adds for a domain that is not the
     * instance's: a client resolving e-mails must keep to {@code exact.users}.
     */
    private void sharees(Req r) throws IOException {
        if (r.param("itemType") == null || r.param("itemType").isEmpty()) {
            OcsReply.fail(r, 400, "Missing itemType");
            return;
        }
        String search = r.param("search") == null ? "" : r.param("search").trim().toLowerCase(Locale.ROOT);
        int perPage = ShareApi.parseInt(r.param("perPage"), 200);
        List<Object> exact = new ArrayList<>();
        List<Object> partial = new ArrayList<>();
        for (CloudState.UserRec u : state.users.values()) {
            String id = u.id.toLowerCase(Locale.ROOT);
            String name = u.displayName.toLowerCase(Locale.ROOT);
            String email = u.email == null ? "" : u.email.toLowerCase(Locale.ROOT);
            if (search.isEmpty()) {
                continue;
            }
            if (id.equals(search) || name.equals(search) || email.equals(search)) {
                exact.add(sharee(u));
            } else if ((id.contains(search) || name.contains(search) || email.contains(search))
                    && partial.size() < perPage) {
                partial.add(sharee(u));
            }
        }
        boolean nc = state.flavour.nextcloud();
        List<String> kinds = nc ? List.of("users", "groups", "remotes", "remote_groups", "emails", "circles", "rooms",
                "lookup") : List.of("users", "groups", "remotes");
        Map<String, Object> exactMap = new LinkedHashMap<>();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("exact", exactMap);
        List<Object> remoteGuess = new ArrayList<>();
        if (search.contains("@")) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("shareType", 6);
            value.put("shareWith", r.param("search").trim());
            Map<String, Object> guess = new LinkedHashMap<>();
            guess.put("label", r.param("search").trim());
            guess.put("value", value);
            remoteGuess.add(guess);
        }
        for (String k : kinds) {
            exactMap.put(k, k.equals("users") ? exact : k.equals("remotes") ? remoteGuess : List.of());
            data.put(k, k.equals("users") ? partial : List.of());
        }
        if (nc) {
            data.put("lookupEnabled", false);
        }
        OcsReply.ok(r, data);
    }

    private Map<String, Object> sharee(CloudState.UserRec u) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("shareType", 0);
        value.put("shareWith", u.id);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", u.displayName);
        if (state.flavour.nextcloud()) {
            m.put("subline", "");
            m.put("icon", "icon-user");
            m.put("value", value);
            m.put("shareWithDisplayNameUnique", u.email == null || u.email.isEmpty() ? u.id : u.email);
        } else {
            value.put("userType", "user");
            m.put("value", value);
        }
        return m;
    }

    /** {@code cloud/user}: the caller's id, display name and e-mail (doc §4.3: {@code ocs.data.id} is the uid). */
    private void whoAmI(Req r) throws IOException {
        CloudState.UserRec u = state.user(r.user);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id);
        if (state.flavour.nextcloud()) {
            m.put("enabled", true);
            m.put("displayname", u.displayName);
        }
        m.put("display-name", u.displayName);
        m.put("email", u.email);
        OcsReply.ok(r, m);
    }
}
