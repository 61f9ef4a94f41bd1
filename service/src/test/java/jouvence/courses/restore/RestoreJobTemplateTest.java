package jouvence.courses.restore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The restore Job template's checks at start-up, and the names of the Jobs made from it. */
class RestoreJobTemplateTest {

    @TempDir
    Path tmp;

    @Test
    void the_template_is_checked_at_start_up_with_messages_naming_the_file() throws Exception {
        Map<String, String> wrong = new HashMap<>();
        wrong.put("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", "is a ConfigMap (v1), not a batch/v1 Job");
        wrong.put("apiVersion: batch/v1\nkind: Job\nmetadata: {name: x}\nspec: {template: {spec: {containers: []}}}\n",
                "has no container (spec.template.spec.containers is empty)");
        wrong.put(KubernetesRestoreJobTest.TEMPLATE.replace("- name: restore", "- name: moodle"),
                "has no container named 'restore' (jouvence.restore.kubernetes.container); its containers: sidecar, moodle");
        wrong.put(KubernetesRestoreJobTest.TEMPLATE.replace("  name: moodle-restore\n", "  name: moodle-restore\n  namespace: other\n"),
                "sets metadata.namespace (other)");
        wrong.put(KubernetesRestoreJobTest.TEMPLATE.replace("image: registry.example.org/moodle:4.4", "imagePullPolicy: Always"),
                "container 'restore' has no image");
        wrong.put(KubernetesRestoreJobTest.TEMPLATE.replace("name: moodle-restore\n  labels", "name: Moodle_Restore\n  labels"),
                "metadata.name 'Moodle_Restore' must be at most 40 lower-case letters");
        wrong.put("apiVersion: batch/v1\nkind: Job\nspec: [not, a, map\n", "is not a Kubernetes manifest");
        int i = 0;
        for (Map.Entry<String, String> w : wrong.entrySet()) {
            Path file = tmp.resolve("wrong-" + i++ + ".yaml");
            Files.writeString(file, w.getKey());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RestoreJobTemplate.load(file, "restore"), w.getValue());
            assertTrue(e.getMessage().startsWith("the restore Job template " + file), e.getMessage());
            assertTrue(e.getMessage().contains(w.getValue()), e.getMessage() + " should say: " + w.getValue());
        }
        Path missing = tmp.resolve("missing.yaml");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RestoreJobTemplate.load(missing, ""));
        assertTrue(e.getMessage().startsWith("the restore Job template " + missing + " cannot be read"), e.getMessage());

        Path file = tmp.resolve("ok.yaml");
        Files.writeString(file, KubernetesRestoreJobTest.TEMPLATE);
        assertEquals("sidecar", RestoreJobTemplate.load(file, "").getSpec().getTemplate().getSpec()
                .getContainers().get(0).getName(), "empty container name = the first container");
    }

    @Test
    void job_names_are_dns_labels_of_at_most_63_characters() {
        String name = RestoreJobTemplate.jobName("jouvence-restore", "17");
        assertTrue(name.matches("jouvence-restore-17-[a-z0-9]{5}"), name);
        assertFalse(name.equals(RestoreJobTemplate.jobName("jouvence-restore", "17")), "a random suffix");
        String longName = RestoreJobTemplate.jobName("a-forty-character-prefix-of-a-job-name-x",
                RestoreJobTemplate.labelValue("Request_ID 9223372036854775807"));
        assertTrue(longName.length() <= 63 && longName.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), longName);
        assertEquals("Request_ID-9223372036854775807", RestoreJobTemplate.labelValue(" Request_ID 9223372036854775807!"));
        assertEquals("", RestoreJobTemplate.labelValue(null));
        assertEquals(63, RestoreJobTemplate.labelValue("x".repeat(100)).length());
    }
}
