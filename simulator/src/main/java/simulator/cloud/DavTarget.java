package simulator.cloud;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A WebDAV URL taken apart: whose files root it names ({@code /remote.php/dav/files/{user}/…}, or the caller's through
 * the legacy {@code /remote.php/webdav/…}), the decoded path segments below it, and the href base answers use.
 * Empty segments (the double slash of the plugin's {@code <base><file_target>}) are dropped, as the servers tolerate.
 */
record DavTarget(String user, List<String> segments, String base) {

    static DavTarget of(String rawPath, String caller) {
        String base;
        String user;
        String rest;
        if (rawPath.startsWith(WebDav.FILES_PREFIX)) {
            String after = rawPath.substring(WebDav.FILES_PREFIX.length());
            int slash = after.indexOf('/');
            user = decode(slash < 0 ? after : after.substring(0, slash));
            rest = slash < 0 ? "" : after.substring(slash);
            base = WebDav.FILES_PREFIX + DavXml.encodePath(user);
        } else if (rawPath.equals(WebDav.LEGACY_PREFIX) || rawPath.startsWith(WebDav.LEGACY_PREFIX + "/")) {
            user = caller;
            rest = rawPath.substring(WebDav.LEGACY_PREFIX.length());
            base = WebDav.LEGACY_PREFIX;
        } else {
            return null;
        }
        List<String> segs = new ArrayList<>();
        for (String s : rest.split("/")) {
            if (!s.isEmpty()) {
                segs.add(decode(s));
            }
        }
        return new DavTarget(user, List.copyOf(segs), base);
    }

    /** The target a {@code Destination} header names (absolute URL; only its path is used, as Sabre does). */
    static DavTarget destination(String header, String caller) {
        try {
            return of(URI.create(header.trim()).getRawPath(), caller);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    String name() {
        return segments.get(segments.size() - 1);
    }

    List<String> parentSegments() {
        return segments.subList(0, segments.size() - 1);
    }

    String relativePath() {
        return String.join("/", segments);
    }

    /** Percent-decoding of a path segment ({@code +} stays a plus, unlike form decoding). */
    static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
