package jouvence.folders.reconcile;

import jouvence.folders.FolderRecord;
import jouvence.folders.FolderSet;
import jouvence.folders.ShareRecord;
import jouvence.folders.store.FolderClaim;
import jouvence.folders.store.FolderSetRepository;
import jouvence.mail.Mail;
import jouvence.mail.Mails;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The admins' mail listing a folder set's items in error (a folder or a share the cloud refused: quota, unknown user,
 * policy), with the cloud's own words. A scheduled reconcile tries those items again and usually meets the same
 * refusals: mailing at every reconcile would teach the admins to ignore the mail. So it is sent when the list of
 * items in error (each item with its message) differs from the one last mailed for the set, and only then. The last
 * list mailed is kept in the set's trail (a {@value #STEP} line with the list's fingerprint), which also shows when the
 * admins were told; it is written under the claim, so of two replicas only the holder mails. A list that became empty
 * is noted too, so the same errors coming back later are mailed again. What was left in error by an interrupted
 * reconcile is mailed by the next one that finishes.
 */
public class ItemErrorMails {

    /** The trail's step of these lines. */
    public static final String STEP = "admins-mail";
    /** At most this many items are listed in the mail (the console lists them all). */
    static final int MAX_LINES = 50;
    private static final Pattern FINGERPRINT = Pattern.compile("\\[list ([0-9a-f]+|none)]$");
    private static final String NONE = "none";

    private final FolderSetRepository sets;
    private final Mails mails;

    public ItemErrorMails(FolderSetRepository sets, Mails mails) {
        this.sets = sets;
        this.mails = mails;
    }

    /** After a reconcile's execution: the mails to send (none when the items in error are those last mailed). */
    public List<Mail> mails(Reconciliation r) {
        FolderClaim claim = r.claim();
        FolderSet set = claim.set();
        List<FolderRecord> folders = sets.folders(set.id());
        Map<String, String> errors = errors(folders, sets.shares(set.id()));
        String now = errors.isEmpty() ? NONE : fingerprint(errors);
        String last = lastMailed(set.id());
        if (now.equals(last == null ? NONE : last)) {
            return List.of();
        }
        if (errors.isEmpty()) {
            sets.claims().event(claim, STEP, "info", "no item in error any more [list " + NONE + "]");
            return List.of();
        }
        // under the claim first: a replica that lost it throws here and mails nothing
        sets.claims().event(claim, STEP, "info", "admins mailed: " + errors.size() + " item(s) in error [list " + now
                + "]");
        return mails.folderItemErrors(set.id(), set.name(), set.courseId(), List.copyOf(errors.values()), MAX_LINES);
    }

    /** The items in error, keyed by what they are (sorted: folders by path, then shares), each as its mail line. */
    Map<String, String> errors(List<FolderRecord> folders, List<ShareRecord> shares) {
        Map<Long, FolderRecord> byId = folders.stream().collect(Collectors.toMap(FolderRecord::id, Function.identity()));
        Map<String, String> out = new TreeMap<>();
        for (FolderRecord f : folders) {
            if ("error".equals(f.state())) {
                out.put("1 " + f.path() + "\u0000" + f.error(), mails.folderErrorLine(f.path(), null, null, f.error()));
            }
        }
        for (ShareRecord s : shares) {
            if ("error".equals(s.state())) {
                FolderRecord f = byId.get(s.folderId());
                String path = f == null ? "#" + s.folderId() : f.path();
                out.put("2 " + path + "\u0000" + s.moodleUsername() + "\u0000" + s.error(), mails.folderErrorLine(path,
                        s.moodleUsername(), s.cloudUserId() == null ? "-" : s.cloudUserId(), s.error()));
            }
        }
        return out;
    }

    private String lastMailed(long setId) {
        String last = null;
        for (var e : sets.events(setId)) {
            if (STEP.equals(e.step()) && e.message() != null) {
                Matcher m = FINGERPRINT.matcher(e.message());
                if (m.find()) {
                    last = m.group(1);
                }
            }
        }
        return last;
    }

    static String fingerprint(Map<String, String> errors) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            errors.keySet().forEach(k -> sha.update((k + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
