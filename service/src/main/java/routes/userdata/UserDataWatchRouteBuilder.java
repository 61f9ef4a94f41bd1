package routes.userdata;

import org.apache.camel.builder.RouteBuilder;

/**
 * The watch of users newly created on the new platform (jouvence.user-data.watch-new-users): every
 * {@code jouvence.user-data.watch.cron}, once per cluster (Quartz's clustered store), the users created since the last
 * look get an import each. Built only when the capability and the watch are on.
 */
public class UserDataWatchRouteBuilder extends RouteBuilder {

    public static final String LOOK = "direct:userDataWatchNewUsers";
    /** jouvence.user-data.watch-new-users needs jouvence.user-data.enabled (refused at start-up otherwise). */
    static final String WATCH = "{{jouvence.user-data.watch-new-users}}";

    @Override
    public void configure() {
        from("quartz:jouvence/user-data-watch?cron={{jouvence.user-data.watch.cron}}&stateful=true")
                .routeId("user-data-watch-trigger").precondition(WATCH)
                .to(LOOK);
        from(LOOK).routeId("user-data-watch").precondition(WATCH)
                .setBody(method("newUsersWatch", "look"))
                .split(method("userDataOutcomes", "digest")) // the refusals met by the imports asked meanwhile
                    .to(routes.Endpoints.MAIL);
    }
}
