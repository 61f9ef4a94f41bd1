package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import simulator.LocalJouvence;
import simulator.MoodleSimulator;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Benchmarks of issue 5, item 5, against the packaged service ({@code java -Xmx128m -jar service/target/jouvence.jar}) and the
 * Moodle simulator, everything on 127.0.0.1, with an embedded PostgreSQL and GreenMail:
 * <pre>
 * java -cp demo/target/jouvence-demo.jar:demo/target/lib/* bench.Bench streaming [--gib=2] [--rounds=3] [--warmup=1]
 * java -cp demo/target/jouvence-demo.jar:demo/target/lib/* bench.Bench pipeline [--requests=200] [--servers=1] [--backup-ms=500]
 *      [--restore-ms=1000] [--parallelism=4]
 * java -cp demo/target/jouvence-demo.jar:demo/target/lib/* bench.Bench overhead [--requests=10000]   (pipeline, zero latencies)
 * java -cp demo/target/jouvence-demo.jar:demo/target/lib/* bench.Bench replicas [--instances=2]      (pipeline, two processes)
 * all: [--dir=/tmp/jouvence-bench] [--keep] [--restore-stand-in=sh|jvm] [--max-minutes=N]
 * queue benchmarks: [--jfr=DIR] (a Java Flight Recording of each service process during the measured part)
 *                   [--claim-cron=0/10+*+*+*+*+?] (scheduled claims on, with that Quartz cron; off by default)
 * </pre>
 * The restore command is {@code bench/restore-stand-in.sh} (sh + curl; run from the project root), or with
 * {@code --restore-stand-in=jvm} the simulator's {@code simulator.RestoreCli}, one JVM per restore. Prints the measured
 * numbers; see bench/README.md.
 */
public final class Bench {

    private static final String TOKEN = "bench-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux). */
    private static final double HZ = 100.0;

    private Bench() {
    }

