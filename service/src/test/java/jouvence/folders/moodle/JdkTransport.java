package jouvence.folders.moodle;

import jouvence.JouvenceConfig.MoodleSite;
import jouvence.moodle.MoodleTransport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The JDK's HTTP client as a {@link MoodleTransport}, for tests of readers without a Camel context (real sockets). */
public final class JdkTransport implements MoodleTransport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Override
    public Answer post(MoodleSite site, String path, String form, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(site.url() + path)).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(answer.statusCode(), answer.body(), answer.headers().firstValue("Location").orElse(null));
    }
}
