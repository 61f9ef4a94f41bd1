package simulator.cloud;

import java.io.IOException;

/**
 * SabreDAV's error answer, as ownCloud and Nextcloud send it: the status, {@code application/xml; charset=utf-8} and
 * {@code <d:error>} with the exception class and message (the server version is not exposed).
 */
final class SabreError {

    private SabreError() {
    }

    static void send(Req r, int status, String exception, String message) throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<d:error xmlns:d=\"DAV:\" xmlns:s=\"http://sabredav.org/ns\">\n"
                + "  <s:exception>" + DavXml.escape(exception) + "</s:exception>\n"
                + "  <s:message>" + DavXml.escape(message) + "</s:message>\n"
                + "</d:error>\n";
        r.send(status, "application/xml; charset=utf-8", xml);
    }

    static void notFound(Req r, String path) throws IOException {
        send(r, 404, "Sabre\\DAV\\Exception\\NotFound", "File with name " + path + " could not be located");
    }

    static void forbidden(Req r, String message) throws IOException {
        send(r, 403, "Sabre\\DAV\\Exception\\Forbidden", message);
    }

    static void conflict(Req r, String message) throws IOException {
        send(r, 409, "Sabre\\DAV\\Exception\\Conflict", message);
    }

    /** The file locking of ownCloud/Nextcloud: 423 with their FileLocked exception. */
    static void locked(Req r, String path) throws IOException {
        send(r, 423, "OCA\\DAV\\Connector\\Sabre\\Exception\\FileLocked",
                "\"" + path + "\" is locked");
    }

    /**
     * 401 with the challenges of the servers' auth backends (Basic with the product's realm, and Bearer). The message
     * joins the backends' reasons as Sabre does; clients should rely on the status and the exception, not the words.
     */
    static void notAuthenticated(Req r, Flavour flavour) throws IOException {
        r.ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"" + flavour.realm + "\", charset=\"UTF-8\"");
        r.ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + flavour.realm + "\"");
        String reason = r.header("Authorization") == null
                ? "No 'Authorization: Basic' header found. Either the client didn't send one, or the server didn't "
                        + "accept it"
                : "Username or password was incorrect";
        send(r, 401, "Sabre\\DAV\\Exception\\NotAuthenticated", "No public access to this resource., " + reason);
    }
}
