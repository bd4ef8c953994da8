package io.coffer.aws;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/**
 * Refuses a request to the AWS JSON API whose body is over {@link AwsJsonApi#maxRequestBytes()} from its headers,
 * before a byte of the body is read or buffered, in AWS's error shape; reads the body of any other. Such a request
 * is not audited: it is refused before it can be authenticated (its signature covers the body), as a request with a
 * bad signature is.
 */
@ApplicationScoped
public class AwsJsonBodyLimit {

    /** How long, and how much, of a refused body is read and dropped before the connection is closed. */
    private static final long DRAIN_MILLIS = 5_000;
    private static final long DRAIN_BYTES = 64L * 1024 * 1024;

    private final Instance<AwsJsonApi> api;

    public AwsJsonBodyLimit(Instance<AwsJsonApi> api) {
        this.api = api;
    }

    void register(@Observes Router router) {
        if (api.isResolvable()) {
            long limit = api.get().maxRequestBytes();
            // over HTTP/1.1 (the AWS SDKs' protocol) the whole (small) body is read here, on the event loop, so the
            // worker that runs the call finds it in memory instead of waiting for the event loop to hand it over
            BodyHandler body = BodyHandler.create(false).setBodyLimit(limit);
            // ahead of the framework's own limit, which answers with an empty body
            router.post("/").order(-200).handler(context -> check(context, limit, body));
        }
    }

    private static void check(RoutingContext context, long limit, BodyHandler body) {
        HttpServerRequest request = context.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            boolean bodyFollows = request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
                    || (request.version() == HttpVersion.HTTP_2 && !request.isEnded());
            if (bodyFollows) {
                refuse(context, 411, "LengthRequiredException",
                        "A request to this API must give its body's length in Content-Length");
                return;
            }
        } else if (parse(length) > limit) {
            refuse(context, 413, "RequestEntityTooLargeException", "The request body of " + length
                    + " bytes is larger than this API accepts (" + limit + " bytes)");
            return;
        }
        if (request.version() == HttpVersion.HTTP_2) {
            // the REST layer pauses the request when it takes it over, which an HTTP/2 stream that has ended refuses
            context.next();
        } else {
            body.handle(context);
        }
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            // the HTTP layer refuses a malformed length itself; here it counts as too long
            return Long.MAX_VALUE;
        }
    }

    private static void refuse(RoutingContext context, int status, String errorType, String message) {
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, AwsErrorResponses.AWS_JSON_1_1)
                .putHeader("x-amzn-ErrorType", errorType);
        boolean http1 = request.version() != HttpVersion.HTTP_2;
        if (http1) {
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        response.end(AwsErrorResponses.body(errorType, message));
        if (http1 && !request.isEnded()) {
            drainThenClose(context);
        }
    }

    /**
     * Reads and drops what the client still sends for a while before closing: a client that writes its whole body
     * before reading would otherwise meet a reset connection instead of the answer.
     */
    private static void drainThenClose(RoutingContext context) {
        HttpServerRequest request = context.request();
        long timer = context.vertx().setTimer(DRAIN_MILLIS, t -> request.connection().close());
        long[] drained = {0};
        request.handler(chunk -> {
            drained[0] += chunk.length();
            if (drained[0] > DRAIN_BYTES) {
                request.connection().close();
            }
        });
        request.endHandler(done -> {
            context.vertx().cancelTimer(timer);
            request.connection().close();
        });
        request.exceptionHandler(failed -> context.vertx().cancelTimer(timer));
        request.resume();
    }
}
