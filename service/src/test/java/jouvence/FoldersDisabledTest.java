package jouvence;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With jouvence.folders.enabled=false (the shared test Jouvence's), every folder-set endpoint says so in a JSON 404. */
class FoldersDisabledTest {

    @Test
    void everyFolderSetEndpointIsAJson404SayingTheFoldersAreOff() throws Exception {
        TestJouvence j = TestJouvence.get();
        for (List<String> call : List.of(List.of("POST", "/api/v1/folder-sets"), List.of("GET", "/api/v1/folder-sets"),
                List.of("GET", "/api/v1/folder-sets/1"), List.of("POST", "/api/v1/folder-sets/1/sync"),
                List.of("DELETE", "/api/v1/folder-sets/1"))) {
            TestJouvence.Response r = j.api(call.get(0), call.get(1),
                    call.get(0).equals("POST") ? "{\"courseId\": 2, \"name\": \"x\", \"groupMode\": \"none\"}" : null,
                    TestJouvence.API_TOKEN);
            assertEquals(404, r.status(), call + " -> " + r.body());
            assertTrue(r.json().get("error").asText().contains("collaborative folders are not enabled"), r.body());
        }
        assertEquals(401, j.api("GET", "/api/v1/folder-sets", null, "wrong").status(), "the token is checked first");
    }
}
