package simulator;

import static simulator.PhpJson.obj;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.sun.net.httpserver.HttpExchange;

/**
 * Moodle 4.4's webservice/upload.php (an AJAX script): the multipart files of a user's own token into that user's draft
 * area ({@code itemid} 0 or absent: a new one; {@code filepath}, default {@code /}); no quota check (the real site
 * checks it at core_user_add_user_private_files); a name already in the draft is answered {@code filenameexist}.
 * Answers the JSON list of file records, HTTP 200 on errors too.
 */
final class UploadEndpoint implements Endpoint {

    static final String PATH = "/webservice/upload.php";
    static final String CALL = "upload";

    private final SiteState site;
    private final CallGate gate;
    private final LoginService logins;

    UploadEndpoint(SiteState site, CallGate gate, LoginService logins) {
        this.site = site;
        this.gate = gate;
        this.logins = logins;
    }

    @Override
    public void handle(HttpExchange ex, Map<String, String> flat) throws IOException {
        if (gate.failed(ex, CALL, flat)) {
            return;
        }
        Object answer;
        try {
            answer = upload(flat, Multipart.files(ex));
        } catch (WsError e) {
            answer = Responses.ajaxError(e.getMessage(), e.errorcode);
        }
        Responses.sendBytes(ex, 200, "application/json; charset=utf-8",
                PhpJson.json(answer).getBytes(StandardCharsets.UTF_8));
    }

    private Object upload(Map<String, String> flat, List<Multipart.UploadedFile> uploaded) {
        String token = flat.get("token");
        if (token == null) {
            throw new WsError("moodle_exception", "missingparam", "A required parameter (token) was missing");
        }
        long itemid = Params.phpIntCast(flat.getOrDefault("itemid", "0"));
        String filepath = flat.getOrDefault("filepath", "/");
        if (!filepath.startsWith("/") || !filepath.endsWith("/") || filepath.contains("/../")) {
            filepath = "/"; // PARAM_PATH cleaning, roughly
        }
        synchronized (site) {
            User u = logins.tokenUser(token.replaceAll("[^A-Za-z0-9]", ""));
            if (u == null) {
                throw new WsError("webservice_access_exception", "invalidtoken", "Invalid token - token not found");
            }
            if (uploaded.isEmpty()) {
                return List.of();
            }
            PrivateFileStore store = site.privateFiles; // no quota here: the real 4.4 site checks it at the add
            if (itemid <= 0) {
                itemid = store.newItemId();
            }
            PrivateFileStore.Draft draft = store.drafts.get(itemid);
            if (draft == null) {
                draft = new PrivateFileStore.Draft(u.id, new TreeMap<>());
                store.drafts.put(itemid, draft);
            }
            int contextid = PrivateFilesServer.userContextId(u);
            List<Object> results = new ArrayList<>();
            for (Multipart.UploadedFile f : uploaded) {
                String key = filepath + f.filename();
                if (draft.files().containsKey(key)) {
                    results.add(obj("filename", f.filename(), "filepath", "/tmp/phpsim", "size", f.content().length,
                            "errortype", "filenameexist",
                            "error", "File name already exists: " + f.filename()));
                    continue;
                }
                draft.files().put(key, f.content());
                results.add(obj("component", "user", "contextid", contextid, "userid", String.valueOf(u.id),
                        "filearea", "draft", "filename", f.filename(), "filepath", filepath, "itemid", itemid,
                        "license", "unknown", "author", u.fullname(),
                        "source", "O:8:\"stdClass\":1:{s:6:\"source\";s:" + f.filename().getBytes(
                                StandardCharsets.UTF_8).length + ":\"" + f.filename() + "\";}", "filesize", f.content().length));
            }
            return results;
        }
    }
}
