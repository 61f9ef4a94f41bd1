package jouvence.observe;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jouvence's log lines: plain text ({@code format=text}, the given pattern) or one JSON object per line
 * ({@code format=json}, logback's {@link JsonEncoder}: timestamp, level, thread, logger, MDC — with
 * {@code requestId} while a request is being worked on — formatted message, throwable). Whatever the format, a line
 * goes through {@link #mask} before it is written: every configured secret, and anything that looks like a token or a
 * password ({@code wstoken=…}, {@code refresh_token=…}, {@code "access_token":"…"}, {@code Bearer …},
 * {@code Authorization: Basic …}), is replaced by {@value #MASK}. Jouvence never
 * logs a secret on purpose; this is the net under a library that would.
 */
public class MaskingEncoder extends EncoderBase<ILoggingEvent> {

    public static final String MASK = "***";

    private static final Set<String> SECRETS = new CopyOnWriteArraySet<>();
    /** Shorter values are too likely to be ordinary words or numbers to be masked everywhere. */
    static final int MIN_SECRET_LENGTH = 6;
    private static final List<Pattern> LOOKS_SECRET = List.of(
            Pattern.compile("(?i)\\b((?:ws|access_|refresh_)?token|password|passwd|(?:client_)?secret|apikey|code)="
                    + "([^&\\s\"',;]+)"),
            // also inside a JSON log line, where the quotes of a logged JSON text are escaped
            Pattern.compile("(?i)(\\\\?\"(?:ws|access_|refresh_)?token\\\\?\"|\\\\?\"password\\\\?\""
                    + "|\\\\?\"(?:client_)?secret\\\\?\")\\s*:\\s*\\\\?\"([^\"\\\\]*)"),
            Pattern.compile("(?i)\\b(Bearer)\\s+([A-Za-z0-9._~+/=-]+)"),
            // the HTTP Basic credentials of a header (base64 of user:password), e.g. the cloud's app password
            Pattern.compile("(?i)\\b(Authorization:\\s*Basic)\\s+([A-Za-z0-9+/=]+)"));

    private String format = "text";
    private String pattern = "%d %-5level [%thread] %logger - %msg%n";
    private Encoder<ILoggingEvent> delegate;

    /** Masks {@code value} in every line from now on (tokens and passwords read from the configuration). */
    public static void addSecret(String value) {
        if (value != null && value.strip().length() >= MIN_SECRET_LENGTH) {
            SECRETS.add(value.strip());
        }
    }

    public static String mask(String line) {
        String out = line;
        for (String secret : SECRETS) {
            out = out.replace(secret, MASK);
        }
        for (Pattern p : LOOKS_SECRET) {
            Matcher m = p.matcher(out);
            if (m.find()) {
                out = m.replaceAll(r -> Matcher.quoteReplacement(
                        r.group(1) + r.group().substring(r.end(1) - r.start(), r.start(2) - r.start()) + MASK));
            }
        }
        return out;
    }

    /** "text" or "json" (from {@code jouvence.log.format}). */
    public void setFormat(String format) {
        this.format = format.strip().toLowerCase(java.util.Locale.ROOT);
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    @Override
    public void start() {
        if (format.equals("json")) {
            JsonEncoder json = new JsonEncoder();
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithArguments(false);
            json.setWithMessage(false);
            json.setWithFormattedMessage(true);
            delegate = json;
        } else if (format.equals("text")) {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(pattern);
            delegate = text;
        } else {
            addError("jouvence.log.format must be text or json, not '" + format + "'; using text");
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(pattern);
            delegate = text;
        }
        delegate.setContext(getContext());
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        byte[] line = delegate.encode(event);
        String text = new String(line, StandardCharsets.UTF_8);
        String masked = ClassPaths.shorten(mask(text));
        return masked.equals(text) ? line : masked.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }
}
