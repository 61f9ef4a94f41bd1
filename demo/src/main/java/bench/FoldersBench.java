package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import simulator.LocalJouvence;
import simulator.MoodleSimulator;
import simulator.SimulatedGroups;
import simulator.cloud.CloudSimulator;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The collaborative folders' benchmark (issue 13): a course of {@code --groups} groups of {@code --members} members,
 * the simulated Nextcloud answering every call after {@code --latency-ms}; the service (the packaged product) makes a
 * new folder set (provisioning from empty), then reconciles it again with nothing changed; the plugin's way
 * ({@link PluginWay}) provisions the same folders and shares, one participant's request after the other. Each run uses
 * a new folder set and a new activity (new paths in the same cloud). Prints the cloud's calls by method and the wall
 * time of each, and the medians of {@code --runs}.
 */
final class FoldersBench {

    private static final String SYS = "jouvence";
    private static final String SYS_PASSWORD = "bench-app-password";
    private static final int COURSE = 10;
    private static final String COURSE_NAME = "Bench course";

    private record Measure(double seconds, Map<String, Integer> calls) {
        int total() {
            return calls.values().stream().mapToInt(Integer::intValue).sum();
        }

        @Override
        public String toString() {
            return String.format("%8.2f s %6d calls %s", seconds, total(), new TreeMap<>(calls));
        }
    }

    private FoldersBench() {
    }

    static void run(Path work, Map<String, String> opt) throws Exception {
        int groups = Integer.parseInt(opt.getOrDefault("groups", "200"));
        int members = Integer.parseInt(opt.getOrDefault("members", "30"));
        int runs = Integer.parseInt(opt.getOrDefault("runs", "3"));
        int latencyMs = Integer.parseInt(opt.getOrDefault("latency-ms", "5"));
        boolean plugin = !"false".equals(opt.get("plugin"));
        int pluginRuns = Integer.parseInt(opt.getOrDefault("plugin-runs", Integer.toString(runs)));
        System.out.printf("collaborative folders: %d groups x %d members, cloud latency %d ms per call, %d run(s)%n",
                groups, members, latencyMs, runs);
        List<Bench.Service> services = new ArrayList<>();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg")).start();
             MoodleSimulator client = MoodleSimulator.courseClient("CLIENTTOKEN0000000000000000000002");
             MoodleSimulator old = MoodleSimulator.courseServer(String.format("SERVERTOKEN%022d", 1));
             CloudSimulator cloud = CloudSimulator.nextcloud().start()) {
            GreenMail smtp = new GreenMail(new ServerSetup(LocalJouvence.freePort(), "127.0.0.1",
                    ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            MoodleSimulator.FOLDER_FUNCTIONS.forEach(client::addFunction);
            client.start();
            old.start();
            List<List<String>> byGroup = course(client, cloud, groups, members);
            cloud.addUser(SYS, "Jouvence", "jouvence@univ.example").appPassword(SYS, SYS_PASSWORD);
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("jouvence.claim.enabled", "false");
            extra.put("jouvence.bridge.enabled", "false");
            extra.put("jouvence.import.enabled", "false");
            extra.put("jouvence.folders.enabled", "true");
            extra.put("jouvence.folders.reconcile.cron", "0 0 0 1 1 ? 2099"); // never: the bench wakes it itself
            extra.put("jouvence.folders.cloud.url", cloud.url());
            extra.put("jouvence.folders.cloud.user", SYS);
            extra.put("jouvence.folders.cloud.app-password", SYS_PASSWORD);
            opt.forEach((k, v) -> {
                if (k.startsWith("jouvence.")) {
                    extra.put(k, v); // e.g. --jouvence.folders.parallelism=1
                }
            });
            Bench.Service svc = Bench.Service.start(work, "folders", pg, smtp, client, Map.of("s1", old), extra);
            services.add(svc);
            cloud.latency(Duration.ofMillis(latencyMs));
            List<Measure> provision = new ArrayList<>();
            List<Measure> unchanged = new ArrayList<>();
            List<Measure> pluginWay = new ArrayList<>();
            try (Connection db = pg.getPostgresDatabase().getConnection()) {
                for (int run = 1; run <= runs; run++) {
                    cloud.clearCalls();
                    String since = now(db);
                    JsonNode made = svc.call("POST", "/folder-sets", "{\"courseId\": " + COURSE + ", \"name\": "
                            + "\"Bench folders " + run + "\", \"groupMode\": \"groups\", \"teacherAccess\": false}");
                    long id = made.get("id").asLong();
                    String setFolder = "Bench folders " + run + " (id " + id + ")";
                    provision.add(measured(db, cloud, svc, id, setFolder, since, groups * members));
                    System.out.printf("run %d  service, provisioning: %s%n", run, provision.get(run - 1));
                    cloud.clearCalls();
                    since = now(db);
                    svc.call("POST", "/folder-sets/" + id + "/sync", null);
                    unchanged.add(measured(db, cloud, svc, id, setFolder, since, groups * members));
                    System.out.printf("run %d  service, unchanged:    %s%n", run, unchanged.get(run - 1));
                    if (plugin && run <= pluginRuns) {
                        cloud.clearCalls();
                        pluginWay.add(plugin(cloud, byGroup, 1000 + run));
                        System.out.printf("run %d  plugin's way:          %s%n", run, pluginWay.get(run - 1));
                    }
                }
            } finally {
                for (Bench.Service s : services) {
                    s.stop();
                }
                smtp.stop();
            }
            System.out.printf("%nmedians of %d run(s), %d groups x %d members = %d shares, %d ms per cloud call%n",
                    runs, groups, members, groups * members, latencyMs);
            System.out.printf("service, provisioning from empty: %.2f s, %s%n", median(provision), calls(provision));
            System.out.printf("service, unchanged reconcile:     %.2f s, %s%n", median(unchanged), calls(unchanged));
            if (plugin) {
                System.out.printf("plugin's way, provisioning:       %.2f s, %s (%d run(s))%n", median(pluginWay),
                        calls(pluginWay), pluginWay.size());
                System.out.printf("provisioning: the service is %.1f x faster than the plugin's way%n",
                        median(pluginWay) / median(provision));
            }
        }
    }

    /** The course, its groups (each member in one group, enrolled as a student) and the members' cloud accounts. */
    private static List<List<String>> course(MoodleSimulator client, CloudSimulator cloud, int groups, int members) {
        client.addCourse(COURSE, "BENCH", COURSE_NAME, 2, "teacher1");
        SimulatedGroups g = client.groups();
        List<List<String>> byGroup = new ArrayList<>();
        for (int i = 1; i <= groups; i++) {
            int group = g.addGroup(COURSE, "Team " + i);
            List<String> names = new ArrayList<>();
            for (int m = 1; m <= members; m++) {
                String u = "s" + i + "m" + m;
                client.addUser(u, "S" + i, "M" + m);
                g.enrol(u, COURSE, "student");
                g.addMember(group, u);
                cloud.addUser(u, u.toUpperCase(), u + "@univ.example");
                names.add(u);
            }
            byGroup.add(names);
        }
        return byGroup;
    }

    /**
     * Waits for the set to settle after {@code since} (the database's clock before the request); the wall time is the
     * database's: from {@code since} to the set's last_reconciled_at.
     */
    private static Measure measured(Connection db, CloudSimulator cloud, Bench.Service svc, long id, String setFolder,
                                    String since, int shares) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (true) {
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT state, extract(epoch FROM "
                    + "last_reconciled_at - '" + since + "'::timestamptz) FROM folder_set WHERE id = " + id
                    + " AND last_reconciled_at > '" + since + "'::timestamptz")) {
                if (rs.next()) {
                    if (!"ready".equals(rs.getString(1))) {
                        throw new IllegalStateException("folder set " + id + " is " + rs.getString(1) + ": "
                                + svc.call("GET", "/folder-sets/" + id, null));
                    }
                    long shared = cloud.shares().stream().filter(x -> x.path().contains("/" + setFolder + "/"))
                            .count();
                    if (shared != shares) {
                        throw new IllegalStateException(shared + " shares in the cloud, " + shares + " wanted");
                    }
                    return new Measure(rs.getDouble(2), cloud.callCounts());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("folder set " + id + " not settled in 30 minutes");
            }
            Thread.sleep(200); // the wall time is read from the database, not from this loop
        }
    }

