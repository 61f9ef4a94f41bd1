package jouvence.web;

import jouvence.courses.ConflictException;
import jouvence.courses.InvalidRequestException;
import jouvence.courses.NotFoundException;
import jouvence.folders.FolderEvent;
import jouvence.folders.FolderRecord;
import jouvence.folders.FolderSet;
import jouvence.folders.FolderSetDetail;
import jouvence.folders.FolderSetService;
import jouvence.folders.ShareRecord;
import jouvence.web.Page.Ctx;
import jouvence.web.Page.Link;
import jouvence.web.Page.Notice;
import jouvence.web.Sessions.Flash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The console's collaborative folders (templates/folder-sets.html, folder-set.html): the folder sets with their state
 * and items in error, a set's folders, shares and trail, and "reconcile now". Everything goes through
 * {@link FolderSetService}, as the REST API does; the pages exist only when the folders are enabled.
 */
final class AdminFolderSetsView {

    static final int PAGE_SIZE = 50;
    private static final Logger LOG = LoggerFactory.getLogger(AdminFolderSetsView.class);
    private static final Pattern SET_PATH = Pattern.compile("/admin/folders/(\\d{1,18})(/.*)?");

    /** A set of the list, with its last reconcile as written in the page language and its items in error. */
    public record Line(FolderSet s, String lastReconciled, long errors) {
    }

    /** A folder of a set. */
    public record Folder(FolderRecord f, String modified) {
    }

    /** A share, with its folder's path. */
    public record Share(ShareRecord s, String path, String modified) {
    }

    /** An event of the trail. */
    public record Event(String at, FolderEvent e) {
    }

    private final FolderSetService folders;
    private final Sessions sessions;
    private final ZoneId zone = ZoneId.systemDefault();

    /** @param folders null when the collaborative folders are off: the pages then answer 404 */
    AdminFolderSetsView(FolderSetService folders, Sessions sessions) {
        this.folders = folders;
        this.sessions = sessions;
    }

    boolean enabled() {
        return folders != null;
    }

    WebResponse list(Ctx c, Flash flash) {
        Messages m = c.m();
        if (folders == null) {
            return off(c);
        }
        String state = blank(c.req().q("state"));
        String courseText = blank(c.req().q("course"));
        List<String> problems = new ArrayList<>();
        if (state != null && !FolderSet.STATES.contains(state)) {
            problems.add(m.t("folders.admin.badstate", state));
            state = null;
        }
        Long course = null;
        if (courseText != null) {
            if (courseText.matches("[1-9]\\d{0,17}")) {
                course = Long.parseLong(courseText);
            } else {
                problems.add(m.t("folders.admin.badcourse", courseText));
            }
        }
        int page = pageOf(c.req().q("page"));
        List<FolderSet> sets = folders.list(course, state, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE);
        boolean more = sets.size() > PAGE_SIZE;
        sets = sets.subList(0, Math.min(sets.size(), PAGE_SIZE));
        Map<Long, Long> errors = folders.itemErrorCounts(sets.stream().map(FolderSet::id).toList());
        Map<String, Object> values = new HashMap<>();
        values.put("states", FolderSet.STATES);
        values.put("state", state);
        values.put("course", course == null ? "" : course.toString());
        values.put("lines", sets.stream().map(s -> new Line(s, when(s.lastReconciledAt(), m),
                errors.getOrDefault(s.id(), 0L))).toList());
        values.put("page", page);
        String query = (state == null ? "" : "&state=" + state) + (course == null ? "" : "&course=" + course);
        values.put("prev", page > 1 ? "/admin/folders?page=" + (page - 1) + query : null);
        values.put("next", more ? "/admin/folders?page=" + (page + 1) + query : null);
        Notice notice = flash != null ? Notice.of(flash)
                : problems.isEmpty() ? null : Notice.error(String.join(" ", problems));
        return WebResponse.html(200, Page.render(c, m.t("folders.admin.title"), notice, "folder-sets", values));
    }

    WebResponse detail(Ctx c, Flash flash) {
        Messages m = c.m();
        if (folders == null) {
            return off(c);
        }
        Long id = idOf(c.req().path());
        FolderSetDetail d;
        try {
            if (id == null) {
                throw new NotFoundException("no such folder set");
            }
            d = folders.get(id);
        } catch (NotFoundException e) {
            return WebResponse.html(404, Page.message(c, m.t("error.title"), Notice.error(m.t("folders.admin.noset")),
                    new Link("/admin/folders", m.t("folders.admin.back"))));
        }
        Map<Long, FolderRecord> byId = d.folders().stream()
                .collect(Collectors.toMap(FolderRecord::id, Function.identity()));
        Map<String, Object> values = new HashMap<>();
        values.put("s", d.set());
        values.put("lastReconciled", when(d.set().lastReconciledAt(), m));
        values.put("nextAttempt", when(d.set().nextAttemptAt(), m));
        values.put("created", when(d.set().createdAt(), m));
        values.put("folders", d.folders().stream().map(f -> new Folder(f, when(f.modifiedAt(), m))).toList());
        values.put("shares", d.shares().stream().map(s -> new Share(s, byId.containsKey(s.folderId())
                ? byId.get(s.folderId()).path() : "#" + s.folderId(), when(s.modifiedAt(), m))).toList());
        values.put("events", d.events().stream().map(e -> new Event(when(e.at(), m), e)).toList());
        values.put("action", "/admin/folders/" + d.set().id());
        return WebResponse.html(200, Page.render(c, m.t("folders.admin.set", d.set().id(), d.set().name()),
                Notice.of(flash), "folder-set", values));
    }

    /** "Reconcile now": the set due at once and the claim woken; back to its page with the outcome. */
    WebResponse sync(Ctx c) {
        Messages m = c.m();
        if (folders == null) {
            return off(c);
        }
        Long id = idOf(c.req().path());
        if (id == null) {
            return flash(c, "/admin/folders", "error", m.t("folders.admin.noset"));
        }
        String back = "/admin/folders/" + id;
        try {
            folders.sync(id, "web:" + c.username());
        } catch (NotFoundException e) {
            return flash(c, "/admin/folders", "error", m.t("folders.admin.noset"));
        } catch (ConflictException | InvalidRequestException e) {
            return flash(c, back, "error", e.getMessage());
        }
        LOG.info("web: {} asked for a reconcile of folder set {}", c.username(), id);
        return flash(c, back, "info", m.t("folders.admin.syncing", id));
    }

    private WebResponse off(Ctx c) {
        return WebResponse.html(404, Page.message(c, c.m().t("error.title"), Notice.error(c.m().t("folders.admin.off")),
                new Link("/admin", c.m().t("admin.back"))));
    }

    private WebResponse flash(Ctx c, String location, String kind, String text) {
        sessions.flash(c.session().idHash(), kind, text);
        return WebResponse.redirect(location);
    }

    private static Long idOf(String path) {
        Matcher matcher = SET_PATH.matcher(path);
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : null;
    }

    private static int pageOf(String text) {
        return text != null && text.matches("[1-9]\\d{0,5}") ? Integer.parseInt(text) : 1;
    }

    private String when(Instant t, Messages m) {
        return t == null ? "" : NextRun.text(t, m.locale(), zone);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
