package jouvence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jouvence.JouvenceConfig.MoodleSite;
import jouvence.folders.moodle.CollaborativeFolderActivities;
import jouvence.folders.moodle.CollaborativeFolderActivities.Activity;
import jouvence.folders.moodle.CourseGroups;
import jouvence.folders.moodle.CourseGroups.Group;
import jouvence.folders.moodle.CourseGroups.Participant;
import jouvence.folders.moodle.CourseGroupsReader;
import jouvence.folders.moodle.FolderSetInputException;
import jouvence.folders.moodle.JdkTransport;
import jouvence.folders.naming.PluginNames;
import jouvence.folders.naming.PluginNames.Labels;
import jouvence.moodle.MoodleClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import simulator.cloud.ApacheDav;
import simulator.MoodleSimulator;
import simulator.SimulatedGroups;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Moodle side of collaborative folders against the REAL new Moodle of {@code ../shared/moodle-lab}
 * (mod_collaborativefolders v4.2-r1 installed): a course with three groups, a grouping of two, members, an editing
 * teacher and a non-editing one, and two activities, made through Moodle's own API by a PHP CLI script run as www-data;
 * then read through {@link CourseGroupsReader} (web services) and {@link CollaborativeFolderActivities} (SQL), named by
 * {@link PluginNames} and compared with what the plugin's own toolbox computes; and the simulator's answers to the same
 * calls compared with the real ones, key by key and type by type, so that the simulator cannot drift.
 * Runs with {@code -Djouvence.moodle-lab=<lab.env>}, as root. The lab is NOT reset (others use it): every name is unique
 * to the run, and nothing here depends on what else the site holds.
 */
class RealMoodleFoldersIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static RealMoodleLab lab;
    private static JsonNode fixture;
    private static String run;
    private static CourseGroupsReader reader;
    private static MoodleClient realClient;
    private static MoodleSimulator simulator;
    private static MoodleClient simClient;
    private static Path fixtureDir;
    private static int simGrouping;
    private static int simGroupA;

    @BeforeAll
    static void fixture() throws Exception {
        lab = RealMoodleLab.load(Path.of(System.getProperty("jouvence.moodle-lab", "/tmp/moodle-lab/lab.env")));
        run = "it" + Long.toString(System.currentTimeMillis(), 36);
        fixtureDir = Files.createTempDirectory(ApacheDav.SHARED_TMP, "jouvence-folders-fixture"); // www-data reads it
        Path dir = fixtureDir;
        dir.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        Path script = Files.copy(Path.of("src", "test", "resources", "moodle-lab", "folders_fixture.php"),
                dir.resolve("folders_fixture.php"));
        script.toFile().setReadable(true, false);
        Process php = new ProcessBuilder("runuser", "-u", "www-data", "--", "env",
                "MOODLE_DIRROOT=" + lab.get("CLIENT_DIRROOT"), "php", script.toString(), run)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(php.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, php.waitFor(), "the fixture script ran (its output holds a token: not printed)");
        fixture = JSON.readTree(out.substring(out.indexOf('{')));
        MoodleSite site = new MoodleSite(JouvenceConfig.CLIENT_ID, lab.get("CLIENT_URL"), lab.get("CLIENT_TOKEN"), 1, true);
        realClient = new MoodleClient(site, new JdkTransport(), Duration.ofSeconds(30));
        reader = new CourseGroupsReader(realClient, List.of("editingteacher", "manager", "teacher"));
        simulator = MoodleSimulator.courseClient("folders-it-token").start();
        simClient = new MoodleClient(new MoodleSite(JouvenceConfig.CLIENT_ID, simulator.url(), "folders-it-token", 1, true),
                new JdkTransport(), Duration.ofSeconds(30));
        mirrorInTheSimulator();
    }

    @AfterAll
    static void stop() {
        if (simulator != null) {
            simulator.close();
        }
        if (fixtureDir != null) {
            TestJouvence.deleteTree(fixtureDir);
        }
    }

    private static long id(String... path) {
        JsonNode n = fixture;
        for (String p : path) {
            n = n.path(p);
        }
        assertTrue(n.canConvertToLong(), "the fixture's output has " + String.join(".", path)); // never printed: a token
        return n.asLong();
    }

    private static String user(String who) {
        return fixture.path("users").path(who).path("username").asText();
    }

    private static List<String> usernames(List<Participant> people) {
        return people.stream().map(Participant::username).toList();
    }

    @Test
    void theReaderSeesTheGroupingsGroupsMembersAndTeachers() throws Exception {
        CourseGroups read = reader.read(id("course"), id("grouping"));
        assertEquals("FOLD-" + run, read.course().shortname());
        assertEquals(id("categoryChild"), read.course().categoryId());
        assertEquals(List.of(id("categoryParent"), id("categoryChild")),
                read.categories().stream().map(CourseGroups.Category::id).toList(), "top category first");
        assertEquals(fixture.path("siteShortname").asText(), read.siteShortname());
        assertEquals(List.of(id("groups", "a"), id("groups", "b")), read.grouping().orElseThrow().groupIds());
        Map<Long, Group> groups = new LinkedHashMap<>();
        read.groups().forEach(g -> groups.put(g.id(), g));
        assertEquals(List.of(id("groups", "a"), id("groups", "b")), List.copyOf(groups.keySet()));
        Group a = groups.get(id("groups", "a"));
        assertEquals("Team A " + run, a.name());
        assertEquals(List.of(user("s1"), user("s2")), usernames(a.students()));
        assertEquals(List.of(user("editor"), user("s1"), user("s2")), usernames(a.members()));
        assertEquals("Équipe B & co " + run, groups.get(id("groups", "b")).name(), "the raw name");
        assertEquals(List.of(user("s3")), usernames(groups.get(id("groups", "b")).members()));
        assertEquals(List.of(user("editor"), user("assistant")), usernames(read.teachers()));
        assertEquals(List.of(user("s4"), user("s5")), usernames(read.studentsWithoutGroup()));
        assertEquals(user("s3") + "@example.org", groups.get(id("groups", "b")).members().get(0).email());

        CourseGroups all = reader.read(id("course"), null);
        assertEquals(3, all.groups().size());
        assertEquals(List.of(user("s5")), usernames(all.studentsWithoutGroup()));
        Group c = all.groups().stream().filter(g -> g.id() == id("groups", "c")).findFirst().orElseThrow();
        assertEquals(List.of(user("s1"), user("s4")), usernames(c.members()));
    }

    @Test
    void theReadersErrorsNameTheField() throws Exception {
        assertEquals("courseId", assertThrows(FolderSetInputException.class, () -> reader.read(987654, null)).field());
        assertEquals("groupingId", assertThrows(FolderSetInputException.class,
                () -> reader.read(id("course"), 987654L)).field());
    }

    @Test
    void theBridgeReadsBothActivitiesFromTheRealTables() throws Exception {
        List<Activity> activities = activities().ofCourse(id("course"));
        assertEquals(List.of(
                new Activity(id("grouped", "cmid"), id("grouped", "instance"), id("course"), "Lab reports & data " + run,
                        1, id("grouping"), true),
                new Activity(id("plain", "cmid"), id("plain", "instance"), id("course"), "Shared notes " + run, 0, 0,
                        false)), activities);
        assertTrue(activities().all().containsAll(activities));
    }

    @Test
    void jouvenceNamesTheFoldersExactlyAsThePluginDoes() throws Exception {
        CourseGroups read = reader.read(id("course"), id("grouping"));
        PluginNames names = new PluginNames(Labels.ENGLISH);
        List<PluginNames.Category> categories = read.categories().stream()
                .map(c -> new PluginNames.Category(c.id(), c.name())).toList();
        for (Activity a : activities().ofCourse(id("course"))) {
            String expected = fixture.path(a.grouped() ? "basePathGrouped" : "basePathPlain").asText();
            List<String> base = names.basePath(new PluginNames.Activity(read.siteShortname(), categories, a.courseId(),
                    read.course().displayName(), a.cmid(), a.name()));
            assertEquals(expected, "/" + String.join("/", base), "get_base_path(" + a.cmid() + ")");
        }
        Map<Long, String> raw = activities().groupNames(id("course"));
        CourseGroups all = reader.read(id("course"), null);
        for (String key : List.of("a", "b", "c")) {
            long groupId = id("groups", key);
            String expected = fixture.path("groupFolders").path(key).asText();
            assertEquals(expected, PluginNames.groupFolder(raw.get(groupId), groupId), "from the database's raw name");
            String shown = all.groups().stream().filter(g -> g.id() == groupId).findFirst().orElseThrow().name();
            assertEquals(expected, PluginNames.groupFolder(shown, groupId), "from the web services' name");
        }
    }

    private static CollaborativeFolderActivities activities() {
        PGSimpleDataSource db = new PGSimpleDataSource();
        db.setUrl(lab.dbUrl("CLIENT_DB"));
        db.setUser(lab.get("PGUSER"));
        db.setPassword(lab.get("PGPASSWORD"));
        return new CollaborativeFolderActivities(db, lab.get("DB_PREFIX"));
    }

    // ---------------------------------------------------------------- the simulator answers as the real site does

    /** The fixture's course, groups, grouping, users and roles, under the same ids where the simulator lets them be. */
    private static void mirrorInTheSimulator() {
        int course = (int) id("course");
        SimulatedGroups g = simulator.groups();
        for (String who : List.of("editor", "assistant", "s1", "s2", "s3", "s4", "s5")) {
            simulator.addUser(user(who), who, run);
        }
        simulator.addCourse(course, "FOLD-" + run, "Biology & Co: \"labs\" " + run, 3, user("editor"));
        for (String who : List.of("assistant", "s1", "s2", "s3", "s4", "s5")) {
            g.enrol(user(who), course, who.equals("assistant") ? "teacher" : "student");
        }
        int a = g.addGroup(course, "Team A " + run);
        simGroupA = a;
        int b = g.addGroup(course, "Équipe B & co " + run);
        int c = g.addGroup(course, "Team/C " + run);
        for (String[] m : new String[][] {{"s1", "a"}, {"s2", "a"}, {"editor", "a"}, {"s3", "b"}, {"s4", "c"}, {"s1", "c"}}) {
            g.addMember(Map.of("a", a, "b", b, "c", c).get(m[1]), user(m[0]));
        }
        simGrouping = g.addGrouping(course, "Pairs " + run, a, b);
        MoodleSimulator.FOLDER_FUNCTIONS.forEach(simulator::addFunction);
    }

    /** The same call on both sites: the simulator's answer has the real one's keys, in its order, with its types. */
    private static void sameShape(String function, Map<String, String> real, Map<String, String> simulated)
            throws Exception {
        JsonNode r = raw(realClient, function, real);
        JsonNode s = raw(simClient, function, simulated);
        assertEquals(shape(r), shape(s), function + ": real " + r + "\nsimulated " + s);
    }

    /** A call's JSON answer, an error object included (MoodleClient would throw it). */
    private static JsonNode raw(MoodleClient client, String function, Map<String, String> params) throws Exception {
        try {
            return client.call(function, params);
        } catch (jouvence.moodle.MoodleException e) {
            return JSON.createObjectNode().put("exception", "?").put("errorcode", e.code())
                    .put("message", e.getMessage().replaceAll("^[^:]+: ", ""));
        }
    }

    /** Keys in order and value types; an array by its first element; null and text alike (Moodle's nullable texts). */
    static String shape(JsonNode n) {
        if (n.isObject()) {
            StringBuilder sb = new StringBuilder("{");
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                sb.append(e.getKey()).append(':').append(shape(e.getValue())).append(it.hasNext() ? "," : "");
            }
            return sb.append('}').toString();
        }
        if (n.isArray()) {
            return n.isEmpty() ? "[]" : "[" + shape(n.get(0)) + "]";
        }
        if (n.isNull() || n.isTextual()) {
            return "text";
        }
        return n.isBoolean() ? "bool" : n.isIntegralNumber() ? "int" : n.isNumber() ? "float" : n.getNodeType().name();
    }

    private static Map<String, String> groupIds(MoodleClient client, long course) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        List<Long> ids = new ArrayList<>();
        client.call("core_group_get_course_groups", Map.of("courseid", Long.toString(course)))
                .forEach(g -> ids.add(g.path("id").asLong()));
        for (int i = 0; i < ids.size(); i++) {
            params.put("groupids[" + i + "]", Long.toString(ids.get(i)));
        }
        return params;
    }

    @Test
    void theSimulatorsAnswersHaveTheRealAnswersShape() throws Exception {
        String course = Long.toString(id("course"));
        Map<String, String> byCourse = Map.of("courseid", course);
        sameShape("core_group_get_course_groups", byCourse, byCourse);
        sameShape("core_group_get_groupings", Map.of("groupingids[0]", Long.toString(id("grouping")), "returngroups", "1"),
                Map.of("groupingids[0]", Long.toString(simGrouping), "returngroups", "1"));
        sameShape("core_group_get_groupings", Map.of("groupingids[0]", Long.toString(id("grouping"))),
                Map.of("groupingids[0]", Long.toString(simGrouping)));
        sameShape("core_group_get_group_members", groupIds(realClient, id("course")), groupIds(simClient, id("course")));
        sameShape("core_enrol_get_enrolled_users", byCourse, byCourse);
        Map<String, String> options = Map.of("courseid", course, "options[0][name]", "userfields",
                "options[0][value]", "id,username,email,roles", "options[1][name]", "onlyactive", "options[1][value]", "1");
        sameShape("core_enrol_get_enrolled_users", options, options);
        for (String ids : List.of(course + ",1", "1," + course)) {
            Map<String, String> both = Map.of("field", "ids", "value", ids);
            sameShape("core_course_get_courses_by_field", both, both);
        }
        Map<String, String> front = Map.of("field", "id", "value", "1");
        sameShape("core_course_get_courses_by_field", front, front);
        // Errors: the same objects, word for word.
        for (String[] call : new String[][] {
                {"core_group_get_course_groups", "courseid", "987654"},
                {"core_group_get_groupings", "groupingids[0]", "987654"},
                {"core_group_get_group_members", "groupids[0]", "987654"},
                {"core_group_get_group_members", "groupids[0]", "abc"},
                {"core_enrol_get_enrolled_users", "courseid", "987654"}}) {
            Map<String, String> params = Map.of(call[1], call[2]);
            JsonNode real = raw(realClient, call[0], params);
            assertEquals(real, raw(simClient, call[0], params), call[0] + " " + Arrays.toString(call));
        }
        Map<String, String> unknownIds = Map.of("field", "ids", "value", course + ",987654");
        assertEquals(raw(realClient, "core_course_get_courses_by_field", unknownIds),
                raw(simClient, "core_course_get_courses_by_field", unknownIds), "Moodle's PHP Error, word for word");
        // A token whose user may not manage the course's groups (a student there): Moodle's words, on both.
        MoodleClient noCapability = new MoodleClient(new MoodleSite(JouvenceConfig.CLIENT_ID, lab.get("CLIENT_URL"),
                fixture.path("noCapability").path("token").asText(), 1, true), new JdkTransport(), Duration.ofSeconds(30));
        simulator.groups().denyCapability(SimulatedGroups.MANAGE_GROUPS);
        try {
            assertEquals(raw(noCapability, "core_group_get_course_groups", Map.of("courseid",
                    Long.toString(id("noCapability", "course")))), raw(simClient, "core_group_get_course_groups", byCourse));
            assertEquals(raw(noCapability, "core_group_get_groupings", Map.of("groupingids[0]",
                    Long.toString(id("noCapability", "grouping")))), raw(simClient, "core_group_get_groupings",
                    Map.of("groupingids[0]", Long.toString(simGrouping))));
            assertEquals(raw(noCapability, "core_group_get_group_members", Map.of("groupids[0]",
                    Long.toString(id("noCapability", "group")))), raw(simClient, "core_group_get_group_members",
                    Map.of("groupids[0]", Long.toString(simGroupA))));
            assertEquals("nopermissions", raw(noCapability, "core_group_get_group_members", Map.of("groupids[0]",
                    Long.toString(id("noCapability", "group")))).path("errorcode").asText(), "the case is met for real");
        } finally {
            simulator.reset();
            mirrorInTheSimulator();
        }
        JsonNode formatted = simClient.call("core_group_get_course_groups", byCourse);
        JsonNode realGroups = realClient.call("core_group_get_course_groups", byCourse);
        List<String> simNames = new ArrayList<>();
        List<String> realNames = new ArrayList<>();
        formatted.forEach(g -> simNames.add(g.path("name").asText()));
        realGroups.forEach(g -> realNames.add(g.path("name").asText()));
        assertEquals(realNames, simNames, "names format_string'd and sorted as the real site does");
    }
}
