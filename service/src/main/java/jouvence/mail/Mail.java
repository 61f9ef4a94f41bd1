package jouvence.mail;

/** One mail to send. */
public record Mail(String to, String subject, String body, Long requestId) {
}
