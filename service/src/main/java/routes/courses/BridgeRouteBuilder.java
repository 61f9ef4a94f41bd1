package routes.courses;

import jouvence.courses.bridge.QueueDownException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.sql.SqlConstants;

import static routes.Endpoints.*;

/**
 * Bridge to the Moodle block's queue table: its scheduled rows become requests, and finished requests are written
 * back to their rows. The block's table is read and written here, over {@code sql:} endpoints on the Moodle database
 * ({@code moodleDb}); the decisions are the beans'. Built only when {@code jouvence.bridge.enabled}: otherwise no route
 * and no connection to Moodle. Both steps can also be called directly.
 */
public class BridgeRouteBuilder extends RouteBuilder {

    static final String ENABLED = "{{jouvence.bridge.enabled}}";

    @Override
    public void configure() {
        from("timer:bridge?delay={{jouvence.bridge.poll-interval}}&period={{jouvence.bridge.poll-interval}}")
                .routeId("bridge-poll").precondition(ENABLED)
                .to(BRIDGE_TAKE_ROWS)
                .to(BRIDGE_WRITE_BACK);

        from(BRIDGE_TAKE_ROWS).routeId("bridge-take-rows").precondition(ENABLED)
                .setVariable("run", method("bridgeIntake", "start"))
                .doTry()
                    .to(BridgeSql.SELECT_SCHEDULED)
                    .split(body()).stopOnException()
                        .to(BRIDGE_TAKE_ROW)
                    .endDoTry()
                .doCatch(Exception.class)
                    .bean("bridgeIntake", "stopped(${variable.run}, ${exception})")
                .end()
                .setBody(method("bridgeIntake", "finish(${variable.run})"))
                .split(simple("${body.mails}")).to(MAIL).end();

        // One scheduled row (the body: its columns): taken only when this update changed it (the plugin's task or
        // another replica may have taken it first); then queued, or refused (-1), or given back (0): never left at 1.
        from(BRIDGE_TAKE_ROW).routeId("bridge-take-row").precondition(ENABLED)
                .setVariable("now", method("bridgeIntake", "now"))
                .to(BridgeSql.TAKE)
                .filter(header(SqlConstants.SQL_UPDATE_COUNT).isEqualTo(1))
                    .bean("bridgeIntake", "taken(${variable.run})")
                    .filter(simple("${body[userid]} > 0")).to(BridgeSql.SELECT_USER).end()
                    .setVariable("outcome", method("bridgeIntake",
                            "queue(${body}, ${header." + BridgeSql.USER + "}, ${variable.run})"))
                    .choice()
                        .when(simple("${variable.outcome.refused}"))
                            .setVariable("now", method("bridgeIntake", "now"))
                            .to(BridgeSql.REFUSE)
                            .bean("bridgeIntake", "refused(${variable.run}, ${variable.outcome})")
                        .when(simple("${variable.outcome.queueDown}"))
                            .setVariable("now", method("bridgeIntake", "now"))
                            .to(BridgeSql.RELEASE)
                            .throwException(QueueDownException.class, "Jouvence's queue failed: the row is given back")
                    .end();

        from(BRIDGE_WRITE_BACK).routeId("bridge-write-back").precondition(ENABLED)
                .setVariable("run", method("bridgeWriteBack", "start"))
                .doTry()
                    .bean("blockWriteBacks", "finished")
                    .split(body()).stopOnException()
                        .to(BRIDGE_WRITE_BACK_ONE)
                    .endDoTry()
                .doCatch(Exception.class)
                    .bean("bridgeWriteBack", "stopped(${variable.run}, ${exception})")
                .end()
                .setBody(simple("${variable.run.written}"));

        // One finished request (the body: its id), held in our queue while its outcome is written to the block's row.
        from(BRIDGE_WRITE_BACK_ONE).routeId("bridge-write-back-one").precondition(ENABLED)
                .setVariable("held", method("blockWriteBacks", "hold"))
                .filter(variable("held").isNotNull())
                    .doTry()
                        .setVariable("target", method("bridgeWriteBack", "target(${variable.held})"))
                        .choice()
                            .when(simple("${variable.target?.performed}")).to(BridgeSql.WRITE_PERFORMED)
                            .when(variable("target").isNotNull()).to(BridgeSql.WRITE_ERROR)
                        .end() // no target: the reference names no row; marked written back all the same
                        .bean("bridgeWriteBack", "written(${variable.run}, ${variable.held}, ${variable.target}, "
                                + "${header." + SqlConstants.SQL_UPDATE_COUNT + "})")
                    .endDoTry().doFinally()
                        .bean("bridgeWriteBack", "release(${variable.held})")
                    .end();
    }
}
