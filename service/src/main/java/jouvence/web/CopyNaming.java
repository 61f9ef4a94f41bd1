package jouvence.web;

import jouvence.folders.CopyRenamer;
import jouvence.folders.FolderSetService;
import jouvence.folders.ParticipantFolder;
import jouvence.folders.cloud.CloudFault;
import jouvence.folders.cloud.Participant;
import jouvence.folders.cloud.TokenSet;
import jouvence.moodle.MoodleException;
import jouvence.web.Page.Ctx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * "Name your copy" once the participant's authorisation is at hand (for {@link FolderActions}' Rename and Reset): the
 * copy renamed as them by {@link CopyRenamer}, where it went and who authorised recorded, the outcome in words.
 */
final class CopyNaming {

    private static final Logger LOG = LoggerFactory.getLogger(CopyNaming.class);

    /** A sentence for the page: kind "info" or "error". */
    record Said(String kind, String text) {
        Said after(String before) {
            return before == null ? this : new Said(kind, before + " " + text);
        }
    }

    private final FolderSetService service;
    private final CopyRenamer renamer;
    private final CloudAuthorisations authorisations;

    CopyNaming(FolderSetService service, CopyRenamer renamer, CloudAuthorisations authorisations) {
        this.service = service;
        this.renamer = renamer;
        this.authorisations = authorisations;
    }

    /** The participant's own line of this set with this share, if they have it (the form's ids are never trusted). */
    Optional<ParticipantFolder> line(Ctx c, long setId, long shareId) {
        return service.forParticipant(c.username()).stream().filter(l -> l.setId() == setId && l.shareId() != null
                && l.shareId() == shareId).findFirst();
    }

    Said rename(Ctx c, long setId, long shareId, String name, TokenSet token) {
        Messages m = c.m();
        Optional<ParticipantFolder> line = line(c, setId, shareId);
        if (line.isEmpty()) {
            return new Said("error", m.t("folders.name.notshared"));
        }
        CopyRenamer.Outcome o;
        try {
            o = renamer.rename(new Participant(token.userId(), token.accessToken()), shareId, name);
        } catch (CloudFault f) {
            LOG.warn("web: naming the copy of {} failed: {}", c.username(), f.getMessage());
            if (f.reason() == CloudFault.Reason.NOT_AUTHORISED) {
                authorisations.forget(c.session().idHash());
                return new Said("error", m.t("folders.name.reauthorise"));
            }
            return new Said("error", m.t("folders.name.unreachable"));
        }
        String cloudUser = line.get().cloudUser();
        if (o.moved() || (o.outcome().equals("not-received") && !token.userId().equals(cloudUser))) {
            try {
                Optional<Long> id = service.participantId(setId, c.username());
                if (id.isPresent()) {
                    service.namedCopy(setId, id.get(), c.username(), token.userId(),
                            o.moved() ? o.path() : line.get().copyName());
                }
            } catch (MoodleException e) {
                LOG.warn("web: the naming of {} could not be recorded: {}", c.username(), e.getMessage());
            }
        }
        LOG.info("web: {} naming their copy of folder set {}: {}", c.username(), setId, o.outcome());
        return switch (o.outcome()) {
            case "moved" -> new Said("info", m.t("folders.name.done", o.path()));
            case "taken" -> new Said("error", m.t("folders.name.taken", name));
            case "not-received" -> new Said("error", token.userId().equals(cloudUser)
                    ? m.t("folders.name.notreceived") : m.t("folders.name.otheraccount", token.userId(), cloudUser));
            case "parent-missing" -> new Said("error", m.t("folders.name.409"));
            case "locked" -> new Said("error", m.t("folders.name.423"));
            case "source-missing" -> new Said("error", m.t("folders.name.404"));
            case "not-authorised" -> {
                authorisations.forget(c.session().idHash());
                yield new Said("error", m.t("folders.name.reauthorise"));
            }
            default -> new Said("error", m.t("folders.name.refused", o.detail()));
        };
    }
}
