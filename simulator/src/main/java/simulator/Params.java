package simulator;

import static simulator.WsError.invalidParameter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Moodle's {@code external_api::validate_parameters} on the nested parameters of a web-service call, and PHP's
 * integer casts. Every failure is Moodle's invalid_parameter_exception.
 */
final class Params {

    private static final Pattern PHP_INT = Pattern.compile("0|-?[1-9][0-9]{0,18}");

    private Params() {
    }

    static void allowOnly(Map<String, Object> p, String... keys) {
        Set<String> allowed = Set.of(keys);
        for (String k : p.keySet()) {
            if (!allowed.contains(k)) {
                throw invalidParameter(); // "Unexpected keys (...) detected in parameter array."
            }
        }
    }

    static String reqText(Map<String, Object> p, String key) {
        Object v = p.get(key);
        if (!(v instanceof String s)) {
            throw invalidParameter();
        }
        return s;
    }

    static String optText(Map<String, Object> p, String key, String def) {
        if (!p.containsKey(key)) {
            return def;
        }
        return reqText(p, key);
    }

    static long reqInt(Map<String, Object> p, String key) {
        Object v = p.get(key);
        if (!(v instanceof String s) || !PHP_INT.matcher(s).matches()) {
            throw invalidParameter();
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw invalidParameter();
        }
    }

    static Long optInt(Map<String, Object> p, String key) {
        return p.containsKey(key) ? reqInt(p, key) : null;
    }

    static boolean optBool(Map<String, Object> p, String key, boolean def) {
        if (!p.containsKey(key)) {
            return def;
        }
        Object v = p.get(key);
        if ("1".equals(v)) {
            return true;
        }
        if ("0".equals(v)) {
            return false;
        }
        throw invalidParameter();
    }

    @SuppressWarnings("unchecked")
    static List<Object> reqList(Map<String, Object> p, String key) {
        Object v = p.get(key);
        if (!(v instanceof Map)) {
            throw invalidParameter();
        }
        return new ArrayList<>(((Map<String, Object>) v).values());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asStruct(Object o) {
        if (!(o instanceof Map)) {
            throw invalidParameter();
        }
        return (Map<String, Object>) o;
    }

    /** PHP's (int) cast of a string: leading integer, else 0. */
    static long phpIntCast(String s) {
        Matcher m = Pattern.compile("^\\s*([+-]?\\d{1,18})").matcher(s == null ? "" : s);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    static int toId(long v) {
        return v > Integer.MAX_VALUE || v < Integer.MIN_VALUE ? Integer.MIN_VALUE : (int) v;
    }
}
