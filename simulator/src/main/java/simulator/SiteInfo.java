package simulator;

import static simulator.InitialData.CLIENT_WS_USERNAME;
import static simulator.InitialData.SERVER_WS_USERNAME;
import static simulator.MoodleSimulator.FN_SITE_INFO;
import static simulator.PhpJson.obj;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import simulator.MoodleSimulator.Role;

/** core_webservice_get_site_info, for the integration token (C1, S1) or a user's token from token.php. */
final class SiteInfo {

    private final SiteState site;
    private final SiteAddress address;
    private final LoginService logins;

    SiteInfo(SiteState site, SiteAddress address, LoginService logins) {
        this.site = site;
        this.address = address;
        this.logins = logins;
    }

    Object siteInfo(Map<String, Object> p) {
        Params.allowOnly(p, "serviceshortnames");
        if (p.containsKey("serviceshortnames")) {
            Params.reqList(p, "serviceshortnames");
        }
        boolean server = site.role == Role.COURSE_SERVER;
        String base = address.url();
        String rev = server ? "1795296961" : "1795297071";
        Map<String, Object> m = new LinkedHashMap<>();
        String renamed;
        synchronized (site) {
            renamed = site.siteName;
        }
        m.put("sitename", renamed != null ? renamed
                : server ? "Course Server (old platform)" : "Course Client (new platform)");
        if (server) {
            m.put("username", SERVER_WS_USERNAME);
            m.put("firstname", "wsuser");
            m.put("lastname", SERVER_WS_USERNAME);
            m.put("fullname", "wsuser " + SERVER_WS_USERNAME);
        } else {
            m.put("username", CLIENT_WS_USERNAME);
            m.put("firstname", "Integration");
            m.put("lastname", "Service");
            m.put("fullname", "Integration Service");
        }
        m.put("lang", "en");
        m.put("userid", server ? 3 : 4);
        m.put("siteurl", base);
        m.put("userpictureurl", base + "/theme/image.php/boost/core/" + rev + "/u/f1");
        List<Object> fns = new ArrayList<>();
        synchronized (site) {
            for (String f : site.service) {
                fns.add(obj("name", f, "version", WsFunctions.VERSIONS.get(f)));
            }
        }
        m.put("functions", fns);
        m.put("downloadfiles", 1);
        m.put("uploadfiles", 0);
        m.put("release", SimulatedArchive.MOODLE_RELEASE);
        m.put("version", WsFunctions.CORE_VERSION);
        m.put("mobilecssurl", "");
        List<Object> adv = new ArrayList<>();
        String[][] features = {{"usecomments", "1"}, {"usetags", "1"}, {"enablenotes", "1"}, {"messaging", "1"},
            {"enableblogs", "1"}, {"enablecompletion", "1"}, {"enablebadges", "1"}, {"messagingallusers", "0"},
            {"enablecustomreports", "1"}, {"enableglobalsearch", "0"}, {"mnet_dispatcher_mode", "0"},
            {"enablecompetencies", "1"}};
        for (String[] f : features) {
            adv.add(obj("name", f[0], "value", Integer.parseInt(f[1])));
        }
        m.put("advancedfeatures", adv);
        m.put("usercanmanageownfiles", true);
        m.put("userquota", 104857600);
        m.put("usermaxuploadfilesize", 104857600);
        m.put("userhomepage", 1);
        m.put("userprivateaccesskey", server ? "cafaed2a8e388a2a04249f5a7d1e4c0c" : "19e73807708caad419271dac83346f63");
        m.put("siteid", 1);
        m.put("sitecalendartype", "gregorian");
        m.put("usercalendartype", "gregorian");
        m.put("userissiteadmin", false);
        m.put("theme", "boost");
        m.put("limitconcurrentlogins", 0);
        m.put("policyagreed", 0);
        return m;
    }

    /** site_info called with a token from login/token.php: the same shape, about that user and the mobile service. */
    Object userSiteInfo(Map<String, Object> p, User u) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) siteInfo(p));
        boolean admin = logins.isSiteAdmin(u);
        m.put("username", u.username);
        m.put("firstname", u.firstname);
        m.put("lastname", u.lastname);
        m.put("fullname", u.fullname());
        m.put("userid", u.id);
        m.put("functions", List.of(obj("name", FN_SITE_INFO, "version", WsFunctions.VERSIONS.get(FN_SITE_INFO))));
        m.put("userprivateaccesskey", SimulatedArchive.sha1Hex(
                (site.role + ":" + u.username).getBytes(StandardCharsets.UTF_8)).substring(0, 32));
        m.put("userissiteadmin", admin);
        return m;
    }

    /** site_info called with the token of another service (the block's private files, a user-data one). */
    Object serviceSiteInfo(Map<String, Object> p, PrivateFileStore.ExtraService service) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) siteInfo(p));
        List<Object> fns = new ArrayList<>();
        for (String f : service.functions()) {
            fns.add(obj("name", f, "version", WsFunctions.VERSIONS.getOrDefault(f, WsFunctions.CORE_VERSION)));
        }
        m.put("functions", fns);
        m.put("downloadfiles", service.downloadFiles() ? 1 : 0);
        m.put("uploadfiles", 0);
        if (MoodleSimulator.PRIVATE_FILES_SERVICE.equals(service.shortname())) {
            m.put("username", "block_my_external_privatefiles_user");
        }
        return m;
    }
}
