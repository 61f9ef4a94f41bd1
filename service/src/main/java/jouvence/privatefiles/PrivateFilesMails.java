package jouvence.privatefiles;

import jouvence.mail.Mail;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The private files' mails (en/fr from {@code jouvence/mail/messages_*.properties}, "privateFiles.*"): to the person in
 * the language of their session, with the summary; to the admins when a course server refuses the block's token.
 */
public class PrivateFilesMails {

    private final List<String> admins;
    private final Locale adminLanguage;

    public PrivateFilesMails(List<String> admins, Locale adminLanguage) {
        this.admins = List.copyOf(admins);
        this.adminLanguage = adminLanguage;
    }

    private static ResourceBundle text(Locale lang) {
        return ResourceBundle.getBundle("jouvence.mail.messages", lang,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    private static String f(Locale lang, String key, Object... args) {
        return new MessageFormat(text(lang).getString(key), lang).format(args);
    }

    /** The end of a request, to the person: what was copied, and what not, in words. */
    public Mail toPerson(String email, String lang, String siteName, boolean performed, String summary) {
        Locale l = Locale.forLanguageTag("fr".equals(lang) ? "fr" : "en");
        String kind = performed ? "privateFiles.done" : "privateFiles.failed";
        return new Mail(email, f(l, kind + ".subject", siteName), f(l, kind + ".body", siteName, summary)
                + text(l).getString("signature"), null);
    }

    /** A course server refuses the block's token or function: mailed once per outage. */
    public List<Mail> serverDown(String serverId, String message) {
        List<Mail> mails = new ArrayList<>();
        for (String to : admins) {
            mails.add(new Mail(to, f(adminLanguage, "privateFiles.serverDown.subject", serverId),
                    f(adminLanguage, "privateFiles.serverDown.body", serverId, message)
                            + text(adminLanguage).getString("signature"), null));
        }
        return mails;
    }
}
