package simulator;

import java.io.IOException;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

/** The first step of a recorded call: it is recorded, then answered with an injected HTTP failure if one is due. */
final class CallGate {

    private final CallLog log;
    private final Faults faults;
    private final SiteAddress address;

    CallGate(CallLog log, Faults faults, SiteAddress address) {
        this.log = log;
        this.faults = faults;
        this.address = address;
    }

    /** True when the call was answered with an injected failure and must not be processed. */
    boolean failed(HttpExchange ex, String function, Map<String, String> flat) throws IOException {
        log.call(function, flat);
        Integer status = faults.takeFailure(function);
        if (status == null) {
            return false;
        }
        Responses.sendHtmlError(ex, status, address.rawPort());
        return true;
    }
}
