package routes;

import static routes.Endpoints.*;

import jouvence.observe.RequestMdc;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * Notify: a mail is a row of the outbox first (written in the sender's own flow), then sent by a timer that claims the
 * due rows; SMTP refusals are tried again with exponential back-off ({@code jouvence.mail.retry.*}), and given up
 * (failed, in the console) after the last try. A mail that cannot be sent never changes a request's outcome.
 */
public class NotifyRouteBuilder extends RouteBuilder {

    static {
        // Jakarta Mail looks its StreamProvider up with a ServiceLoader scan of the class path for every message it
        // writes (8 % of the service's CPU at two mails per request, bench/README.md); named, it is simply loaded.
        if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
            System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    @Override
    public void configure() {
        // A database blip is retried; a database that stays down costs the mail (logged), never the caller's outcome.
        from(MAIL).routeId("notify-enqueue")
                .onException(Exception.class)
                    .maximumRedeliveries(3).redeliveryDelay(1000).useExponentialBackOff()
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                    .handled(true)
                    .log(LoggingLevel.ERROR, "could not queue the mail \"${body.subject}\" to ${body.to}: "
                            + "${exception.message}")
                .end()
                .bean("mailOutbox", "enqueue");

        from("timer:mailOutbox?delay=0&period={{jouvence.mail.poll-interval}}").routeId("notify-mail")
                .autoStartup("{{jouvence.mail.enabled}}")
                .onException(Exception.class) // the outbox's database away: the mails wait, claimed or not
                    .handled(true)
                    .log(LoggingLevel.WARN, "mail outbox: ${exception.message}; looked at again in "
                            + "{{jouvence.mail.poll-interval}} ms")
                .end()
                .setBody(method("mailOutbox", "claimDue"))
                .split(body())
                    .to(MAIL_SEND);

        from(MAIL_SEND).routeId("notify-mail-send")
                .onException(Exception.class)
                    .handled(true)
                    .bean("mailOutbox", "attemptFailed(${exchangeProperty.mail}, ${exception})")
                .end()
                .setProperty("mail", body())
                .setProperty(RequestMdc.PROPERTY, simple("${body.requestId}")) // its lines name the request it is about
                .removeHeaders("*")
                .setHeader("To", simple("${body.to}"))
                .setHeader("From", simple("{{jouvence.mail.from}}"))
                .setHeader("Subject", simple("${body.subject}"))
                .setHeader("Content-Type", constant("text/plain; charset=UTF-8"))
                .setBody(simple("${body.body}"))
                .to(smtpUri())
                .bean("mailOutbox", "sent(${exchangeProperty.mail})")
                .log(LoggingLevel.INFO, "mailed \"${exchangeProperty.mail.subject}\" to ${exchangeProperty.mail.to}");

        from("quartz:jouvence/mailPurge?cron={{jouvence.mail.purge-cron}}&stateful=true").routeId("notify-purge-sent")
                .setBody(method("mailOutbox", "purgeSent"))
                .log("mail outbox housekeeping removed ${body} mail(s) sent more than {{jouvence.mail.keep-sent-days}} "
                        + "day(s) ago");
    }

    /** SMTP with credentials only when a username is configured (many relays take none). */
    private String smtpUri() {
        String uri = "smtp://{{jouvence.mail.smtp.host}}:{{jouvence.mail.smtp.port}}"
                + "?mail.smtp.starttls.enable={{jouvence.mail.smtp.starttls}}"
                + "&connectionTimeout={{jouvence.mail.smtp.connection-timeout}}&mail.smtp.timeout={{jouvence.mail.smtp.timeout}}";
        String user = getCamelContext().getPropertiesComponent().resolveProperty("jouvence.mail.smtp.username").orElse("");
        return user.isBlank() ? uri
                : uri + "&username={{jouvence.mail.smtp.username}}&password=RAW({{jouvence.mail.smtp.password}})";
    }
}
