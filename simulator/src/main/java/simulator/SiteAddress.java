package simulator;

/** Where a simulated site answers: 127.0.0.1 and the port bound by its first start. */
final class SiteAddress {

    private volatile int port = -1;

    void bound(int boundPort) {
        port = boundPort;
    }

    /** The bound port, or -1 before the first start. */
    int rawPort() {
        return port;
    }

    int port() {
        if (port < 0) {
            throw new IllegalStateException("simulator not started yet");
        }
        return port;
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }
}
