package jouvence.courses.api;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** How the REST API reads JSON bodies. */
final class ApiJson {

    /**
     * Jackson refusing a field given twice ({@code {"remoteCourseId": 2, "remoteCourseId": 3}}): by default the last
     * would silently win, and what the caller meant is unknown.
     */
    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ApiJson() {
    }
}
