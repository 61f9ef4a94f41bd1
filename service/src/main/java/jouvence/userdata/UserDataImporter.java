package jouvence.userdata;

import jouvence.moodle.MoodleException;
import jouvence.userdata.moodle.Items;
import jouvence.userdata.moodle.NewPlatform;
import jouvence.userdata.moodle.OldPlatform;
import jouvence.userdata.moodle.UserDataException;
import jouvence.userdata.store.UserDataClaims;
import jouvence.userdata.store.UserDataClaims.Claim;
import jouvence.userdata.store.UserDataRepository;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The stages of one claimed import ({@code routes.userdata.UserDataImportRouteBuilder} runs them): read both sides and
 * check the accounts, plan ({@link ImportPlan}), write what differs and read it back, settle. Each stage writes the
 * trail under the claim; a failure is {@link UserDataOutcomes}'s to classify.
 */
public final class UserDataImporter {

    /** An import on its way through the stages. */
    public record Work(Claim claim, OldPlatform.Values old, NewPlatform.Values now, ImportPlan.Decision decision,
                       List<String> written, List<String> warnings) {
        public String username() {
            return claim.row().username();
        }
    }

    private final UserDataConfig config;
    private final UserDataRepository repository;
    private final OldPlatform oldPlatform;
    private final NewPlatform newPlatform;

    public UserDataImporter(UserDataConfig config, UserDataRepository repository, OldPlatform oldPlatform,
                            NewPlatform newPlatform) {
        this.config = config;
        this.repository = repository;
        this.oldPlatform = oldPlatform;
        this.newPlatform = newPlatform;
    }

    private UserDataClaims claims() {
        return repository.claims();
    }

    /** Up to jouvence.user-data.batch-size due imports, claimed. */
    public List<Claim> claimDue() {
        return claims().claimDue(config.lease(), config.batchSize());
    }

    /** A full batch: more may be due, look again at once. */
    public boolean full(List<Claim> claimed) {
        return claimed.size() >= config.batchSize();
    }

    /** Both accounts found, with the same auth method (and the one of jouvence.user-data.auth when set). */
    public Work read(Claim claim) throws MoodleException, UserDataException {
        String username = claim.row().username();
        String server = claim.row().server();
        NewPlatform.Values now = newPlatform.read(username);
        if (!config.auth().isEmpty() && !config.auth().equals(now.auth())) {
            throw new UserDataException("authmismatch", "the account '" + username + "' uses auth '" + now.auth()
                    + "' on the new platform, not '" + config.auth() + "' (jouvence.user-data.auth)");
        }
        OldPlatform.Values old = oldPlatform.read(server, username, config.auth().isEmpty() ? now.auth()
                : config.auth());
        if (!old.auth().equals(now.auth())) {
            throw new UserDataException("authmismatch", "the account '" + username + "' uses auth '" + old.auth()
                    + "' on " + server + " and '" + now.auth() + "' on the new platform: not the same person for sure");
        }
        claims().event(claim, "read", "ok", old.items().size() + " values read on " + server + "; account "
                + now.id() + " on the new platform" + (now.modifiedAfterCreation() == null ? ""
                : now.modifiedAfterCreation() ? " (modified after its creation)" : " (not modified since created)"));
        return new Work(claim, old, now, null, List.of(), new ArrayList<>(old.notes()));
    }

    public Work plan(Work work) {
        ImportPlan.Decision d = ImportPlan.decide(work.old().items(), work.now().items(),
                repository.baseline(work.username()), config.overwrite(), work.now().modifiedAfterCreation());
        List<String> warnings = new ArrayList<>(work.warnings());
        d.kept().forEach((item, value) -> warnings.add(Items.label(item) + " kept: changed on the new platform to '"
                + value + "' (old platform: '" + work.old().items().get(item) + "'); "
                + "jouvence.user-data.overwrite=true would overwrite it"));
        claims().event(work.claim(), "plan", "ok", d.write().size() + " to write, " + d.unchanged().size()
                + " already equal, " + d.kept().size() + " kept");
        return new Work(work.claim(), work.old(), work.now(), d, List.of(), warnings);
    }

    public Work write(Work work) throws MoodleException, UserDataException {
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> prefs = new LinkedHashMap<>();
        work.decision().write().forEach((item, value) -> {
            if (Items.isPreference(item)) {
                prefs.put(Items.preferenceName(item), value);
            } else {
                fields.put(item, value);
            }
        });
        List<String> warnings = new ArrayList<>(work.warnings());
        List<String> written = new ArrayList<>();
        Map<String, String> baseline = new LinkedHashMap<>();
        work.decision().unchanged().forEach(item -> baseline.put(item, work.old().items().get(item)));
        long id = work.now().id();
        if (!fields.isEmpty()) {
            newPlatform.writeFields(id, fields).forEach(w -> warnings.add("core_user_update_users: " + w));
            NewPlatform.Values after = newPlatform.read(work.username()); // what Moodle kept of it
            fields.forEach((item, value) -> {
                String held = after.items().get(item);
                if (held == null) { // core does not show it back (phone1 outside showuseridentity)
                    written.add(Items.label(item));
                    baseline.put(item, value);
                } else if (Objects.equals(held, value)) {
                    written.add(Items.label(item));
                    baseline.put(item, held);
                } else if (jouvence.userdata.FieldRules.isCustom(item) && "".equals(held)) {
                    warnings.add(Items.label(item) + " not written: the new platform has no such custom profile "
                            + "field (or refused the value)");
                } else {
                    warnings.add(Items.label(item) + " written as '" + value + "' but the new platform holds '"
                            + held + "'");
                    baseline.put(item, held == null ? "" : held);
                }
            });
        }
        if (!prefs.isEmpty()) {
            NewPlatform.Saved saved = newPlatform.writePreferences(id, prefs);
            saved.saved().forEach(name -> {
                written.add(Items.label(Items.preference(name)));
                baseline.put(Items.preference(name), prefs.get(name));
            });
            warnings.addAll(saved.warnings());
            prefs.keySet().stream().filter(n -> !saved.saved().contains(n)
                            && saved.warnings().stream().noneMatch(w -> w.startsWith("preference " + n + " ")))
                    .forEach(n -> warnings.add("preference " + n + " not written (not in the new platform's answer)"));
        }
        claims().saveBaseline(work.claim(), work.username(), baseline);
        claims().event(work.claim(), "write", warnings.isEmpty() ? "ok" : "warning", written.isEmpty()
                ? "nothing written" : "written: " + String.join(", ", written));
        return new Work(work.claim(), work.old(), work.now(), work.decision(), written, warnings);
    }

    public UserDataImport settle(Work work) {
        work.warnings().forEach(w -> claims().event(work.claim(), "settle", "warning", w));
        UserDataImport done = claims().performed(work.claim(), work.written(), work.warnings());
        claims().event(work.claim(), "settle", "ok", "performed" + (work.warnings().isEmpty() ? ""
                : " with " + work.warnings().size() + " warning(s)"));
        return done;
    }
}
