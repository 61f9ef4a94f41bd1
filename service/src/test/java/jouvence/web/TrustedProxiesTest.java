package jouvence.web;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which X-Forwarded-For is believed: only a trusted proxy's, read from the right. */
class TrustedProxiesTest {

    private final TrustedProxies proxies = TrustedProxies.of(List.of("10.1.0.0/16", "192.0.2.10", "fd00::/8"));

    @Test
    void addresses_and_ranges_are_trusted_and_nothing_else() {
        assertTrue(proxies.trusts("10.1.200.3"));
        assertFalse(proxies.trusts("10.2.0.1"), "a private address outside the ranges is an ordinary client");
        assertTrue(proxies.trusts("192.0.2.10"));
        assertFalse(proxies.trusts("192.0.2.11"));
        assertTrue(proxies.trusts("fd12::1"));
        assertTrue(proxies.trusts("::ffff:10.1.0.9"), "an IPv4-mapped address is its IPv4 address");
        assertFalse(proxies.trusts("localhost"), "never a name (no DNS)");
        assertFalse(TrustedProxies.NONE.trusts("127.0.0.1"), "empty trusts nobody, not even loopback");
    }

    @Test
    void a_client_that_is_not_a_proxy_is_its_socket_whatever_it_forwards() {
        assertEquals("10.2.0.1", proxies.clientIp("10.2.0.1", "203.0.113.5"));
        assertEquals("127.0.0.1", TrustedProxies.NONE.clientIp("127.0.0.1", "203.0.113.5"));
    }

    @Test
    void behind_trusted_proxies_the_last_untrusted_hop_counts() {
        assertEquals("203.0.113.5", proxies.clientIp("10.1.0.2", "203.0.113.5"));
        assertEquals("203.0.113.5", proxies.clientIp("10.1.0.2", "6.6.6.6, 203.0.113.5, 10.1.0.7"),
                "earlier hops are the client's word, the proxies are skipped");
        assertEquals("10.1.0.2", proxies.clientIp("10.1.0.2", "not-an-address"), "a non-address is not believed");
        assertEquals("10.1.0.7", proxies.clientIp("10.1.0.2", "10.1.0.7"), "only proxies: the first of them");
        assertEquals("10.1.0.2", proxies.clientIp("10.1.0.2", null));
    }

    @Test
    void an_entry_that_is_neither_an_address_nor_a_range_stops_the_start() {
        for (String bad : List.of("10.0.0.0/33", "proxy.example.org", "10.0.0/8", "10.0.0.1/x", "::1/129")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TrustedProxies.of(List.of(bad)));
            assertTrue(e.getMessage().contains("jouvence.web.trusted-proxies") && e.getMessage().contains(bad),
                    e.getMessage());
        }
    }
}
