package jouvence.mail;

import jouvence.JouvenceConfig;
import jouvence.courses.RestoreRequest;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * Writes the mails: success to the requester (and admins), failure in plain words to the requester and with the
 * details to every admin, site faults to admins. English and French, from {@code jouvence.mail.language}.
 */
public class Mails {

    private final JouvenceConfig.Mail settings;
    private final ResourceBundle text;
    private final String clientUrl;

    public Mails(JouvenceConfig config) {
        this.settings = config.mail();
        this.text = ResourceBundle.getBundle("jouvence.mail.messages", settings.language(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        this.clientUrl = config.client().url();
    }

    public Locale language() {
        return text.getLocale();
    }

    /** A site name with its URL when {@code include-server-url} is on (the plugin's includeexternalurlinmail). */
    public String serverLabel(String serverId, String url) {
        return settings.includeServerUrl() ? serverId + " (" + url + ")" : serverId;
    }

    public List<Mail> success(RestoreRequest r, String requesterEmail, String courseUrl, String server) {
        List<Mail> mails = new ArrayList<>();
        String subject = f("success.subject", r.courseName());
        // "with its user data" only when the archive held them too (a backup without users is restored without)
        boolean users = r.withUserData() && !Boolean.FALSE.equals(r.archiveIncludesUsers());
        String body = f("success.body", r.courseName(), server, clientUrl, courseUrl,
                users ? t("success.withUserData") : t("success.withoutUserData"));
        String warnings = warnings(r);
        if (requesterEmail != null) {
            mails.add(new Mail(requesterEmail, subject, body + (settings.warningsToRequester() ? warnings : "") + t("signature"),
                    r.id()));
        }
        if (settings.successToAdmins()) {
            for (String admin : settings.admins()) {
                mails.add(new Mail(admin, f("success.adminSubject", r.id(), r.courseName()),
                        body + warnings + details(r) + t("signature"), r.id()));
            }
        }
        return mails;
    }

    public List<Mail> failure(RestoreRequest r, String requesterEmail, String server) {
        List<Mail> mails = new ArrayList<>();
        String subject = f("failure.subject", r.courseName());
        if (requesterEmail != null) {
            mails.add(new Mail(requesterEmail, subject, f("failure.requester", r.courseName(), server, reason(r))
                    + t("signature"), r.id()));
        }
        String admin = f("failure.admin", r.courseName(), server, r.id(), r.requester() == null ? "-" : r.requester(),
                r.lastErrorStep(), r.lastErrorCode(), r.lastErrorMessage(), r.attempts())
                + (requesterEmail == null && r.requester() != null ? t("failure.requesterNotMailed") : "")
                + warnings(r) + details(r) + t("signature");
        for (String to : settings.admins()) {
            mails.add(new Mail(to, f("failure.adminSubject", r.id(), r.courseName()), admin, r.id()));
        }
        return mails;
    }

    public List<Mail> siteDown(String siteId, String message) {
        List<Mail> mails = new ArrayList<>();
        for (String to : settings.admins()) {
            mails.add(new Mail(to, f("siteDown.subject", siteId), f("siteDown.body", siteId, message) + t("signature"),
                    null));
        }
        return mails;
    }

    /** Profile and preferences (issue 14): the imports that ended in error since the last digest, one line each. */
    public List<Mail> userDataErrors(List<String> lines) {
        StringBuilder body = new StringBuilder(f("userDataErrors.body", lines.size()));
        lines.forEach(l -> body.append("- ").append(l).append('\n'));
        body.append(t("userDataErrors.end")).append(t("signature"));
        List<Mail> mails = new ArrayList<>();
        for (String to : settings.admins()) {
            mails.add(new Mail(to, f("userDataErrors.subject", lines.size()), body.toString(), null));
        }
        return mails;
    }

    /** The cloud refuses the system account: the collaborative folders wait (sent once per outage). */
    public List<Mail> cloudDown(String message) {
        List<Mail> mails = new ArrayList<>();
        for (String to : settings.admins()) {
            mails.add(new Mail(to, t("cloudDown.subject"), f("cloudDown.body", message) + t("signature"), null));
        }
        return mails;
    }

    /**
     * A folder set's items in error (foldersadmin, issue 13): one mail to each admin listing them with the cloud's own
     * words; {@code lines} are already written with {@link #folderErrorLine}.
     */
    public List<Mail> folderItemErrors(long setId, String setName, long courseId, List<String> lines,
                                       int maxLines) {
        StringBuilder body = new StringBuilder(f("folderErrors.body", setId, setName, courseId, lines.size()));
        lines.stream().limit(maxLines).forEach(l -> body.append(l).append('\n'));
        if (lines.size() > maxLines) {
            body.append(f("folderErrors.more", lines.size() - maxLines)).append('\n');
        }
        body.append(t("folderErrors.end")).append(t("signature"));
        List<Mail> mails = new ArrayList<>();
        for (String to : settings.admins()) {
            mails.add(new Mail(to, f("folderErrors.subject", setId, setName, courseId, lines.size()), body.toString(),
                    null));
        }
        return mails;
    }

    /** One line of {@link #folderItemErrors}: a folder ({@code user} null) or a user's share of it. */
    public String folderErrorLine(String folderPath, String user, String cloudUser, String error) {
        return user == null ? f("folderErrors.folder", folderPath, error)
                : f("folderErrors.share", folderPath, user, cloudUser, error);
    }

    /** The admins' summary of a file of the import folder; at most {@code maxLines} rejected lines are listed. */
    public List<Mail> imported(jouvence.courses.intake.ImportReport r, String movedTo, String reportFile, String rejectedFile,
                               int maxLines) {
        String subject;
        StringBuilder body = new StringBuilder();
        if (r.fileError() != null) {
            subject = f("import.refusedSubject", r.file());
            body.append(f("import.refused", r.file(), r.fileError(), movedTo, reportFile));
        } else {
            subject = f("import.subject", r.file(), r.queued().size(), r.rejected().size());
            body.append(f("import.body", r.file(), r.linesRead(), r.queued().size(), r.rejected().size(), movedTo,
                    reportFile));
            if (!r.rejected().isEmpty()) {
                body.append('\n').append(t("import.rejectedLines")).append('\n');
                r.rejected().stream().limit(maxLines).forEach(x -> body.append(f("import.rejectedLine", x.line(),
                        x.reason())).append('\n'));
                if (r.rejected().size() > maxLines) {
                    body.append(f("import.moreRejected", r.rejected().size() - maxLines)).append('\n');
                }
                body.append('\n').append(f("import.fixAndDrop", rejectedFile));
            }
        }
        List<Mail> mails = new ArrayList<>();
        for (String to : settings.admins()) {
            mails.add(new Mail(to, subject, body + t("signature"), null));
        }
        return mails;
    }

    /** The admins' daily digest of what failed; nothing when nothing failed. */
    public List<Mail> digest(List<RestoreRequest> failed) {
        List<Mail> mails = new ArrayList<>();
        if (failed.isEmpty()) {
            return mails;
        }
        StringBuilder body = new StringBuilder(f("digest.body", failed.size()));
        for (RestoreRequest r : failed) {
            body.append(f("digest.line", r.id(), r.courseName(), r.serverId(), r.requester() == null ? "-" : r.requester(),
                    r.lastErrorStep(), r.lastErrorMessage())).append('\n');
        }
        for (String to : settings.admins()) {
            mails.add(new Mail(to, f("digest.subject", failed.size()), body + t("signature"), null));
        }
        return mails;
    }

    /** The requester's reason, in plain words, from the error code. */
    String reason(RestoreRequest r) {
        String code = r.lastErrorCode() == null ? "" : r.lastErrorCode();
        String key = switch (code) {
            case "notcourseowner" -> "reason.notOwner";
            case "invalidusername" -> "reason.noAccount";
            case "backup_check_course_not_exists" -> "reason.courseGone";
            case "interrupted" -> "reason.interrupted";
            default -> code.startsWith("restore-") ? "reason.restore"
                    : r.lastErrorStep() != null && r.lastErrorStep().equals("download") ? "reason.archive"
                    : "reason.technical";
        };
        return t(key);
    }

    private String warnings(RestoreRequest r) {
        if (r.warnings().isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("\n").append(t("warnings")).append('\n');
        r.warnings().forEach(w -> b.append(" - ").append(w).append('\n'));
        return b.toString();
    }

    private String details(RestoreRequest r) {
        return "\n" + f("details", r.id(), r.serverId(), r.remoteCourseId(), r.requester() == null ? "-" : r.requester(),
                r.withUserData() ? 1 : 0, t("mode." + r.mode().label()), r.attempts(),
                r.restoredCourseId() == null ? "-" : r.restoredCourseId().toString());
    }

    private String t(String key) {
        return text.getString(key);
    }

    private String f(String key, Object... args) {
        MessageFormat format = new MessageFormat(text.getString(key), text.getLocale());
        Object[] safe = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            safe[i] = args[i] instanceof Number n ? n.toString() : args[i] == null ? "-" : args[i];
        }
        return format.format(safe);
    }
}
