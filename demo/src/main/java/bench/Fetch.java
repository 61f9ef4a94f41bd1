package bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * One download of a URL to a file, the way Jouvence does it or an alternative, to compare the HTTP client side alone:
 * {@code java -Xmx128m -cp … bench.Fetch <mode> <url> <file>}; prints "mode bytes seconds MiB/s".
 * Modes: {@code istream} (java.net.http, BodyHandlers.ofInputStream, 64 KiB copy loop: MoodleClient today),
 * {@code istream-1m} (the same with a 1 MiB copy buffer), {@code file} (BodyHandlers.ofFile),
 * {@code urlconn} (HttpURLConnection + Files.copy).
 */
public final class Fetch {

    private Fetch() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        URI uri = URI.create(args[1]);
        Path out = Path.of(args[2]);
        long t0 = System.nanoTime();
        long bytes;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        switch (mode) {
            case "istream", "istream-1m" -> {
                HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                byte[] buffer = new byte[mode.equals("istream") ? 64 * 1024 : 1024 * 1024];
                long total = 0;
                try (InputStream in = r.body(); OutputStream o = Files.newOutputStream(out)) {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        o.write(buffer, 0, n);
                        total += n;
                    }
                }
                bytes = total;
            }
            case "file" -> bytes = Files.size(http.send(request, HttpResponse.BodyHandlers.ofFile(out)).body());
            case "urlconn" -> {
                HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
                try (InputStream in = c.getInputStream()) {
                    bytes = Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            default -> throw new IllegalArgumentException(mode);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s %d %.2f %.1f%n", mode, bytes, s, bytes / 1048576.0 / s);
    }
}
