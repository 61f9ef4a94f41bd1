package jouvence.userdata;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which profile fields Jouvence may copy, and why the others are refused (extras.md B3, B4.5, C1, C2).
 * <ul>
 *   <li>{@link #NEVER_COPIED}: identity and account columns, refused whatever {@code jouvence.user-data.fields} says
 *       (the plugin overwrites any column it is given: {@code id} would even update another user's row);</li>
 *   <li>{@link #NO_CORE_SETTER}: in the plugin's list, but {@code core_user_update_users} has no such key and rejects the
 *       whole call with {@code invalidparameter};</li>
 *   <li>{@link #NOT_READ_BY_CORE}: {@code core_user_update_users} writes them, but {@code core_user_get_users_by_field}
 *       never returns them on the old platform (extras.md C1; calendartype seen on the lab's real site): left out of the
 *       default, copied only from a server offering the plugin's {@code tool_import_user_datas_get_user_datas};</li>
 *   <li>custom profile fields are named {@code profile_field_<shortname>}, as Moodle's user upload names them.</li>
 * </ul>
 */
public final class FieldRules {

    public static final Set<String> NEVER_COPIED = Set.of("id", "username", "auth", "password", "email", "suspended",
            "deleted", "confirmed", "mnethostid");
    public static final Set<String> NO_CORE_SETTER = Set.of("maildigest", "autosubscribe", "trackforums");
    public static final Set<String> NOT_READ_BY_CORE = Set.of("firstnamephonetic", "lastnamephonetic", "middlename",
            "alternatename", "calendartype");
    /**
     * Fields core_user_get_users_by_field leaves out when they are empty (and shows otherwise): for these, absent means
     * empty. Any other field absent from the answer is unknown (phone1 and phone2 are shown only when in Moodle's
     * showuseridentity; firstname, lastname and email depend on the token's capabilities): never copied as empty.
     */
    public static final Set<String> ABSENT_MEANS_EMPTY = Set.of("address", "institution", "idnumber", "description",
            "city", "country", "interests", "department", "lang", "timezone", "mailformat", "theme");
    /** The keys of core_user_update_users's user structure that are profile values (Moodle 4.4). */
    public static final Set<String> CORE_SETTABLE = Set.of("firstname", "lastname", "maildisplay", "city", "country",
            "timezone", "description", "firstnamephonetic", "lastnamephonetic", "middlename", "alternatename",
            "interests", "idnumber", "institution", "department", "phone1", "phone2", "address", "lang",
            "calendartype", "theme", "mailformat");
    public static final String CUSTOM_PREFIX = "profile_field_";
    /**
     * What Moodle gives a new account when nothing else does (core's defaults: timezone 99 = the server's, mailformat 1
     * = HTML, the gregorian calendar, lang en): such a value on the new platform is no one's change.
     */
    public static final java.util.Map<String, String> CREATION_DEFAULTS = java.util.Map.of("timezone", "99",
            "mailformat", "1", "calendartype", "gregorian", "maildisplay", "2", "lang", "en");

    /** The plugin's default {@code user_datas}, in its order ({@code lang} once). */
    public static final List<String> PLUGIN_FIELDS = List.of("firstnamephonetic", "lastnamephonetic", "middlename",
            "alternatename", "maildigest", "autosubscribe", "trackforums", "lang", "calendartype", "mailformat", "city",
            "country", "timezone", "idnumber", "institution", "department", "phone1", "phone2", "address");
    /** The plugin's default {@code preferences}. */
    public static final List<String> PLUGIN_PREFERENCES = List.of("forum_useexperimentalui",
            "forum_markasreadonnotification", "htmleditor", "timeformat", "calendar_startwday", "calendar_maxevents",
            "calendar_lookahead", "calendar_persistflt", "core_contentbank_visibility", "message_blocknoncontacts",
            "message_provider_moodle_instantmessage_enabled", "message_entertosend", "mailcharset");

    private FieldRules() {
    }

    /** Jouvence's default: the plugin's list less what core cannot set or cannot read. */
    public static List<String> defaultFields() {
        return PLUGIN_FIELDS.stream().filter(f -> !NO_CORE_SETTER.contains(f) && !NOT_READ_BY_CORE.contains(f)).toList();
    }

    public static boolean isCustom(String field) {
        return field.startsWith(CUSTOM_PREFIX);
    }

    /** Why a field name is refused, or null when it may be copied. */
    public static String refusal(String field) {
        if (NEVER_COPIED.contains(field)) {
            return field + " (never copied: an account column)";
        }
        if (NO_CORE_SETTER.contains(field)) {
            return field + " (core_user_update_users cannot set it)";
        }
        if (isCustom(field)) {
            return field.substring(CUSTOM_PREFIX.length()).matches("[A-Za-z0-9_]{1,255}") ? null
                    : field + " (not a custom profile field's short name)";
        }
        return CORE_SETTABLE.contains(field) ? null : field + " (not a profile field core_user_update_users accepts)";
    }

    /** Every refused name of {@code fields} with its reason, in order; empty when all may be copied. */
    public static List<String> refusals(List<String> fields) {
        List<String> refused = new ArrayList<>();
        for (String f : new LinkedHashSet<>(fields)) {
            String why = refusal(f);
            if (why != null) {
                refused.add(why);
            }
        }
        return refused;
    }
}
