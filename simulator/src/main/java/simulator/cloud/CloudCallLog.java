package simulator.cloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import simulator.cloud.CloudSimulator.Call;

/** Every request a simulated cloud answered, in order. Credentials and OAuth parameters are never recorded. */
final class CloudCallLog {

    private final List<Call> calls = new ArrayList<>();
    private int inFlight;
    private int maxInFlight;

    synchronized void add(Call call) {
        calls.add(call);
    }

    /** A request arrived (counted until {@link #left()}): how many a client has open at once. */
    synchronized void arrived() {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
    }

    synchronized void left() {
        inFlight--;
    }

    synchronized int maxInFlight() {
        return maxInFlight;
    }

    synchronized void clear() {
        calls.clear();
        maxInFlight = inFlight;
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized Map<String, Integer> countsByMethod() {
        Map<String, Integer> out = new TreeMap<>();
        for (Call c : calls) {
            out.merge(c.method(), 1, Integer::sum);
        }
        return out;
    }
}
