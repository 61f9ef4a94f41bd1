package jouvence.moodle;

import jouvence.JouvenceConfig.MoodleSite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The JDK's HttpClient as a {@link MoodleTransport}, for what runs without Camel (the web login's per-user calls). */
public final class JdkTransport implements MoodleTransport {

    private final HttpClient http;

    public JdkTransport(HttpClient http) {
        this.http = http;
    }

    @Override
    public Answer post(MoodleSite site, String path, String form, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(site.url() + path))
                .timeout(timeout)
                .header("Content-Type", MoodleClient.FORM)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body() == null ? "" : response.body());
    }
}
