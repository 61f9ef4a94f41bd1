package simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;

/**
 * A multipart/form-data body as PHP reads it: parts without a filename are fields ({@code $_POST}), parts with one are
 * uploaded files ({@code $_FILES}), kept on the exchange under {@link #FILES} for the endpoint.
 */
final class Multipart {

    static final String FILES = "simulator.files";

    /** One uploaded file: its form field, its name as the browser gave it, its bytes. */
    record UploadedFile(String field, String filename, byte[] content) {
    }

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"");

    private Multipart() {
    }

    static void parse(String contentType, byte[] body, Map<String, String> flat, HttpExchange ex) {
        List<UploadedFile> files = new ArrayList<>();
        ex.setAttribute(FILES, files);
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            return;
        }
        byte[] delimiter = ("--" + m.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        int pos = indexOf(body, delimiter, 0);
        while (pos >= 0) {
            int start = pos + delimiter.length;
            if (start + 2 <= body.length && body[start] == '-' && body[start + 1] == '-') {
                return; // closing delimiter
            }
            start += 2; // CRLF
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            int next = indexOf(body, delimiter, start);
            if (headersEnd < 0 || next < 0) {
                return;
            }
            String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
            int contentStart = headersEnd + 4;
            int contentEnd = Math.max(contentStart, next - 2); // CRLF before the delimiter
            byte[] content = java.util.Arrays.copyOfRange(body, contentStart, contentEnd);
            Matcher name = NAME.matcher(headers);
            Matcher filename = FILENAME.matcher(headers);
            String field = name.find() ? name.group(1) : "";
            if (filename.find()) {
                files.add(new UploadedFile(field, filename.group(1), content));
            } else {
                flat.put(field, new String(content, StandardCharsets.UTF_8));
            }
            pos = next;
        }
    }

    @SuppressWarnings("unchecked")
    static List<UploadedFile> files(HttpExchange ex) {
        Object files = ex.getAttribute(FILES);
        return files == null ? List.of() : (List<UploadedFile>) files;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
