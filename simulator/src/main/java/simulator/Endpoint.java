package simulator;

import java.io.IOException;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

/** One path of a simulated site; {@code flat} holds the query string and urlencoded body parameters, merged. */
@FunctionalInterface
interface Endpoint {
    void handle(HttpExchange ex, Map<String, String> flat) throws IOException;
}
