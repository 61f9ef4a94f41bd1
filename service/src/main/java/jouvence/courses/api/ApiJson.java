package jouvence.courses.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jouvence.courses.InvalidRequestException;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;

/** How the REST API reads JSON bodies (every capability's). */
public final class ApiJson {

    /**
     * Jackson refusing a field given twice ({@code {"remoteCourseId": 2, "remoteCourseId": 3}}): by default the last
     * would silently win, and what the caller meant is unknown.
     */
    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ApiJson() {
    }

    /**
     * The body as a JSON object of known fields only.
     *
     * @throws InvalidRequestException empty, too large, malformed, not an object, a field given twice or unknown
     */
    public static JsonNode object(String body, long maxBytes, Set<String> fields) {
        if (body == null || body.isBlank()) {
            throw new InvalidRequestException("the request body is empty: send a JSON object");
        }
        if (body.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new InvalidRequestException("the request body is larger than " + maxBytes + " bytes");
        }
        JsonNode in;
        try {
            in = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("malformed JSON: " + e.getOriginalMessage());
        }
        if (in == null || !in.isObject()) {
            throw new InvalidRequestException("the request body must be a JSON object");
        }
        for (Iterator<String> names = in.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw new InvalidRequestException("unknown field '" + name + "' (known: "
                        + String.join(", ", fields.stream().sorted().toList()) + ")");
            }
        }
        return in;
    }
}
