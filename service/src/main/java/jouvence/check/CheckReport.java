package jouvence.check;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The answer of {@code jouvence check}: one line per item, {@code ok}, {@code FAILED} (with what to fix) or
 * {@code skipped} (with why: an item it needs failed, or the feature is off). Every item is listed, failed or not, so
 * that an operator fixes them in one go. Secrets given to it are masked in every line, whatever a probe's message holds.
 */
public final class CheckReport {

    public enum Outcome { OK, FAILED, SKIPPED }

    /** One checked item: {@code subject} names it ("server old: token"), {@code detail} says what was found or what to do. */
    public record Item(Outcome outcome, String subject, String detail) {
        public String line() {
            String word = switch (outcome) {
                case OK -> "ok";
                case FAILED -> "FAILED";
                case SKIPPED -> "skipped";
            };
            return String.format("%-8s%s%s", word, subject, detail == null || detail.isEmpty() ? "" : ": " + detail);
        }
    }

    private final List<Item> items = new ArrayList<>();
    private final List<String> secrets;

    /** @param secrets values never printed (tokens, passwords); blanks are ignored */
    public CheckReport(Collection<String> secrets) {
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= 4).toList();
    }

    public boolean ok(String subject, String detail) {
        items.add(new Item(Outcome.OK, subject, mask(detail)));
        return true;
    }

    /** @param problem what is wrong and, when the problem does not say it already, what to change */
    public boolean failed(String subject, String problem) {
        items.add(new Item(Outcome.FAILED, subject, mask(problem)));
        return false;
    }

    /** An item that could not be checked because {@code needed} failed. */
    public boolean needs(String subject, String needed) {
        items.add(new Item(Outcome.SKIPPED, subject, "needs " + needed));
        return false;
    }

    /** An item not checked for another reason (a feature that is off, a check only the remote side can make). */
    public void skipped(String subject, String why) {
        items.add(new Item(Outcome.SKIPPED, subject, mask(why)));
    }

    public List<Item> items() {
        return List.copyOf(items);
    }

    public boolean anyFailed() {
        return items.stream().anyMatch(i -> i.outcome() == Outcome.FAILED);
    }

    public void print(PrintStream out) {
        items.forEach(i -> out.println(i.line()));
        long failed = items.stream().filter(i -> i.outcome() == Outcome.FAILED).count();
        out.println(failed == 0 ? "jouvence check: this configuration should work (" + items.size() + " items)"
                : "jouvence check: " + failed + " of " + items.size() + " items FAILED");
    }

    private String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text.strip().replaceAll("\\s*\\R\\s*", " "); // one line per item
        for (String secret : secrets) {
            masked = masked.replace(secret, "****");
        }
        return masked;
    }
}
