package jouvence.folders;

import jouvence.folders.FoldersJouvence.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import simulator.SimulatedGroups;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The folder sets' REST API over real HTTP, on a real Jouvence (embedded PostgreSQL) and the simulated new platform:
 * every bad input is a 400 naming the field with nothing recorded; duplicates, reads, list, sync and DELETE.
 */
class FolderSetApiTest {

    private static final int COURSE = 10;
    private static final int OTHER_COURSE = 11;
    private static FoldersJouvence jouvence;
    private int grouping;
    private int otherGrouping;

    @BeforeAll
    static void start() throws Exception {
        // The reconcile is not what these tests look at: paused (a cloud is configured, as start-up requires).
        jouvence = new FoldersJouvence(Map.of("jouvence.folders.reconcile.enabled", "false",
                "jouvence.folders.cloud.url", "http://127.0.0.1:9", "jouvence.folders.cloud.user", "jouvence",
                "jouvence.folders.cloud.app-password", "not-used-here"));
    }

    @AfterAll
    static void stop() throws Exception {
        jouvence.close();
    }

    @BeforeEach
    void course() throws Exception {
        jouvence.reset();
        jouvence.client.addCourse(COURSE, "FOLD", "Biology 101", 3, "teacher1");
        jouvence.client.addCourse(OTHER_COURSE, "OTHER", "Other", 3);
        SimulatedGroups g = jouvence.client.groups();
        int a = g.addGroup(COURSE, "Team A");
        grouping = g.addGrouping(COURSE, "Pairs", a);
        otherGrouping = g.addGrouping(OTHER_COURSE, "Elsewhere");
    }

    private Response create(String json) throws Exception {
        return jouvence.api("POST", "/api/v1/folder-sets", json);
    }

    private long sets() throws Exception {
        return jouvence.count("SELECT count(*) FROM folder_set");
    }

    @Test
    void aSetIsCreatedReadListedSyncedAndStopped() throws Exception {
        Response r = create("{\"courseId\": 10, \"name\": \"Lab reports\", \"groupMode\": \"groups\", \"groupingId\": "
                + grouping + ", \"teacherAccess\": true}");
        assertEquals(201, r.status(), r.body());
        long id = r.json().get("id").asLong();
        assertEquals("Lab reports", r.json().get("name").asText());
        assertEquals("groups", r.json().get("groupMode").asText());
        assertEquals(grouping, r.json().get("groupingId").asInt());
        assertTrue(r.json().get("teacherAccess").asBoolean());
        assertEquals("api", r.json().get("origin").asText());
        assertTrue(r.json().get("managed").asBoolean());

        Response one = jouvence.api("GET", "/api/v1/folder-sets/" + id, null);
        assertEquals(200, one.status(), one.body());
        assertEquals("intake", one.json().get("events").get(0).get("step").asText());
        assertTrue(one.json().get("folders").isArray());
        assertTrue(one.json().get("shares").isArray());

        Response list = jouvence.api("GET", "/api/v1/folder-sets?course=10&limit=5", null);
        assertEquals(200, list.status(), list.body());
        assertEquals(1, list.json().get("folderSets").size());
        assertEquals(5, list.json().get("limit").asInt());
        assertEquals(0, jouvence.api("GET", "/api/v1/folder-sets?course=11", null).json().get("folderSets").size());
        assertEquals(0, jouvence.api("GET", "/api/v1/folder-sets?state=ready", null).json().get("folderSets").size());

        Response sync = jouvence.api("POST", "/api/v1/folder-sets/" + id + "/sync", null);
        assertEquals(202, sync.status(), sync.body());
        assertEquals(id, sync.json().get("folderSet").get("id").asLong());

        Response stop = jouvence.api("DELETE", "/api/v1/folder-sets/" + id, null);
        assertEquals(200, stop.status(), stop.body());
        assertTrue(stop.json().get("message").asText().contains("never deleted"), stop.body());
        assertFalse(stop.json().get("folderSet").get("managed").asBoolean());
        assertEquals("stopped", stop.json().get("folderSet").get("state").asText());
        assertEquals(200, jouvence.api("DELETE", "/api/v1/folder-sets/" + id, null).status(), "twice: the same answer");
        Response syncStopped = jouvence.api("POST", "/api/v1/folder-sets/" + id + "/sync", null);
        assertEquals(409, syncStopped.status(), syncStopped.body());
        assertEquals(List.of("intake", "sync", "stop"), steps(id));
    }

    private List<String> steps(long id) throws Exception {
        List<String> steps = new java.util.ArrayList<>();
        jouvence.api("GET", "/api/v1/folder-sets/" + id, null).json().get("events")
                .forEach(e -> steps.add(e.get("step").asText()));
        return steps;
    }

