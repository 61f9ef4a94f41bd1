package jouvence.http;

import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;

import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/**
 * The one way TLS verification is turned off, for a Moodle or a cloud whose admin set its {@code tls-verify} to false
 * (and nothing else): every certificate trusted and no host-name check, bound once in Camel's registry, which the
 * camel-http endpoints of that site then name.
 */
public final class RelaxedTls {

    public static final String TRUST_ALL = "jouvenceTlsTrustAll";
    static final String NO_HOSTNAME_CHECK = "jouvenceTlsNoHostnameCheck";

    private RelaxedTls() {
    }

    /** The endpoint options ({@code &sslContextParameters=…&x509HostnameVerifier=…}), bound in the registry if needed. */
    public static synchronized String endpointOptions(CamelContext camel) {
        if (camel.getRegistry().lookupByName(TRUST_ALL) == null) {
            TrustManagersParameters trust = new TrustManagersParameters();
            trust.setTrustManager(new TrustEverything());
            SSLContextParameters tls = new SSLContextParameters();
            tls.setTrustManagers(trust);
            camel.getRegistry().bind(TRUST_ALL, tls);
            camel.getRegistry().bind(NO_HOSTNAME_CHECK, NoopHostnameVerifier.INSTANCE);
        }
        return "&sslContextParameters=#" + TRUST_ALL + "&x509HostnameVerifier=#" + NO_HOSTNAME_CHECK;
    }

    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