    /** The plugin's way, every member of every group asking for their folder, one after the other. */
    private static Measure plugin(CloudSimulator cloud, List<List<String>> byGroup, int cmid) throws Exception {
        PluginWay way = new PluginWay(cloud.url(), SYS, SYS_PASSWORD);
        List<String> base = PluginWay.basePath("bench", COURSE, COURSE_NAME, cmid, "Bench folders");
        long t0 = System.nanoTime();
        for (int i = 0; i < byGroup.size(); i++) {
            List<String> path = new ArrayList<>(base);
            path.add(PluginWay.groupFolder("Team " + (i + 1), 100_000 + i));
            for (String member : byGroup.get(i)) {
                way.request(path, member);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int shares = byGroup.stream().mapToInt(List::size).sum();
        long shared = cloud.shares().stream().filter(x -> x.path().contains("/" + base.get(3) + "/")).count();
        if (shared != shares) {
            throw new IllegalStateException("the plugin's way made " + shared + " shares, " + shares + " wanted");
        }
        return new Measure(seconds, cloud.callCounts());
    }

    private static String now(Connection db) throws Exception {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT now()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static double median(List<Measure> ms) {
        List<Double> v = ms.stream().map(Measure::seconds).sorted().toList();
        return v.size() % 2 == 1 ? v.get(v.size() / 2) : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
    }

    /** The calls of the median run (calls do not vary between runs; the time does). */
    private static String calls(List<Measure> ms) {
        double m = median(ms);
        Measure at = ms.stream().min((a, b) -> Double.compare(Math.abs(a.seconds() - m), Math.abs(b.seconds() - m)))
                .orElseThrow();
        return at.total() + " cloud calls " + new TreeMap<>(at.calls());
    }
}
