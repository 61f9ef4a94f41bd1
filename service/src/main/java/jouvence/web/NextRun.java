package jouvence.web;

import org.quartz.CronExpression;

import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;
import java.util.TimeZone;

/** When the queue will next be looked at: the next fire time of the claim cron (jouvence.claim.cron). */
public final class NextRun {

    private NextRun() {
    }

    /**
     * The next fire time strictly after {@code now}, or empty when the expression never fires again.
     *
     * @param cron a Quartz cron expression; '+' may stand for spaces, as in the properties file
     */
    public static Optional<Instant> after(String cron, Instant now, ZoneId zone) {
        try {
            CronExpression e = new CronExpression(cron.replace('+', ' ').strip());
            e.setTimeZone(TimeZone.getTimeZone(zone));
            Date next = e.getNextValidTimeAfter(Date.from(now));
            return Optional.ofNullable(next).map(Date::toInstant);
        } catch (ParseException ex) {
            throw new IllegalArgumentException("jouvence.claim.cron: '" + cron + "' is not a Quartz cron expression: "
                    + ex.getMessage(), ex);
        }
    }

    /** A date and time as people of that language write it, e.g. "21 Nov 2026, 18:00" or "21 nov. 2026, 18:00". */
    public static String text(Instant at, Locale locale, ZoneId zone) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale)
                .withZone(zone).format(at);
    }
}
