package jouvence.courses.bridge;

import jouvence.mail.Mail;

import java.util.List;

/** The admins' mail about the rows of one run that were refused (set to -1): one line per row, with its reason. */
final class RefusalMails {

    private final List<String> admins;
    private final BridgeText text;
    private final String table;

    RefusalMails(List<String> admins, BridgeText text, String table) {
        this.admins = admins;
        this.text = text;
        this.table = table;
    }

    List<Mail> about(List<Refusal> refused) {
        if (refused.isEmpty()) {
            return List.of();
        }
        StringBuilder lines = new StringBuilder();
        for (Refusal r : refused) {
            BlockRow row = r.row();
            lines.append(text.f("bridge.refused.row", row.id(), row.courseId(),
                    row.courseName() == null ? "" : row.courseName(), row.url().strip(),
                    r.username() == null ? Long.toString(row.userid()) : r.username() + " (" + row.userid() + ")",
                    r.reason()));
        }
        String subject = text.f("bridge.refused.subject", refused.size());
        String body = text.f("bridge.refused.body", table, lines.toString()) + text.t("signature");
        return admins.stream().map(to -> new Mail(to, subject, body, null)).toList();
    }
}
