package jouvence.web;

import io.netty.util.NetUtil;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The reverse proxies whose X-Forwarded-For is believed ({@code jouvence.web.trusted-proxies}: IP addresses and CIDR
 * ranges). A client that is not one of them is its socket's address, whatever it writes in X-Forwarded-For; behind
 * trusted proxies, the client is the last address a trusted proxy appended (read from the right, skipping the trusted
 * proxies themselves). Only address literals are read: nothing here ever asks DNS.
 */
public final class TrustedProxies {

    /** Trusts nobody: every client is its socket's address. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private record Range(byte[] network, int prefix) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * @param entries addresses ("10.0.0.5", "2001:db8::1") and ranges ("10.0.0.0/8", "fd00::/8"); none = trust nobody
     * @throws IllegalArgumentException naming the entry that is neither
     */
    public static TrustedProxies of(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : entries) {
            String[] parts = entry.strip().split("/", -1);
            byte[] network = parts.length <= 2 ? bytes(parts[0]) : null;
            int max = network == null ? 0 : network.length * 8;
            int prefix = max;
            if (network != null && parts.length == 2) {
                prefix = parts[1].matches("\\d{1,3}") ? Integer.parseInt(parts[1]) : -1;
            }
            if (network == null || prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("jouvence.web.trusted-proxies: '" + entry
                        + "' is not an IP address or a CIDR range (like 10.0.0.5 or 10.0.0.0/8)");
            }
            ranges.add(new Range(network, prefix));
        }
        return new TrustedProxies(ranges);
    }

    /** True when {@code ip} is an address literal inside one of the trusted ranges. */
    public boolean trusts(String ip) {
        byte[] address = bytes(ip);
        return address != null && ranges.stream().anyMatch(r -> r.contains(address));
    }

    /**
     * The client's address for the login limit.
     *
     * @param socket       the address the connection came from
     * @param forwardedFor the X-Forwarded-For header(s), comma-separated, or null
     */
    public String clientIp(String socket, String forwardedFor) {
        if (socket == null || forwardedFor == null || forwardedFor.isBlank() || !trusts(socket)) {
            return socket;
        }
        List<String> hops = Arrays.stream(forwardedFor.split(",")).map(String::strip).toList();
        String client = socket;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (bytes(hop) == null) {
                return client; // not an address: the hop before it is the last one a trusted proxy vouches for
            }
            client = hop;
            if (!trusts(hop)) {
                return hop;
            }
        }
        return client;
    }

    /** An address literal's bytes (an IPv4-mapped IPv6 address as IPv4), or null when it is not one. */
    private static byte[] bytes(String ip) {
        if (ip == null || ip.isBlank() || ip.length() > 45) {
            return null;
        }
        byte[] b = NetUtil.createByteArrayFromIpAddressString(ip.strip());
        if (b != null && b.length == 16 && isV4Mapped(b)) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        return b;
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }
}
