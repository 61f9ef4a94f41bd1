package simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a simulated site received: every request line, and the parameters of every call by function name. */
final class CallLog {

    private record RecordedCall(String function, Map<String, String> params) {
    }

    private final SiteState site;
    private final List<RecordedCall> recorded = new ArrayList<>();
    private final List<String> requestLines = new ArrayList<>();

    CallLog(SiteState site) {
        this.site = site;
    }

    /** Forgets everything (caller holds the site's monitor). */
    void clear() {
        recorded.clear();
        requestLines.clear();
    }

    void requestLine(String line) {
        synchronized (site) {
            requestLines.add(line);
        }
    }

    void call(String function, Map<String, String> flat) {
        synchronized (site) {
            recorded.add(new RecordedCall(function, Collections.unmodifiableMap(new LinkedHashMap<>(flat))));
        }
    }

    List<Map<String, String>> calls(String function) {
        synchronized (site) {
            List<Map<String, String>> out = new ArrayList<>();
            for (RecordedCall c : recorded) {
                if (c.function().equals(function)) {
                    out.add(c.params());
                }
            }
            return out;
        }
    }

    List<String> requestLines() {
        synchronized (site) {
            return List.copyOf(requestLines);
        }
    }
}
