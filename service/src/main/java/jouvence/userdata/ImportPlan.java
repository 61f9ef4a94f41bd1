package jouvence.userdata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one import writes: only values that differ, and never a value the person changed on the new platform (unless
 * {@code jouvence.user-data.overwrite=true}).
 * <p>
 * How a change on the new platform is known. Jouvence keeps, per user and per item (field, custom field, preference),
 * the <em>baseline</em>: the new-side value it wrote, or found already equal, at its last import. Then, for an item whose
 * old value {@code o} differs from the new-side value {@code n}:
 * <ul>
 *   <li>a baseline {@code b} exists: {@code n = b} means nobody touched it since → written; {@code n ≠ b} means someone
 *       changed it on the new platform → kept (and reported);</li>
 *   <li>no baseline (the first import of that user, or an item added to the settings since): an empty {@code n}, or
 *       Moodle's default for a new account ({@link FieldRules#CREATION_DEFAULTS}: {@code timezone=99}, {@code lang=en},
 *       ...), is written; another {@code n} counts as changed only when the new platform says the account was modified
 *       after its creation ({@code modifiedAfterCreation} true); when it does not tell (null), or it was not modified,
 *       the value is written;</li>
 *   <li>{@code n} unknown (a preference while the new platform's service cannot read preferences): written when
 *       {@code o} differs from the baseline, or when there is none.</li>
 * </ul>
 */
public final class ImportPlan {

    /**
     * @param write     item → the old value to write
     * @param kept      item → the new-side value kept because someone changed it there
     * @param unchanged items already equal on both sides
     */
    public record Decision(Map<String, String> write, Map<String, String> kept, List<String> unchanged) {
        public boolean nothingToWrite() {
            return write.isEmpty();
        }
    }

    private ImportPlan() {
    }

    /**
     * @param old      item → the old platform's value (items with nothing to copy absent)
     * @param now      item → the new platform's value ("" when empty; null or absent when it cannot be read)
     * @param baseline item → the value Jouvence wrote or found equal at its last import
     */
    public static Decision decide(Map<String, String> old, Map<String, String> now, Map<String, String> baseline,
                                  boolean overwrite, Boolean modifiedAfterCreation) {
        Map<String, String> write = new LinkedHashMap<>();
        Map<String, String> kept = new LinkedHashMap<>();
        List<String> unchanged = new ArrayList<>();
        old.forEach((item, o) -> {
            String n = now.get(item);
            String b = baseline.get(item);
            if (n == null) { // cannot be read on the new platform
                if (overwrite || b == null || !b.equals(o)) {
                    write.put(item, o);
                } else {
                    unchanged.add(item);
                }
            } else if (n.equals(o)) {
                unchanged.add(item);
            } else if (overwrite) {
                write.put(item, o);
            } else if (b != null) {
                if (n.equals(b)) {
                    write.put(item, o);
                } else {
                    kept.put(item, n);
                }
            } else if (n.isEmpty() || n.equals(FieldRules.CREATION_DEFAULTS.get(item))
                    || !Objects.equals(modifiedAfterCreation, Boolean.TRUE)) {
                write.put(item, o);
            } else {
                kept.put(item, n);
            }
        });
        return new Decision(write, kept, unchanged);
    }
}