    @Test
    void aSecondSetOfTheSameNameIsA409NamingTheFirst() throws Exception {
        long first = create("{\"courseId\": 10, \"name\": \"Lab\", \"groupMode\": \"none\"}").json().get("id").asLong();
        Response again = create("{\"courseId\": 10, \"name\": \"lab\", \"groupMode\": \"groups\"}");
        assertEquals(409, again.status(), again.body());
        assertEquals(first, again.json().get("existingId").asLong());
        assertEquals(1, sets());
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndNothingIsRecorded() throws Exception {
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("{\"courseId\": 999, \"name\": \"Lab\", \"groupMode\": \"none\"}", "courseId");
        refusals.put("{\"courseId\": \"10\", \"name\": \"Lab\", \"groupMode\": \"none\"}", "courseId");
        refusals.put("{\"name\": \"Lab\", \"groupMode\": \"none\"}", "courseId");
        refusals.put("{\"courseId\": 1, \"name\": \"Lab\", \"groupMode\": \"none\"}", "courseId");
        refusals.put("{\"courseId\": 10, \"name\": \"Lab\", \"groupMode\": \"groups\", \"groupingId\": " + otherGrouping
                + "}", "groupingId");
        refusals.put("{\"courseId\": 10, \"name\": \"Lab\", \"groupMode\": \"groups\", \"groupingId\": 9999}",
                "groupingId");
        refusals.put("{\"courseId\": 10, \"name\": \"Lab\", \"groupMode\": \"none\", \"groupingId\": " + grouping + "}",
                "groupingId");
        refusals.put("{\"courseId\": 10, \"name\": \"Lab\", \"groupMode\": \"separate\"}", "groupMode");
        refusals.put("{\"courseId\": 10, \"name\": \"Lab\"}", "groupMode");
        refusals.put("{\"courseId\": 10, \"name\": \"   \", \"groupMode\": \"none\"}", "name");
        refusals.put("{\"courseId\": 10, \"name\": \"" + "x".repeat(201) + "\", \"groupMode\": \"none\"}", "name");
        refusals.put("{\"courseId\": 10, \"name\": \"Lab/2\", \"groupMode\": \"none\"}", "name");
        refusals.put("{\"courseId\": 10, \"name\": \"Lab: what?\", \"groupMode\": \"none\"}", "name");
        refusals.put("{\"courseId\": 10, \"name\": \".hidden\", \"groupMode\": \"none\"}", "name");
        refusals.put("{\"courseId\": 10, \"name\": 12, \"groupMode\": \"none\"}", "name");
        refusals.put("{\"courseId\": 10, \"name\": \"Lab\", \"groupMode\": \"none\", \"teacherAccess\": \"yes\"}",
                "teacherAccess");
        refusals.put("{\"courseId\": 10, \"name\": \"Lab\", \"groupMode\": \"none\", \"colour\": 1}", "colour");
        refusals.put("{\"courseId\": 10, \"courseId\": 11, \"name\": \"Lab\", \"groupMode\": \"none\"}", "courseId");
        refusals.put("{\"courseId\": 10,", "malformed");
        refusals.put("[1]", "JSON object");
        for (Map.Entry<String, String> bad : refusals.entrySet()) {
            Response r = create(bad.getKey());
            assertEquals(400, r.status(), bad.getKey() + " -> " + r.body());
            assertTrue(r.json().get("error").asText().contains(bad.getValue()), bad.getKey() + " -> " + r.body());
        }
        assertEquals(0, sets(), "nothing recorded");
        assertEquals(0, jouvence.count("SELECT count(*) FROM folder_event"));

        Response noJson = jouvence.api("POST", "/api/v1/folder-sets", "courseId=10", FoldersJouvence.API_TOKEN,
                "application/x-www-form-urlencoded");
        assertEquals(415, noJson.status(), noJson.body());
        assertEquals(401, jouvence.api("POST", "/api/v1/folder-sets", "{}", "wrong", "application/json").status());
        assertEquals(401, jouvence.api("GET", "/api/v1/folder-sets", null, null, null).status());

        for (String path : List.of("/api/v1/folder-sets/abc", "/api/v1/folder-sets/-1")) {
            Response r = jouvence.api("GET", path, null);
            assertEquals(400, r.status(), path + " -> " + r.body());
            assertTrue(r.json().get("error").asText().startsWith("id"), r.body());
        }
        assertEquals(400, jouvence.api("POST", "/api/v1/folder-sets/x1/sync", null).status());
        assertEquals(400, jouvence.api("DELETE", "/api/v1/folder-sets/1.5", null).status());
        assertEquals(404, jouvence.api("GET", "/api/v1/folder-sets/77", null).status());
        assertEquals(404, jouvence.api("POST", "/api/v1/folder-sets/77/sync", null).status());
        assertEquals(404, jouvence.api("DELETE", "/api/v1/folder-sets/77", null).status());
        for (String query : List.of("state=done", "course=abc", "limit=0", "limit=501", "offset=-1", "colour=red")) {
            Response r = jouvence.api("GET", "/api/v1/folder-sets?" + query, null);
            assertEquals(400, r.status(), query + " -> " + r.body());
            assertTrue(r.json().get("error").asText().contains(query.split("=")[0]), query + " -> " + r.body());
        }
        assertEquals(0, sets(), "nothing recorded");
    }
}
