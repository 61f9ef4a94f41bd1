package simulator;

/** Test hooks on a site's web-service configuration: its token, the functions of its service, its name. */
final class SiteConfig {

    private final SiteState site;

    SiteConfig(SiteState site) {
        this.site = site;
    }

    void revokeToken() {
        synchronized (site) {
            site.tokenRevoked = true;
        }
    }

    void token(String newToken) {
        synchronized (site) {
            site.token = newToken;
            site.tokenRevoked = false;
        }
    }

    String token() {
        synchronized (site) {
            return site.token;
        }
    }

    void removeFunction(String wsfunction) {
        synchronized (site) {
            site.service.remove(wsfunction);
        }
    }

    void addFunction(String wsfunction) {
        if (!WsFunctions.implemented(site.role, wsfunction)) {
            throw new IllegalArgumentException(wsfunction + " is not implemented by this simulator role");
        }
        synchronized (site) {
            if (!site.service.contains(wsfunction)) {
                site.service.add(wsfunction);
            }
        }
    }

    void siteName(String name) {
        synchronized (site) {
            site.siteName = name;
        }
    }
}
