package routes;

import static routes.Endpoints.*;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/** Notify: mails go out through SMTP, retried; a mail that cannot be sent never changes a request's outcome. */
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
        from(MAIL + "?concurrentConsumers={{jouvence.mail.consumers}}&size={{jouvence.mail.queue-size}}").routeId("notify-mail")
                .autoStartup("{{jouvence.mail.enabled}}")
                .onException(Exception.class)
                    .maximumRedeliveries("{{jouvence.mail.retries}}")
                    .redeliveryDelay("{{jouvence.mail.retry-delay-ms}}")
                    .useExponentialBackOff()
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                    .handled(true)
                    .log(LoggingLevel.ERROR, "could not mail \"${exchangeProperty.mail.subject}\" to "
                            + "${exchangeProperty.mail.to}: ${exception.message}")
                .end()
                .process(RouteTimers::dropInherited)
                .setProperty("mail", body())
                .removeHeaders("*")
                .setHeader("To", simple("${body.to}"))
                .setHeader("From", simple("{{jouvence.mail.from}}"))
                .setHeader("Subject", simple("${body.subject}"))
                .setHeader("Content-Type", constant("text/plain; charset=UTF-8"))
                .setBody(simple("${body.body}"))
                .to(smtpUri())
                .log(LoggingLevel.INFO, "mailed \"${exchangeProperty.mail.subject}\" to ${exchangeProperty.mail.to}");
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