    /** Defaults of the queue benchmarks: requests, servers, backup ms, restore ms, parallelism, instances. */
    private static final Map<String, Map<String, String>> QUEUE_DEFAULTS = Map.of(
            "pipeline", Map.of("requests", "200", "backup-ms", "500", "restore-ms", "1000"),
            "overhead", Map.of("requests", "10000", "backup-ms", "0", "restore-ms", "0", "max-minutes", "30"),
            "replicas", Map.of("requests", "200", "backup-ms", "500", "restore-ms", "1000", "instances", "2"));

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !List.of("streaming", "pipeline", "overhead", "replicas", "clients", "folders").contains(args[0])) {
            System.err.println("usage: bench.Bench streaming|pipeline|overhead|replicas|clients|folders [--key=value...]");
            System.exit(2);
        }
        Map<String, String> opt = new LinkedHashMap<>(QUEUE_DEFAULTS.getOrDefault(args[0], Map.of()));
        for (int i = 1; i < args.length; i++) {
            String a = args[i].replaceFirst("^--", "");
            int eq = a.indexOf('=');
            opt.put(eq < 0 ? a : a.substring(0, eq), eq < 0 ? "true" : a.substring(eq + 1));
        }
        Path base = Path.of(opt.getOrDefault("dir", "/tmp/jouvence-bench"));
        Files.createDirectories(base);
        Path work = Files.createTempDirectory(base, args[0] + "-");
        try {
            switch (args[0]) {
                case "streaming" -> streaming(work, opt);
                case "clients" -> clients(work, opt);
                case "folders" -> FoldersBench.run(work, opt);
                default -> queue(args[0], work, opt);
            }
        } finally {
            if (!opt.containsKey("keep")) {
                deleteTree(work);
            }
        }
        System.exit(0);
    }

    /**
     * The restore command of the benchmarks: the light stand-in (sh + curl), unless {@code --restore-stand-in=jvm}
     * asks for the simulator's RestoreCli (a JVM per restore, as the tests and the demo use).
     */
    private static String restoreCommand(MoodleSimulator client, Map<String, String> opt) {
        if (opt.getOrDefault("restore-stand-in", "sh").equals("jvm")) {
            return client.restoreCommandTemplate();
        }
        Path script = Path.of("bench", "restore-stand-in.sh").toAbsolutePath();
        if (!Files.isRegularFile(script) || script.toString().chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalStateException("run from the project root, in a path without spaces: " + script);
        }
        return "sh " + script + " --client=" + client.url() + " --file={file} --categoryid={categoryid}";
    }

    // ------------------------------------------------------------------ streaming

    /** One round: the service's download of the archive, then curl's of the same URL to the same disk. */
    private record Round(long bytes, double stepS, double tailS, double curlS, double serviceCpuS, double curlCpuS) {
        double ratio() {
            return curlS / stepS;
        }
    }

    private static void streaming(Path work, Map<String, String> opt) throws Exception {
        double gib = Double.parseDouble(opt.getOrDefault("gib", "2"));
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "3"));
        // The first download of a fresh JVM runs its copy loop and the HTTP client's reading mostly before the JIT has
        // compiled them (measured: 2 to 3 times the CPU of the next ones); shown, not counted.
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "1"));
        long padding = (long) (gib * (1L << 30));
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg")).start();
             MoodleSimulator old = MoodleSimulator.courseServer("SERVERTOKEN0000000000000000000001");
             MoodleSimulator client = MoodleSimulator.courseClient("CLIENTTOKEN0000000000000000000002")) {
            GreenMail smtp = new GreenMail(new ServerSetup(LocalJouvence.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            old.start();
            client.start();
            old.useSyntheticArchives(true);
            old.paddingBytes(padding);
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("jouvence.restore.only-one-per-remote-course", "false"); // the same course, once per round
            extra.put("jouvence.claim.enabled", "false");
            extra.put("jouvence.restore.command", restoreCommand(client, opt));
            Service svc = Service.start(work, "bench-1", pg, smtp, client, Map.of("old", old), extra);
            try {
                List<Round> results = new ArrayList<>();
                for (int round = 1 - warmup; round <= rounds; round++) {
                    Round r = streamingRound(svc, old, work);
                    if (round > 0) {
                        results.add(r);
                    }
                    double mib = r.bytes() / 1048576.0;
                    System.out.printf("  %s: download step %.2f s = %.1f MiB/s (after the last byte %.2f s); "
                                    + "curl %.2f s = %.1f MiB/s; ratio %.2f; CPU service %.1f s, curl %.1f s%n",
                            round > 0 ? "round " + round : "warm-up (not counted)", r.stepS(), mib / r.stepS(), r.tailS(),
                            r.curlS(), mib / r.curlS(), r.ratio(),
                            r.serviceCpuS(), r.curlCpuS());
                }
                double mib = results.get(0).bytes() / 1048576.0;
                long[] heap = peakHeap(svc.gcLog);
                long hwm = procStatus(svc.process.pid(), "VmHWM:");
                double step = median(results, Round::stepS);
                double curl = median(results, Round::curlS);
                System.out.println();
                System.out.println("STREAMING RESULT (median of " + rounds + " rounds)");
                System.out.printf("  archive                         %,d bytes (%.1f MiB)%n", results.get(0).bytes(), mib);
                System.out.printf("  download step (event durationMs) %.2f s -> %.1f MiB/s (copy and check together)%n",
                        step, mib / step);
                System.out.printf("  of which after the last byte    %.2f s (end of the check, rename)%n",
                        median(results, Round::tailS));
                System.out.printf("  curl -s -o same URL, same disk  %.2f s -> %.1f MiB/s%n", curl, mib / curl);
                System.out.printf("  ratio curl time / step time     %.2f (rounds: %s)%n", median(results, Round::ratio),
                        results.stream().map(r -> String.format("%.2f", r.ratio())).collect(Collectors.joining(" ")));
                System.out.printf("  CPU during the download         service %.1f s, curl %.1f s%n",
                        median(results, Round::serviceCpuS), median(results, Round::curlCpuS));
                System.out.printf("  service peak heap used (GC log) %d MiB of max capacity %d MiB (-Xmx128m); "
                        + "VmHWM (peak RSS) %,d KiB%n", heap[0], heap[1], hwm);
            } finally {
                svc.stop();
                smtp.stop();
            }
        }
    }

    private static Round streamingRound(Service svc, MoodleSimulator old, Path work) throws Exception {
        Path staging = work.resolve("staging");
        JsonNode created = svc.call("POST", "/restore-requests",
                "{\"server\":\"old\",\"remoteCourseId\":6,\"requester\":\"teacher1\"}");
        long id = created.get("id").asLong();
        svc.call("POST", "/queue/run", "");
        // Watch the .part file: first seen = download started, last growth = last byte written, gone = renamed.
        long partSeen = 0, lastGrowth = 0, partGone = 0, lastSize = -1, cpuAtStart = 0, cpuAtEnd = 0;
        JsonNode r = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
        while (System.nanoTime() < deadline && svc.process.isAlive()) {
            Path part = findPart(staging);
            long now = System.nanoTime();
            if (part != null) {
                long size = sizeOr(part, lastSize);
                if (partSeen == 0) {
                    partSeen = now;
                    cpuAtStart = procCpuTicks(svc.process.pid())[0];
                }
                if (size != lastSize) {
                    lastSize = size;
                    lastGrowth = now;
                }
            } else if (partSeen != 0 && partGone == 0) {
                partGone = now;
                cpuAtEnd = procCpuTicks(svc.process.pid())[0];
            }
            if (partGone != 0 || partSeen == 0) {
                r = svc.call("GET", "/restore-requests/" + id, null);
                if (r.path("status").asText().matches("performed|error")) {
                    break;
                }
            }
            Thread.sleep(20);
        }
        if (r == null || !r.path("status").asText().equals("performed")) {
            throw new IllegalStateException("request not performed: " + r + "\n" + svc.tail());
        }
        long bytes = r.path("archive").path("bytes").asLong();
        long downloadMs = -1;
        for (JsonNode e : r.path("events")) {
            if (e.path("step").asText().equals("download") && e.path("outcome").asText().equals("ok")) {
                downloadMs = e.path("durationMs").asLong();
            }
        }
        var backup = old.backups().get(old.backups().size() - 1);
        String url = old.url() + MoodleSimulator.DOWNLOAD_PATH + "?token=" + old.token() + "&filerecordid="
                + backup.filerecordid();
        // curl of the same URL to the same disk; the shell prints curl's CPU ticks (its children's utime, stime)
        Path curlOut = work.resolve("curl.mbz");
        long c0 = System.nanoTime();
        Process curl = new ProcessBuilder("sh", "-c", "curl -s -o \"$1\" \"$2\" || exit 1; "
                + "read -r s < /proc/$$/stat; set -- ${s##*) }; echo \"${14} ${15}\"", "sh", curlOut.toString(), url)
                .redirectErrorStream(true).start();
        String curlText = new String(curl.getInputStream().readAllBytes()).trim();
        int rc = curl.waitFor();
        long curlNs = System.nanoTime() - c0;
        long curlBytes = Files.size(curlOut);
        Files.delete(curlOut);
        if (rc != 0 || curlBytes != bytes || !curlText.matches("\\d+ \\d+")) {
            throw new IllegalStateException("curl rc " + rc + ", " + curlBytes + " bytes, said " + curlText);
        }
        String[] ticks = curlText.split(" ");
        return new Round(bytes, downloadMs / 1000.0, (partGone - lastGrowth) / 1e9, curlNs / 1e9,
                (cpuAtEnd - cpuAtStart) / HZ, (Long.parseLong(ticks[0]) + Long.parseLong(ticks[1])) / HZ);
    }

    private static <T> double median(List<T> values, ToDoubleFunction<T> f) {
        double[] v = values.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * The HTTP client side alone: the same simulator URL fetched by curl and by {@link Fetch} in -Xmx128m JVMs with
     * the ways Java can download (Jouvence's today and alternatives). No service, no check.
     */
    private static void clients(Path work, Map<String, String> opt) throws Exception {
        long padding = (long) (Double.parseDouble(opt.getOrDefault("gib", "2")) * (1L << 30));
        try (MoodleSimulator old = MoodleSimulator.courseServer("SERVERTOKEN0000000000000000000001")) {
            old.start();
            old.useSyntheticArchives(true);
            old.paddingBytes(padding);
            String form = "wstoken=" + old.token() + "&wsfunction=" + MoodleSimulator.FN_GET_COURSES_ZIP
                    + "&moodlewsrestformat=json&username=teacher1&courseid=6&withuserdatas=0";
            JsonNode zip = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(old.url() + MoodleSimulator.REST_PATH))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()).body());
            String url = old.url() + MoodleSimulator.DOWNLOAD_PATH + "?token=" + old.token() + "&filerecordid="
                    + zip.get("filerecordid").asLong();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String cp = System.getProperty("java.class.path");
            Path out = work.resolve("fetched.mbz");
            List<List<String>> runs = new ArrayList<>();
            runs.add(List.of("curl", "-s", "-o", out.toString(), "-w", "curl %{size_download} %{time_total}s %{speed_download}B/s\\n", url));
            for (String mode : opt.getOrDefault("modes", "istream,istream-1m,file,urlconn").split(",")) {
                runs.add(List.of(java, "-Xmx128m", "-cp", cp, "bench.Fetch", mode, url, out.toString()));
            }
            runs.add(List.of(java, "-Xmx128m", "-Djdk.httpclient.bufsize=262144", "-cp", cp, "bench.Fetch", "istream", url,
                    out.toString()));
            System.out.println("CLIENTS RESULT (" + padding + " bytes of padding; each line: mode bytes seconds MiB/s)");
            for (int round = 0; round < Integer.parseInt(opt.getOrDefault("rounds", "2")); round++) {
                for (List<String> cmd : runs) {
                    Files.deleteIfExists(out);
                    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                    String text = new String(p.getInputStream().readAllBytes()).trim();
                    p.waitFor();
                    System.out.println("  " + (cmd.contains("-Djdk.httpclient.bufsize=262144") ? "[bufsize=256k] " : "") + text);
                }
            }
        }
    }

    private static Path findPart(Path staging) {
        if (!Files.isDirectory(staging)) {
            return null;
        }
        try (Stream<Path> s = Files.walk(staging)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).findFirst().orElse(null);
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
    }

    private static long sizeOr(Path p, long dflt) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return dflt;
        }
    }

    /** Highest heap occupancy before a collection, and the largest committed heap, from -Xlog:gc lines. */
    private static long[] peakHeap(Path gcLog) throws IOException {
        long peak = 0, cap = 0;
        Matcher m = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)").matcher(Files.readString(gcLog));
        while (m.find()) {
            peak = Math.max(peak, Long.parseLong(m.group(1)));
            cap = Math.max(cap, Long.parseLong(m.group(3)));
        }
        return new long[] {peak, cap};
    }

    // ------------------------------------------------------------------ the queue: pipeline, overhead, replicas

    /**
     * {@code requests} requests for distinct courses, spread over {@code servers} simulated course servers, all in
     * the queue before the clock starts; then {@code POST /queue/run} on each of the {@code instances} service
     * processes (one database), and the wall time until every request is final. Scheduled claims are off
     * ({@code jouvence.claim.enabled=false}) so that nothing starts while the requests are being submitted: from then
     * on the queue is looked at again by the pipeline itself (a freed gate, a finished request). With
     * {@code --claim-cron=<Quartz cron, '+' for spaces>} they are on, with that schedule, and the clock starts at the
     * first claim if one came before {@code /queue/run}.
     */
    private static void queue(String mode, Path work, Map<String, String> opt) throws Exception {
        int n = Integer.parseInt(opt.get("requests"));
        int nServers = Integer.parseInt(opt.getOrDefault("servers", "1"));
        int backupMs = Integer.parseInt(opt.get("backup-ms"));
        int restoreMs = Integer.parseInt(opt.get("restore-ms"));
        int parallelism = Integer.parseInt(opt.getOrDefault("parallelism", "4"));
        int instances = Integer.parseInt(opt.getOrDefault("instances", "1"));
        List<MoodleSimulator> servers = new ArrayList<>();
        List<Service> services = new ArrayList<>();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg")).start();
             MoodleSimulator client = MoodleSimulator.courseClient("CLIENTTOKEN0000000000000000000002")) {
            GreenMail smtp = new GreenMail(new ServerSetup(LocalJouvence.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            client.start();
            client.restoreLatency(Duration.ofMillis(restoreMs));
            Map<String, MoodleSimulator> byId = new LinkedHashMap<>();
            for (int s = 0; s < nServers; s++) {
                MoodleSimulator old = MoodleSimulator.courseServer(String.format("SERVERTOKEN%022d", s + 1));
                servers.add(old);
                old.start();
                old.backupLatency(Duration.ofMillis(backupMs));
                byId.put("s" + (s + 1), old);
            }
            // distinct courses, all taught by teacher1: the one-restore-per-remote-course rule holds
            for (int i = 0; i < n; i++) {
                servers.get(i % nServers).addCourse(1000 + i, "BENCH-" + i, "Bench course " + i, 2, "teacher1");
            }
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("jouvence.restore.parallelism", Integer.toString(parallelism));
            extra.put("jouvence.claim.enabled", Boolean.toString(opt.containsKey("claim-cron")));
            extra.put("jouvence.claim.cron", opt.getOrDefault("claim-cron", "0+*+*+*+*+?"));
            extra.put("jouvence.restore.command", restoreCommand(client, opt));
            for (int k = 1; k <= instances; k++) {
                services.add(Service.start(work, "bench-" + k, pg, smtp, client, byId, extra));
            }
            try (Connection db = pg.getPostgresDatabase().getConnection()) {
                submit(services.get(0), n, nServers);
                long[][] cpu0 = new long[instances][];
                for (int k = 0; k < instances; k++) {
                    cpu0[k] = procCpuTicks(services.get(k).process.pid());
                }
                long pg0 = postgresCpuTicks(work.resolve("pg"));
                long sim0 = simulatorCpuNanos();
                String jfr = opt.get("jfr"); // --jfr=<dir>: a Flight Recording of each service, the measured part only
                if (jfr != null) {
                    for (Service svc : services) {
                        jcmd(svc, "JFR.start", "name=bench", "settings=profile",
                                "filename=" + Path.of(jfr, svc.name + ".jfr").toAbsolutePath());
                    }
                }
                Instant t0 = Instant.now();
                long n0 = System.nanoTime();
                for (Service svc : services) {
                    svc.call("POST", "/queue/run", "");
                }
                Map<String, Long> counts = Map.of();
                long deadline = n0 + Duration.ofMinutes(Long.parseLong(opt.getOrDefault("max-minutes", "10"))).toNanos();
                long lastPrint = n0;
                while (System.nanoTime() < deadline && services.stream().allMatch(s -> s.process.isAlive())) {
                    counts = longs(db, "SELECT CASE status WHEN 0 THEN 'queued' WHEN 1 THEN 'processing' WHEN 2 "
                            + "THEN 'performed' WHEN 3 THEN 'retry' ELSE 'error' END, count(*) FROM restore_request GROUP BY 1");
                    if (counts.getOrDefault("performed", 0L) + counts.getOrDefault("error", 0L) >= n) {
                        break;
                    }
                    if (System.nanoTime() - lastPrint > 10e9) {
                        System.out.printf("  t=%5.1fs %s%n", (System.nanoTime() - n0) / 1e9, counts);
                        lastPrint = System.nanoTime();
                    }
                    Thread.sleep(500); // the wall time is read from the database, not from this loop
                }
                long[][] cpu1 = new long[instances][];
                for (int k = 0; k < instances; k++) {
                    cpu1[k] = procCpuTicks(services.get(k).process.pid());
                }
                long pg1 = postgresCpuTicks(work.resolve("pg"));
                long sim1 = simulatorCpuNanos();
                if (jfr != null) {
                    for (Service svc : services) {
                        jcmd(svc, "JFR.stop", "name=bench");
                    }
                }
                Map<String, String> span = longsText(db, "SELECT 'first', " + utc("min(at)") + " FROM request_event "
                        + "WHERE step = 'claim' UNION ALL SELECT 'last', " + utc("max(processed_at)") + " FROM restore_request");
                Instant first = Instant.parse(span.get("first"));
                double wall = Duration.between(first.isBefore(t0) ? first : t0, Instant.parse(span.get("last"))).toNanos() / 1e9;
                report(mode, db, n, nServers, backupMs, restoreMs, parallelism, services, servers, client, counts, wall,
                        cpu0, cpu1, pg1 - pg0, sim1 - sim0);
            } finally {
                for (Service svc : services) {
                    svc.stop();
                }
                smtp.stop();
            }
        } finally {
            servers.forEach(MoodleSimulator::close);
        }
    }

    /** Submits the requests through the API, four at a time (before the clock starts). */
    private static void submit(Service svc, int n, int nServers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String body = "{\"server\":\"s" + (i % nServers + 1) + "\",\"remoteCourseId\":" + (1000 + i)
                        + ",\"requester\":\"teacher1\"}";
                answers.add(pool.submit(() -> svc.call("POST", "/restore-requests", body)));
            }
            for (Future<JsonNode> a : answers) {
                if (!a.get().has("id")) {
                    throw new IllegalStateException("refused: " + a.get());
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void report(String mode, Connection db, int n, int nServers, int backupMs, int restoreMs,
                               int parallelism, List<Service> services, List<MoodleSimulator> servers,
                               MoodleSimulator client, Map<String, Long> counts, double wall, long[][] cpu0,
                               long[][] cpu1, long pgTicks, long simNanos) throws SQLException {
        int instances = services.size();
        double sumBackupsPerServer = Math.ceil((double) n / nServers) * backupMs / 1000.0;
        double sumRestoresPar = (double) n * restoreMs / 1000.0 / (parallelism * instances);
        double ideal = Math.max(sumBackupsPerServer, sumRestoresPar);
        double sequential = n * (backupMs + restoreMs) / 1000.0;
        System.out.println();
        System.out.println(mode.toUpperCase() + " RESULT");
        System.out.printf("  %d requests, %d course server(s), backup %d ms, restore %d ms, parallelism %d, %d service "
                + "process(es)%n", n, nServers, backupMs, restoreMs, parallelism, instances);
        System.out.printf("  final statuses                  %s%n", counts);
        System.out.printf("  wall (start..last final)        %.1f s = %.1f requests/s%n", wall, n / wall);
        if (ideal > 0) {
            System.out.printf("  ideal max(%.0f, %.0f)             %.1f s -> wall/ideal %.3f (target <= 1.10)%n",
                    sumBackupsPerServer, sumRestoresPar, ideal, wall / ideal);
            System.out.printf("  plugin sequential sum           %.1f s -> wall/sequential %.3f, %.2fx faster%n",
                    sequential, wall / sequential, sequential / wall);
        }
        long serviceTicks = 0, restoreTicks = 0;
        for (int k = 0; k < instances; k++) {
            serviceTicks += cpu1[k][0] - cpu0[k][0];
            restoreTicks += cpu1[k][1] - cpu0[k][1];
        }
        System.out.printf("  CPU, service JVM(s)             %.1f s = %.2f ms per request (%.0f %% of one core)%n",
                serviceTicks / HZ, serviceTicks / HZ * 1000 / n, serviceTicks / HZ / wall * 100);
        System.out.printf("  CPU, restore stand-ins          %.1f s = %.2f ms per restore (children of the service)%n",
                restoreTicks / HZ, restoreTicks / HZ * 1000 / n);
        System.out.printf("  CPU, PostgreSQL                 %.1f s = %.2f ms per request%n", pgTicks / HZ,
                pgTicks / HZ * 1000 / n);
        System.out.printf("  CPU, simulators + driver JVM    %.1f s%n", simNanos / 1e9);
        System.out.printf("  max concurrent backups per server: %s%n",
                servers.stream().map(s -> Integer.toString(s.maxConcurrentBackups())).toList());

        // Each request was backed up, downloaded and restored once: the simulators' and the audit trail's counts.
        Map<Long, Long> backupsPerCourse = servers.stream().flatMap(s -> s.backups().stream())
                .collect(Collectors.groupingBy(b -> (long) b.courseid(), Collectors.counting()));
        Map<Long, Long> restoresPerCourse = client.courses().stream().filter(c -> c.restoredFrom() != null)
                .collect(Collectors.groupingBy(c -> (long) c.restoredFrom().originalCourseId(), Collectors.counting()));
        System.out.printf("  simulators: %d courses backed up (each %s time(s)), %d restored (each %s time(s)), "
                        + "%d restore calls%n", backupsPerCourse.size(), minMax(backupsPerCourse.values()),
                restoresPerCourse.size(), minMax(restoresPerCourse.values()), client.calls(MoodleSimulator.RESTORE).size());
        Map<String, Long> twice = longs(db, "SELECT step, count(*) FROM (SELECT request_id, step FROM request_event "
                + "WHERE outcome = 'ok' AND step IN ('claim', 'backup', 'download', 'restore', 'finish') "
                + "GROUP BY 1, 2 HAVING count(*) > 1) x GROUP BY 1");
        System.out.printf("  audit trail: requests with a step done more than once: %s%n",
                twice.isEmpty() ? "none" : twice);
        System.out.printf("  audit trail: restores per instance: %s%n", longs(db, "SELECT instance, count(*) "
                + "FROM request_event WHERE step = 'restore' AND outcome = 'ok' GROUP BY 1 ORDER BY 1"));
        System.out.printf("  audit trail: claims per instance: %s%n", longs(db, "SELECT instance, count(*) "
                + "FROM request_event WHERE step = 'claim' AND outcome = 'ok' GROUP BY 1 ORDER BY 1"));

        // The course server's gate: from the claim (gate taken) to the end of the download (gate given back).
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("""
                WITH t AS (
                  SELECT r.server_id,
                         min(e.at) FILTER (WHERE e.step = 'claim') AS claimed,
                         min(e.at - e.duration_ms * interval '1 millisecond') FILTER (WHERE e.step = 'backup') AS backup_start,
                         min(e.at) FILTER (WHERE e.step = 'download') AS downloaded
                    FROM request_event e JOIN restore_request r ON r.id = e.request_id
                   WHERE e.outcome = 'ok' GROUP BY r.id, r.server_id),
                g AS (
                  SELECT extract(epoch FROM downloaded - claimed) * 1000 AS held,
                         extract(epoch FROM backup_start - claimed) * 1000 AS to_backup,
                         extract(epoch FROM claimed - lag(downloaded) OVER (PARTITION BY server_id ORDER BY claimed)) * 1000 AS idle
                    FROM t WHERE downloaded IS NOT NULL)
                SELECT count(*), avg(held), avg(to_backup), avg(idle), max(idle), sum(held) / 1000 FROM g""")) {
            rs.next();
            System.out.printf("  server gate per request: held %.1f ms (the backup's %d ms included; claim to backup "
                            + "start %.1f ms), idle between two requests %.1f ms (max %.0f ms)%n", rs.getDouble(2),
                    backupMs, rs.getDouble(3), rs.getDouble(4), rs.getDouble(5));
        }
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT step || '/' || outcome, count(*), "
                + "avg(duration_ms), max(duration_ms) FROM request_event WHERE duration_ms IS NOT NULL GROUP BY 1 ORDER BY 1")) {
            while (rs.next()) {
                System.out.printf("  step %-22s n=%5d mean %7.1f ms max %6d ms%n", rs.getString(1), rs.getLong(2),
                        rs.getDouble(3), rs.getLong(4));
            }
        }
    }

    /** A timestamp column as ISO-8601 UTC text, for Instant.parse. */
    private static String utc(String column) {
        return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
    }

    private static String minMax(Collection<Long> values) {
        long min = values.stream().mapToLong(Long::longValue).min().orElse(0);
        long max = values.stream().mapToLong(Long::longValue).max().orElse(0);
        return min == max ? Long.toString(min) : min + ".." + max;
    }

    private static Map<String, Long> longs(Connection db, String sql) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        longsText(db, sql).forEach((k, v) -> out.put(k, Long.parseLong(v)));
        return out;
    }

    private static Map<String, String> longsText(Connection db, String sql) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.put(String.valueOf(rs.getString(1)), rs.getString(2));
            }
        }
        return out;
    }

    /** CPU ticks of the embedded PostgreSQL: the postmaster, its ended children, and its live backends. */
    private static long postgresCpuTicks(Path dataDir) {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            long[] own = procCpuTicks(postmaster);
            long total = own[0] + own[1];
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    String[] f = statFields(Long.parseLong(p.getFileName().toString()));
                    if (f != null && Long.parseLong(f[1]) == postmaster) {
                        total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                }
            }
            return total;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void jcmd(Service svc, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(svc.process.pid())));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
    }

    private static long simulatorCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    // ------------------------------------------------------------------ the packaged service

    static final class Service {
        final String name;
        final Process process;
        final Path log;
        final Path gcLog;
        final String api;

        private Service(String name, Process process, Path log, Path gcLog, String api) {
            this.name = name;
            this.process = process;
            this.log = log;
            this.gcLog = gcLog;
            this.api = api;
        }

        /** Starts {@code java -Xmx128m -jar service/target/jouvence.jar --config=<work>/<name>.properties} (instance id {@code name}). */
        static Service start(Path work, String name, EmbeddedPostgres pg, GreenMail smtp, MoodleSimulator client,
                             Map<String, MoodleSimulator> servers, Map<String, String> extra) throws Exception {
            int apiPort = LocalJouvence.freePort();
            Properties p = new Properties();
            p.putAll(LocalJouvence.properties(pg.getJdbcUrl("postgres", "postgres"), smtp.getSmtp().getPort(), apiPort,
                    LocalJouvence.freePort(), TOKEN, work.resolve("staging"), client, servers));
            p.putAll(extra);
            p.put("jouvence.instance-id", name);
            Path config = work.resolve(name + ".properties");
            try (var out = Files.newBufferedWriter(config)) {
                p.store(out, "bench");
            }
            Path log = work.resolve(name + ".log");
            Path gcLog = work.resolve(name + "-gc.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path jar = Path.of("service", "target", "jouvence.jar").toAbsolutePath(); // the product, as shipped
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:+ExitOnOutOfMemoryError",
                    "-Xlog:gc:file=" + gcLog));
            String jvmOpts = System.getProperty("bench.jvm-opts", "").trim(); // e.g. -Djdk.httpclient.bufsize=262144
            if (!jvmOpts.isEmpty()) {
                cmd.addAll(List.of(jvmOpts.split("\\s+")));
            }
            cmd.addAll(List.of("-jar", jar.toString(), "--config=" + config));
            Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Service s = new Service(name, process, log, gcLog, "http://127.0.0.1:" + apiPort + "/api/v1");
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (true) {
                try {
                    s.call("GET", "/restore-requests", null);
                    return s;
                } catch (IOException notYet) {
                    if (System.nanoTime() > deadline || !process.isAlive()) {
                        throw new IllegalStateException("the service did not come up:\n" + s.tail());
                    }
                    Thread.sleep(250);
                }
            }
        }

        JsonNode call(String method, String path, String body) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
        }

        String tail() {
            try {
                String s = Files.readString(log);
                return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
            } catch (IOException e) {
                return "";
            }
        }

        void stop() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }

    private static long procStatus(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** {utime + stime, cutime + cstime} of a process, in clock ticks; {-1, -1} when it cannot be read. */
    private static long[] procCpuTicks(long pid) {
        String[] f = statFields(pid);
        if (f == null) {
            return new long[] {-1, -1};
        }
        return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14])};
    }

    /** The fields of /proc/<pid>/stat after the command name: [0] state, [1] ppid, ... [11] utime, [12] stime... */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
