package jouvence.moodle;

import jouvence.JouvenceConfig;
import jouvence.JouvenceConfig.MoodleSite;
import jouvence.moodle.MoodleSites.SiteInfo;

import java.util.List;

/**
 * What Jouvence needs of each Moodle, asked with read-only calls only. The one place that decides it: the health probes
 * ({@link SiteHealth}, at start-up and regularly) report a site's first problem, {@code jouvence check} lists each
 * requirement on its own line.
 */
public final class SiteRequirements {

    private final MoodleSites sites;
    private final boolean folders;

    /** @param folders whether the collaborative folders are on (the client then needs the groups' functions) */
    public SiteRequirements(MoodleSites sites, boolean folders) {
        this.sites = sites;
        this.folders = folders;
    }

    /** The functions the site's token service lacks, in words; null when it offers them all. */
    public String functionsProblem(String siteId, SiteInfo info) {
        List<String> missing = MoodleSites.missingFunctions(siteId, info, folders);
        return missing.isEmpty() ? null : "the token's service lacks " + String.join(", ", missing);
    }

    /** A course server whose service may not hand out files cannot give the archive; null when it may (or the client). */
    public static String downloadProblem(String siteId, SiteInfo info) {
        return JouvenceConfig.CLIENT_ID.equals(siteId) || info.downloadFiles() ? null
                : "the token's service does not allow file downloads (enable 'Can download files')";
    }

    /** Whether the category exists on the new platform; null when it does. */
    public String categoryProblem(long categoryId, String property) throws MoodleException {
        return sites.clientCategory("id", Long.toString(categoryId)).isPresent() ? null
                : "the category " + categoryId + " (" + property + ") does not exist on the new platform";
    }

    /** The first unmet requirement of a site whose token answered {@code info}; null when it has them all. */
    public String firstProblem(MoodleSite site, SiteInfo info, long defaultCategoryId) throws MoodleException {
        String problem = functionsProblem(site.id(), info);
        if (problem == null) {
            problem = downloadProblem(site.id(), info);
        }
        if (problem == null && JouvenceConfig.CLIENT_ID.equals(site.id())) {
            problem = categoryProblem(defaultCategoryId, "jouvence.client.default-category-id");
        }
        return problem;
    }
}
