package simulator;

import static simulator.Params.phpIntCast;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import simulator.MoodleSimulator.Role;

/**
 * The course client's look-ups: core_user_get_users_by_field (C3, C11, C21) and core_course_get_categories (C4, C5).
 */
final class ClientLookups {

    private final SiteState site;
    private final SiteAddress address;

    ClientLookups(SiteState site, SiteAddress address) {
        this.site = site;
        this.address = address;
    }

    Object usersByField(Map<String, Object> p) {
        Params.allowOnly(p, "field", "values");
        String field = Params.reqText(p, "field");
        List<Object> values = Params.reqList(p, "values");
        Set<String> wanted = new HashSet<>();
        for (Object v : values) {
            if (!(v instanceof String s)) {
                throw WsError.invalidParameter();
            }
            wanted.add(s);
        }
        if (!Set.of("id", "idnumber", "username", "email").contains(field)) {
            throw WsError.invalidParameter();
        }
        String rev = site.role == Role.COURSE_SERVER ? "1795296961" : "1795297071";
        synchronized (site) {
            List<Object> out = new ArrayList<>();
            for (User u : site.users.values()) {
                boolean match = switch (field) {
                    case "id" -> wanted.stream().anyMatch(s -> phpIntCast(s) == u.id);
                    case "username" -> wanted.contains(u.username);
                    case "email" -> wanted.contains(u.email);
                    default -> false; // no user has an idnumber
                };
                if (!match || u.id == 1) {
                    continue;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", u.id);
                m.put("username", u.username);
                m.put("firstname", u.firstname);
                m.put("lastname", u.lastname);
                m.put("fullname", u.fullname());
                m.put("email", u.email);
                m.put("department", "");
                m.put("firstaccess", 0);
                m.put("lastaccess", 0);
                m.put("auth", "manual");
                m.put("suspended", false);
                m.put("confirmed", true);
                m.put("lang", "en");
                m.put("theme", "");
                m.put("timezone", "99");
                m.put("mailformat", 1);
                m.put("trackforums", 0);
                m.put("profileimageurlsmall", address.url() + "/theme/image.php/boost/core/" + rev + "/u/f2");
                m.put("profileimageurl", address.url() + "/theme/image.php/boost/core/" + rev + "/u/f1");
                new UserDataFunctions(site).describe(u, m); // issue 14: profile fields and custom fields
                out.add(m);
            }
            return out;
        }
    }

    Object getCategories(Map<String, Object> p) {
        Params.allowOnly(p, "criteria", "addsubcategories");
        List<String[]> criteria = new ArrayList<>();
        if (p.containsKey("criteria")) {
            for (Object o : Params.reqList(p, "criteria")) {
                Map<String, Object> c = Params.asStruct(o);
                Params.allowOnly(c, "key", "value");
                String key = Params.reqText(c, "key");
                String value = Params.reqText(c, "value");
                if (!Set.of("id", "ids", "name", "parent", "idnumber", "visible", "theme").contains(key)) {
                    throw WsError.invalidParameter();
                }
                criteria.add(new String[] {key, value});
            }
        }
        Params.optBool(p, "addsubcategories", true);
        synchronized (site) {
            List<Object> out = new ArrayList<>();
            List<Category> sorted = site.categories.values().stream()
                    .sorted(Comparator.comparingInt(c -> c.sortorder)).toList();
            for (Category cat : sorted) {
                if (matches(cat, criteria)) {
                    out.add(category(cat));
                }
            }
            return out;
        }
    }

    private static boolean matches(Category cat, List<String[]> criteria) {
        boolean ok = true;
        for (String[] cr : criteria) {
            String v = cr[1];
            ok &= switch (cr[0]) {
                case "id" -> phpIntCast(v) == cat.id;
                case "ids" -> Stream.of(v.split(",")).anyMatch(s -> phpIntCast(s.trim()) == cat.id);
                case "name" -> cat.name.equals(v);
                case "parent" -> phpIntCast(v) == 0;
                case "idnumber" -> v.equals(cat.idnumber);
                case "visible" -> phpIntCast(v) == 1;
                case "theme" -> v.isEmpty();
                default -> false;
            };
        }
        return ok;
    }

    private Map<String, Object> category(Category cat) {
        long count = site.courses.values().stream().filter(c -> c.categoryid == cat.id).count();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", cat.id);
        m.put("name", cat.name);
        m.put("idnumber", cat.idnumber);
        m.put("description", "");
        m.put("descriptionformat", cat.descriptionformat);
        m.put("parent", 0);
        m.put("sortorder", cat.sortorder);
        m.put("coursecount", count);
        m.put("visible", 1);
        m.put("visibleold", 1);
        m.put("timemodified", cat.timemodified);
        m.put("depth", 1);
        m.put("path", "/" + cat.id);
        m.put("theme", "");
        return m;
    }
}
