package jouvence.userdata.moodle;

/**
 * The names of what an import copies, one key space for the plan, the baseline and the reports: a core field as
 * itself ({@code city}), a custom profile field as {@code profile_field_<shortname>}, a preference as
 * {@code preference:<name>}.
 */
public final class Items {

    public static final String PREFERENCE = "preference:";

    private Items() {
    }

    public static String preference(String name) {
        return PREFERENCE + name;
    }

    public static boolean isPreference(String item) {
        return item.startsWith(PREFERENCE);
    }

    public static String preferenceName(String item) {
        return item.substring(PREFERENCE.length());
    }

    /** For people: "city", "custom field matricule", "preference htmleditor". */
    public static String label(String item) {
        if (isPreference(item)) {
            return "preference " + preferenceName(item);
        }
        if (jouvence.userdata.FieldRules.isCustom(item)) {
            return "custom field " + item.substring(jouvence.userdata.FieldRules.CUSTOM_PREFIX.length());
        }
        return item;
    }
}
