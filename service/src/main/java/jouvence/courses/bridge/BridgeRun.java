package jouvence.courses.bridge;

import jouvence.mail.Mail;

import java.util.List;

/** What one run of taking the block's rows did; {@code mails} go to the admins about the refused rows. */
public record BridgeRun(int taken, int queued, int refused, List<Mail> mails) {
}
