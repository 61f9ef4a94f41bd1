package simulator;

import static simulator.Responses.sendDownloadError;
import static simulator.Responses.sendEmpty;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

/**
 * block_my_external_privatefiles' get_user_draft_file_webservice.php (extras.md A2): a file of any user's draft area,
 * named by the slash arguments {@code /{contextid}/user/draft/{itemid}/{filename}} (or {@code ?file=}), for a token
 * of any service with "can download files". Errors are the AJAX script's JSON: a missing file is HTTP 404
 * {@code filenotfound}, a component other than {@code user} an empty 200.
 */
final class PrivateFilesDownload implements Endpoint {

    static final String PATH = "/blocks/my_external_privatefiles/get_user_draft_file_webservice.php";
    /** Pseudo function name under which these downloads are recorded and can be failed. */
    static final String CALL = "privatefiles-download";

    private final SiteState site;
    private final CallGate gate;

    PrivateFilesDownload(SiteState site, CallGate gate) {
        this.site = site;
        this.gate = gate;
    }

    @Override
    public void handle(HttpExchange ex, Map<String, String> flat) throws IOException {
        if (gate.failed(ex, CALL, flat)) {
            return;
        }
        String path = ex.getRequestURI().getPath();
        String file = path.length() > PATH.length() ? path.substring(PATH.length()) : flat.getOrDefault("file", "");
        String tok = flat.get("token");
        if (tok == null) {
            sendDownloadError(ex, 200, "A required parameter (token) was missing", "missingparam");
            return;
        }
        String token = tok.replaceAll("[^A-Za-z0-9]", ""); // PARAM_ALPHANUM
        byte[] content;
        synchronized (site) {
            PrivateFileStore.ExtraService service = site.privateFiles.extraServices.get(token);
            boolean integration = !site.tokenRevoked && token.equals(site.token);
            if (service == null && !integration) {
                sendDownloadError(ex, 200, "Invalid token - token not found", "invalidtoken");
                return;
            }
            if (site.deniedCapabilities.contains(PrivateFilesServer.CAN_RETRIEVE)) {
                sendDownloadError(ex, 200, "Sorry, but you do not currently have permissions to do that (Retrieve "
                        + "files from other users).", "nopermissions");
                return;
            }
            if (service != null && !service.downloadFiles()) {
                sendDownloadError(ex, 200, "Access control exception", "accessexception");
                return;
            }
            String[] parts = file.split("/", 6); // "", contextid, component, filearea, itemid, path+name
            if (parts.length < 6 || !"user".equals(parts[2])) {
                sendEmpty(ex);
                return;
            }
            PrivateFileStore.Draft draft = "draft".equals(parts[3])
                    ? site.privateFiles.drafts.get(Params.phpIntCast(parts[4])) : null;
            content = draft == null ? null : draft.files().get("/" + parts[5]);
        }
        if (content == null) {
            sendDownloadError(ex, 404, "Sorry, the requested file could not be found", "filenotfound");
            return;
        }
        String name = file.substring(file.lastIndexOf('/') + 1);
        ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + name + "\"");
        ex.getResponseHeaders().set("Content-Type", "application/zip");
        ex.sendResponseHeaders(200, content.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(content);
        }
    }
}
