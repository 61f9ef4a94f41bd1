package jouvence;

import jakarta.mail.internet.MimeMessage;
import jouvence.courses.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mails go through a durable outbox: SMTP down loses nothing, back up delivers each mail once. */
class MailOutboxTest {

    private final TestJouvence env = TestJouvence.get();

    @BeforeEach
    void reset() throws Exception {
        env.reset();
    }

    @AfterEach
    void smtpBack() {
        if (!env.mail.isRunning()) {
            env.mail.start();
        }
    }

    @Test
    void a_mail_refused_while_smtp_is_down_is_kept_and_delivered_once_when_it_is_back() throws Exception {
        env.mail.stop(); // connections to the SMTP port are refused from now on
        long id = env.schedule("old", 2, "teacher1", false);
        env.claimNow();
        env.awaitStatus(id, Status.PERFORMED);
        List<String> refused = TestJouvence.poll(Duration.ofSeconds(20),
                () -> env.logs.linesContaining("could not mail"), l -> !l.isEmpty());
        assertFalse(refused.isEmpty(), "SMTP refused the mail");
        Thread.sleep(4000); // longer than the old in-memory retries lasted (5 tries from 100 ms)

        env.mail.start();
        List<MimeMessage> teacher = env.awaitMails(TestJouvence.TEACHER_MAIL, 1, Duration.ofSeconds(20));
        assertEquals(1, teacher.size(), "the requester is told, once SMTP is back");
        assertTrue(teacher.get(0).getSubject().contains("is ready"), teacher.get(0).getSubject());
        env.awaitMails(TestJouvence.ADMIN_MAIL, 1, Duration.ofSeconds(20));
        Thread.sleep(1000); // a second sending would have come by now (the sender polls every 200 ms)
        assertEquals(1, env.mailsTo(TestJouvence.TEACHER_MAIL).size(), "sent once");
        assertEquals(1, env.mailsTo(TestJouvence.ADMIN_MAIL).size(), "sent once");
    }
}
