package io.recordingarchiver.intake;

import java.util.Locale;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;

/**
 * Answers the webhook path while the archiver cannot store deliveries: from the moment the public
 * port accepts connections until every route has started, and from the start of a shutdown until
 * the port closes (issue 10). Vert.x opens the port about 0.7 s before Camel starts the routes,
 * and at shutdown the routes stop before the server; without this a request in either window got
 * 404, which RealtimeKit never retries.
 *
 * <p>Installed on the public router before the server listens ({@link GatedHttpServerFactory}),
 * ahead of every route: while the Camel context is not {@code Started} (starting, or stopping) a
 * request to the webhook path is answered {@code 503} with {@code Retry-After: 5} and a one-sentence
 * JSON error. The context is {@code Started} only once all routes have started, and the state
 * store exists before any route starts, so an open window always means the intake can store.
 *
 * <p>While the context runs it also answers 415 at once for a form or multipart body, which Vert.x
 * would otherwise try to decode (and answer 400 for a body that is not valid form data) before the
 * intake route sees it; every other content type goes on to the route's own check.
 */
public final class IntakeWindow implements Handler<RoutingContext> {

    /** Seconds a sender is asked to wait before retrying in the start-up or shutdown window. */
    public static final String RETRY_AFTER_SECONDS = "5";

    private final CamelContext context;
    private final String webhookPath;

    public IntakeWindow(CamelContext context, String webhookPath) {
        this.context = context;
        this.webhookPath = webhookPath;
    }

    /** Puts this handler in front of every route of the router, for the webhook path. */
    public void install(Router router) {
        router.route(webhookPath).order(Integer.MIN_VALUE).handler(this);
    }

    /** The path this window guards. */
    public String webhookPath() {
        return webhookPath;
    }

    /** True while the context runs all its routes: deliveries go on to the intake route. */
    public boolean open() {
        return context.isStarted();
    }

    @Override
    public void handle(RoutingContext request) {
        if (!open()) {
            answer(request, 503, "the archiver is starting or stopping, please retry");
            return;
        }
        String type = request.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String base = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (base.equals("application/x-www-form-urlencoded") || base.startsWith("multipart/")) {
            answer(request, 415, "the content type must be application/json");
            return;
        }
        request.next();
    }

    private static void answer(RoutingContext request, int status, String error) {
        var response = request.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (status == 503) {
            response.putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        response.end("{\"error\":\"" + error + "\"}");
    }
}
