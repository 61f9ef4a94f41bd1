package jouvence.courses.restore;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import jouvence.LogRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kubernetes restore driver over real HTTP against fabric8's mock API server in CRUD mode. Nothing runs pods
 * there, so each test plays the Job controller and the kubelet: once the driver's Job exists, it creates the Job's pod
 * (label job-name) with its container's end, serves the pod's log (an expectation, answered before the CRUD store) and
 * sets the Job's Complete or Failed condition.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KubernetesRestoreJobTest {

    private static final String NS = "moodle-prod";
    /** The driver's bearer token: its requests are told apart by it, and it must never show in a message or a log. */
    private static final String TOKEN = "sa-token-4d6f1e0b9c";
    static final String TEMPLATE = """
            # the new Moodle's restore Job
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: moodle-restore
              labels:
                app.kubernetes.io/name: moodle-restore
            spec:
              template:
                metadata:
                  labels:
                    app.kubernetes.io/name: moodle-restore
                spec:
                  restartPolicy: OnFailure
                  securityContext:
                    runAsUser: 33
                  containers:
                    - name: sidecar
                      image: registry.example.org/busybox:1
                    - name: restore
                      image: registry.example.org/moodle:4.4
                      args: ["--image-default"]
                      volumeMounts:
                        - name: moodledata
                          mountPath: /var/www/moodledata
                        - name: staging
                          mountPath: /var/lib/jouvence/staging
                          subPath: staging
                  volumes:
                    - name: moodledata
                      persistentVolumeClaim:
                        claimName: moodledata
                    - name: staging
                      persistentVolumeClaim:
                        claimName: jouvence-staging
            """;

    /** The mock server logs every request through java.util.logging; kept quiet (a strong reference keeps the level). */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = quiet("io.fabric8.mockwebserver.MockWebServer");

    @TempDir
    Path tmp;

    private final Map<ServerRequest, Queue<ServerResponse>> responses = new ConcurrentHashMap<>();
    /** Set: the next Job create is stored but answered 409, like a retried create whose first answer was lost. */
    private final AtomicBoolean loseCreateAnswer = new AtomicBoolean();
    private KubernetesMockServer server;
    private KubernetesClient driverClient;
    /** The test's own client, playing the Job controller and looking at what the driver left. */
    private KubernetesClient cluster;

    @BeforeEach
    void startServer() {
        KubernetesMixedDispatcher mixed = new KubernetesMixedDispatcher(responses);
        Dispatcher dispatcher = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                MockResponse response = mixed.dispatch(request);
                if (request.getMethod().equals("POST") && request.getPath().endsWith("/jobs")
                        && loseCreateAnswer.getAndSet(false)) {
                    return new MockResponse().setResponseCode(409).setBody("{\"kind\":\"Status\",\"apiVersion\":"
                            + "\"v1\",\"status\":\"Failure\",\"reason\":\"AlreadyExists\",\"code\":409}");
                }
                return response;
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        driverClient = client(TOKEN, NS);
        cluster = client("test-controller", NS);
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    @AfterEach
    void stopServer() {
        driverClient.close();
        cluster.close();
        server.destroy();
    }

    private KubernetesClient client(String token, String namespace) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url("/")).withOauthToken(token)
                .withNamespace(namespace).withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory()).build();
    }

    private Job template() throws Exception {
        Path file = tmp.resolve("restore-job.yaml");
        Files.writeString(file, TEMPLATE);
        return KubernetesRestoreJob.loadTemplate(file, "restore");
    }

    private KubernetesRestoreJob driver(Duration timeout) throws Exception {
        return driver(timeout, Duration.ofMillis(50));
    }

    private KubernetesRestoreJob driver(Duration timeout, Duration pollInterval) throws Exception {
        RestoreDriver.Settings settings = new RestoreDriver.Settings(new RestoreTemplate(
                "php {moodle}/admin/cli/restore_backup.php --file={file} --categoryid={categoryid}",
                Map.of("moodle", "/var/www/html")), timeout, null, 50);
        return new KubernetesRestoreJob(driverClient, false, "", template(), "restore", settings, pollInterval);
    }

    private static Map<String, String> request() {
        Map<String, String> p = RestoreCommandTest.request();
        p.put("file", "/var/lib/jouvence/staging/17/course 2 (copy).mbz");
        return p;
    }

    /** Runs the driver on its own thread: the Result, or the exception it threw. */
    private CompletableFuture<Object> start(KubernetesRestoreJob driver, Path log) {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                outcome.complete(driver.run(request(), log));
            } catch (Throwable e) {
                outcome.complete(e);
            }
        }, "restore-driver");
        t.start();
        return outcome;
    }

    private RestoreFailedException fails(CompletableFuture<Object> outcome, String code) throws Exception {
        return fails(outcome.get(30, TimeUnit.SECONDS), code);
    }

    private static RestoreFailedException fails(Object o, String code) {
        RestoreFailedException e = assertInstanceOf(RestoreFailedException.class, o, String.valueOf(o));
        assertEquals(code, e.code(), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN));
        return e;
    }

    // ------------------------------------------------------------------------------------------------ the controller

    /** The driver's Job, once it exists. */
    private Job awaitJob() throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            List<Job> jobs = cluster.batch().v1().jobs().inNamespace(NS).list().getItems();
            if (!jobs.isEmpty()) {
                assertEquals(1, jobs.size(), "one Job per restore");
                return jobs.get(0);
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the driver created no Job");
    }

    /** The Job's pod; {@code exitCode} null = still running. Its log is served as the kubelet would. */
    private Pod pod(Job job, Integer exitCode, String log) {
        String name = job.getMetadata().getName() + "-x7k2p";
        ContainerStatusBuilder status = new ContainerStatusBuilder().withName("restore");
        if (exitCode == null) {
            status.withNewState().withNewRunning().withStartedAt("2025-01-01T00:00:00Z").endRunning().endState();
        } else {
            status.withNewState().withNewTerminated().withExitCode(exitCode)
                    .withReason(exitCode == 0 ? "Completed" : "Error").endTerminated().endState();
        }
        Pod pod = cluster.pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withName(name).addToLabels("job-name", job.getMetadata().getName()).endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase(exitCode == null ? "Running" : exitCode == 0 ? "Succeeded" : "Failed")
                .withContainerStatuses(status.build()).endStatus()
                .build()).create();
        if (log != null) {
            server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/" + name + "/log?container=restore")
                    .andReturn(200, log).always();
        }
        return pod;
    }

    private void end(Job job, String type, String reason) {
        Job current = cluster.batch().v1().jobs().inNamespace(NS).withName(job.getMetadata().getName()).get();
        current.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
                .withConditions(new JobConditionBuilder().withType(type).withStatus("True").withReason(reason)
                        .withMessage(type + " by the test").build()).build());
        cluster.batch().v1().jobs().inNamespace(NS).resource(current).updateStatus();
    }

    /** A restore the test ends as the controller would. */
    private record Ended(Job job, Object outcome) {
    }

    /**
     * Runs a restore whose pod ends with this exit code and log, then whose Job gets this condition; checks that the
     * driver deleted the Job.
     */
    private Ended restoreEnding(int exitCode, String log, String condition, String reason) throws Exception {
        CompletableFuture<Object> outcome = start(driver(Duration.ofMinutes(30)), tmp.resolve("o.log"));
        Job job = awaitJob();
        pod(job, exitCode, log);
        end(job, condition, reason);
        Ended ended = new Ended(job, outcome.get(30, TimeUnit.SECONDS));
        assertTrue(jobGone(job), "the Job is deleted");
        return ended;
    }

    private boolean jobGone(Job job) { // a list: a test may refuse the GET of the Job by name
        return cluster.batch().v1().jobs().inNamespace(NS).list().getItems().stream()
                .noneMatch(j -> j.getMetadata().getName().equals(job.getMetadata().getName()));
    }

    /** The API server's answer to a call the Role does not allow. */
    private static Status forbidden(String object, String verb, String resource) {
        return new StatusBuilder().withStatus("Failure").withReason("Forbidden").withCode(403)
                .withMessage(object + " is forbidden: User \"system:serviceaccount:" + NS + ":jouvence\" cannot " + verb
                        + " resource \"" + resource + "\" in the namespace \"" + NS + "\"").build();
    }

    /** From now on, the API server refuses this GET as the Role would without the permission. */
    private void refuseGet(String path, String object, String resource) {
        server.expect().get().withPath(path).andReturn(403, forbidden(object, "get", resource)).always();
    }

    private String jobPath(Job job) {
        return "/apis/batch/v1/namespaces/" + NS + "/jobs/" + job.getMetadata().getName();
    }

    /** Every request the driver made (by its token), as an RBAC "group resource verb". */
    private Set<String> driverCalls() throws InterruptedException {
        Set<String> calls = new HashSet<>();
        Pattern path = Pattern.compile("/(?:api/v1|apis/([a-z.]+)/v1)/namespaces/([^/]+)/([a-z]+)(?:/([^/?]+))?(/log)?"
                + "(\\?.*)?");
        RecordedRequest r;
        while ((r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            if (!("Bearer " + TOKEN).equals(r.getHeader("Authorization"))) {
                continue;
            }
            Matcher m = path.matcher(r.getPath());
            assertTrue(m.matches(), "an API path the test understands: " + r.getPath());
            assertEquals(NS, m.group(2), r.getPath());
            boolean named = m.group(4) != null;
            String verb = switch (r.getMethod()) {
                case "POST" -> "create";
                case "DELETE" -> "delete";
                case "GET" -> named ? "get" : r.getPath().contains("watch=true") ? "watch" : "list";
                default -> r.getMethod().toLowerCase();
            };
            calls.add((m.group(1) == null ? "" : m.group(1)) + " " + m.group(3) + (m.group(5) == null ? "" : "/log")
                    + " " + verb);
        }
        return calls;
    }

    // ------------------------------------------------------------------------------------------------ success

    @Test
    void a_complete_job_gives_the_course_id_from_its_pods_log_and_is_deleted() throws Exception {
        LogRecorder logs = LogRecorder.install();
        KubernetesRestoreJob driver = driver(Duration.ofMinutes(30));
        Path outputLog = tmp.resolve("logs/17/restore.log");
        CompletableFuture<Object> outcome = start(driver, outputLog);

        Job job = awaitJob();
        String name = job.getMetadata().getName();
        assertTrue(name.matches("moodle-restore-17-[a-z0-9]{5}"), name);
        assertEquals(Map.of("app.kubernetes.io/name", "moodle-restore", "app.kubernetes.io/managed-by", "jouvence",
                "jouvence/request-id", "17"), job.getMetadata().getLabels());
        assertEquals("jouvence", job.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertEquals("17", job.getSpec().getTemplate().getMetadata().getLabels().get("jouvence/request-id"));
        assertEquals(0, job.getSpec().getBackoffLimit());
        assertEquals(1800L, job.getSpec().getActiveDeadlineSeconds(), "activeDeadlineSeconds = the restore timeout");
        assertEquals(RestoreJobTemplate.DEFAULT_TTL_SECONDS, job.getSpec().getTtlSecondsAfterFinished());
        var pod = job.getSpec().getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy());
        assertEquals(33L, pod.getSecurityContext().getRunAsUser(), "the template's pod settings are kept");
        assertEquals(List.of("moodledata", "staging"), pod.getVolumes().stream().map(v -> v.getName()).toList());
        assertEquals("registry.example.org/busybox:1", pod.getContainers().get(0).getImage());
        assertTrue(pod.getContainers().get(0).getCommand().isEmpty(), "only the restore container is changed");
        var container = pod.getContainers().get(1);
        assertEquals("registry.example.org/moodle:4.4", container.getImage());
        assertEquals(List.of("php", "/var/www/html/admin/cli/restore_backup.php",
                "--file=/var/lib/jouvence/staging/17/course 2 (copy).mbz", "--categoryid=3"), container.getCommand(),
                "the container's command is the template's expansion, one argument per template word");
        assertTrue(container.getArgs().isEmpty(), "no args: the image's CMD is not appended");
        assertEquals(List.of("/var/www/moodledata", "/var/lib/jouvence/staging"),
                container.getVolumeMounts().stream().map(m -> m.getMountPath()).toList());

        String log = "Restoring backup...\r\nPHP Warning: something odd\n"
                + IntStream.rangeClosed(1, 20_000).mapToObj(i -> "step " + i).collect(Collectors.joining("\n"))
                + "\nRestored course ID: 42\n";
        pod(job, 0, log);
        end(job, "Complete", null);

        RestoreDriver.Result r = assertInstanceOf(RestoreDriver.Result.class, outcome.get(30, TimeUnit.SECONDS));
        assertEquals(42, r.courseId());
        assertEquals(0, r.exitCode());
        assertEquals(List.of("PHP Warning: something odd"), r.warnings());
        assertEquals(50, r.tail().size());
        assertEquals("Restored course ID: 42", r.tail().get(49));
        assertEquals(log, Files.readString(outputLog, StandardCharsets.UTF_8), "the whole log, byte for byte");
        assertTrue(jobGone(job), "the Job is deleted once read");
        // after a crash, with the Job gone, the output file it left says how the restore ended
        assertEquals(new RestoreState.Finished(42, null), driver.inspect(17, outputLog));

        Set<String> needed = KubernetesRestoreJob.PERMISSIONS.stream()
                .flatMap(p -> p.verbs().stream().map(v -> p.apiGroup() + " " + p.resource() + " " + v))
                .collect(Collectors.toSet());
        assertEquals(needed, driverCalls(), "the driver's API calls are exactly its declared permissions");
        assertTrue(logs.linesContaining(TOKEN).isEmpty(), "the token is never logged");
        assertFalse(logs.linesContaining(name + " created in namespace " + NS).isEmpty());
    }

    @Test
    void a_create_retried_after_its_answer_was_lost_follows_the_job_it_created() throws Exception {
        loseCreateAnswer.set(true);
        Ended ended = restoreEnding(0, "Restored course ID: 8\n", "Complete", null);
        assertEquals(8, assertInstanceOf(RestoreDriver.Result.class, ended.outcome()).courseId());
        assertFalse(loseCreateAnswer.get(), "the create was answered 409");
    }

    // ------------------------------------------------------------------------------------------------ failures

    @Test
    void a_failed_job_is_a_restore_exit_with_its_exit_code_and_last_lines() throws Exception {
        Ended ended = restoreEnding(3, "Restoring backup...\nError: restore precheck failed\n", "Failed",
                "BackoffLimitExceeded");
        RestoreFailedException e = fails(ended.outcome(), RestoreFailedException.EXIT);
        assertEquals(3, e.exitCode());
        assertNull(e.courseId());
        assertTrue(e.getMessage().contains("exit code 3"), e.getMessage());
        assertTrue(e.getMessage().contains(ended.job().getMetadata().getName()), e.getMessage());
        assertTrue(e.getMessage().endsWith("Last lines:\nRestoring backup...\nError: restore precheck failed"),
                e.getMessage());
        assertEquals(List.of("Restoring backup...", "Error: restore precheck failed"), e.tail());
    }

    @Test
    void a_failed_job_without_a_pod_says_why_it_failed() throws Exception {
        CompletableFuture<Object> outcome = start(driver(Duration.ofMinutes(30)), tmp.resolve("o.log"));
        Job job = awaitJob();
        end(job, "Failed", "PodFailurePolicy"); // its pod was evicted and is gone
        RestoreFailedException e = fails(outcome, RestoreFailedException.EXIT);
        assertNull(e.exitCode());
        assertTrue(e.getMessage().startsWith("restore failed: the Job " + job.getMetadata().getName() + " failed after "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("(PodFailurePolicy: Failed by the test); how its container ended is unknown. "
                + "Its output could not be read: the Job has no pod"), e.getMessage());
        assertTrue(jobGone(job));
    }

    @Test
    void a_job_stopped_at_its_deadline_is_a_timeout() throws Exception {
        RestoreFailedException e = fails(restoreEnding(137, "Restoring backup...\n", "Failed", "DeadlineExceeded")
                .outcome(), RestoreFailedException.TIMEOUT);
        assertTrue(e.getMessage().startsWith("restore did not finish within PT30M: Kubernetes stopped the Job"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("Last lines:\nRestoring backup..."), e.getMessage());
    }

    @Test
    void a_complete_job_whose_log_names_no_course() throws Exception {
        RestoreFailedException e = fails(restoreEnding(0, "Something else happened\n", "Complete", null).outcome(),
                RestoreFailedException.NO_COURSE_ID);
        assertEquals(0, e.exitCode());
        assertTrue(e.getMessage().contains("Something else happened"), e.getMessage());
    }

    @Test
    void a_log_kubernetes_refuses_to_show_is_named_in_the_message() throws Exception {
        CompletableFuture<Object> outcome = start(driver(Duration.ofMinutes(30)), tmp.resolve("o.log"));
        Job job = awaitJob();
        Pod pod = pod(job, 0, null);
        refuseGet("/api/v1/namespaces/" + NS + "/pods/" + pod.getMetadata().getName() + "/log?container=restore",
                "pods \"" + pod.getMetadata().getName() + "\"", "pods/log");
        end(job, "Complete", null);
        RestoreFailedException e = fails(outcome, RestoreFailedException.NO_COURSE_ID);
        assertTrue(e.getMessage().contains("Its output could not be read: Kubernetes refused to get pods/log in "
                + "namespace " + NS + " (HTTP 403: pods"), e.getMessage());
        assertTrue(jobGone(job));
    }

    @Test
    void a_job_still_running_at_the_timeout_is_deleted() throws Exception {
        KubernetesRestoreJob driver = driver(Duration.ofMillis(1500));
        long t0 = System.nanoTime();
        CompletableFuture<Object> outcome = start(driver, tmp.resolve("o.log"));
        Job job = awaitJob();
        assertEquals(2L, job.getSpec().getActiveDeadlineSeconds(), "the timeout rounded up to whole seconds");
        pod(job, null, "Restoring backup...\nStill restoring\n");
        RestoreFailedException e = fails(outcome, RestoreFailedException.TIMEOUT);
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(1500), "not before the timeout");
        assertTrue(e.getMessage().startsWith("restore did not finish within PT1.5S; the Job "
                + job.getMetadata().getName() + " was deleted."), e.getMessage());
        assertTrue(e.getMessage().endsWith("Still restoring"), e.getMessage());
        assertTrue(jobGone(job));
    }

    @Test
    void interrupting_the_caller_deletes_the_job_and_keeps_the_interrupt_flag() throws Exception {
        // polls every 20 s: once it has read the new Job, the driver sleeps until the next poll
        KubernetesRestoreJob driver = driver(Duration.ofMinutes(30), Duration.ofSeconds(20));
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        AtomicBoolean flagAfter = new AtomicBoolean();
        Thread worker = new Thread(() -> {
            try {
                outcome.complete(driver.run(request(), tmp.resolve("o.log")));
            } catch (Throwable e) {
                outcome.complete(e);
            }
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        worker.start();
        Job job = awaitJob();
        Thread.sleep(500);
        long t0 = System.nanoTime();
        worker.interrupt();
        worker.join(TimeUnit.SECONDS.toMillis(15));
        assertFalse(worker.isAlive());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "stopped at once, not at the next poll");
        fails(outcome, RestoreFailedException.INTERRUPTED);
        assertTrue(flagAfter.get(), "the interrupt flag is set again");
        assertTrue(jobGone(job));
    }

    @Test
    void a_passing_api_error_while_waiting_is_retried() throws Exception {
        LogRecorder logs = LogRecorder.install();
        CompletableFuture<Object> outcome = start(driver(Duration.ofMinutes(30)), tmp.resolve("o.log"));
        Job job = awaitJob();
        server.expect().get().withPath(jobPath(job)).andReturn(503, "etcd leader changed").times(3);
        String recovered = "restore Job " + job.getMetadata().getName() + " readable again after 3 failed attempts";
        assertEquals(1, jouvence.TestJouvence.poll(Duration.ofSeconds(10), () -> logs.linesContaining(recovered).size(),
                n -> n > 0), "the three errors were served, then the Job read again");
        pod(job, 0, "Restored course ID: 5\n");
        end(job, "Complete", null);
        RestoreDriver.Result r = assertInstanceOf(RestoreDriver.Result.class, outcome.get(30, TimeUnit.SECONDS));
        assertEquals(5, r.courseId());
        assertEquals(1, logs.linesContaining("restore Job " + job.getMetadata().getName() + ": Kubernetes could not "
                + "get jobs in namespace " + NS + " (HTTP 503").size(), "the first error is logged, once");
        assertTrue(jobGone(job));
    }

    @Test
    void a_refused_read_of_the_job_fails_at_once_and_deletes_it() throws Exception {
        CompletableFuture<Object> outcome = start(driver(Duration.ofMinutes(30)), tmp.resolve("o.log"));
        Job job = awaitJob();
        refuseGet(jobPath(job), "jobs.batch \"" + job.getMetadata().getName() + "\"", "jobs");
        RestoreFailedException e = fails(outcome, RestoreFailedException.EXIT);
        assertTrue(e.getMessage().startsWith("restore could not be followed: Kubernetes refused to get jobs in "
                + "namespace " + NS + " (HTTP 403: jobs.batch"), e.getMessage());
        assertTrue(jobGone(job));
    }

    @Test
    void a_job_that_outlived_a_crash_of_jouvence_is_waited_for_then_read_and_deleted() throws Exception {
        KubernetesRestoreJob driver = driver(Duration.ofMinutes(30));
        Job job = driver.job(List.of("php", "/opt/jouvence/jouvence-restore.php"), "17");
        cluster.batch().v1().jobs().inNamespace(NS).resource(job).create();
        Path outputLog = tmp.resolve("17/restore.log");

        RestoreState running = driver.inspect(17, outputLog);
        assertEquals(new RestoreState.Running("Job " + job.getMetadata().getName() + " in namespace " + NS), running);
        assertEquals(RestoreState.Died.class, driver.inspect(18, tmp.resolve("18/restore.log")).getClass(),
                "another request has no Job and no output");

        pod(job, 0, "{\"jouvence\":\"started\",\"courseid\":42}\nRestored course ID: 42\n");
        end(job, "Complete", null);
        assertEquals(new RestoreState.Finished(42, null), driver.inspect(17, outputLog));
        assertTrue(Files.readString(outputLog).contains("Restored course ID: 42"), "the pod's log is kept in the file");
        assertTrue(jobGone(job), "the Job is deleted once read");
    }

    @Test
    void a_job_that_failed_after_a_crash_names_the_course_it_had_started() throws Exception {
        KubernetesRestoreJob driver = driver(Duration.ofMinutes(30));
        Job job = driver.job(List.of("php", "/opt/jouvence/jouvence-restore.php"), "17");
        cluster.batch().v1().jobs().inNamespace(NS).resource(job).create();
        pod(job, 137, "{\"jouvence\":\"started\",\"courseid\":43}\n");
        end(job, "Failed", "BackoffLimitExceeded");
        RestoreState.Died died = assertInstanceOf(RestoreState.Died.class, driver.inspect(17, tmp.resolve("17/o.log")));
        assertEquals(43L, died.partialCourseId());
        assertTrue(died.why().contains(job.getMetadata().getName()), died.why());
    }

    @Test
    void a_refused_create_names_the_missing_permission() throws Exception {
        LogRecorder logs = LogRecorder.install();
        server.expect().post().withPath("/apis/batch/v1/namespaces/" + NS + "/jobs")
                .andReturn(403, forbidden("jobs.batch", "create", "jobs")).always();
        RestoreFailedException e = fails(start(driver(Duration.ofMinutes(30)), tmp.resolve("o.log")),
                RestoreFailedException.START);
        assertTrue(e.getMessage().startsWith("the restore Job could not be created: Kubernetes refused to create jobs "
                + "in namespace " + NS + " (HTTP 403: jobs.batch is forbidden: User"), e.getMessage());
        assertTrue(e.getMessage().contains("jouvence-restore-jobs of k8s/base/role.yaml: create, delete, get, list jobs; "
                + "list pods; get pods/log"), e.getMessage());
        assertTrue(cluster.batch().v1().jobs().inNamespace(NS).list().getItems().isEmpty());
        assertTrue(logs.linesContaining(TOKEN).isEmpty(), "the token is never logged");
    }

    // ------------------------------------------------------------------------------------------------ configuration

    @Test
    void the_namespace_defaults_to_the_clients_own_and_must_be_known() throws Exception {
        RestoreDriver.Settings settings = new RestoreDriver.Settings(
                new RestoreTemplate(RestoreTemplate.MOODLE_CLI_TEMPLATE, Map.of("moodle", "/var/www/html")),
                Duration.ofMinutes(1), null, 10);
        assertEquals(NS, new KubernetesRestoreJob(driverClient, "", template(), "restore", settings).namespace());
        assertEquals("other", new KubernetesRestoreJob(driverClient, "other", template(), "restore", settings)
                .namespace());
        try (KubernetesClient noNamespace = client(TOKEN, null)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new KubernetesRestoreJob(noNamespace, " ", template(), "restore", settings));
            assertTrue(e.getMessage().startsWith("jouvence.restore.kubernetes.namespace is empty"), e.getMessage());
        }
    }
}
