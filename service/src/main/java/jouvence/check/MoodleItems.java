package jouvence.check;

import jouvence.JouvenceConfig;
import jouvence.JouvenceConfig.MoodleSite;
import jouvence.moodle.MoodleException;
import jouvence.moodle.MoodleSites;
import jouvence.moodle.MoodleSites.SiteInfo;
import jouvence.moodle.SiteRequirements;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each Moodle's token and functions, the course servers' file downloads and the new platform's categories: the
 * requirements of {@link SiteRequirements}, which the health probes check too, one line each. Only reading calls
 * (site info, categories) are made.
 */
final class MoodleItems {

    private final JouvenceConfig config;
    private final MoodleSites sites;
    private final SiteRequirements requirements;
    private final CheckReport report;

    MoodleItems(JouvenceConfig config, MoodleSites sites, CheckReport report) {
        this.config = config;
        this.sites = sites;
        this.requirements = new SiteRequirements(sites, config.folders().enabled());
        this.report = report;
    }

    void check() {
        config.servers().values().forEach(this::site);
        boolean clientOk = site(config.client());
        categories(clientOk);
    }

    /** The token, functions and downloads of one site; true when the client may be asked for categories. */
    private boolean site(MoodleSite site) {
        boolean client = JouvenceConfig.CLIENT_ID.equals(site.id());
        String label = client ? "client" : "server " + site.id();
        String tokenKey = client ? "jouvence.client.token" : "jouvence.server." + site.id() + ".token";
        SiteInfo info;
        try {
            info = sites.siteInfo(site.id());
            report.ok(label + ": token", "accepted by '" + info.siteName() + "' (Moodle " + info.release() + ") at "
                    + site.url());
        } catch (MoodleException e) {
            report.failed(label + ": token", unprefixed(e, site) + fix(e, site, tokenKey));
            report.needs(label + ": functions", label + ": token");
            if (!client) {
                report.needs(label + ": can download files", label + ": token");
            }
            return false;
        }
        String functions = requirements.functionsProblem(site.id(), info);
        boolean categoriesReadable = info.functions().contains(MoodleSites.GET_CATEGORIES);
        if (functions == null) {
            report.ok(label + ": functions", "the token's service offers the "
                    + (client ? MoodleSites.CLIENT_FUNCTIONS : MoodleSites.SERVER_FUNCTIONS).size() + " needed");
        } else {
            report.failed(label + ": functions", functions + ": add them to the token's external service (Site "
                    + "administration > Server > Web services > External services > Functions)");
        }
        if (!client) {
            String download = SiteRequirements.downloadProblem(site.id(), info);
            if (download == null) {
                report.ok(label + ": can download files", "enabled in the token's service");
            } else {
                report.failed(label + ": can download files", download + " in Site administration > Server > Web "
                        + "services > External services > Edit");
            }
        }
        return categoriesReadable;
    }

    /** The default category and those of the category map. */
    private void categories(boolean clientReadable) {
        Map<Long, String> categories = new LinkedHashMap<>();
        categories.put(config.defaultCategoryId(), "jouvence.client.default-category-id");
        config.parity().categoryMap().forEach((from, to) ->
                categories.putIfAbsent(to, "jouvence.client.category-map " + from));
        categories.forEach((id, property) -> {
            String subject = "client: category " + id + " (" + property + ")";
            if (!clientReadable) {
                report.needs(subject, "client: token and " + MoodleSites.GET_CATEGORIES);
                return;
            }
            try {
                String problem = requirements.categoryProblem(id, property);
                if (problem == null) {
                    report.ok(subject, "exists");
                } else {
                    report.failed(subject, problem + ": set " + property.replaceAll(" .*", "") + " to an existing "
                            + "category id (Site administration > Courses > Manage courses and categories)");
                }
            } catch (MoodleException e) {
                report.failed(subject, unprefixed(e, config.client()));
            }
        });
    }

    /** The exception's words without the site's id in front: the line names the site already. */
    private static String unprefixed(MoodleException e, MoodleSite site) {
        String message = e.getMessage();
        return message.startsWith(site.id() + ": ") ? message.substring(site.id().length() + 2) : message;
    }

    private static String fix(MoodleException e, MoodleSite site, String tokenKey) {
        String urlKey = JouvenceConfig.CLIENT_ID.equals(site.id()) ? "jouvence.client.url"
                : "jouvence.server." + site.id() + ".url";
        return switch (e.code()) {
            case "invalidtoken" -> "; set " + tokenKey + " to a valid token of the site's web-service user";
            case "unreachable", "timeout", "redirected" -> "; check " + urlKey + " and the network";
            default -> "";
        };
    }
}
