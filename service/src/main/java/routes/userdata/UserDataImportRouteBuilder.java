package routes.userdata;

import org.apache.camel.builder.RouteBuilder;

import static routes.Endpoints.MAIL;

/**
 * One claimed import: read both platforms (the accounts, their auth), plan (only what differs; what the person changed
 * on the new platform kept), write and read back, settle (performed, with its warnings). A failure is the outcomes' to
 * classify: error, retry with back-off, or wait for a site fault without spending an attempt (the admins' alert it may
 * bring is queued). Built only when {@code jouvence.user-data.enabled}.
 */
public class UserDataImportRouteBuilder extends RouteBuilder {

    /** Body: a {@code UserDataClaims.Claim}. */
    public static final String IMPORT = "direct:userDataImport";

    @Override
    public void configure() {
        from(IMPORT).routeId("user-data-import").precondition(UserDataClaimRouteBuilder.ENABLED)
                .setVariable("claim", body())
                .doTry()
                    .setBody(method("userDataImporter", "read(${body})"))
                    .setBody(method("userDataImporter", "plan(${body})"))
                    .setBody(method("userDataImporter", "write(${body})"))
                    .setBody(method("userDataImporter", "settle(${body})"))
                    // both sites answered every call: an outage of theirs is over (the next one is told again)
                    .bean("userDataOutcomes", "siteAnswered(${variable.claim})")
                .doCatch(Exception.class)
                    .setBody(method("userDataOutcomes", "failed(${variable.claim}, ${exception})"))
                    .split(body())
                        .to(MAIL)
                    .end()
                .end();
    }
}
