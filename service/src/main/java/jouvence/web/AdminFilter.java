package jouvence.web;

import jouvence.courses.RestoreService;
import jouvence.courses.Status;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The console's request list as asked in its query string: filters, sort and page, with what could not be
 * understood ({@code problems}, already in the page language). Texts are kept as typed so the form shows them again.
 */
public record AdminFilter(String statusText, Status status, String server, String requester, String fromText,
                          String toText, Instant from, Instant to, String sort, boolean asc, int page,
                          List<String> problems) {

    static AdminFilter parse(WebRequest q, Set<String> servers, Messages m) {
        List<String> problems = new ArrayList<>();
        Status status = null;
        String statusText = blank(q.q("status"));
        if (statusText != null) {
            try {
                status = Status.parse(statusText);
            } catch (IllegalArgumentException e) {
                problems.add(m.t("admin.filter.status", statusText));
            }
        }
        String server = blank(q.q("server"));
        if (server != null && !servers.contains(server)) {
            problems.add(m.t("admin.filter.server", server));
            server = null;
        }
        Instant from = date(q.q("from"), problems, m);
        Instant to = date(q.q("to"), problems, m);
        if (to != null && q.q("to").strip().length() == 10) {
            to = to.plusSeconds(86400); // "to" a day includes that day
        }
        String sort = RestoreService.sortable(q.q("sort")) ? q.q("sort") : "id";
        int page = q.q("page") != null && q.q("page").matches("\\d{1,6}") ? Math.max(1, Integer.parseInt(q.q("page"))) : 1;
        return new AdminFilter(statusText, status, server, blank(q.q("requester")), q.q("from"), q.q("to"), from, to,
                sort, "asc".equals(q.q("dir")), page, List.copyOf(problems));
    }

    public String statusLabel() {
        return status == null ? null : status.label();
    }

    public String dir() {
        return asc ? "asc" : "desc";
    }

    /** The list with these filters, no sort nor page yet. */
    String base() {
        return "/admin?status=" + url(statusText) + "&server=" + url(server) + "&requester=" + url(requester)
                + "&from=" + url(fromText) + "&to=" + url(toText);
    }

    /** The list sorted by {@code key}: the other way round when it is already sorted by it. */
    String sortHref(String key) {
        return base() + "&sort=" + key + "&dir=" + (key.equals(sort) && !asc ? "asc" : "desc");
    }

    String pageHref(int n) {
        return base() + "&sort=" + sort + "&dir=" + dir() + "&page=" + n;
    }

    private static Instant date(String text, List<String> problems, Messages m) {
        String t = blank(text);
        if (t == null) {
            return null;
        }
        try {
            return t.length() == 10 ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(t);
        } catch (DateTimeParseException e) {
            problems.add(m.t("admin.filter.date", t));
            return null;
        }
    }

    private static String url(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
