package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jouvence.staging.ArchiveInspector;
import simulator.LocalJouvence;
import simulator.MoodleSimulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Benchmarks of issue 5, item 5, against the packaged service ({@code java -Xmx128m -jar target/jouvence.jar}) and the
 * Moodle simulator, everything on 127.0.0.1, with an embedded PostgreSQL and GreenMail:
 * <pre>
 * java -cp target/jouvence.jar:target/lib/* bench.Bench streaming [--gib=2] [--dir=/tmp/jouvence-bench]
 * java -cp target/jouvence.jar:target/lib/* bench.Bench pipeline [--requests=200] [--servers=1] [--backup-ms=500]
 *      [--restore-ms=1000] [--parallelism=4] [--dir=/tmp/jouvence-bench]
 * </pre>
 * Prints the measured numbers; see bench/README.md.
 */
public final class Bench {

    private static final String TOKEN = "bench-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !List.of("streaming", "pipeline", "clients").contains(args[0])) {
            System.err.println("usage: bench.Bench streaming|pipeline|clients [--key=value...]");
            System.exit(2);
        }
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i].replaceFirst("^--", "");
            int eq = a.indexOf('=');
            opt.put(eq < 0 ? a : a.substring(0, eq), eq < 0 ? "true" : a.substring(eq + 1));
        }
        Path base = Path.of(opt.getOrDefault("dir", "/tmp/jouvence-bench"));
        Files.createDirectories(base);
        Path work = Files.createTempDirectory(base, args[0] + "-");
        try {
            if (args[0].equals("streaming")) {
                streaming(work, opt);
            } else if (args[0].equals("clients")) {
                clients(work, opt);
            } else {
                pipeline(work, opt);
            }
        } finally {
            if (!opt.containsKey("keep")) {
                deleteTree(work);
            }
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------ streaming

    private static void streaming(Path work, Map<String, String> opt) throws Exception {
        double gib = Double.parseDouble(opt.getOrDefault("gib", "2"));
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
            Path staging = work.resolve("staging");
            Service svc = Service.start(work, pg, smtp, client, Map.of("old", old), Map.of());
            try {
                long t0 = System.nanoTime();
                JsonNode created = svc.call("POST", "/restore-requests",
                        "{\"server\":\"old\",\"remoteCourseId\":6,\"requester\":\"teacher1\"}");
                long id = created.get("id").asLong();
                svc.call("POST", "/queue/run", "");
                // Watch the .part file: first seen = download started, last growth = copy done, gone = check done.
                long partSeen = 0, lastGrowth = 0, partGone = 0, lastSize = -1;
                JsonNode r = null;
                long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
                while (System.nanoTime() < deadline && svc.process.isAlive()) {
                    Path part = findPart(staging);
                    long now = System.nanoTime();
                    if (part != null) {
                        long size = sizeOr(part, lastSize);
                        if (partSeen == 0) {
                            partSeen = now;
                        }
                        if (size != lastSize) {
                            lastSize = size;
                            lastGrowth = now;
                        }
                    } else if (partSeen != 0 && partGone == 0) {
                        partGone = now;
                    }
                    if (partGone != 0 || partSeen == 0) {
                        r = svc.call("GET", "/restore-requests/" + id, null);
                        if (r.path("status").asText().matches("performed|error")) {
                            break;
                        }
                    }
                    Thread.sleep(20);
                }
                long wall = System.nanoTime() - t0;
                long hwm = procStatus(svc.process.pid(), "VmHWM:");
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
                // curl of the same URL to the same disk, in the same run
                Path curlOut = work.resolve("curl.mbz");
                long c0 = System.nanoTime();
                Process curl = new ProcessBuilder("curl", "-s", "-o", curlOut.toString(), "-w", "%{size_download}", url)
                        .redirectErrorStream(true).start();
                String curlOutText = new String(curl.getInputStream().readAllBytes()).trim();
                int rc = curl.waitFor();
                long curlNs = System.nanoTime() - c0;
                long curlBytes = Files.size(curlOut);
                if (rc != 0 || curlBytes != bytes) {
                    throw new IllegalStateException("curl rc " + rc + ", " + curlBytes + " bytes, said " + curlOutText);
                }
                long i0 = System.nanoTime();
                ArchiveInspector.inspect(curlOut);
                long inspectNs = System.nanoTime() - i0;
                double mib = bytes / 1048576.0;
                double copyS = (lastGrowth - partSeen) / 1e9;
                double checkS = (partGone - lastGrowth) / 1e9;
                double eventS = downloadMs / 1000.0;
                double curlS = curlNs / 1e9;
                long[] heap = peakHeap(svc.gcLog);
                System.out.println();
                System.out.println("STREAMING RESULT");
                System.out.printf("  archive                         %,d bytes (%.1f MiB)%n", bytes, mib);
                System.out.printf("  download event durationMs       %,d ms -> %.1f MiB/s (copy + check)%n", downloadMs, mib / eventS);
                System.out.printf("  of which copy (.part growing)   %.2f s -> %.1f MiB/s%n", copyS, mib / copyS);
                System.out.printf("  of which check (last growth..rename) %.2f s -> %.1f MiB/s%n", checkS, mib / checkS);
                System.out.printf("  curl -s -o same disk            %.2f s -> %.1f MiB/s%n", curlS, mib / curlS);
                System.out.printf("  ArchiveInspector.inspect alone (driver JVM) %.2f s -> %.1f MiB/s%n", inspectNs / 1e9,
                        mib / (inspectNs / 1e9));
                System.out.printf("  ratio download-step/curl        %.2f (copy only/curl %.2f)%n", curlS / eventS, curlS / copyS);
                System.out.printf("  service peak heap used (GC log) %d MiB of max capacity %d MiB (-Xmx128m); VmHWM (peak RSS) %,d KiB%n",
                        heap[0], heap[1], hwm);
                System.out.printf("  request wall (POST..performed)  %.1f s%n", wall / 1e9);
                System.out.println("  events: " + r.path("events"));
            } finally {
                svc.stop();
                smtp.stop();
            }
        }
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

    // ------------------------------------------------------------------ pipeline

    private static void pipeline(Path work, Map<String, String> opt) throws Exception {
        int n = Integer.parseInt(opt.getOrDefault("requests", "200"));
        int nServers = Integer.parseInt(opt.getOrDefault("servers", "1"));
        int backupMs = Integer.parseInt(opt.getOrDefault("backup-ms", "500"));
        int restoreMs = Integer.parseInt(opt.getOrDefault("restore-ms", "1000"));
        int parallelism = Integer.parseInt(opt.getOrDefault("parallelism", "4"));
        List<MoodleSimulator> servers = new ArrayList<>();
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
            extra.put("jouvence.restore.only-one-per-remote-course", "false");
            Service svc = Service.start(work, pg, smtp, client, byId, extra);
            try {
                List<Long> ids = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    JsonNode c = svc.call("POST", "/restore-requests", "{\"server\":\"s" + (i % nServers + 1)
                            + "\",\"remoteCourseId\":" + (1000 + i) + ",\"requester\":\"teacher1\"}");
                    if (!c.has("id")) {
                        throw new IllegalStateException("refused: " + c);
                    }
                    ids.add(c.get("id").asLong());
                }
                long t0 = System.nanoTime();
                svc.call("POST", "/queue/run", "");
                Map<String, Integer> counts = new TreeMap<>();
                long deadline = System.nanoTime() + Duration.ofMinutes(Long.parseLong(opt.getOrDefault("max-minutes", "6"))).toNanos();
                long lastPrint = 0;
                while (System.nanoTime() < deadline && svc.process.isAlive()) {
                    counts.clear();
                    for (JsonNode r : svc.call("GET", "/restore-requests?limit=500", null).path("requests")) {
                        counts.merge(r.path("status").asText(), 1, Integer::sum);
                    }
                    int done = counts.getOrDefault("performed", 0) + counts.getOrDefault("error", 0);
                    if (System.nanoTime() - lastPrint > 10e9) {
                        System.out.printf("  t=%5.1fs %s%n", (System.nanoTime() - t0) / 1e9, counts);
                        lastPrint = System.nanoTime();
                    }
                    if (done >= n) {
                        break;
                    }
                    Thread.sleep(250);
                }
                double wall = (System.nanoTime() - t0) / 1e9;
                long cpuTicks = procCpuTicks(svc.process.pid());
                Map<String, long[]> steps = new TreeMap<>(); // step -> {count, sum ms, max ms}
                for (long id : ids) {
                    for (JsonNode e : svc.call("GET", "/restore-requests/" + id, null).path("events")) {
                        if (e.hasNonNull("durationMs")) {
                            long[] s = steps.computeIfAbsent(e.path("step").asText() + "/" + e.path("outcome").asText(),
                                    k -> new long[3]);
                            s[0]++;
                            s[1] += e.get("durationMs").asLong();
                            s[2] = Math.max(s[2], e.get("durationMs").asLong());
                        }
                    }
                }
                double sumBackupsPerServer = Math.ceil((double) n / nServers) * backupMs / 1000.0;
                double sumRestoresPar = (double) n * restoreMs / 1000.0 / parallelism;
                double ideal = Math.max(sumBackupsPerServer, sumRestoresPar);
                double sequential = n * (backupMs + restoreMs) / 1000.0;
                System.out.println();
                System.out.println("PIPELINE RESULT");
                System.out.printf("  %d requests, %d course server(s), backup %d ms, restore %d ms, parallelism %d%n", n,
                        nServers, backupMs, restoreMs, parallelism);
                System.out.printf("  final statuses                  %s%n", counts);
                System.out.printf("  wall (queue/run..all final)     %.1f s%n", wall);
                System.out.printf("  ideal max(%.0f, %.0f)            %.1f s -> wall/ideal %.2f (target <= 1.10)%n",
                        sumBackupsPerServer, sumRestoresPar, ideal, wall / ideal);
                System.out.printf("  plugin sequential sum           %.1f s -> speed-up %.2fx%n", sequential, sequential / wall);
                System.out.printf("  service CPU (utime+stime)       %.1f s%n", cpuTicks / 100.0);
                System.out.printf("  max concurrent backups per server: %s%n",
                        servers.stream().map(s -> Integer.toString(s.maxConcurrentBackups())).toList());
                steps.forEach((k, s) -> System.out.printf("  step %-22s n=%3d mean %6.0f ms max %6d ms%n", k, s[0],
                        (double) s[1] / s[0], s[2]));
            } finally {
                svc.stop();
                smtp.stop();
            }
        } finally {
            servers.forEach(MoodleSimulator::close);
        }
    }

    // ------------------------------------------------------------------ the packaged service

    private static final class Service {
        final Process process;
        final Path log;
        final Path gcLog;
        final String api;

        private Service(Process process, Path log, Path gcLog, String api) {
            this.process = process;
            this.log = log;
            this.gcLog = gcLog;
            this.api = api;
        }

        static Service start(Path work, EmbeddedPostgres pg, GreenMail smtp, MoodleSimulator client,
                             Map<String, MoodleSimulator> servers, Map<String, String> extra) throws Exception {
            int apiPort = LocalJouvence.freePort();
            Properties p = new Properties();
            p.putAll(LocalJouvence.properties(pg.getJdbcUrl("postgres", "postgres"), smtp.getSmtp().getPort(), apiPort,
                    LocalJouvence.freePort(), TOKEN, work.resolve("staging"), client, servers));
            p.putAll(extra);
            Path config = work.resolve("application.properties");
            try (var out = Files.newBufferedWriter(config)) {
                p.store(out, "bench");
            }
            Path log = work.resolve("jouvence.log");
            Path gcLog = work.resolve("gc.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path jar = Path.of("target", "jouvence.jar").toAbsolutePath();
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:+ExitOnOutOfMemoryError",
                    "-Xlog:gc:file=" + gcLog));
            String jvmOpts = System.getProperty("bench.jvm-opts", "").trim(); // e.g. -Djdk.httpclient.bufsize=262144
            if (!jvmOpts.isEmpty()) {
                cmd.addAll(List.of(jvmOpts.split("\\s+")));
            }
            cmd.addAll(List.of("-jar", jar.toString(), "--config=" + config));
            Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Service s = new Service(process, log, gcLog, "http://127.0.0.1:" + apiPort + "/api/v1");
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

    private static long procCpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
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
