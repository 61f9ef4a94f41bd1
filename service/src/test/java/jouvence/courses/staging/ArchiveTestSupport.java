package jouvence.courses.staging;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What the archive tests share: archives written for a test, and the two ways of checking them (the file read by
 * {@link ArchiveInspector#inspect}, and the download checked while it streams), which must agree.
 */
abstract class ArchiveTestSupport {

    @TempDir
    Path tmp;

    /** One of the real Moodle archives the simulator ships (in its jar or classes), as a file of its own. */
    static Path resource(String name) throws IOException {
        Path file = REAL_ARCHIVES.resolve(name);
        synchronized (ArchiveTestSupport.class) {
            if (!Files.exists(file)) {
                try (InputStream in = ArchiveTestSupport.class.getResourceAsStream("/simulator/archives/" + name)) {
                    Files.copy(java.util.Objects.requireNonNull(in, name), file);
                }
            }
        }
        return file;
    }

    private static final Path REAL_ARCHIVES = realArchives();

    private static Path realArchives() {
        try {
            return Files.createDirectories(Path.of("target", "real-archives"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String backupXml(String fullname, String shortname, int users) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <moodle_backup>
                  <information>
                    <name>backup.mbz</name>
                    <moodle_version>2024042203.01</moodle_version>
                    <moodle_release>4.4.3+ (Build: 20240903)</moodle_release>
                    <original_wwwroot>https://old.example.org</original_wwwroot>
                    <original_course_id>12</original_course_id>
                    <original_course_fullname>%s</original_course_fullname>
                    <original_course_shortname>%s</original_course_shortname>
                    <settings>
                      <setting><level>root</level><name>filename</name><value>backup.mbz</value></setting>
                      <setting><level>root</level><name>users</name><value>%d</value></setting>
                      <setting><level>course</level><name>users</name><value>1</value></setting>
                    </settings>
                  </information>
                </moodle_backup>
                """.formatted(fullname, shortname, users);
    }

    static void writeTarGz(Path target, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(target);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                if (!e.getKey().endsWith("/")) {
                    entry.setSize(e.getValue().length);
                }
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
    }

    static byte[] zipBytes(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static Map<String, byte[]> entries(Object... nameThenContent) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenContent.length; i += 2) {
            Object c = nameThenContent[i + 1];
            m.put((String) nameThenContent[i], c instanceof byte[] b ? b : ((String) c).getBytes(StandardCharsets.UTF_8));
        }
        return m;
    }

    /** Inspects {@code file} from disk and as the download step does, while streaming it: both give the same facts. */
    static ArchiveFacts inspected(Path file) throws Exception {
        ArchiveFacts facts = ArchiveInspector.inspect(file);
        assertEquals(facts, StreamingInspectionTest.streamed(file), "checked while streamed");
        return facts;
    }

    /** Both ways of inspecting refuse {@code file} with the same code and the same words. */
    static InvalidArchiveException refused(Path file, String expectedCode) {
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class, () -> ArchiveInspector.inspect(file));
        assertEquals(expectedCode, e.code(), e.getMessage());
        InvalidArchiveException streamed = assertThrows(InvalidArchiveException.class,
                () -> StreamingInspectionTest.streamed(file), "checked while streamed");
        assertEquals(e.code(), streamed.code(), streamed.getMessage());
        assertEquals(e.getMessage(), streamed.getMessage());
        assertEquals(e.moodleErrorCode(), streamed.moodleErrorCode());
        return e;
    }

    Path write(String name, byte[] content) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, content);
        return p;
    }
}
