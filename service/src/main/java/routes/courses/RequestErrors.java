package routes.courses;

import org.apache.camel.builder.RouteConfigurationBuilder;

import static routes.Endpoints.*;

/**
 * Declared once: any failure of a claimed request ends in a persisted state (error, retry later, or waiting for its
 * Moodle to be fixed) and the mails that go with it; then the queue is looked at again.
 */
public class RequestErrors extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        routeConfiguration("request-errors")
                .onException(Exception.class).handled(true)
                    .setBody(method("outcomes", "failed(${exchangeProperty.work}, ${exception})"))
                    .split(body()).to(MAIL).end()
                    .to(CLAIM_AGAIN);
    }
}
